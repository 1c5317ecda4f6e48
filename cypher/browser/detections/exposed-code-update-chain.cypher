// toxgraph: detection exposed-code-update-chain: Public entry point can rewrite a more privileged function
// Anyone on the internet can invoke this function without real authentication, and its execution role (or a
// role it may assume) may change the code or configuration of another function whose execution role is admin,
// can escalate its privileges or reads sensitive data. Whoever controls the first function runs code as the
// stronger role.
// Remediation: Remove lambda:UpdateFunctionCode and lambda:UpdateFunctionConfiguration from the execution
// role (or scope them to the function itself), and require authentication on the entry point.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/exposed-code-update-chain.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry)-[reaches:REACHES*0..1]->(target:LambdaFunction|LambdaAlias)
WHERE coalesce(last(reaches).exposure, exposes.exposure) IN ['public_unauthenticated', 'public_weak_auth'] AND (size(reaches) = 0 OR entry <> target)
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
CALL (fn, target) {
  // An alias runs the role of the published version it points to; otherwise the function's role.
  OPTIONAL MATCH (target:LambdaAlias)-[versionRuns:EXECUTION_ROLE]->(versionRole:AWSRole)
  MATCH (fn)-[latestRuns:EXECUTION_ROLE]->(latestRole:AWSRole)
  RETURN coalesce(versionRuns, latestRuns) AS runsAs, coalesce(versionRole, latestRole) AS role
}
// A role that is privileged on its own is reported by the entry point's toxic rule instead.
WITH * WHERE NOT coalesce(role.tier, 'basic') IN ['admin', 'privilege_escalation', 'sensitive_data']
MATCH chain = (role)-[:CAN_ASSUME*0..3]->(:AWSRole)-[:CAN_UPDATE_CODE]->(:LambdaFunction)-[:EXECUTION_ROLE]->(reached:AWSRole)
WHERE reached.tier IN ['admin', 'privilege_escalation', 'sensitive_data'] AND reached <> role
  // The chain stops at the first privileged role: a longer one through it says nothing more.
  AND all(step IN nodes(chain)[1..-1] WHERE NOT step:AWSRole
    OR NOT coalesce(step.tier, 'basic') IN ['admin', 'privilege_escalation', 'sensitive_data'])
WITH internet, exposes, entry, reaches, target, alias, fn, runsAs, role, chain, reached
ORDER BY CASE reached.tier WHEN 'admin' THEN 0 WHEN 'privilege_escalation' THEN 1 ELSE 2 END, length(chain)
RETURN
  entry,
  // The exposure analysis names the kind; Lambda authorizers (api_authorizer) are no contract kind.
  CASE WHEN exposes.entryKind <> 'api_authorizer' THEN exposes.entryKind END AS entryKind,
  coalesce(last(reaches).exposure, exposes.exposure) AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  reached.tier AS privilege,
  [internet] + CASE WHEN entry = target THEN [] ELSE [entry] END
    + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn] + nodes(chain) AS path,
  [exposes] + reaches + alias + [runsAs] + relationships(chain) AS hops
