// toxgraph: detection public-invoke-policy: Resource policy lets any AWS account invoke the function
// The function's resource policy (or its alias's) allows Principal "*" to call lambda:InvokeFunction without
// a condition that pins the caller down (and without lambda:InvokedViaFunctionUrl), so anyone with AWS
// credentials in any account can call the Invoke API with an event of their choosing, bypassing every front
// door (URL, API Gateway, load balancer) and its authentication. Security Hub Lambda.1.
// Remediation: Remove the Principal "*" statement (aws lambda remove-permission), or name the calling
// account, service and source ARN; a public function URL only needs lambda:InvokeFunction with
// lambda:InvokedViaFunctionUrl = true.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/public-invoke-policy.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure IN ['public_unauthenticated', 'public_weak_auth']
  // A grant of lambda:UpdateFunctionCode alone is cross-account-code-update's, not an invoke.
  AND exposes.anyoneMayInvoke = true
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
