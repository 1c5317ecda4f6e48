// id: http-api-route-privileged-role
// title: Unauthenticated HTTP API route runs a privileged role
// severity: matrix
// description: >-
//   An API Gateway HTTP API route on a deployed stage answers without real authorization
//   (AuthorizationType NONE, or an authorizer anyone can satisfy) and integrates a Lambda function
//   whose execution role is admin, can escalate its privileges or reads sensitive data.
// remediation: >-
//   Attach a JWT (with required scopes), IAM or Lambda authorizer to the route, or remove the route;
//   and cut the execution role down to the actions and resources the function uses.
// references:
//   - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
//   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
// tags: [toxic-combination, http_api_route, APIGW_ROUTE_NOAUTH_ADMIN, PUBLIC_ENTRY_SENSITIVE_DATA]
MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:APIGatewayV2Route)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure IN ['public_unauthenticated', 'public_weak_auth']
  AND exposes.entryKind = 'http_api_route'
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
  'http_api_route' AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, entry] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path,
  [exposes, reaches] + alias + [runsAs] AS hops
