/**
 * Data stores, per region (docs/data-stores.md): the account-level S3 public access block; S3 buckets
 * located in the region with their policy, public access block, ACL grants, default encryption, tags and the Lambda functions their event notifications call; DynamoDB tables with their resource policy and
 * tags; Secrets Manager secrets (ListSecrets metadata) with their resource policy; SSM parameters (names,
 * types); KMS keys with their key policy, aliases and grants. Metadata only: no call here reads a value.
 * "This resource has none" answers become absent entries; any other failure (AccessDenied included) fails
 * the whole unit, so the graph keeps the previous scan's data stores instead of losing them.
 */
import {
  DescribeTableCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  GetResourcePolicyCommand as TablePolicyCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import {
  ListSecretsCommand,
  GetResourcePolicyCommand as SecretPolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import type { DataStoresData } from '../../snapshot/datastores-format.js';
import { AwsCallError } from '../errors.js';
import type { UnitContext } from '../unit.js';

/** Error names meaning "the resource has no such configuration" (each API's documented error). */
const NOT_CONFIGURED = new Set([
  'NoSuchBucketPolicy',
  'NoSuchPublicAccessBlockConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchTagSet',
  'PolicyNotFoundException',
  'ResourceNotFoundException',
]);

async function unlessNotConfigured<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    const cause = error instanceof AwsCallError ? error.cause : error;
    if (NOT_CONFIGURED.has((cause as { name?: string } | undefined)?.name ?? '')) return undefined;
    throw error;
  }
}

type Entries<T> = (readonly [string, T | undefined])[];
const present = <T>(entries: Entries<T>): Record<string, T> =>
  Object.fromEntries(entries.filter((entry): entry is readonly [string, T] => entry[1] !== undefined));

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list?.length ? list : undefined);

export async function collectDataStores(ctx: UnitContext): Promise<DataStoresData> {
  const [s3, dynamodb, secrets, parameters, keys] = [
    await collectBuckets(ctx),
    await collectTables(ctx),
    await collectSecrets(ctx),
    await collectParameters(ctx),
    await collectKeys(ctx),
  ];
  return { ...s3, ...dynamodb, ...secrets, ...parameters, ...keys };
}

async function collectBuckets(ctx: UnitContext) {
  const s3 = ctx.clients('s3', ctx.region);
  const buckets = await ctx.list(
    'ListBuckets',
    (ContinuationToken) =>
      s3.send(new ListBucketsCommand({ BucketRegion: ctx.region, ContinuationToken, MaxBuckets: 1000 })),
    (page) => page.ContinuationToken,
    (page) => page.Buckets,
  );
  // An endpoint that ignores BucketRegion answers every bucket: keep only this region's.
  const here = buckets.filter((bucket) => !bucket.BucketRegion || bucket.BucketRegion === ctx.region);
  ctx.count('buckets', here.length);
  const details = await ctx.each(here, async (bucket) => {
    const Bucket = bucket.Name!;
    const ask = <T>(api: string, send: () => Promise<T>) => unlessNotConfigured(() => ctx.call(api, send));
    const policy = await ask('GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket })));
    const block = await ask('GetPublicAccessBlock', () =>
      s3.send(new GetPublicAccessBlockCommand({ Bucket })),
    );
    const acl = await ctx.call('GetBucketAcl', () => s3.send(new GetBucketAclCommand({ Bucket })));
    const encryption = await ask('GetBucketEncryption', () =>
      s3.send(new GetBucketEncryptionCommand({ Bucket })),
    );
    const tags = await ask('GetBucketTagging', () => s3.send(new GetBucketTaggingCommand({ Bucket })));
    // A bucket without notifications answers an empty configuration, never an error: any failure is one.
    const notifications = await ctx.call('GetBucketNotificationConfiguration', () =>
      s3.send(new GetBucketNotificationConfigurationCommand({ Bucket })),
    );
    return { Bucket, policy, block, acl, encryption, tags, notifications };
  });
  // The account-level block applies to every bucket of the account, with the bucket's own (S3 applies the
  // most restrictive combination). Read once per region unit, next to the buckets it judges.
  const s3control = ctx.clients('s3control', ctx.region);
  const accountBlock = await unlessNotConfigured(() =>
    ctx.call('GetPublicAccessBlock (S3 Control)', () =>
      s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.accountId })),
    ),
  );
  return {
    buckets: here,
    accountPublicAccessBlock: accountBlock?.PublicAccessBlockConfiguration ?? null,
    bucketPolicies: present(details.map((d) => [d.Bucket, d.policy?.Policy] as const)),
    bucketPublicAccessBlocks: present(
      details.map((d) => [d.Bucket, d.block?.PublicAccessBlockConfiguration] as const),
    ),
    bucketAclGrants: present(details.map((d) => [d.Bucket, d.acl.Grants ?? []] as const)),
    bucketEncryption: present(
      details.map((d) => [d.Bucket, d.encryption?.ServerSideEncryptionConfiguration?.Rules] as const),
    ),
    bucketTags: present(details.map((d) => [d.Bucket, d.tags?.TagSet] as const)),
    bucketLambdaNotifications: present(
      details.map((d) => [d.Bucket, nonEmpty(d.notifications.LambdaFunctionConfigurations)] as const),
    ),
  };
}

