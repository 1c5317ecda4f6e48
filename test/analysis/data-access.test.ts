/**
 * Access to data stores, decided on each store's ARN: identity ∩ boundary ∩ SCP and the store's own policy.
 * Expected verdicts come from AWS's policy evaluation logic (docs/data-stores.md "How access is decided"):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html,
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dataAccessEdges, parseStores } from '../../src/analysis/data-access.js';
import {
  classifyDataStore,
  type DataStoreFacts,
  type DataStoreKind,
  publicAccess,
} from '../../src/analysis/data-stores.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { parsePolicy } from '../../src/iam/policy.js';
import type { PrincipalPolicies } from '../../src/iam/principals.js';
import { ACCOUNT, allow, catalogForTests, type Doc, deny, doc, NOW, role } from '../iam/principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const OTHER = '210987654321';
const REGION = 'eu-west-1';
const roleArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const BUCKET = 'arn:aws:s3:::customer-exports';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`;
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/customers`;

function store(kind: DataStoreKind, id: string, policy?: Doc | string, extra: Partial<DataStoreFacts> = {}) {
  return {
    id,
    kind,
    name: id.split(/[:/]/).pop() ?? null,
    accountId: kind === 's3_bucket' ? ACCOUNT : id.split(':')[4]!,
    policyJson:
      policy === undefined
        ? null
        : typeof policy === 'string'
          ? JSON.stringify(policy)
          : JSON.stringify(policy),
    tags: {},
    parameterType: null,
    protectsData: false,
    ignorePublicAcls: null,
    restrictPublicBuckets: null,
    aclAllUsers: [],
    aclAuthenticatedUsers: [],
    ...extra,
  } satisfies DataStoreFacts;
}

const keyPolicyDelegating = doc({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
});
const keyPolicyAdminsOnly = doc({
  Effect: 'Allow',
  Principal: { AWS: roleArn('key-admin') },
  Action: 'kms:*',
  Resource: '*',
});

const publicBucketRead = doc({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `${BUCKET}/*`,
});

interface Case {
  name: string;
  principal: PrincipalPolicies;
  store: DataStoreFacts;
  /** [edge type, confidence] expected, or [] for none. */
  expected: [string, string][];
  grantedBy?: string[];
}

const reader = (
  name = 'fn',
  account = ACCOUNT,
  statements: object[] = [
    allow(['s3:GetObject', 'kms:Decrypt', 'secretsmanager:GetSecretValue', 'dynamodb:GetItem']),
  ],
) => role({ name, account, inline: [doc(...statements)] });

