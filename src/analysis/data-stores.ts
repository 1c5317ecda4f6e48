/**
 * Pure: what the analysis decides about data stores (docs/data-stores.md): which are sensitive (one
 * classification table), which actions stand for reading, writing and decrypting each kind (one access
 * table), and which stores are open to everyone through their own policy or ACL.
 */
import type { ActionCatalog } from '../iam/catalog.js';
import { and, not, or, type Truth } from '../iam/condition-eval.js';
import { conditionsTruth, matchStatement } from '../iam/evaluate.js';
import type { Policy, Statement } from '../iam/policy.js';
import { isPublicPrincipal } from '../iam/principal.js';

export const DATA_STORE_KINDS = [
  's3_bucket',
  'dynamodb_table',
  'secret',
  'ssm_parameter',
  'kms_key',
] as const;
export type DataStoreKind = (typeof DATA_STORE_KINDS)[number];

/** The graph label of each kind (src/graph/schema.ts). */
export const DATA_STORE_LABELS = {
  s3_bucket: 'S3Bucket',
  dynamodb_table: 'DynamoDBTable',
  secret: 'SecretsManagerSecret',
  ssm_parameter: 'SSMParameter',
  kms_key: 'KMSKey',
} as const satisfies Record<DataStoreKind, string>;

export type DataAccessType = 'CAN_READ' | 'CAN_WRITE' | 'CAN_DECRYPT';
export const DATA_ACCESS_TYPES: readonly DataAccessType[] = ['CAN_READ', 'CAN_WRITE', 'CAN_DECRYPT'];

export interface AccessRule {
  /** Any one of these actions gives the access (Service Authorization Reference). */
  readonly anyOf: readonly string[];
  /** The resource the actions are asked on: an object of a bucket, the store itself. */
  readonly resource: (arn: string) => string;
}

const itself = (arn: string) => arn;
/** Object actions name `arn:aws:s3:::bucket/key`: any object of the bucket. */
const anyObject = (arn: string) => `${arn}/*`;

/**
 * The access table: which actions on which resource read, write or decrypt each kind. Only what reaches the
 * data itself (the values), never its metadata.
 */
