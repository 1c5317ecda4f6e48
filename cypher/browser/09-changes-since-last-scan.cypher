// toxgraph: what the last analysis found new and what it resolved
// Findings the last analysis saw for the first time (new) or no longer found (resolved), with when. After
// the first scan every finding is new. Table view.
MATCH (f:Finding)
WHERE f.status IN ['new', 'resolved']
RETURN f.status AS status, f.severity AS severity, f.title AS title,
  CASE f.status WHEN 'new' THEN f.firstSeen ELSE f.resolvedAt END AS since
ORDER BY f.status, f.severityRank, f.title