async function collectTables(ctx: UnitContext) {
  const dynamodb = ctx.clients('dynamodb', ctx.region);
  const names = await ctx.list(
    'ListTables',
    (ExclusiveStartTableName) => dynamodb.send(new ListTablesCommand({ ExclusiveStartTableName })),
    (page) => page.LastEvaluatedTableName,
    (page) => page.TableNames,
  );
  ctx.count('tables', names.length);
  const details = await ctx.each(names, async (TableName) => {
    const table = (
      await ctx.call('DescribeTable', () => dynamodb.send(new DescribeTableCommand({ TableName })))
    ).Table!;
    const ResourceArn = table.TableArn!;
    const policy = await unlessNotConfigured(() =>
      ctx.call('GetResourcePolicy', () => dynamodb.send(new TablePolicyCommand({ ResourceArn }))),
    );
    const tags = await ctx.list(
      'ListTagsOfResource',
      (NextToken) => dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn, NextToken })),
      (page) => page.NextToken,
      (page) => page.Tags,
    );
    return { table, policy: policy?.Policy, tags };
  });
  return {
    tables: details.map((d) => d.table),
    tablePolicies: present(details.map((d) => [d.table.TableArn!, d.policy] as const)),
    tableTags: present(details.map((d) => [d.table.TableArn!, d.tags] as const)),
  };
}

async function collectSecrets(ctx: UnitContext) {
  const client = ctx.clients('secretsmanager', ctx.region);
  const secrets = await ctx.list(
    'ListSecrets',
    (NextToken) => client.send(new ListSecretsCommand({ NextToken })),
    (page) => page.NextToken,
    (page) => page.SecretList,
  );
  ctx.count('secrets', secrets.length);
  const policies = await ctx.each(secrets, async (secret) => {
    const answer = await ctx.call('GetResourcePolicy', () =>
      client.send(new SecretPolicyCommand({ SecretId: secret.ARN! })),
    );
    return [secret.ARN!, answer.ResourcePolicy] as const;
  });
  return { secrets, secretPolicies: present(policies) };
}

async function collectParameters(ctx: UnitContext) {
  const ssm = ctx.clients('ssm', ctx.region);
  const parameters = await ctx.list(
    'DescribeParameters',
    (NextToken) => ssm.send(new DescribeParametersCommand({ NextToken, MaxResults: 50 })),
    (page) => page.NextToken,
    (page) => page.Parameters,
  );
  ctx.count('parameters', parameters.length);
  return { parameters };
}

async function collectKeys(ctx: UnitContext) {
  const kms = ctx.clients('kms', ctx.region);
  const listed = await ctx.list(
    'ListKeys',
    (Marker) => kms.send(new ListKeysCommand({ Marker })),
    (page) => (page.Truncated ? page.NextMarker : undefined),
    (page) => page.Keys,
  );
  ctx.count('keys', listed.length);
  const details = await ctx.each(listed, async ({ KeyId }) => {
    const metadata = (await ctx.call('DescribeKey', () => kms.send(new DescribeKeyCommand({ KeyId }))))
      .KeyMetadata!;
    const policy = await ctx.call('GetKeyPolicy', () =>
      kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' })),
    );
    const grants = await ctx.list(
      'ListGrants',
      (Marker) => kms.send(new ListGrantsCommand({ KeyId, Marker })),
      (page) => (page.Truncated ? page.NextMarker : undefined),
      (page) => page.Grants,
    );
    return { metadata, policy: policy.Policy, grants };
  });
  const keyAliases = await ctx.list(
    'ListAliases',
    (Marker) => kms.send(new ListAliasesCommand({ Marker })),
    (page) => (page.Truncated ? page.NextMarker : undefined),
    (page) => page.Aliases,
  );
  return {
    keys: details.map((d) => d.metadata),
    keyPolicies: present(details.map((d) => [d.metadata.Arn!, d.policy] as const)),
    keyAliases,
    keyGrants: present(details.map((d) => [d.metadata.Arn!, d.grants] as const)),
  };
}
