// toxgraph: every internet entry point, what it reaches and as which role
// Every entry point the analysis links to the internet (function URLs, API routes and methods, load
// balancer rules, authorizers, resource policies) and does not find closed, the function or alias it reaches
// and the role that function runs as. The EXPOSES caption is the exposure class (public_unauthenticated,
// public_weak_auth, public_authenticated, cross_account). Graph view.
MATCH exposure = (:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry)-[:REACHES*0..1]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure <> 'not_exposed'
MATCH (fn:LambdaFunction)-[:HAS_ALIAS*0..1]->(target)
MATCH runsAs = (fn)-[:EXECUTION_ROLE]->(:AWSRole)
RETURN exposure, runsAs
