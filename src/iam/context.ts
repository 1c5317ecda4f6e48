/**
 * What an attacker holding a principal's credentials knows and controls about a request, key by key
 * (docs/iam.md "Conditions from the attacker's seat"). Who controls a key comes from one table
 * (condition-keys.ts); this module only says what each owner means for one principal:
 * - the principal's own facts (time, principal ARN, account, type, tags, user name) are known;
 * - other facts of the principal (organization, MFA, session) and facts of the resource or the context
 *   (source IP/VPC, calling service, source ARN, resource tags) are unknown: a grant behind them is
 *   "conditional", and a deny behind them is not assumed away;
 * - keys the caller sets in its own request (region, TLS, request tags, most service keys) are chosen.
 * A condition that is false on the known facts is impossible, and its grant does not exist.
 */
import type { ContextValue } from './condition-eval.js';
import { type ConditionKeyTable, GLOBAL_CONDITION_KEYS } from './condition-keys.js';
import type { PrincipalPolicies } from './principals.js';

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
  keys: ConditionKeyTable = GLOBAL_CONDITION_KEYS,
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
    // Every tag of the principal is collected: a tag not among them is absent.
    if (keyLower.startsWith('aws:principaltag/')) return { kind: 'known', values: undefined };
    return keys.owner(keyLower) === 'caller' ? { kind: 'chosen' } : { kind: 'unknown' };
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
