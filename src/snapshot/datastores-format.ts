/**
 * The data-stores unit of one (account, region): S3 buckets located in the region, DynamoDB tables,
 * Secrets Manager secrets, SSM parameters and KMS keys, metadata and policies only (docs/data-stores.md).
 * Values are never read: no object, item, secret value, parameter value or key material is requested.
 * Every member holds the SDK v3 response shapes, keyed by the resource they belong to. A resource that has
 * no policy (AWS answers "not found") has no entry in the policy map; any other failure fails the unit.
 */
import type { Tag as DynamoDBTag, TableDescription } from '@aws-sdk/client-dynamodb';
import type { AliasListEntry, GrantListEntry, KeyMetadata } from '@aws-sdk/client-kms';
import type {
  Bucket,
  Grant,
  LambdaFunctionConfiguration,
  PublicAccessBlockConfiguration,
  Tag as S3Tag,
  ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import type { SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { ParameterMetadata } from '@aws-sdk/client-ssm';

export interface DataStoresData {
  /** ListBuckets (BucketRegion = the unit's region). */
  buckets: Bucket[];
  /** Keyed by bucket name: GetBucketPolicy's Policy. */
  bucketPolicies: Record<string, string>;
  /** Keyed by bucket name: GetPublicAccessBlock (absent = no bucket-level block configured). */
  bucketPublicAccessBlocks: Record<string, PublicAccessBlockConfiguration>;
  /**
   * S3 Control GetPublicAccessBlock for the unit's account: the account-level block, which S3 combines with
   * each bucket's (the most restrictive wins). null: the account has none configured. Optional: snapshots
   * written before it was collected have none, and their buckets are judged without it.
   */
  accountPublicAccessBlock?: PublicAccessBlockConfiguration | null;
  /** Keyed by bucket name: GetBucketAcl's Grants. */
  bucketAclGrants: Record<string, Grant[]>;
  /** Keyed by bucket name: GetBucketEncryption's rules (absent = no default encryption configured). */
  bucketEncryption: Record<string, ServerSideEncryptionRule[]>;
  /** Keyed by bucket name: GetBucketTagging's TagSet. */
  bucketTags: Record<string, S3Tag[]>;
  /**
   * Keyed by bucket name: GetBucketNotificationConfiguration's LambdaFunctionConfigurations (absent = the
   * bucket calls no function). Optional: snapshots written before it was collected have none.
   */
  bucketLambdaNotifications?: Record<string, LambdaFunctionConfiguration[]>;
  /** DescribeTable of every table ListTables names. */
  tables: TableDescription[];
  /** Keyed by table ARN: GetResourcePolicy's Policy. */
  tablePolicies: Record<string, string>;
  /** Keyed by table ARN: ListTagsOfResource. */
  tableTags: Record<string, DynamoDBTag[]>;
  /** ListSecrets (metadata; never GetSecretValue). */
  secrets: SecretListEntry[];
  /** Keyed by secret ARN: GetResourcePolicy's ResourcePolicy. */
  secretPolicies: Record<string, string>;
  /** DescribeParameters (names and types; never GetParameter). */
  parameters: ParameterMetadata[];
  /** DescribeKey of every key ListKeys names. */
  keys: KeyMetadata[];
  /** Keyed by key ARN: GetKeyPolicy (policy name `default`). */
  keyPolicies: Record<string, string>;
  /** ListAliases of the region. */
  keyAliases: AliasListEntry[];
  /** Keyed by key ARN: ListGrants. */
  keyGrants: Record<string, GrantListEntry[]>;
}
