// toxgraph: detection confused-deputy-service-grant: Service may invoke the function on behalf of any account
// The function's resource policy lets a service principal (API Gateway, S3, SNS, EventBridge, CloudFront)
// invoke it without an aws:SourceArn or aws:SourceAccount condition. Those services act for every customer,
// so a resource in any AWS account (an API, a bucket notification, a topic, a rule) can be pointed at this
// function and drive it with events of its owner's choosing: a confused deputy.
// Remediation: Add the source to the permission (aws lambda add-permission --source-arn <the API, bucket,
// topic or rule ARN> --source-account <account>) and remove the unconditioned statement.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/confused-deputy-service-grant.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure = 'public_weak_auth'
  AND exposes.authentication CONTAINS 'no SourceArn or SourceAccount'
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
CALL (fn, target) {
  // An alias runs the role of the published version it points to; otherwise the function's role.
  OPTIONAL MATCH (target:LambdaAlias)-[versionRuns:EXECUTION_ROLE]->(versionRole:AWSRole)
  MATCH (fn)-[latestRuns:EXECUTION_ROLE]->(latestRole:AWSRole)
  RETURN coalesce(versionRuns, latestRuns) AS runsAs, coalesce(versionRole, latestRole) AS role
}
RETURN
  target AS entry,
  'resource_policy' AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, target] + CASE WHEN target:LambdaAlias THEN [fn] ELSE [] END + [role] AS path,
  [exposes] + alias + [runsAs] AS hops