export const DATA_ACCESS: Record<DataStoreKind, Partial<Record<DataAccessType, AccessRule>>> = {
  s3_bucket: {
    CAN_READ: { anyOf: ['s3:GetObject', 's3:GetObjectVersion'], resource: anyObject },
    CAN_WRITE: { anyOf: ['s3:PutObject', 's3:DeleteObject'], resource: anyObject },
  },
  dynamodb_table: {
    CAN_READ: {
      anyOf: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem'],
      resource: itself,
    },
    CAN_WRITE: {
      anyOf: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      resource: itself,
    },
  },
  secret: {
    CAN_READ: { anyOf: ['secretsmanager:GetSecretValue'], resource: itself },
    CAN_WRITE: { anyOf: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret'], resource: itself },
  },
  ssm_parameter: {
    CAN_READ: {
      anyOf: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParameterHistory'],
      resource: itself,
    },
    CAN_WRITE: { anyOf: ['ssm:PutParameter'], resource: itself },
  },
  kms_key: {
    CAN_DECRYPT: { anyOf: ['kms:Decrypt'], resource: itself },
  },
};

/** Kinds whose own policy is authoritative: identity grants count only where it delegates to the account. */
export const AUTHORITATIVE_POLICY: ReadonlySet<DataStoreKind> = new Set(['kms_key']);

/** What the analysis reads of a data store (graph properties, docs/schema.md). */
export interface DataStoreFacts {
  readonly id: string;
  readonly kind: DataStoreKind;
  readonly name: string | null;
  readonly accountId: string;
  readonly policyJson: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** SSM parameters: String, StringList or SecureString. */
  readonly parameterType: string | null;
  /** KMS keys: whether a collected bucket, table, secret or parameter is encrypted with it. */
  readonly protectsData: boolean;
  /** The collected KMS key (ARN) the store is encrypted with, when the unit resolved it. */
  readonly encryptionKey?: string | null;
  /** KMS keys: `AWS` (an AWS managed key) or `CUSTOMER`. */
  readonly keyManager?: string | null;
  /** KMS keys: the grantee principals of the key's grants that allow Decrypt (ListGrants). */
  readonly decryptGrantees?: readonly string[];
  /** S3: bucket-level public access block; null when none is configured. */
  readonly ignorePublicAcls: boolean | null;
  readonly restrictPublicBuckets: boolean | null;
  /** S3: the account-level public access block; null when not collected (older snapshots). */
  readonly accountIgnorePublicAcls?: boolean | null;
  readonly accountRestrictPublicBuckets?: boolean | null;
  /** S3: permissions the ACL grants to AllUsers and to AuthenticatedUsers. */
  readonly aclAllUsers: readonly string[];
  readonly aclAuthenticatedUsers: readonly string[];
}

export type Sensitivity =
  | 'secret'
  | 'secure_string'
  | 'key_protects_data'
  | 'classification_tag'
  | 'data_name'
  | 'secret_looking_name';

/** Tag keys people use to classify data (lower-cased), and the values that mean "not sensitive". */
const CLASSIFICATION_TAG_KEYS = new Set([
  'data-classification',
  'dataclassification',
  'data_classification',
  'classification',
  'sensitivity',
  'confidentiality',
  'pii',
]);
const NOT_SENSITIVE_VALUES = new Set(['public', 'none', 'false', 'no', 'non-sensitive', 'nonsensitive']);
/** Words in a bucket or table name that say it holds people's or business data. */
const DATA_NAME =
  /(^|[-_./])(customers?|users?|pii|personal|patients?|payments?|billing|invoices?|orders?|payroll|hr|finance|exports?|backups?|dumps?|confidential|private|secrets?|credentials?)([-_./]|$)/i;
/** Parameter names people give secrets (as for Lambda environment variable names). */
const SECRET_NAME = /(secret|passw(or)?d|pwd|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)/i;

/**
 * The classification table: the first rule that holds classes the store sensitive, and names why. A store
 * no rule matches is not sensitive (it can still be public or written to).
 */
const SENSITIVITY_RULES: readonly {
  readonly why: Sensitivity;
  readonly holds: (s: DataStoreFacts) => boolean;
}[] = [
  { why: 'secret', holds: (s) => s.kind === 'secret' },
  { why: 'secure_string', holds: (s) => s.kind === 'ssm_parameter' && s.parameterType === 'SecureString' },
  { why: 'key_protects_data', holds: (s) => s.kind === 'kms_key' && s.protectsData },
  {
    why: 'classification_tag',
    holds: (s) =>
      (s.kind === 's3_bucket' || s.kind === 'dynamodb_table') &&
      Object.entries(s.tags).some(
        ([key, value]) =>
          CLASSIFICATION_TAG_KEYS.has(key.toLowerCase()) && !NOT_SENSITIVE_VALUES.has(value.toLowerCase()),
      ),
  },
  {
    why: 'data_name',
    holds: (s) => (s.kind === 's3_bucket' || s.kind === 'dynamodb_table') && DATA_NAME.test(s.name ?? ''),
  },
  { why: 'secret_looking_name', holds: (s) => s.kind === 'ssm_parameter' && SECRET_NAME.test(s.name ?? '') },
];

export function classifyDataStore(store: DataStoreFacts): Sensitivity | null {
  return SENSITIVITY_RULES.find((rule) => rule.holds(store))?.why ?? null;
}

/** How a store is open to everyone by its own configuration. */
export interface PublicAccess {
  /** `public`: anyone, unconditionally; `conditional`: anyone, if open conditions hold. */
  readonly level: 'public' | 'conditional' | 'none';
  /** What opens it: `resource_policy`, `acl_all_users`, `acl_authenticated_users`. */
  readonly via: readonly string[];
  readonly access: readonly DataAccessType[];
  /** What anyone has without any condition: no role's credentials add it (no edge, docs/data-stores.md). */
  readonly unconditional: readonly DataAccessType[];
}

/** What the S3 ACL permissions give (S3 User Guide, "Access control list (ACL) overview"). */
const ACL_ACCESS: Readonly<Record<string, readonly DataAccessType[]>> = {
  READ: ['CAN_READ'],
  WRITE: ['CAN_WRITE'],
  FULL_CONTROL: ['CAN_READ', 'CAN_WRITE'],
};

/**
 * Anyone's access through the store's policy (statements whose principal is `*`, `{"AWS": "*"}` or a
 * NotPrincipal; conditions nobody outside can be known to meet are open) and, for buckets, its ACL. The
 * public access block of the bucket or of its account lifts what it blocks (IgnorePublicAcls: the ACL,
 * RestrictPublicBuckets: a public policy); S3 applies the most restrictive of the two. An account block
 * that was not collected lifts nothing (docs/data-stores.md).
 */
/**
 * RestrictPublicBuckets on the bucket or on its account (S3 applies the most restrictive of the two): a
 * public policy then grants only within the owner's account and to AWS services.
 */
export function restrictsPublicPolicy(store: DataStoreFacts): boolean {
  return (
    store.kind === 's3_bucket' &&
    (store.restrictPublicBuckets === true || store.accountRestrictPublicBuckets === true)
  );
}

/** IgnorePublicAcls on the bucket or on its account: public ACL grants count for nothing. */
function ignoresPublicAcls(store: DataStoreFacts): boolean {
  return store.ignorePublicAcls === true || store.accountIgnorePublicAcls === true;
}

/** A statement whose principal is anyone: `*`, `{"AWS": "*"}`, or a NotPrincipal. */
export function isPublicStatement(statement: Statement): boolean {
  return (
    statement.notPrincipal !== undefined ||
    (statement.principal !== undefined && isPublicPrincipal(statement.principal))
  );
}

export function publicAccess(
  catalog: ActionCatalog,
  store: DataStoreFacts,
  policy: Policy | undefined,
): PublicAccess {
  const via = new Set<string>();
  const truths = new Map<DataAccessType, Truth[]>();
  const add = (access: DataAccessType, truth: Truth, source: string) => {
    if (truth === false) return;
    truths.set(access, [...(truths.get(access) ?? []), truth]);
    via.add(source);
  };
  if (policy && !restrictsPublicPolicy(store)) {
    for (const [access, rule] of Object.entries(DATA_ACCESS[store.kind]) as [DataAccessType, AccessRule][]) {
      add(access, anyoneMay(catalog, policy, rule, store.id), 'resource_policy');
    }
  }
  if (store.kind === 's3_bucket' && !ignoresPublicAcls(store)) {
    for (const [group, permissions] of [
      ['acl_all_users', store.aclAllUsers],
      ['acl_authenticated_users', store.aclAuthenticatedUsers],
    ] as const) {
      for (const permission of permissions)
        for (const access of ACL_ACCESS[permission] ?? []) add(access, true, group);
    }
  }
  const access = [...truths.keys()].sort();
  const all = or([...truths.values()].flat());
  const level = all === true ? 'public' : all === 'unknown' ? 'conditional' : 'none';
  const unconditional = access.filter((type) => or(truths.get(type)!) === true);
  return {
    level,
    via: level === 'none' ? [] : [...via].sort(),
    access: level === 'none' ? [] : access,
    unconditional,
  };
}

/** Whether anyone at all may use one of the rule's actions, by the policy alone. */
function anyoneMay(catalog: ActionCatalog, policy: Policy, rule: AccessRule, arn: string): Truth {
  const resource = rule.resource(arn);
  const nobodyKnown = { context: () => ({ kind: 'unknown' as const }) };
  return or(
    rule.anyOf.map((action) => {
      const applies = (effect: 'Allow' | 'Deny') =>
        policy.statements
          .filter((s) => s.effect === effect && isPublicStatement(s))
          .map((s) => {
            const match = matchStatement(catalog, s, action.toLowerCase(), {
              resource,
              callerWantsMatch: effect === 'Allow',
            });
            return match
              ? and([match.truth, conditionsTruth(s.conditions, nobodyKnown, effect === 'Allow')])
              : false;
          });
      return and([or(applies('Allow')), not(or(applies('Deny')))]);
    }),
  );
}
