// toxgraph: open findings, most severe first
// Every finding the last analysis left open (new or persisting), the most severe first: what it is, how
// exposed the entry point is and what the role reaches. Table view.
MATCH (f:Finding)
WHERE f.status IN ['new', 'persisting']
RETURN f.severity AS severity, f.title AS title, f.status AS status, f.exposure AS exposure,
  f.privilege AS privilege, f.detection AS detection, f.firstSeen AS firstSeen, f.id AS id
ORDER BY f.severityRank, f.title
