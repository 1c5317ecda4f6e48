/**
 * Data stores as targets, end to end against moto (docs/data-stores.md): `toxgraph scan` of two accounts,
 * then the access edges in the graph and the findings. Cases from issue 13:
 * - a role reading one bucket whose policy denies it: no edge to that bucket (an edge to its twin);
 * - a KMS key whose policy does not delegate to IAM: no decrypt (a decrypt on the key that does);
 * - a secret readable cross-account through its resource policy (and not by a role it does not name);
 * - a public bucket: a public-data-store finding;
 * - a bucket anyone may write whose notifications invoke an admin function: a chain; the same trigger on a
 *   bucket only one named role may write: none;
 * - a bucket whose policy is open to everyone, in an account whose account-level public access block
 *   restricts public buckets: not public (S3 applies the most restrictive of bucket and account blocks).
 */

import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import {
  CreateSecretCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import {
  ACCOUNT_ID,
  createFunction,
  createPublicFunctionUrl,
  createRole,
  lambdaTrustPolicy,
  REGION,
} from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';
import { ADMIN, LOGS_ONLY } from './policies.js';
import { roleArn, theFinding } from './scenario.js';

const OTHER_ACCOUNT = '210987654321';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const config = { region: REGION, maxAttempts: 1 };
const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
let lockedKey: string;
let openKey: string;
let secretArn: string;
let findings: Finding[];

async function seedOtherAccount() {
  // moto gives an assumed role's credentials the role's account: that is how a second account is seeded.
  const { Credentials } = await new STSClient(config).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/toxgraph-reader`,
      RoleSessionName: 'seed',
    }),
  );
  const other = {
    ...config,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken,
    },
  };
  const iam = new IAMClient(other);
  for (const name of ['auditor', 'outsider']) {
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(lambdaTrustPolicy) }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: 'read-secrets',
        PolicyDocument: JSON.stringify(
          doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
        ),
      }),
    );
    await new LambdaClient(other).send(
      new CreateFunctionCommand({
        FunctionName: `${name}-fn`,
        Role: Role!.Arn,
        Runtime: 'python3.12',
        Handler: 'index.handler',
        Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]) },
      }),
    );
  }
  // A bucket open to everyone by its policy, in an account whose block restricts public buckets.
  const s3 = new S3Client({ ...other, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'partner-public-assets' }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'partner-public-assets',
      Policy: JSON.stringify(
        doc({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::partner-public-assets/*',
        }),
      ),
    }),
  );
  // S3 Control names the account in the host; moto serves it at its own address (src/aws/clients.ts).
  await new S3ControlClient({
    ...other,
    endpointProvider: () => ({ url: new URL(process.env.AWS_ENDPOINT_URL!) }),
  }).send(
    new PutPublicAccessBlockCommand({
      AccountId: OTHER_ACCOUNT,
      PublicAccessBlockConfiguration: { RestrictPublicBuckets: true, IgnorePublicAcls: true },
    }),
  );
}

beforeAll(async () => {
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const kms = new KMSClient(config);
  const secrets = new SecretsManagerClient(config);

  // The exposed function reads every bucket and decrypts with every key, by its identity policy.
  const readerRole = await createRole({
    name: 'reports-fn-role',
    inline: {
      logs: LOGS_ONLY,
      data: doc({ Effect: 'Allow', Action: ['s3:GetObject', 'kms:Decrypt'], Resource: '*' }),
    },
  });
  await createFunction('reports', readerRole);
  await createPublicFunctionUrl('reports');
  // Another exposed function, scoped to one named bucket: no account-wide data tier, only the store's.
  const scopedRole = await createRole({
    name: 'archive-fn-role',
    inline: {
      logs: LOGS_ONLY,
      data: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn('customer-archive')}/*` }),
    },
  });
  await createFunction('archive', scopedRole);
  await createPublicFunctionUrl('archive');

  // A key whose policy names only a key administrator (no delegation to the account's IAM), and one with
  // the default key policy, which delegates to IAM (KMS Developer Guide, "Default key policy").
  lockedKey = (
    await kms.send(
      new CreateKeyCommand({
        BypassPolicyLockoutSafetyCheck: true,
        Policy: JSON.stringify(
          doc({ Effect: 'Allow', Principal: { AWS: roleArn('key-admin') }, Action: 'kms:*', Resource: '*' }),
        ),
      }),
    )
  ).KeyMetadata!.Arn!;
  openKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;

  // Twin buckets named as customer data; one denies the reports role in its bucket policy.
  for (const name of ['customer-exports', 'customer-archive', 'public-assets'])
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'customer-exports',
      Policy: JSON.stringify(
        doc({
          Sid: 'NotTheReportsFunction',
          Effect: 'Deny',
          Principal: { AWS: readerRole },
          Action: 's3:GetObject',
          Resource: `${bucketArn('customer-exports')}/*`,
        }),
      ),
    }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'customer-archive',
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: openKey } }],
      },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'public-assets',
      Policy: JSON.stringify(
        doc({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `${bucketArn('public-assets')}/*`,
        }),
      ),
    }),
  );

  // An admin function fed by two buckets' notifications: one anyone may write, one only partner-role may.
  const ingestArn = await createFunction(
    'ingest',
    await createRole({ name: 'ingest-role', inline: { admin: ADMIN } }),
  );
  const partnerRole = await createRole({ name: 'partner-role', inline: { logs: LOGS_ONLY } });
  const writers = { 'upload-inbox': '*', 'partner-drop': { AWS: partnerRole } };
  for (const [Bucket, Principal] of Object.entries(writers)) {
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify(
          doc({ Effect: 'Allow', Principal, Action: 's3:PutObject', Resource: `${bucketArn(Bucket)}/*` }),
        ),
      }),
    );
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [{ LambdaFunctionArn: ingestArn, Events: ['s3:ObjectCreated:*'] }],
        },
      }),
    );
  }

  // A secret readable from the other account by one role its policy names.
  secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'db-password', SecretString: 'hunter2' })))
    .ARN!;
  await secrets.send(
    new PutResourcePolicyCommand({
      SecretId: secretArn,
      ResourcePolicy: JSON.stringify(
        doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/auditor` },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        }),
      ),
    }),
  );
  await seedOtherAccount();

  const scanned = await runCli([
    'scan',
    '--regions',
    REGION,
    '--accounts',
    `${ACCOUNT_ID},${OTHER_ACCOUNT}`,
    '--assume-role',
    'toxgraph-reader',
  ]);
  expect(scanned.code, `scan output:\n${scanned.stdout}\n${scanned.stderr}`).toBe(0);
  expect(`${scanned.stdout}${scanned.stderr}`).not.toContain('hunter2');
  const listed = await runCli(['findings', '--format', 'json']);
  expect(listed.code).toBe(0);
  findings = JSON.parse(listed.stdout) as Finding[];
});

const edgesFrom = (role: string) =>
  cypher<{ type: string; store: string; confidence: string; grantedBy: string[] }>(
    `MATCH (:AWSRole {id: $role})-[e:CAN_READ|CAN_WRITE|CAN_DECRYPT]->(d:DataStore)
     RETURN type(e) AS type, d.id AS store, e.confidence AS confidence, e.grantedBy AS grantedBy
     ORDER BY store, type`,
    { role },
  );

describe('data stores as targets (moto, two accounts)', () => {
  it('a bucket policy Deny closes access; a key policy without IAM delegation blocks decrypt', async () => {
    expect(await edgesFrom(roleArn('reports-fn-role'))).toEqual(
      [
        {
          type: 'CAN_READ',
          store: bucketArn('customer-archive'),
          confidence: 'high',
          grantedBy: ['identity'],
        },
        // No edge to the public bucket: anyone may read it, so the role adds nothing (public-data-store).
        { type: 'CAN_DECRYPT', store: openKey, confidence: 'high', grantedBy: ['identity'] },
        // The two notification buckets: anyone may write upload-inbox, but only roles may read it.
        { type: 'CAN_READ', store: bucketArn('partner-drop'), confidence: 'high', grantedBy: ['identity'] },
        { type: 'CAN_READ', store: bucketArn('upload-inbox'), confidence: 'high', grantedBy: ['identity'] },
      ].sort((a, b) => a.store.localeCompare(b.store) || a.type.localeCompare(b.type)),
    );
    expect(lockedKey).not.toBe(openKey);
  });

  it('a secret is read cross-account by the role its policy names, and only by it', async () => {
    const other = (name: string) => `arn:aws:iam::${OTHER_ACCOUNT}:role/${name}`;
    // Their own account's partner-public-assets aside (the next cases).
    const secretsOf = async (role: string) =>
      (await edgesFrom(role)).filter((edge) => edge.store !== bucketArn('partner-public-assets'));
    expect(await secretsOf(other('auditor'))).toEqual([
      { type: 'CAN_READ', store: secretArn, confidence: 'high', grantedBy: ['identity'] },
    ]);
    expect(await secretsOf(other('outsider'))).toEqual([]);
  });

  it('classifies the stores and never stores a value', async () => {
    const stores = await cypher<{ id: string; sensitivity: string | null; publicAccess: string }>(
      'MATCH (d:DataStore) RETURN d.id AS id, d.sensitivity AS sensitivity, d.publicAccess AS publicAccess ORDER BY id',
    );
    expect(stores).toEqual(
      [
        { id: bucketArn('customer-archive'), sensitivity: 'data_name', publicAccess: 'none' },
        { id: bucketArn('customer-exports'), sensitivity: 'data_name', publicAccess: 'none' },
        { id: bucketArn('partner-drop'), sensitivity: null, publicAccess: 'none' },
        { id: bucketArn('partner-public-assets'), sensitivity: null, publicAccess: 'none' },
        { id: bucketArn('public-assets'), sensitivity: null, publicAccess: 'public' },
        { id: bucketArn('upload-inbox'), sensitivity: null, publicAccess: 'public' },
        { id: lockedKey, sensitivity: null, publicAccess: 'none' },
        { id: openKey, sensitivity: 'key_protects_data', publicAccess: 'none' },
        { id: secretArn, sensitivity: 'secret', publicAccess: 'none' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const [found] = await cypher<{ values: number }>(
      "MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: STRING AND n[k] CONTAINS 'hunter2') RETURN count(n) AS values",
    );
    expect(found?.values).toBe(0);
  });

  it('a role reading every bucket keeps its privileged-role finding, which names its blast radius', () => {
    // s3:GetObject on "*" was sensitive_data before data stores (docs/iam-escalation.md, method 33): the
    // finding keeps its detection, hence its id, and gains the stores by name; the Deny bucket is absent.
    const finding = theFinding(findings, 'function-url-privileged-role', 'reports');
    // E3 × sensitive_data is high; a function outside any VPC reading data is amplified to critical
    // (docs/exposure.md, the no_vpc_with_data_access amplifier).
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'sensitive_data',
    });
    expect(finding.blastRadius).toEqual({
      counts: { s3_bucket: 3, kms_key: 1 },
      sensitive: 2,
      top: [
        {
          arn: bucketArn('customer-archive'),
          kind: 's3_bucket',
          name: 'customer-archive',
          access: ['CAN_READ'],
          sensitivity: 'data_name',
        },
        {
          arn: openKey,
          kind: 'kms_key',
          name: openKey,
          access: ['CAN_DECRYPT'],
          sensitivity: 'key_protects_data',
        },
        ...['partner-drop', 'upload-inbox'].map((name) => ({
          arn: bucketArn(name),
          kind: 's3_bucket',
          name,
          access: ['CAN_READ'],
          sensitivity: null,
        })),
      ],
    });
    expect(JSON.stringify(finding)).not.toContain('customer-exports');
    expect(
      findings.filter(
        (f) => f.function?.name === 'reports' && f.detection === 'exposed-function-reaches-data',
      ),
    ).toEqual([]);
  });

  it('a role scoped to one sensitive bucket is exposed-function-reaches-data, naming that bucket', () => {
    const finding = theFinding(findings, 'exposed-function-reaches-data', 'archive');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'sensitive_data',
    });
    // The public bucket is readable by anyone: not part of what the role's credentials add.
    expect(finding.blastRadius).toEqual({
      counts: { s3_bucket: 1 },
      sensitive: 1,
      top: [
        {
          arn: bucketArn('customer-archive'),
          kind: 's3_bucket',
          name: 'customer-archive',
          access: ['CAN_READ'],
          sensitivity: 'data_name',
        },
      ],
    });
    expect(finding.evidence.filter((e) => e.source === bucketArn('customer-archive'))).toHaveLength(1);
    // Reported once: not also by the function URL's privileged-role rule.
    expect(
      findings.filter(
        (f) => f.function?.name === 'archive' && f.detection === 'function-url-privileged-role',
      ),
    ).toEqual([]);
  });

  it('a public bucket is a finding of its own; the private ones are not', () => {
    const open = findings.filter((f) => f.detection === 'public-data-store');
    expect(open.map((f) => [f.entryPoint.arn, f.exposure, f.severity, f.confidence]).sort()).toEqual([
      [bucketArn('public-assets'), 'public_unauthenticated', 'medium', 'high'],
      // Writable by anyone: high (docs/data-stores.md).
      [bucketArn('upload-inbox'), 'public_unauthenticated', 'high', 'high'],
    ]);
    expect(open.find((f) => f.entryPoint.arn === bucketArn('public-assets'))?.evidence[0]?.text).toBe(
      'open to everyone through resource_policy: CAN_READ',
    );
  });

  it('a public bucket policy in an account whose block restricts public buckets is not public', async () => {
    const rows = await cypher<{ id: string; access: string; restrict: boolean | null }>(
      `MATCH (b:S3Bucket) WHERE b.id IN $ids
       RETURN b.id AS id, b.publicAccess AS access, b.accountRestrictPublicBuckets AS restrict ORDER BY id`,
      { ids: [bucketArn('partner-public-assets'), bucketArn('public-assets')] },
    );
    expect(rows).toEqual([
      { id: bucketArn('partner-public-assets'), access: 'none', restrict: true },
      // Its look-alike in an account without a block: public.
      { id: bucketArn('public-assets'), access: 'public', restrict: false },
    ]);
    expect(findings.filter((f) => f.entryPoint.arn === bucketArn('partner-public-assets'))).toEqual([]);
    // The reader of every bucket, in the other account: its public statement grants it nothing (it did
    // before the restriction was read); a role of the bucket's own account is still granted by it.
    const readers = await cypher<{ role: string; grantedBy: string[] }>(
      `MATCH (r:AWSRole)-[e:CAN_READ]->(:S3Bucket {id: $bucket}) RETURN r.id AS role, e.grantedBy AS grantedBy ORDER BY role`,
      { bucket: bucketArn('partner-public-assets') },
    );
    expect(readers).toEqual([
      { role: `arn:aws:iam::${OTHER_ACCOUNT}:role/auditor`, grantedBy: ['resource_policy'] },
      { role: `arn:aws:iam::${OTHER_ACCOUNT}:role/outsider`, grantedBy: ['resource_policy'] },
    ]);
  });

  it('a bucket anyone may write that triggers an admin function is a chain; one named writer is not', () => {
    const chains = findings.filter((f) => f.detection === 'public-bucket-triggers-privileged-function');
    expect(
      chains.map((f) => [f.entryPoint.kind, f.entryPoint.arn, f.function?.name, f.privilege, f.severity]),
    ).toEqual([['resource_policy', bucketArn('upload-inbox'), 'ingest', 'admin', 'critical']]);
    expect(chains[0]?.path.map((p) => p.name).slice(0, 4)).toEqual([
      'internet',
      'upload-inbox',
      'ingest',
      'ingest-role',
    ]);
  });
});
