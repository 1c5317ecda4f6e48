/**
 * Data-stores unit → rows: buckets, tables, secrets, parameters and keys with their policies (kept as text
 * when they do not parse, like every other policy), public ACL grants as typed lists, and the KMS key each
 * store is encrypted with when the unit can resolve it (key ARN, key id or alias of this region).
 */
import type { Grant, LambdaFunctionConfiguration } from '@aws-sdk/client-s3';
import { partitionOfRegion } from '../../iam/partition.js';
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import { jsonOrNull, lambdaReference, policyTextOrRaw, textOrNull, unusableLambdaTarget } from './values.js';

/** The ACL grantee groups that make a bucket public (S3 User Guide, "Access control list (ACL) overview"). */
export const ALL_USERS_URI = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS_URI = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export const bucketArn = (region: string, name: string) => `arn:${partitionOfRegion(region)}:s3:::${name}`;

/** A parameter's ARN: the name without its leading slash after `parameter/` (SSM API reference). */
export const parameterArn = (region: string, accountId: string, name: string) =>
  `arn:${partitionOfRegion(region)}:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`;

export function transformDataStores(unit: UnitInput<'datastores'>) {
  const rows = new GraphRowsBuilder();
  const data = unit.data;
  const policy = (raw: string | undefined, where: string) =>
    raw === undefined ? null : policyTextOrRaw(raw, `${where}`, (message) => rows.warn(message));
  const keyOf = keyResolver(unit);
  // undefined: a snapshot from before it was collected; null: the account has no block configured.
  const account = data.accountPublicAccessBlock;
  const accountFlag = (flag: boolean | undefined) => (account === undefined ? null : flag === true);

  for (const key of data.keys) {
    if (!key.Arn || !key.KeyId) continue;
    rows.node('KMSKey', key.Arn, {
      keyId: key.KeyId,
      keyManager: textOrNull(key.KeyManager),
      keyState: textOrNull(key.KeyState),
      policyJson: policy(data.keyPolicies[key.Arn], `key policy of ${key.Arn}`),
      aliases: data.keyAliases
        .filter((alias) => alias.TargetKeyId === key.KeyId && alias.AliasName)
        .map((alias) => alias.AliasName!),
      grantsJson: jsonOrNull(
        (data.keyGrants[key.Arn] ?? []).map(
          (grant: { GranteePrincipal?: string; Operations?: string[] }) => ({
            granteePrincipal: grant.GranteePrincipal ?? null,
            operations: grant.Operations ?? [],
          }),
        ),
      ),
    });
  }
  const encryptedWith = (
    name: 'bucketEncryptedWith' | 'tableEncryptedWith' | 'secretEncryptedWith' | 'parameterEncryptedWith',
    from: string,
    key: string | undefined,
  ) => {
    const arn = keyOf(key);
    if (arn) rows.relationship(name, from, arn, {});
  };

  for (const bucket of data.buckets) {
    const name = bucket.Name;
    if (!name) continue;
    const arn = bucketArn(unit.region, name);
    const block = data.bucketPublicAccessBlocks[name];
    const grants = data.bucketAclGrants[name] ?? [];
    const rule = data.bucketEncryption[name]?.[0]?.ApplyServerSideEncryptionByDefault;
    rows.node('S3Bucket', arn, {
      name,
      policyJson: policy(data.bucketPolicies[name], `bucket policy of ${name}`),
      blockPublicAcls: block?.BlockPublicAcls ?? null,
      ignorePublicAcls: block?.IgnorePublicAcls ?? null,
      blockPublicPolicy: block?.BlockPublicPolicy ?? null,
      restrictPublicBuckets: block?.RestrictPublicBuckets ?? null,
      accountIgnorePublicAcls: accountFlag(account?.IgnorePublicAcls),
      accountRestrictPublicBuckets: accountFlag(account?.RestrictPublicBuckets),
      aclAllUsers: permissionsOf(grants, ALL_USERS_URI),
      aclAuthenticatedUsers: permissionsOf(grants, AUTHENTICATED_USERS_URI),
      encryptionAlgorithm: textOrNull(rule?.SSEAlgorithm),
      encryptionKeyId: textOrNull(rule?.KMSMasterKeyID),
      tagsJson: jsonOrNull(data.bucketTags[name] ?? []),
    });
    encryptedWith('bucketEncryptedWith', arn, rule?.KMSMasterKeyID);
    linkTriggered(rows, arn, data.bucketLambdaNotifications?.[name] ?? []);
  }
  for (const table of data.tables) {
    const arn = table.TableArn;
    if (!arn) continue;
    const key = table.SSEDescription?.KMSMasterKeyArn;
    rows.node('DynamoDBTable', arn, {
      name: textOrNull(table.TableName),
      policyJson: policy(data.tablePolicies[arn], `resource policy of ${arn}`),
      encryptionKeyId: textOrNull(key),
      tagsJson: jsonOrNull(data.tableTags[arn] ?? []),
    });
    encryptedWith('tableEncryptedWith', arn, key);
  }
  for (const secret of data.secrets) {
    if (!secret.ARN) continue;
    rows.node('SecretsManagerSecret', secret.ARN, {
      name: textOrNull(secret.Name),
      policyJson: policy(data.secretPolicies[secret.ARN], `resource policy of ${secret.ARN}`),
      encryptionKeyId: textOrNull(secret.KmsKeyId),
      tagsJson: jsonOrNull(secret.Tags ?? []),
    });
    encryptedWith('secretEncryptedWith', secret.ARN, secret.KmsKeyId ?? 'alias/aws/secretsmanager');
  }
  for (const parameter of data.parameters) {
    if (!parameter.Name) continue;
    const arn = parameterArn(unit.region, unit.accountId, parameter.Name);
    rows.node('SSMParameter', arn, {
      name: parameter.Name,
      type: textOrNull(parameter.Type),
      encryptionKeyId: textOrNull(parameter.KeyId),
    });
    if (parameter.Type === 'SecureString') encryptedWith('parameterEncryptedWith', arn, parameter.KeyId);
  }
  return rows.build();
}

