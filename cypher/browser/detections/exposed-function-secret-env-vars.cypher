// toxgraph: detection exposed-function-secret-env-vars: Exposed function keeps secret-looking environment variables
// This function can be invoked from outside the account and has environment variables whose names or values
// looked like secrets at collection (toxgraph stores the names only). Environment values are plaintext to
// anyone who can read the function configuration, and a bug in the handler that leaks the environment leaks
// them too; an AWS key there is a second set of credentials beside the role's. High when the function is
// public.
// Remediation: Move the values to Secrets Manager or SSM Parameter Store (SecureString), read them at run
// time with the execution role, and rotate the ones that were exposed.
// Severity: medium. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/exposed-function-secret-env-vars.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry)-[reaches:REACHES*0..1]->(target:LambdaFunction|LambdaAlias)
WHERE coalesce(last(reaches).exposure, exposes.exposure) <> 'not_exposed' AND (size(reaches) = 0 OR entry <> target)
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
WHERE size(coalesce(fn.secretLookingEnvVars, [])) > 0
// One finding per function, shown with its most exposed entry point.
WITH fn, coalesce(last(reaches).exposure, exposes.exposure) AS exposure,
  [internet] + CASE WHEN entry = target THEN [] ELSE [entry] END
    + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn] AS path,
  [exposes] + reaches + alias AS hops
ORDER BY CASE exposure
  WHEN 'public_unauthenticated' THEN 0 WHEN 'public_weak_auth' THEN 1 WHEN 'cross_account' THEN 2 ELSE 3
END, path[1].id
WITH fn, head(collect({exposure: exposure, path: path, hops: hops})) AS witness
RETURN
  null AS entry,
  null AS entryKind,
  witness.exposure AS exposure,
  fn AS function,
  null AS qualifier,
  null AS role,
  null AS privilege,
  witness.path AS path,
  witness.hops AS hops,
  [{
    hop: size(witness.hops) - 1,
    text: 'environment variables that look like secrets: ' + reduce(s = '', name IN fn.secretLookingEnvVars | s + CASE s WHEN '' THEN '' ELSE ', ' END + name),
    source: 'Lambda GetFunctionConfiguration: Environment (names only)'
  }] AS evidence,
  CASE WHEN witness.exposure IN ['public_unauthenticated', 'public_weak_auth'] THEN 'high' ELSE 'medium' END AS severity
