// toxgraph: what the internet reaches, and as which role (graph view)
MATCH exposure = (:Internet {id: 'internet'})-[e:EXPOSES]->(entry)-[:REACHES*0..1]->(target:LambdaFunction|LambdaAlias)
WHERE e.exposure IN ['public_unauthenticated', 'public_weak_auth']
MATCH (fn:LambdaFunction)-[:HAS_ALIAS*0..1]->(target)
MATCH runsAs = (fn)-[:EXECUTION_ROLE]->(:AWSRole)
RETURN exposure, runsAs