/**
 * One TRIGGERS edge per function or alias the bucket's notifications name, with the events of all the
 * configurations naming it (S3 allows several, with different prefixes or events). A version ARN runs
 * that version's code but the function's role, like every other transform's edge to a version.
 */
function linkTriggered(
  rows: GraphRowsBuilder,
  bucket: string,
  configurations: readonly LambdaFunctionConfiguration[],
): void {
  const targets = new Map<string, { alias: boolean; qualifier: string | null; events: Set<string> }>();
  for (const configuration of configurations) {
    const target = lambdaReference(configuration.LambdaFunctionArn);
    if (!target) {
      const problem = unusableLambdaTarget(configuration.LambdaFunctionArn);
      if (problem) rows.warn(`notification of ${bucket}: ${problem}`);
      continue;
    }
    const entry = targets.get(target.id) ?? {
      alias: target.label === 'LambdaAlias',
      qualifier: target.qualifier,
      events: new Set<string>(),
    };
    for (const event of configuration.Events ?? []) entry.events.add(event);
    targets.set(target.id, entry);
  }
  for (const [to, { alias, qualifier, events }] of targets) {
    const edge = alias ? 'bucketTriggersAlias' : 'bucketTriggersFunction';
    rows.relationship(edge, bucket, to, { events: [...events].sort(), qualifier });
  }
}

function permissionsOf(grants: readonly Grant[], groupUri: string): string[] {
  return grants.flatMap((grant) =>
    grant.Grantee?.Type === 'Group' && grant.Grantee.URI === groupUri && grant.Permission
      ? [grant.Permission]
      : [],
  );
}

/** A key reference (ARN, key id, alias name or alias ARN) → the key ARN, when this unit lists that key. */
function keyResolver(unit: UnitInput<'datastores'>): (reference: string | undefined) => string | undefined {
  const byId = new Map(unit.data.keys.map((key) => [key.KeyId, key.Arn]));
  const byArn = new Set(unit.data.keys.map((key) => key.Arn));
  const byAlias = new Map(
    unit.data.keyAliases.flatMap((alias) =>
      alias.AliasName && alias.TargetKeyId ? [[alias.AliasName, byId.get(alias.TargetKeyId)] as const] : [],
    ),
  );
  return (reference) => {
    if (!reference) return undefined;
    if (byArn.has(reference)) return reference;
    const alias = reference.includes(':alias/')
      ? reference.slice(reference.indexOf(':alias/') + 1)
      : reference;
    return byId.get(reference) ?? byAlias.get(alias);
  };
}
