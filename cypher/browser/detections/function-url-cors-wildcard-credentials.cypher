// toxgraph: detection function-url-cors-wildcard-credentials: Public function URL shares credentialed responses with any origin
// The CORS configuration of this public function URL allows every origin ("*") together with
// AllowCredentials, so any web page a user visits can send requests carrying the user cookies or
// authorization headers and read the responses (cross-site request abuse driven from the browser).
// Remediation: List the exact origins of the web applications that call the URL in Cors.AllowOrigins, and
// allow credentials only for those origins.
// Severity: high. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/function-url-cors-wildcard-credentials.cypher by src/findings/browser-kit.ts; do not
// edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:LambdaFunctionUrl)-[reaches:REACHES]->(target:LambdaFunction|LambdaAlias)
WHERE exposes.exposure IN ['public_unauthenticated', 'public_weak_auth']
  AND '*' IN entry.corsAllowOrigins
  AND entry.corsAllowCredentials = true
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
RETURN
  entry,
  'function_url' AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  null AS role,
  null AS privilege,
  [internet, entry] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn] AS path,
  [exposes, reaches] + alias AS hops,
  [{hop: 0, text: 'CORS: AllowOrigins includes "*" and AllowCredentials is true', source: 'FunctionUrlConfig.Cors: ' + entry.corsJson}] AS evidence
