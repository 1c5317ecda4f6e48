// toxgraph: functions sharing an execution role
// Execution roles that more than one function runs as: a bug in any of them gives the permissions all of
// them need, and an exposed one lends its role to the private ones. Table view.
MATCH (role:AWSRole)<-[:EXECUTION_ROLE]-(fn:LambdaFunction)
WITH role, collect(fn.name) AS functions
WHERE size(functions) > 1
RETURN role.name AS role, role.tier AS tier, role.accountId AS account, size(functions) AS count,
  functions
ORDER BY count DESC, role
