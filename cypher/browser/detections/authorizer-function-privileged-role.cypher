// toxgraph: detection authorizer-function-privileged-role: Lambda authorizer runs as a privileged role before authentication
// A Lambda authorizer of an internet-facing API runs on every request to the routes or methods it guards,
// before anything is authenticated, with headers, tokens and query strings the caller chooses. It is as
// exposed as an unauthenticated route, and its execution role is admin, can escalate its privileges or reads
// sensitive data.
// Remediation: Give the authorizer a role that can only validate tokens (read one secret or a JWKS, write
// logs), keep its code free of calls driven by request data, and cache its results.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/authorizer-function-privileged-role.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:APIGatewayV2Authorizer|APIGatewayRestAuthorizer)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure IN ['public_unauthenticated', 'public_weak_auth']
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
CALL (fn, target) {
  // An alias runs the role of the published version it points to; otherwise the function's role.
  OPTIONAL MATCH (target:LambdaAlias)-[versionRuns:EXECUTION_ROLE]->(versionRole:AWSRole)
  MATCH (fn)-[latestRuns:EXECUTION_ROLE]->(latestRole:AWSRole)
  RETURN coalesce(versionRuns, latestRuns) AS runsAs, coalesce(versionRole, latestRole) AS role
}
WITH * WHERE role.tier IN ['admin', 'privilege_escalation', 'sensitive_data']
RETURN
  entry,
  // Authorizers are no entry kind of the contract: the finding names the authorizer as its entry point.
  null AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, entry] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path,
  [exposes, reaches] + alias + [runsAs] AS hops
