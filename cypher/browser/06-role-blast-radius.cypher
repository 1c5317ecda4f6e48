// toxgraph: the blast radius of a role
// What someone holding the role's credentials can reach, up to three hops: the roles it can assume or pass,
// the functions whose code it can change (and the roles they run as), the policies it can modify and the
// accounts it can access. Set the role's name or ARN first. Graph view; the role's own tier and effective
// tier are properties of the role node.
// :param role => 'orders-api-role'
MATCH (role:AWSRole)
WHERE role.name = $role OR role.id = $role
MATCH reach = (role)-[:CAN_ASSUME|CAN_PASS_ROLE|CAN_UPDATE_CODE|CAN_MODIFY_POLICY|CAN_ACCESS|EXECUTION_ROLE*1..3]->(reached)
RETURN reach
