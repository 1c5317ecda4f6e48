// toxgraph: detection cloudfront-origin-privileged-role: CloudFront serves a privileged function to the internet
// A CloudFront cache behaviour sends the requests of anyone who reaches the distribution to an origin that
// lets CloudFront in (a function URL signed through origin access control and granted to this distribution,
// an API Gateway route or a load balancer rule), without signed URLs or cookies, and the function runs as a
// role that is admin, can escalate its privileges or reads sensitive data. AuthType AWS_IAM on the URL only
// proves that CloudFront asked: CloudFront asks for every viewer.
// Remediation: Require signed URLs or cookies on the behaviour (trusted key groups) or authenticate in the
// origin (JWT or Cognito on the API, authenticate-oidc on the load balancer, a verified token in the
// handler); keep the web ACL as a mitigation; and cut the execution role down to the actions and resources
// the function uses.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/cloudfront-origin-privileged-role.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:CloudFrontCacheBehavior)-[fronts:FRONTS]->(origin)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
WHERE fronts.exposure IN ['public_unauthenticated', 'public_weak_auth'] AND (entry)-[:REACHES]->(target)
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
  'cloudfront_distribution' AS entryKind,
  fronts.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, entry, origin] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path,
  [exposes, fronts, reaches] + alias + [runsAs] AS hops
