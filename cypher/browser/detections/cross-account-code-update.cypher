// toxgraph: detection cross-account-code-update: Another account can replace the function code
// The function's resource policy grants lambda:UpdateFunctionCode (or lambda:*) to another account, an
// organization or anyone. Whoever holds that grant can upload their own code and run it with the function's
// execution role: a takeover of the role from outside the account.
// Remediation: Remove the statement that grants lambda:UpdateFunctionCode or lambda:* (aws lambda
// remove-permission); deploy code from a pipeline in the function's own account, with code signing if other
// accounts publish artifacts.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/cross-account-code-update.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.grantsCodeUpdate = true
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
