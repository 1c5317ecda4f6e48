// toxgraph: open findings, most severe first
MATCH (f:Finding)
WHERE f.status IN ['new', 'persisting']
RETURN f.severity AS severity, f.title AS title, f.status AS status, f.exposure AS exposure,
  f.privilege AS privilege, f.firstSeen AS firstSeen, f.id AS id
ORDER BY f.severityRank, f.title
