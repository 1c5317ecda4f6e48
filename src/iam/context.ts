/**
 * What an attacker holding a principal's credentials knows and controls about a request, key by key.
 * This table is where a condition gets classified (iam-privilege.md §3.2):
 * - `session`: facts of the credentials themselves, known to us (time, principal ARN, principal tags);
 * - `chosen`: request parameters the attacker sets (region, TLS, request tags, most service keys);
 * - `constraining`: facts the attacker cannot set and we cannot know (source IP/VPC/VPCE, org, MFA,
 *   source ARN/account, calling service): a grant behind them is reported as "conditional".
 * A condition that is false on the session facts is impossible, and its grant does not exist.
 */
import type { ContextValue } from './condition-eval.js';
import type { PrincipalPolicies } from './principals.js';

const CONSTRAINING_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpcsourceip',
  'aws:sourcevpcarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:resourceorgid',
  'aws:resourceorgpaths',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:viaawsservice',
  'aws:sourceidentity',
  'aws:userid',
  'lambda:sourcefunctionarn',
  // Shared secret between the role owner and a third party: an attacker cannot guess it.
  'sts:externalid',
  'ec2:sourceinstancearn',
]);

const CHOSEN_KEYS = new Set([
  'aws:requestedregion',
  'aws:securetransport',
  'aws:tagkeys',
  'aws:useragent',
  'aws:referer',
]);
const CHOSEN_PREFIXES = ['aws:requesttag/'];
/** Keys describing the target resource: unknown unless the request names a collected resource. */
const RESOURCE_KEY = /(^|:)resourcetag\/|^aws:resourceaccount$|:existingobjecttag\//;

export interface SessionFacts {
  readonly principalArn: string;
  readonly accountId: string;
  readonly principalType: 'AssumedRole' | 'User';
  /** The principal's IAM tags (aws:PrincipalTag/*). */
  readonly tags: Readonly<Record<string, string>>;
  readonly now: Date;
  readonly userName?: string;
}

/** A request context as an attacker with these credentials would send it, plus request-specific keys. */
export function attackerContext(
  facts: SessionFacts,
  request: Readonly<Record<string, string | readonly string[]>> = {},
): (keyLower: string) => ContextValue {
  const known = new Map<string, readonly string[] | undefined>([
    ['aws:currenttime', [facts.now.toISOString()]],
    ['aws:tokenissuetime', [facts.now.toISOString()]],
    ['aws:epochtime', [String(Math.floor(facts.now.getTime() / 1000))]],
    ['aws:principalarn', [facts.principalArn]],
    ['aws:principalaccount', [facts.accountId]],
    ['aws:principaltype', [facts.principalType]],
    ['aws:principalisawsservice', ['false']],
    ['aws:principalservicename', undefined],
    ['aws:username', facts.userName === undefined ? undefined : [facts.userName]],
  ]);
  for (const [tag, value] of Object.entries(facts.tags))
    known.set(`aws:principaltag/${tag.toLowerCase()}`, [value]);
  for (const [key, value] of Object.entries(request)) {
    known.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
  }
  return (keyLower) => {
    if (known.has(keyLower)) return { kind: 'known', values: known.get(keyLower) };
    if (keyLower.startsWith('aws:principaltag/')) return { kind: 'known', values: undefined };
    if (CONSTRAINING_KEYS.has(keyLower) || RESOURCE_KEY.test(keyLower)) return { kind: 'unknown' };
    if (CHOSEN_KEYS.has(keyLower) || CHOSEN_PREFIXES.some((prefix) => keyLower.startsWith(prefix))) {
      return { kind: 'chosen' };
    }
    // Other global keys are facts of the environment; service keys are request parameters.
    return keyLower.startsWith('aws:') ? { kind: 'unknown' } : { kind: 'chosen' };
  };
}

/** Policy variables known for these credentials (for `${aws:username}` and friends in Resource). */
export function sessionVariables(facts: SessionFacts): Map<string, string> {
  const variables = new Map<string, string>([
    ['aws:principalaccount', facts.accountId],
    ['aws:principalarn', facts.principalArn],
    ['aws:principaltype', facts.principalType],
  ]);
  if (facts.userName !== undefined) variables.set('aws:username', facts.userName);
  for (const [tag, value] of Object.entries(facts.tags))
    variables.set(`aws:principaltag/${tag.toLowerCase()}`, value);
  return variables;
}

/** The facts of a principal's credentials at a given time. */
export function sessionFacts(principal: PrincipalPolicies, now: Date): SessionFacts {
  return {
    principalArn: principal.arn,
    accountId: principal.accountId,
    principalType: principal.kind === 'role' ? 'AssumedRole' : 'User',
    tags: principal.tags,
    now,
    ...(principal.kind === 'user' ? { userName: principal.name } : {}),
  };
}
