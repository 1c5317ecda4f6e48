// id: alb-rule-privileged-role
// title: Unauthenticated load balancer rule runs a privileged role
// severity: matrix
// description: >-
//   An internet-facing Application Load Balancer whose security group is open on the listener port
//   forwards requests matching this rule to a Lambda target group without an authenticate action (or
//   with OnUnauthenticatedRequest allow), and the function runs as a role that is admin, can escalate
//   its privileges or reads sensitive data.
// remediation: >-
//   Add an authenticate-oidc or authenticate-cognito action (OnUnauthenticatedRequest deny or
//   authenticate) before the forward, or make the load balancer internal; and cut the execution role
//   down to the actions and resources the function uses.
// references:
//   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
//   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
// tags: [toxic-combination, alb_rule, ALB_NOAUTH_ADMIN, ALB_AUTH_ALLOW_PASSTHROUGH, PUBLIC_ENTRY_SENSITIVE_DATA]
MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:ELBV2Rule)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
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
  'alb_rule' AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, entry] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path,
  [exposes, reaches] + alias + [runsAs] AS hops
