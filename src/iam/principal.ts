/**
 * The Principal / NotPrincipal element of resource-based and trust policies, and how to read it.
 */
import { isJsonObject } from './json.js';

export interface PrincipalSet {
  /** `"Principal": "*"`: everyone, anonymous callers included. */
  readonly everyone: boolean;
  /** `AWS` entries: ARNs, `*`, account roots (`arn:<partition>:iam::ID:root`; bare 12-digit ids are normalised to it). */
  readonly aws: readonly string[];
  /** `Service` entries, e.g. `lambda.amazonaws.com`. */
  readonly service: readonly string[];
  /** `Federated` entries: identity providers (`cognito-identity.amazonaws.com`, SAML/OIDC provider ARNs). */
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

const PRINCIPAL_KINDS = {
  AWS: 'aws',
  Service: 'service',
  Federated: 'federated',
  CanonicalUser: 'canonicalUser',
} as const;

const ACCOUNT_ID = /^\d{12}$/;
/** `s3.amazonaws.com`, `lambda.amazonaws.com.cn`, `elasticmapreduce.amazonaws.com`, ... */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/**
 * Reads a Principal element in every form AWS accepts or stores (docs/architecture.md §4; bare account
 * ids: docs/exposure.md "Partitions"): `"*"`; an
 * object of kinds whose values are a string or an array; and the shorthands Lambda's AddPermission and
 * older documents carry as a bare string (an account id, an ARN, a service principal), which AWS
 * normalises to the object form. A 12-digit account id, as a string or a JSON number, becomes the account
 * root in `partition`, the partition of the policy's resource; without one it cannot be read.
 */
export function parsePrincipal(
  value: unknown,
  fail: (reason: string) => Error,
  element: 'Principal' | 'NotPrincipal',
  partition: string | undefined,
): PrincipalSet {
  if (value === '*') return { everyone: true, aws: [], service: [], federated: [], canonicalUser: [] };
  if (typeof value === 'string')
    return parsePrincipal(shorthand(value, fail, element), fail, element, partition);
  if (!isJsonObject(value)) {
    throw fail(`${element} must be "*" or an object such as {"AWS": ...}, got ${JSON.stringify(value)}`);
  }
  const set = {
    everyone: false,
    aws: [] as string[],
    service: [] as string[],
    federated: [] as string[],
    canonicalUser: [] as string[],
  };
  for (const [kind, raw] of Object.entries(value)) {
    const field = PRINCIPAL_KINDS[kind as keyof typeof PRINCIPAL_KINDS];
    if (field === undefined) throw fail(`${element} has an unknown kind "${kind}"`);
    const list = Array.isArray(raw) ? raw : [raw];
    for (const item of list) {
      const entry = field === 'aws' && Number.isInteger(item) ? String(item).padStart(12, '0') : item;
      if (typeof entry !== 'string' || entry === '')
        throw fail(`${element}.${kind} must hold non-empty strings, got ${JSON.stringify(item)}`);
      set[field].push(
        field === 'aws' && ACCOUNT_ID.test(entry) ? accountRoot(entry, partition, fail) : entry,
      );
    }
  }
  return set;
}

/** `arn:<partition>:iam::ID:root`, as AWS stores a bare account id in the partition of the policy's resource. */
function accountRoot(
  accountId: string,
  partition: string | undefined,
  fail: (reason: string) => Error,
): string {
  if (partition === undefined)
    throw fail(`account ${accountId} is named without an ARN and the partition of the policy is unknown`);
  return `arn:${partition}:iam::${accountId}:root`;
}

/** The object form of a bare-string principal, or a failure naming what was expected. */
function shorthand(value: string, fail: (reason: string) => Error, element: string): Record<string, unknown> {
  const text = value.trim();
  if (text === '*') return { AWS: '*' };
  if (ACCOUNT_ID.test(text) || /^arn:aws[\w-]*:(iam|sts)::/.test(text)) return { AWS: text };
  if (SERVICE_PRINCIPAL.test(text)) return { Service: text };
  if (text.startsWith('{')) {
    // A principal object serialised once more (seen in hand-edited and templated documents).
    try {
      const parsed: unknown = JSON.parse(text);
      if (isJsonObject(parsed)) return parsed;
    } catch {
      // reported below
    }
  }
  throw fail(
    `${element} must be "*", an account id, an IAM ARN, a service principal or an object such as {"AWS": ...}, got ${JSON.stringify(value)}`,
  );
}

/** True when the set names every caller: `"*"` or `{"AWS": "*"}` (AWS treats both as public). */
export function isPublicPrincipal(set: PrincipalSet): boolean {
  return set.everyone || set.aws.includes('*');
}

/** What one `AWS` principal entry names (docs/iam-escalation.md, "Trust policies"). */
export type AwsPrincipalKind = 'anyone' | 'account' | 'role' | 'user' | 'assumed-role' | 'other';

const IAM_PRINCIPAL_ARN = /^arn:aws[\w-]*:(iam|sts)::(\d{12}):(root$|role\/|user\/|assumed-role\/)?/;

export function awsPrincipalKind(entry: string): AwsPrincipalKind {
  if (entry === '*') return 'anyone';
  const match = IAM_PRINCIPAL_ARN.exec(entry);
  const [, service, , kind] = match ?? [];
  if (service === 'iam' && kind === 'root') return 'account';
  if (service === 'iam' && kind === 'role/') return 'role';
  if (service === 'iam' && kind === 'user/') return 'user';
  if (service === 'sts' && kind === 'assumed-role/') return 'assumed-role';
  return 'other';
}

/** The account an AWS principal entry belongs to (`arn:aws:iam::ID:...`, `arn:aws:sts::ID:...`), if any. */
export function accountOfPrincipal(entry: string): string | undefined {
  return IAM_PRINCIPAL_ARN.exec(entry)?.[2];
}

/**
 * How a principal set names an IAM caller (`callerArn`: a role or user ARN):
 * - `direct`: its own ARN;
 * - `session`: a session of its role (`arn:aws:sts::ID:assumed-role/NAME/SESSION`): only that session name,
 *   which we do not know, is let in;
 * - `account`: its account root (the account then delegates to its identity policies);
 * - `anyone`: `"*"` or `{"AWS": "*"}`;
 * - undefined: not at all.
 */
export type PrincipalNaming = 'direct' | 'session' | 'account' | 'anyone';

export function howSetNames(set: PrincipalSet, callerArn: string): PrincipalNaming | undefined {
  if (set.aws.includes(callerArn)) return 'direct';
  const callerAccount = accountOfPrincipal(callerArn);
  const roleName =
    awsPrincipalKind(callerArn) === 'role' ? callerArn.slice(callerArn.lastIndexOf('/') + 1) : '';
  const names = (entry: string, kind: AwsPrincipalKind) =>
    callerAccount !== undefined &&
    accountOfPrincipal(entry) === callerAccount &&
    awsPrincipalKind(entry) === kind;
  if (
    roleName &&
    set.aws.some((entry) => names(entry, 'assumed-role') && sessionRoleName(entry) === roleName)
  )
    return 'session';
  if (set.aws.some((entry) => names(entry, 'account'))) return 'account';
  return isPublicPrincipal(set) ? 'anyone' : undefined;
}

/** `arn:aws:sts::ID:assumed-role/NAME/SESSION` → NAME. */
export function sessionRoleName(entry: string): string | undefined {
  return entry.split(':').slice(5).join(':').split('/')[1];
}

/**
 * Whether a principal set names a caller. `callerArn` is the caller's IAM ARN (role ARN for a role
 * session, since resource policies may name either); `service` a service principal name. An account root
 * entry matches every IAM principal of that account (the account then delegates to identity policies).
 */
export function principalSetMatches(
  set: PrincipalSet,
  caller: { arn?: string; service?: string; federated?: string },
): boolean {
  if (set.everyone) return true;
  if (caller.service !== undefined) return set.service.includes(caller.service);
  if (caller.federated !== undefined) return set.federated.includes(caller.federated);
  return caller.arn !== undefined && howSetNames(set, caller.arn) !== undefined;
}
