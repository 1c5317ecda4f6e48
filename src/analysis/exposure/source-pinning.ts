/**
 * When a grant to an AWS service is pinned to a source: the one notion every reader of a Lambda resource
 * policy uses (confused deputy, URL grants, REST API policies, invoke permissions). A service acts for
 * every customer, so a grant without a pin lets a resource of any account drive the function
 * (docs/exposure.md "Service principals and source pinning").
 */

import { splitArn } from '../../iam/arn.js';
import type { Condition, Statement } from '../../iam/policy.js';

/** Condition keys that can name the calling resource or its owner. */
export type SourceKey =
  | 'aws:sourcearn'
  | 'aws:sourceaccount'
  | 'aws:sourceowner'
  | 'aws:sourceorgid'
  | 'aws:sourceorgpaths'
  | 'lambda:eventsourcetoken';

export const SOURCE_KEYS: ReadonlySet<string> = new Set<SourceKey>([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'lambda:eventsourcetoken',
]);

export interface ServiceSource {
  /** What the service calls the function for, in the docs' words. */
  readonly role: string;
  /** Keys whose fixed value pins this service's source; any one of them is enough. */
  readonly pinnedBy: readonly SourceKey[];
  /**
   * Whether a resource of another account can be pointed at the function. An ELB target group must be in
   * the function's account, so an unpinned ELB grant is not a cross-account deputy.
   */
  readonly crossAccount: boolean;
  /** The AWS page that documents the permission and its condition. */
  readonly doc: string;
}

const ARN_OR_ACCOUNT: readonly SourceKey[] = [
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
];
/** S3 bucket ARNs carry no account: a bucket name is taken over once deleted, so only the account pins. */
const ACCOUNT_ONLY: readonly SourceKey[] = [
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
];

/**
 * Service principals that invoke Lambda on a customer's behalf through the function's resource policy,
 * with the keys that pin each (docs/exposure.md has this table with its links).
 */
export const SERVICE_SOURCES: Readonly<Record<string, ServiceSource>> = {
  's3.amazonaws.com': {
    role: 'bucket event notifications',
    pinnedBy: ACCOUNT_ONLY,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html',
  },
  'sns.amazonaws.com': {
    role: 'topic subscriptions',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html',
  },
  'sqs.amazonaws.com': {
    role: 'queue deliveries granted through a resource policy',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  },
  'events.amazonaws.com': {
    role: 'EventBridge rule targets',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html',
  },
  'apigateway.amazonaws.com': {
    role: 'API Gateway Lambda integrations and authorizers',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html',
  },
  'cloudfront.amazonaws.com': {
    role: 'CloudFront origin access control to a function URL',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html',
  },
  'iot.amazonaws.com': {
    role: 'IoT topic rule actions',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html',
  },
  'cognito-idp.amazonaws.com': {
    role: 'Cognito user pool triggers',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html',
  },
  'alexa-appkit.amazon.com': {
    role: 'Alexa custom skills',
    pinnedBy: ['lambda:eventsourcetoken'],
    crossAccount: true,
    doc: 'https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-an-aws-lambda-function.html',
  },
  'alexa-connectedhome.amazon.com': {
    role: 'Alexa smart home skills',
    pinnedBy: ['lambda:eventsourcetoken'],
    crossAccount: true,
    doc: 'https://developer.amazon.com/en-US/docs/alexa/smarthome/steps-to-build-a-smart-home-skill.html',
  },
  'ses.amazonaws.com': {
    role: 'SES receipt rule actions',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html',
  },
  'logs.amazonaws.com': {
    role: 'CloudWatch Logs subscription filters',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html',
  },
  'config.amazonaws.com': {
    role: 'AWS Config custom rules',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_lambda-functions.html',
  },
  'secretsmanager.amazonaws.com': {
    role: 'Secrets Manager rotation',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html',
  },
  'appsync.amazonaws.com': {
    role: 'AppSync Lambda data sources and authorizers',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html',
  },
  'kafka.amazonaws.com': {
    role: 'Amazon MSK',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/lambda/latest/dg/with-msk.html',
  },
  'lex.amazonaws.com': {
    role: 'Lex bot code hooks',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/lexv2/latest/dg/lambda-attach.html',
  },
  'connect.amazonaws.com': {
    role: 'Amazon Connect contact flows',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: true,
    doc: 'https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html',
  },
  'elasticloadbalancing.amazonaws.com': {
    role: 'ALB target groups (same account only)',
    pinnedBy: ARN_OR_ACCOUNT,
    crossAccount: false,
    doc: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html',
  },
};

/** CloudWatch Logs also signs as `logs.<region>.amazonaws.com` (older subscription filters). */
const REGIONAL_LOGS = /^logs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** The table entry of a service principal; unknown services get none (and are reported as such). */
export function serviceSource(service: string): ServiceSource | undefined {
  const name = service.toLowerCase();
  return (
    SERVICE_SOURCES[name] ?? (REGIONAL_LOGS.test(name) ? SERVICE_SOURCES['logs.amazonaws.com'] : undefined)
  );
}

/** `*`, `?` and policy variables make a value match what nobody chose. */
const NOT_FIXED = /[*?]|\$\{/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Whether one condition pins the source: a source key, a positive operator without IfExists or a set
 * qualifier (those also pass when the key is absent or empty), and every value fixed where it names the
 * owner. A SourceArn pins when its account segment is a fixed account id; `arn:aws:s3:::*`,
 * `arn:aws:sns:*:*:*` or an ArnLike with a wildcard account name nobody.
 */
export function pinsSource(condition: Condition): boolean {
  if (!SOURCE_KEYS.has(condition.keyLower)) return false;
  const { base, ifExists, setQualifier } = condition.operator;
  if (ifExists || setQualifier !== undefined || base.includes('Not') || condition.values.length === 0)
    return false;
  if (!['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike', 'StringEqualsIgnoreCase'].includes(base))
    return false;
  return condition.values.every((value) => valuePins(condition.keyLower as SourceKey, value));
}

function valuePins(key: SourceKey, value: string): boolean {
  switch (key) {
    case 'aws:sourcearn':
      return ACCOUNT_ID.test(splitArn(value)?.[4] ?? '');
    case 'aws:sourceaccount':
    case 'aws:sourceowner':
      return ACCOUNT_ID.test(value);
    default:
      return value.length > 0 && !NOT_FIXED.test(value);
  }
}

/** The conditions of a statement that pin its source. */
export function sourcePins(statement: Statement): Condition[] {
  return statement.conditions.filter(pinsSource);
}

/**
 * Whether a grant to `service` is pinned: some condition pins a key the table accepts for it. A service
 * the table does not know is pinned by any source pin (its keys are not documented to us).
 */
export function serviceGrantPinned(statement: Statement, service: string): boolean {
  const accepted = serviceSource(service)?.pinnedBy;
  return sourcePins(statement).some(
    (condition) => accepted === undefined || (accepted as readonly string[]).includes(condition.keyLower),
  );
}
