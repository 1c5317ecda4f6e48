// toxgraph: detection exposed-function-no-reserved-concurrency: Public function has no reserved concurrency
// Anyone on the internet can invoke this function, and it has no reserved concurrency, so a flood of requests
// runs up the bill (denial of wallet) and can take the whole account's concurrency, throttling every other
// function of the account and region.
// Remediation: Set reserved concurrency to the peak the function needs (aws lambda put-function-concurrency);
// add throttling on the API stage or a WAF rate rule in front where there is one.
// Severity: medium. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/exposed-function-no-reserved-concurrency.cypher by src/findings/browser-kit.ts; do not
// edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry)-[reaches:REACHES*0..1]->(target:LambdaFunction|LambdaAlias)
WHERE coalesce(last(reaches).exposure, exposes.exposure) IN ['public_unauthenticated', 'public_weak_auth']
  // Denial of wallet needs invocations: a resource policy that only lets others change the code does not count.
  AND (size(reaches) = 0 AND coalesce(exposes.grantsInvoke, false) OR size(reaches) > 0 AND entry <> target)
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
WHERE fn.reservedConcurrency IS NULL
// One finding per function, shown with its most exposed entry point.
WITH fn, coalesce(last(reaches).exposure, exposes.exposure) AS exposure,
  [internet] + CASE WHEN entry = target THEN [] ELSE [entry] END
    + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn] AS path,
  [exposes] + reaches + alias AS hops
ORDER BY CASE exposure WHEN 'public_unauthenticated' THEN 0 ELSE 1 END, path[1].id
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
  [{hop: size(witness.hops) - 1, text: 'ReservedConcurrentExecutions is not set', source: 'Lambda GetFunctionConcurrency'}] AS evidence
