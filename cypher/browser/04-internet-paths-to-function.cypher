// toxgraph: all paths from the internet to a given function
// How the internet reaches one function: every entry point that reaches it or one of its aliases, the
// exposure class of each, and the role the function runs as. Set the function's name or ARN first.
// Graph view.
// :param function => 'billing-webhook'
MATCH (fn:LambdaFunction)
WHERE fn.name = $function OR fn.id = $function
MATCH (fn)-[:HAS_ALIAS*0..1]->(target)
MATCH exposure = (:Internet {id: 'internet'})-[:EXPOSES]->(entry)-[:REACHES*0..1]->(target)
OPTIONAL MATCH runsAs = (fn)-[:EXECUTION_ROLE]->(:AWSRole)
RETURN exposure, runsAs
