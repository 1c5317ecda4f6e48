// toxgraph: detection public-bucket-triggers-privileged-function: Bucket anyone may write triggers a privileged function
// Anyone may put or delete objects in this S3 bucket (its policy or ACL opens write to everyone, not lifted
// by the public access block of the bucket or of its account), and its event notifications invoke a Lambda
// function that runs as a role that is admin, can escalate its privileges or reads sensitive data. An
// attacker chooses the object key and content the function parses: one bug in that handling (path traversal,
// deserialization, a crafted archive) runs as the role (docs/data-stores.md).
// Remediation: Remove the Principal "*" write statements and the AllUsers / AuthenticatedUsers WRITE or
// FULL_CONTROL ACL grants and turn on S3 Block Public Access; cut the function's execution role down to what
// it uses on the objects it is sent.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/public-bucket-triggers-privileged-function.cypher by src/findings/browser-kit.ts; do not
// edit.

MATCH (bucket:S3Bucket)-[triggers:TRIGGERS]->(target:LambdaFunction|LambdaAlias)
// Only unconditional public write: a write open under unknown conditions stays public-data-store's (low).
WHERE bucket.publicAccess = 'public' AND 'CAN_WRITE' IN bucket.publicAccessTypes
MATCH (internet:Internet {id: 'internet'})
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
CALL (fn, target) {
  // An alias runs the role of the published version it points to; otherwise the function's role.
  OPTIONAL MATCH (target:LambdaAlias)-[versionRuns:EXECUTION_ROLE]->(versionRole:AWSRole)
  MATCH (fn)-[latestRuns:EXECUTION_ROLE]->(latestRole:AWSRole)
  RETURN coalesce(versionRole, latestRole) AS role
}
// Roles sensitive only through named stores count too: no exposed-function rule sees a bucket trigger.
WITH * WHERE role.tier IN ['admin', 'privilege_escalation', 'sensitive_data']
WITH internet, bucket, triggers, target, fn, role, CASE WHEN target:LambdaAlias THEN 1 ELSE 0 END AS aliasHop
RETURN
  bucket AS entry,
  'resource_policy' AS entryKind,
  // S3 answers unsigned requests through a policy or AllUsers grant; AuthenticatedUsers needs any AWS account.
  CASE
    WHEN 'resource_policy' IN bucket.publicVia OR 'acl_all_users' IN bucket.publicVia THEN 'public_unauthenticated'
    ELSE 'public_authenticated'
  END AS exposure,
  fn AS function,
  CASE WHEN target:LambdaAlias THEN target.name END AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, bucket] + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role] AS path,
  [] AS hops,
  [
    {
      hop: 0,
      text: 'anyone may write objects through ' +
            reduce(s = '', v IN bucket.publicVia | s + CASE s WHEN '' THEN '' ELSE ', ' END + v),
      source: bucket.id
    },
    {
      hop: 1,
      text: bucket.name + ' invokes ' + target.id + ' on ' +
            reduce(s = '', e IN triggers.events | s + CASE s WHEN '' THEN '' ELSE ', ' END + e),
      source: 'S3 GetBucketNotificationConfiguration: LambdaFunctionConfigurations'
    }
  ] + CASE WHEN aliasHop = 1 THEN [{hop: 2, text: target.name + ' is an alias of ' + fn.name, source: 'Lambda ListAliases'}] ELSE [] END + [
    {
      hop: 2 + aliasHop,
      text: fn.name + ' runs with the credentials of ' + role.name,
      source: 'Lambda GetFunctionConfiguration: Role'
    }
  ] AS evidence
