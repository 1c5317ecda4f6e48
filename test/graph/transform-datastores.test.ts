import { describe, expect, it } from 'vitest';
import { transformDataStores } from '../../src/graph/transform/datastores.js';
import type { DataStoresData } from '../../src/snapshot/datastores-format.js';
import type { Jsonified } from '../../src/snapshot/format.js';
import {
  ACCOUNT,
  dataStoresData,
  KEY_ARN,
  REGION,
  SECRET_ARN,
  TABLE_ARN,
} from '../fixtures/aws/datastores.js';

const data = JSON.parse(JSON.stringify(dataStoresData)) as Jsonified<DataStoresData>;
const rows = transformDataStores({ accountId: ACCOUNT, region: REGION, data });
const byId = (label: keyof typeof rows.nodes, id: string) =>
  (rows.nodes[label] ?? []).find((row) => row.id === id)?.props as Record<string, unknown> | undefined;

describe('transformDataStores', () => {
  it('writes one node per store with its policy decoded, and never a value', () => {
    expect(
      Object.fromEntries(Object.entries(rows.nodes).map(([label, list]) => [label, list!.map((r) => r.id)])),
    ).toEqual({
      KMSKey: [KEY_ARN],
      S3Bucket: ['arn:aws:s3:::customer-exports', 'arn:aws:s3:::public-assets'],
      DynamoDBTable: [TABLE_ARN],
      SecretsManagerSecret: [SECRET_ARN],
      SSMParameter: [
        `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db/password`,
        `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/feature-flags`,
      ],
    });
    const bucket = byId('S3Bucket', 'arn:aws:s3:::customer-exports')!;
    expect(JSON.parse(bucket.policyJson as string).Statement[0].Sid).toBe('DenyReports');
    expect(bucket).toMatchObject({
      blockPublicPolicy: true,
      aclAllUsers: [],
      encryptionAlgorithm: 'aws:kms',
    });
    expect(rows.warnings).toEqual([]);
  });

  it('types the ACL grants to AllUsers and AuthenticatedUsers; no block configured is null, not false', () => {
    expect(byId('S3Bucket', 'arn:aws:s3:::public-assets')).toMatchObject({
      aclAllUsers: ['READ'],
      aclAuthenticatedUsers: ['WRITE'],
      blockPublicAcls: null,
      restrictPublicBuckets: null,
      policyJson: null,
    });
  });

  it('copies the account-level block onto every bucket; not collected (an older snapshot) is null', () => {
    const withAccountBlock = transformDataStores({
      accountId: ACCOUNT,
      region: REGION,
      data: { ...data, accountPublicAccessBlock: { IgnorePublicAcls: true, BlockPublicPolicy: true } },
    });
    const none = transformDataStores({
      accountId: ACCOUNT,
      region: REGION,
      data: { ...data, accountPublicAccessBlock: null },
    });
    for (const bucket of withAccountBlock.nodes.S3Bucket!)
      expect(bucket.props).toMatchObject({
        accountIgnorePublicAcls: true,
        accountRestrictPublicBuckets: false,
      });
    for (const bucket of none.nodes.S3Bucket!)
      expect(bucket.props).toMatchObject({
        accountIgnorePublicAcls: false,
        accountRestrictPublicBuckets: false,
      });
    const { accountPublicAccessBlock: _, ...older } = data;
    for (const bucket of transformDataStores({ accountId: ACCOUNT, region: REGION, data: older }).nodes
      .S3Bucket!)
      expect(bucket.props).toMatchObject({
        accountIgnorePublicAcls: null,
        accountRestrictPublicBuckets: null,
      });
  });

  it('links a bucket to the functions its notifications call: alias ARN to the alias, version to the function', () => {
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`;
    const edges = (name: 'bucketTriggersFunction' | 'bucketTriggersAlias') =>
      rows.relationships[name]?.map((r) => [r.from, r.to, r.props]);
    expect(edges('bucketTriggersFunction')).toEqual([
      [
        'arn:aws:s3:::public-assets',
        `${fn}:thumbnailer`,
        { events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'], qualifier: null },
      ],
      ['arn:aws:s3:::public-assets', `${fn}:archiver`, { events: ['s3:ObjectCreated:Copy'], qualifier: '7' }],
    ]);
    expect(edges('bucketTriggersAlias')).toEqual([
      [
        'arn:aws:s3:::public-assets',
        `${fn}:indexer:live`,
        { events: ['s3:ObjectCreated:Put'], qualifier: 'live' },
      ],
    ]);
  });

  it('names a notification target AWS would not accept instead of dropping it silently', () => {
    const damaged = JSON.parse(JSON.stringify(data)) as typeof data;
    damaged.bucketLambdaNotifications = {
      'public-assets': [
        { LambdaFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bad name`, Events: [] },
      ],
    };
    const result = transformDataStores({ accountId: ACCOUNT, region: REGION, data: damaged });
    expect(result.relationships.bucketTriggersFunction ?? []).toEqual([]);
    expect(result.warnings).toEqual([
      expect.stringContaining('notification of arn:aws:s3:::public-assets: Lambda target'),
    ]);
  });

  it('reads a snapshot collected before notifications were: no edge, no warning', () => {
    const { bucketLambdaNotifications: _, ...older } = data;
    const result = transformDataStores({ accountId: ACCOUNT, region: REGION, data: older });
    expect(result.relationships.bucketTriggersFunction ?? []).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('resolves the encryption key through key ids, ARNs and aliases of the region', () => {
    expect(rows.relationships.bucketEncryptedWith?.map((r) => [r.from, r.to])).toEqual([
      ['arn:aws:s3:::customer-exports', KEY_ARN],
    ]);
    expect(rows.relationships.tableEncryptedWith?.map((r) => r.to)).toEqual([KEY_ARN]);
    expect(rows.relationships.secretEncryptedWith?.map((r) => r.to)).toEqual([KEY_ARN]);
    expect(rows.relationships.parameterEncryptedWith?.map((r) => r.from)).toEqual([
      `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db/password`,
    ]);
    expect(byId('KMSKey', KEY_ARN)).toMatchObject({
      aliases: ['alias/exports'],
      grantsJson: JSON.stringify([
        { granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/reports`, operations: ['Decrypt'] },
      ]),
    });
  });

  it('keeps an unreadable policy as text with a warning, never as "no policy"', () => {
    const broken = { ...data, secretPolicies: { [SECRET_ARN]: '{"Statement": [' } };
    const result = transformDataStores({ accountId: ACCOUNT, region: REGION, data: broken });
    const secret = result.nodes.SecretsManagerSecret?.[0]?.props;
    expect(secret?.policyJson).toBe(JSON.stringify('{"Statement": ['));
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(SECRET_ARN);
  });
});
