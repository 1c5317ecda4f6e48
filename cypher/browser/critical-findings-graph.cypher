// toxgraph: critical and high findings with what they affect (graph view)
MATCH (f:Finding)-[affects:AFFECTS]->(resource)
WHERE f.status IN ['new', 'persisting'] AND f.severityRank <= 1
RETURN f, affects, resource
