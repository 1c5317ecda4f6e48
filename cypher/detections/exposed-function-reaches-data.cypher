// id: exposed-function-reaches-data
// title: Exposed function reads sensitive data stores
// severity: matrix
// description: >-
//   Anyone on the internet can reach this function (function URL, API route or method, load balancer rule),
//   and its execution role may read secrets, SecureString parameters, tagged or data-named buckets and
//   tables, or decrypt with the keys that protect them, through grants scoped to those stores (a role
//   granted reads on every store is already reported by the *-privileged-role rule of its entry point).
//   Access is decided on each store's own ARN, with the store's resource or key policy
//   (docs/data-stores.md). The finding's blastRadius names every store the role reaches; the evidence
//   names the sensitive ones.
// remediation: >-
//   Require authentication in front of the function, and cut the execution role down to the buckets,
//   tables, secrets, parameters and keys the function uses; deny the role in the store's own policy where
//   it must never read it.
// references:
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
//   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
// tags: [toxic-combination, data-store, PUBLIC_ENTRY_SENSITIVE_DATA]
MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
WHERE coalesce(reaches.exposure, exposes.exposure) IN ['public_unauthenticated', 'public_weak_auth']
  AND exposes.entryKind IN ['function_url', 'http_api_route', 'websocket_api', 'rest_api_method', 'alb_rule']
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
CALL (fn, target) {
  // An alias runs the role of the published version it points to; otherwise the function's role.
  OPTIONAL MATCH (target:LambdaAlias)-[versionRuns:EXECUTION_ROLE]->(versionRole:AWSRole)
  MATCH (fn)-[latestRuns:EXECUTION_ROLE]->(latestRole:AWSRole)
  RETURN coalesce(versionRuns, latestRuns) AS runsAs, coalesce(versionRole, latestRole) AS role
}
// Only roles that are sensitive_data through stores named by their ARN: the *-privileged-role rules report
// every other privileged role, with the same blast radius (docs/data-stores.md).
WITH * WHERE role.tier = 'sensitive_data' AND role.tierFromDataStores
CALL (role) {
  MATCH (role)-[access:CAN_READ|CAN_DECRYPT]->(store:DataStore {sensitive: true})
  WITH store, access ORDER BY store.id
  RETURN collect({store: store, access: access})[0..5] AS reached
}
WITH * WHERE size(reached) > 0
WITH *, [internet, entry] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path
RETURN
  entry,
  exposes.entryKind AS entryKind,
  coalesce(reaches.exposure, exposes.exposure) AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  path,
  [exposes, reaches] + alias + [runsAs] AS hops,
  [item IN reached | {
    hop: size(path) - 1,
    text: 'the role ' + CASE type(item.access) WHEN 'CAN_DECRYPT' THEN 'decrypts with ' ELSE 'reads ' END +
          coalesce(item.store.name, item.store.id) + ' (' + item.store.sensitivity + ', ' +
          item.access.confidence + ' confidence, by ' + item.access.action + ')',
    source: item.store.id
  }] AS evidence
