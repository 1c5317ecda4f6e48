// id: exposed-assume-role-chain
// title: Public entry point reaches a privileged role by assuming roles
// severity: matrix
// description: >-
//   Anyone on the internet can invoke this function without real authentication. Its execution role is
//   not privileged itself, but it may assume (sts:AssumeRole, directly or through up to four roles
//   whose trust policies allow it) a role that is admin, can escalate its privileges or reads sensitive
//   data. Stolen function credentials are one API call away from that role.
// remediation: >-
//   Break the chain where it is cheapest: remove sts:AssumeRole from the execution role (or scope its
//   Resource), tighten the trust policy of the next role (name the exact role ARN, add sts:ExternalId
//   or aws:SourceArn conditions), and require authentication on the entry point.
// references:
//   - https://pathfinding.cloud/
//   - https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
// tags: [toxic-combination, attack-path, PUBLIC_ENTRY_ASSUME_CHAIN_ADMIN, STS-001]
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
MATCH chain = (role)-[:CAN_ASSUME*1..4]->(reached:AWSRole)
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