const cases = (): Case[] => [
  {
    name: 'identity allow, no bucket policy: read',
    principal: reader(),
    store: store('s3_bucket', BUCKET),
    expected: [['CAN_READ', 'high']],
    grantedBy: ['identity'],
  },
  {
    name: 'a bucket policy Deny naming the role closes it',
    principal: reader(),
    store: store(
      's3_bucket',
      BUCKET,
      doc({
        Effect: 'Deny',
        Principal: { AWS: roleArn('fn') },
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
      }),
    ),
    expected: [],
  },
  {
    name: 'a bucket policy Deny for everyone unless from a VPC endpoint: conditional, condition kept',
    principal: reader(),
    store: store(
      's3_bucket',
      BUCKET,
      doc({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `${BUCKET}/*`,
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      }),
    ),
    expected: [['CAN_READ', 'conditional']],
  },
  {
    name: 'same account, bucket policy names the role: grants with no identity statement',
    principal: role({ name: 'fn', inline: [doc(allow('logs:CreateLogGroup'))] }),
    store: store(
      's3_bucket',
      BUCKET,
      doc({
        Effect: 'Allow',
        Principal: { AWS: roleArn('fn') },
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: `${BUCKET}/*`,
      }),
    ),
    expected: [
      ['CAN_READ', 'high'],
      ['CAN_WRITE', 'high'],
    ],
    grantedBy: ['resource_policy'],
  },
  {
    name: 'the policy naming the role is still capped by an SCP deny',
    principal: role({
      name: 'fn',
      inline: [doc(allow('logs:CreateLogGroup'))],
      scpLevels: [[doc(allow('*'), deny('s3:*'))]],
    }),
    store: store(
      's3_bucket',
      BUCKET,
      doc({
        Effect: 'Allow',
        Principal: { AWS: roleArn('fn') },
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
      }),
    ),
    expected: [],
  },
  {
    name: 'KMS: a key policy that delegates to the account lets the identity grant decrypt',
    principal: reader(),
    store: store('kms_key', KEY, keyPolicyDelegating),
    expected: [['CAN_DECRYPT', 'high']],
    grantedBy: ['identity'],
  },
  {
    name: 'KMS: a key policy that does not allow IAM blocks the identity grant',
    principal: reader(),
    store: store('kms_key', KEY, keyPolicyAdminsOnly),
    expected: [],
  },
  {
    name: 'KMS: the key policy naming the role grants by itself',
    principal: role({ name: 'key-admin', inline: [] }),
    store: store('kms_key', KEY, keyPolicyAdminsOnly),
    expected: [['CAN_DECRYPT', 'high']],
    grantedBy: ['resource_policy'],
  },
  {
    name: 'cross-account: identity allow without a secret policy is no access',
    principal: reader('auditor', OTHER),
    store: store('secret', SECRET),
    expected: [],
  },
  {
    name: 'cross-account: the secret policy names the role and its identity allows',
    principal: reader('auditor', OTHER),
    store: store(
      'secret',
      SECRET,
      doc({
        Effect: 'Allow',
        Principal: { AWS: roleArn('auditor', OTHER) },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      }),
    ),
    expected: [['CAN_READ', 'high']],
    grantedBy: ['identity'],
  },
  {
    name: 'cross-account: the secret policy names the role but its identity does not allow',
    principal: role({ name: 'auditor', account: OTHER, inline: [doc(allow('logs:CreateLogGroup'))] }),
    store: store(
      'secret',
      SECRET,
      doc({
        Effect: 'Allow',
        Principal: { AWS: roleArn('auditor', OTHER) },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      }),
    ),
    expected: [],
  },
  // RestrictPublicBuckets limits a public bucket policy to the owner's account and AWS services
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).
  {
    name: 'cross-account: a public bucket policy under the account block RestrictPublicBuckets grants nothing',
    principal: reader('auditor', OTHER),
    store: store('s3_bucket', BUCKET, publicBucketRead, { accountRestrictPublicBuckets: true }),
    expected: [],
  },
  {
    name: 'cross-account: the same under the bucket block RestrictPublicBuckets grants nothing',
    principal: reader('auditor', OTHER),
    store: store('s3_bucket', BUCKET, publicBucketRead, { restrictPublicBuckets: true }),
    expected: [],
  },
  {
    name: 'same account: the restricted public policy does not hide what the identity policy grants',
    principal: reader(),
    store: store('s3_bucket', BUCKET, publicBucketRead, { accountRestrictPublicBuckets: true }),
    expected: [['CAN_READ', 'high']],
  },
  {
    name: 'cross-account: a bucket policy naming the role is not public, RestrictPublicBuckets leaves it',
    principal: reader('auditor', OTHER),
    store: store(
      's3_bucket',
      BUCKET,
      doc({
        Effect: 'Allow',
        Principal: { AWS: roleArn('auditor', OTHER) },
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
      }),
      { accountRestrictPublicBuckets: true },
    ),
    expected: [['CAN_READ', 'high']],
  },
  {
    name: 'cross-account: a table policy naming the other account root delegates to its identity policies',
    principal: reader('analyst', OTHER),
    store: store(
      'dynamodb_table',
      TABLE,
      doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: 'dynamodb:GetItem',
        Resource: TABLE,
      }),
    ),
    expected: [['CAN_READ', 'high']],
  },
  {
    // Anyone may read it without condition: the role's credentials add nothing; public-data-store reports it.
    name: 'a bucket whose policy lets anyone read: no read edge, even with an identity grant',
    principal: reader('fn', ACCOUNT, [allow('s3:GetObject', '*')]),
    store: store(
      's3_bucket',
      BUCKET,
      doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` }),
    ),
    expected: [],
  },
  {
    name: 'identity grant scoped to another bucket: no edge',
    principal: reader('fn', ACCOUNT, [allow('s3:GetObject', 'arn:aws:s3:::public-assets/*')]),
    store: store('s3_bucket', BUCKET),
    expected: [],
  },
  {
    name: 'an unreadable bucket policy: the identity side decides, never above conditional',
    principal: reader(),
    store: store('s3_bucket', BUCKET, '{"Statement": ['),
    expected: [['CAN_READ', 'conditional']],
  },
];

describe('dataAccessEdges', () => {
  it.each(cases().map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { parsed } = parseStores(catalog, [c.store]);
    const edges = dataAccessEdges(catalog, [c.principal], parsed, { now: NOW });
    expect(edges.map((edge) => [edge.type, edge.confidence])).toEqual(c.expected);
    if (c.grantedBy) expect(edges[0]?.grantedBy).toEqual(c.grantedBy);
    for (const edge of edges) {
      expect(edge.from).toBe(c.principal.arn);
      expect(edge.to).toBe(c.store.id);
    }
  });

  it('keeps the statements of both sides as evidence, conditions included', () => {
    const principal = reader();
    const bucket = store(
      's3_bucket',
      BUCKET,
      doc({
        Sid: 'OnlyFromVpce',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `${BUCKET}/*`,
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      }),
    );
    const [edge] = dataAccessEdges(catalog, [principal], parseStores(catalog, [bucket]).parsed, { now: NOW });
    expect(edge?.evidence.map((record) => [record.effect, record.policyKind, record.sid])).toEqual([
      ['Allow', 'inline', null],
      ['Deny', 'inline', 'OnlyFromVpce'],
    ]);
    expect(edge?.conditions).toEqual([
      { operator: 'StringNotEquals', key: 'aws:SourceVpce', values: ['vpce-1a2b3c4d'] },
    ]);
  });

  it('reports an unreadable store policy as not evaluated, naming the store', () => {
    const { problems } = parseStores(catalog, [store('s3_bucket', BUCKET, '{"Statement": [')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ resource: BUCKET, source: `resource policy of ${BUCKET}` });
  });
});

/**
 * Reading a secret or a SecureString parameter also needs kms:Decrypt on its key: Secrets Manager and
 * Parameter Store decrypt with the caller's permissions
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html), and an AWS
 * managed key cannot be used from another account
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html).
 */
describe('dataAccessEdges: the KMS key behind a secret or a SecureString', () => {
  const PARAMETER = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/prod/db/password`;
  const keyStore = (extra: Partial<DataStoreFacts> = {}, policy: Doc | string = keyPolicyDelegating) =>
    store('kms_key', KEY, policy, { keyManager: 'CUSTOMER', protectsData: true, ...extra });
  const secretWithKey = (extra: Partial<DataStoreFacts> = {}) =>
    store('secret', SECRET, undefined, { encryptionKey: KEY, ...extra });
  const readsOf = (principal: PrincipalPolicies, stores: DataStoreFacts[]) =>
    dataAccessEdges(catalog, [principal], parseStores(catalog, stores).parsed, { now: NOW })
      .map((edge) => `${edge.type} ${edge.to === KEY ? 'key' : edge.to === SECRET ? 'secret' : 'parameter'}`)
      .sort();
  const secretsOnly = () =>
    reader('fn', ACCOUNT, [allow(['secretsmanager:GetSecretValue', 'ssm:GetParameter'])]);

  it.each<[string, PrincipalPolicies, DataStoreFacts[], string[]]>([
    [
      'a customer managed key the role cannot decrypt with: no read',
      secretsOnly(),
      [keyStore(), secretWithKey()],
      [],
    ],
    [
      'the same key, decrypt allowed by the identity policy: read',
      reader(),
      [keyStore(), secretWithKey()],
      ['CAN_DECRYPT key', 'CAN_READ secret'],
    ],
    [
      'a KMS grant of Decrypt to the role stands in for the policy: read',
      secretsOnly(),
      [keyStore({ decryptGrantees: [roleArn('fn')] }), secretWithKey()],
      ['CAN_READ secret'],
    ],
    [
      'a grant of Encrypt only does not',
      secretsOnly(),
      [keyStore({ decryptGrantees: [] }), secretWithKey()],
      [],
    ],
    [
      'a key policy that does not parse cannot be shown to refuse: read kept',
      secretsOnly(),
      [keyStore({}, '{"Statement": "oops"'), secretWithKey()],
      ['CAN_READ secret'],
    ],
    ['a key that was not collected: read kept', secretsOnly(), [secretWithKey()], ['CAN_READ secret']],
    [
      'an AWS managed key from the same account: read',
      secretsOnly(),
      [keyStore({ keyManager: 'AWS' }), secretWithKey()],
      ['CAN_READ secret'],
    ],
    [
      'a SecureString parameter on a customer managed key the role cannot use: no read',
      secretsOnly(),
      [
        keyStore(),
        store('ssm_parameter', PARAMETER, undefined, { parameterType: 'SecureString', encryptionKey: KEY }),
      ],
      [],
    ],
  ])('%s', (_, principal, stores, expected) => {
    expect(readsOf(principal, stores)).toEqual(expected);
  });

  it('an AWS managed key cannot be used from another account, even when the secret policy names the role', () => {
    const auditor = reader('auditor', OTHER, [allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'])]);
    const namesAuditor = doc({
      Effect: 'Allow',
      Principal: { AWS: roleArn('auditor', OTHER) },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    });
    const secret = (encryptionKey: string) => store('secret', SECRET, namesAuditor, { encryptionKey });
    expect(readsOf(auditor, [keyStore({ keyManager: 'AWS' }), secret(KEY)])).toEqual([]);
    // Its look-alike on a customer managed key whose policy lets the auditor decrypt: read.
    const sharedKey = doc(
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Principal: { AWS: roleArn('auditor', OTHER) },
        Action: 'kms:Decrypt',
        Resource: '*',
      },
    );
    expect(readsOf(auditor, [keyStore({}, sharedKey), secret(KEY)])).toEqual([
      'CAN_DECRYPT key',
      'CAN_READ secret',
    ]);
  });
});

describe('publicAccess', () => {
  const judge = (facts: DataStoreFacts) =>
    publicAccess(
      catalog,
      facts,
      facts.policyJson ? parsePolicy(JSON.parse(facts.policyJson), 'test') : undefined,
    );
  const publicRead = doc({
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `${BUCKET}/*`,
  });

  it.each([
    [
      'a bucket policy open to "*"',
      store('s3_bucket', BUCKET, publicRead),
      'public',
      ['resource_policy'],
      ['CAN_READ'],
    ],
    [
      'the same with RestrictPublicBuckets on the bucket',
      store('s3_bucket', BUCKET, publicRead, { restrictPublicBuckets: true }),
      'none',
      [],
      [],
    ],
    // S3 applies the most restrictive of the bucket's and the account's block
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
    [
      'the same with RestrictPublicBuckets on the account',
      store('s3_bucket', BUCKET, publicRead, { accountRestrictPublicBuckets: true }),
      'none',
      [],
      [],
    ],
    [
      'the same with an account block that only ignores ACLs: the policy stays public',
      store('s3_bucket', BUCKET, publicRead, {
        accountIgnorePublicAcls: true,
        accountRestrictPublicBuckets: false,
      }),
      'public',
      ['resource_policy'],
      ['CAN_READ'],
    ],
    [
      'an ACL granting READ to AllUsers, ACLs ignored by the account block',
      store('s3_bucket', BUCKET, undefined, { aclAllUsers: ['READ'], accountIgnorePublicAcls: true }),
      'none',
      [],
      [],
    ],
    [
      'an ACL granting READ to AllUsers, the account block not collected: judged without it',
      store('s3_bucket', BUCKET, undefined, { aclAllUsers: ['READ'], accountIgnorePublicAcls: null }),
      'public',
      ['acl_all_users'],
      ['CAN_READ'],
    ],
    [
      'an ACL granting READ to AllUsers',
      store('s3_bucket', BUCKET, undefined, { aclAllUsers: ['READ'] }),
      'public',
      ['acl_all_users'],
      ['CAN_READ'],
    ],
    [
      'an ACL granting WRITE to AuthenticatedUsers, ACLs ignored by the bucket block',
      store('s3_bucket', BUCKET, undefined, { aclAuthenticatedUsers: ['WRITE'], ignorePublicAcls: true }),
      'none',
      [],
      [],
    ],
    [
      'open to "*" only from one organization: conditional',
      store(
        's3_bucket',
        BUCKET,
        doc({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `${BUCKET}/*`,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
        }),
      ),
      'conditional',
      ['resource_policy'],
      ['CAN_READ'],
    ],
    [
      'a key policy open to {"AWS": "*"}',
      store(
        'kms_key',
        KEY,
        doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }),
      ),
      'public',
      ['resource_policy'],
      ['CAN_DECRYPT'],
    ],
    [
      'a secret whose policy names one account only',
      store(
        'secret',
        SECRET,
        doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        }),
      ),
      'none',
      [],
      [],
    ],
  ] as const)('%s', (_, facts, level, via, access) => {
    // Only what anyone has without a condition is "unconditional" (no role gets an edge for it).
    expect(judge(facts)).toEqual({ level, via, access, unconditional: level === 'public' ? access : [] });
  });
});

describe('classifyDataStore (the classification table)', () => {
  it.each([
    ['a secret', store('secret', SECRET), 'secret'],
    [
      'a SecureString parameter',
      store('ssm_parameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/flag`, undefined, {
        parameterType: 'SecureString',
      }),
      'secure_string',
    ],
    [
      'a String parameter named like a password',
      store('ssm_parameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db_password`, undefined, {
        parameterType: 'String',
      }),
      'secret_looking_name',
    ],
    [
      'a String parameter',
      store('ssm_parameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/flag`, undefined, {
        parameterType: 'String',
      }),
      null,
    ],
    [
      'a key that encrypts a collected store',
      store('kms_key', KEY, undefined, { protectsData: true }),
      'key_protects_data',
    ],
    ['a key nothing collected uses', store('kms_key', KEY), null],
    [
      'a bucket tagged confidential',
      store('s3_bucket', 'arn:aws:s3:::assets', undefined, {
        name: 'assets',
        tags: { 'Data-Classification': 'confidential' },
      }),
      'classification_tag',
    ],
    [
      'a bucket tagged public',
      store('s3_bucket', 'arn:aws:s3:::assets', undefined, {
        name: 'assets',
        tags: { classification: 'public' },
      }),
      null,
    ],
    [
      'a table named for customers',
      store('dynamodb_table', TABLE, undefined, { name: 'customers' }),
      'data_name',
    ],
    [
      'a bucket of static assets',
      store('s3_bucket', 'arn:aws:s3:::static-assets', undefined, { name: 'static-assets' }),
      null,
    ],
  ] as const)('%s', (_, facts, expected) => {
    expect(classifyDataStore(facts)).toBe(expected);
  });
});
