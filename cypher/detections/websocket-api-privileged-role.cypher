// id: websocket-api-privileged-role
// title: Unauthenticated WebSocket API runs a privileged role
// severity: matrix
// description: >-
//   The $connect route of this WebSocket API has no real authorization, and $connect authorization
//   covers every route of the API, so anyone can reach this route and the Lambda function it
//   integrates, whose execution role is admin, can escalate its privileges or reads sensitive data.
// remediation: >-
//   Put an IAM or Lambda REQUEST authorizer on the $connect route, and cut the execution role down to
//   the actions and resources the function uses.
// references:
//   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-control-access.html
//   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
// tags: [toxic-combination, websocket_api, WEBSOCKET_CONNECT_NOAUTH_ADMIN, PUBLIC_ENTRY_SENSITIVE_DATA]
MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:APIGatewayV2Route)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure IN ['public_unauthenticated', 'public_weak_auth']
  AND exposes.entryKind = 'websocket_api'
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
CALL (fn, target) {
  // An alias runs the role of the published version it points to; otherwise the function's role.
  OPTIONAL MATCH (target:LambdaAlias)-[versionRuns:EXECUTION_ROLE]->(versionRole:AWSRole)
  MATCH (fn)-[latestRuns:EXECUTION_ROLE]->(latestRole:AWSRole)
  RETURN coalesce(versionRuns, latestRuns) AS runsAs, coalesce(versionRole, latestRole) AS role
}
WITH * WHERE role.tier IN ['admin', 'privilege_escalation', 'sensitive_data']
  // A role that is sensitive_data only through stores named by their ARN is exposed-function-reaches-data's
  // (docs/data-stores.md): the findings this rule made before data stores keep their ids.
  AND NOT coalesce(role.tierFromDataStores, false)
RETURN
  entry,
  'websocket_api' AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, entry] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path,
  [exposes, reaches] + alias + [runsAs] AS hops
