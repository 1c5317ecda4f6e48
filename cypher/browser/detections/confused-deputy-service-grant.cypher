// toxgraph: detection confused-deputy-service-grant: Service may invoke the function on behalf of any account
// The function's resource policy lets a service principal (API Gateway, S3, SNS, EventBridge, CloudFront,
// IoT, Cognito, SES, CloudWatch Logs, ...) invoke it without a condition that pins the source to an account
// (aws:SourceAccount, or an aws:SourceArn whose account is fixed; for S3 only aws:SourceAccount; for Alexa
// lambda:EventSourceToken). Those services act for every customer, so a resource in any AWS account can be
// pointed at this function and drive it with events of its owner's choosing: a confused deputy. A wildcard
// such as arn:aws:s3:::* or arn:aws:sns:*:*:* pins nobody.
// Remediation: Add the source to the permission (aws lambda add-permission --source-arn <the API, bucket,
// topic or rule ARN> --source-account <account>) and remove the unconditioned statement.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/confused-deputy-service-grant.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure = 'public_weak_auth'
  AND size(coalesce(exposes.unpinnedServices, [])) > 0
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
