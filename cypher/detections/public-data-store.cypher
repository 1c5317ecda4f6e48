// id: public-data-store
// title: Data store open to everyone
// severity: high
// description: >-
//   The store's own policy or ACL lets anyone read, write or decrypt: a bucket policy or key, secret or
//   table policy with Principal "*" (or {"AWS": "*"}, or NotPrincipal), or a bucket ACL grant to AllUsers
//   or AuthenticatedUsers, not lifted by the public access block of the bucket or of its account.
//   Conditions nobody outside can be shown to meet (an organization, a VPC endpoint) make it conditional
//   and lower the severity (docs/data-stores.md).
// remediation: >-
//   Remove the Principal "*" statements or name the accounts and principals that need access; remove the
//   AllUsers and AuthenticatedUsers ACL grants and turn on S3 Block Public Access for the bucket and account.
// references:
//   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
//   - https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
//   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
// tags: [hygiene, resource_policy, data-store, S3.2, S3.3, KMS.5]
MATCH (store:DataStore)
WHERE store.publicAccess IN ['public', 'conditional']
MATCH (internet:Internet {id: 'internet'})
WITH internet, store,
     // S3 answers unsigned requests; the other services only signed ones, from any AWS account.
     store:S3Bucket AND ('resource_policy' IN store.publicVia OR 'acl_all_users' IN store.publicVia) AS anonymous
RETURN
  store AS entry,
  'resource_policy' AS entryKind,
  CASE WHEN anonymous THEN 'public_unauthenticated' ELSE 'public_authenticated' END AS exposure,
  null AS function,
  null AS qualifier,
  null AS role,
  CASE WHEN store.sensitive THEN 'sensitive_data' END AS privilege,
  [internet, store] AS path,
  [] AS hops,
  CASE
    WHEN store.publicAccess = 'conditional' THEN 'low'
    WHEN store.sensitive OR 'CAN_WRITE' IN store.publicAccessTypes THEN 'high'
    ELSE 'medium'
  END AS severity,
  CASE store.publicAccess WHEN 'public' THEN 'high' ELSE 'low' END AS confidence,
  [{
    hop: 0,
    text: 'open to everyone through ' + reduce(s = '', v IN store.publicVia | s + CASE s WHEN '' THEN '' ELSE ', ' END + v) +
          ': ' + reduce(s = '', a IN store.publicAccessTypes | s + CASE s WHEN '' THEN '' ELSE ', ' END + a) +
          CASE WHEN store.sensitive THEN ' (sensitive: ' + store.sensitivity + ')' ELSE '' END,
    source: store.id
  }] AS evidence
