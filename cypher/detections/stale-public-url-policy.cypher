// id: stale-public-url-policy
// title: Public URL grant left behind after the URL was deleted
// severity: low
// description: >-
//   The resource policy of this function (or alias) still lets anyone call lambda:InvokeFunctionUrl,
//   but the function has no URL any more: deleting a URL does not delete its policy statements. Creating
//   a URL again, by anyone allowed to, makes the function public at once.
// remediation: >-
//   Remove the leftover statements (aws lambda remove-permission --statement-id
//   FunctionURLAllowPublicAccess, and FunctionURLInvokeAllowPublicAccess if present).
// references:
//   - https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html
// tags: [hygiene, resource_policy, STALE_PUBLIC_URL_POLICY]

// publicUrlGrant: the analysis found a statement letting anyone call lambda:InvokeFunctionUrl
// (docs/exposure.md "Stale public URL grants").
MATCH (target:LambdaFunction|LambdaAlias)
WHERE target.publicUrlGrant = true
  AND NOT exists { (target)-[:HAS_URL]->(:LambdaFunctionUrl) }
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
RETURN
  target AS entry,
  'resource_policy' AS entryKind,
  'not_exposed' AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  null AS role,
  null AS privilege,
  [target] + CASE WHEN target:LambdaAlias THEN [fn] ELSE [] END AS path,
  alias AS hops,
  [{hop: 0, text: 'the resource policy grants lambda:InvokeFunctionUrl to anyone and no URL exists', source: 'Lambda GetPolicy: ' + target.resourcePolicyJson}] AS evidence
