// toxgraph: detection function-url-unreachable-grant: Function URL answers 403 for lack of a grant
// This function URL has AuthType NONE but cannot be called: its resource policy has no public
// lambda:InvokeFunctionUrl grant, or (since October 2025, for every account since 2026-11-01) no
// lambda:InvokeFunction grant with lambda:InvokedViaFunctionUrl. Nothing is exposed today, but the URL is one
// add-permission away from being public, and a URL meant to be public is broken.
// Remediation: Delete the URL if it is unused. If it is meant to be public, add both statements
// (InvokeFunctionUrl with FunctionUrlAuthType NONE, InvokeFunction with InvokedViaFunctionUrl true) and
// review what the function's role allows first; otherwise switch it to AuthType AWS_IAM.
// Severity: info. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/function-url-unreachable-grant.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:LambdaFunctionUrl)
WHERE exposes.exposure = 'not_exposed'
  AND exposes.blockedBy IN ['no_public_url_grant', 'missing_invoke_function_grant']
MATCH (owner:LambdaFunction|LambdaAlias)-[hasUrl:HAS_URL]->(entry)
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(owner)
RETURN
  entry,
  'function_url' AS entryKind,
  exposes.exposure AS exposure,
  fn AS function,
  CASE WHEN owner:LambdaAlias THEN owner.name END AS qualifier,
  null AS role,
  null AS privilege,
  [internet, entry, owner] + CASE WHEN owner:LambdaAlias THEN [fn] ELSE [] END AS path,
  [exposes, hasUrl] + alias AS hops
