// toxgraph: who can reach admin
// Every principal that is not admin itself but becomes admin in a few hops: assuming a role (CAN_ASSUME),
// passing a role to a service (CAN_PASS_ROLE), or changing the code of a function (CAN_UPDATE_CODE) that
// runs as an admin role (EXECUTION_ROLE). Edges and tiers are the privilege analysis's. Graph view.
MATCH path = (who:AWSPrincipal)-[:CAN_ASSUME|CAN_PASS_ROLE|CAN_UPDATE_CODE|EXECUTION_ROLE*1..4]->(admin:AWSRole {tier: 'admin'})
WHERE coalesce(who.tier, '') <> 'admin' AND NONE(hop IN nodes(path)[1..-1] WHERE hop.tier = 'admin')
RETURN path
