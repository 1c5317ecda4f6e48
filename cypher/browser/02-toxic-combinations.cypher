// toxgraph: critical and high findings and what they affect
// The open critical and high findings, each linked to the entry point, function and role it names. With
// the toxgraph style, a finding's colour is its severity. Graph view.
MATCH (f:Finding)-[affects:AFFECTS]->(resource)
WHERE f.status IN ['new', 'persisting'] AND f.severity IN ['critical', 'high']
RETURN f, affects, resource
