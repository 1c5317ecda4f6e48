// toxgraph: who can assume a given role
// Who can become the role: the principals its trust policy names (TRUSTS, as written, with the statement's
// conditions on the edge) and the principals the privilege analysis found able to assume it (CAN_ASSUME:
// trust and identity policies both allow), directly or through other roles. Set the role's name or ARN
// first. Graph view.
// :param role => 'ops-admin'
MATCH (role:AWSRole)
WHERE role.name = $role OR role.id = $role
MATCH trusted = (role)-[:TRUSTS]->(:AWSPrincipal|AWSAccount|AWSServicePrincipal|AWSFederatedPrincipal)
RETURN trusted AS path
UNION
MATCH (role:AWSRole)
WHERE role.name = $role OR role.id = $role
MATCH assumes = (:AWSPrincipal)-[:CAN_ASSUME*1..3]->(role)
RETURN assumes AS path
