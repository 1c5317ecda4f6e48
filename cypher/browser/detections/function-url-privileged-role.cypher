// toxgraph: detection function-url-privileged-role: Public function URL runs as a privileged role
// Anyone on the internet can call this Lambda function URL (AuthType NONE with a public grant, or AWS_IAM
// open to every AWS account), and the function runs as a role that is admin, can escalate its privileges or
// reads sensitive data. One bug in the handler (injection, SSRF, a file read of /proc/self/environ) hands the
// caller the role credentials the runtime keeps in its environment.
// Remediation: Require authentication on the URL (AuthType AWS_IAM, or CloudFront with origin access control
// in front), remove the Principal "*" statements from the resource policy of the URL qualifier, and cut the
// execution role down to the actions and resources the function uses.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/function-url-privileged-role.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:LambdaFunctionUrl)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure IN ['public_unauthenticated', 'public_weak_auth']
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
  'function_url' AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, entry] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path,
  [exposes, reaches] + alias + [runsAs] AS hops
