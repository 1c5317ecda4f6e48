/**
 * Who can assume a role (iam-privilege.md §4.2, 4.3, 4.13): the role's trust policy must allow the caller
 * (it is the resource policy of sts:AssumeRole), and, unless the trust names the caller itself in the
 * same account, the caller's own policies must allow sts:AssumeRole on the role too. A trust naming the
 * account root delegates to the account's identity policies. Explicit denies in either side win.
 */
import type { ActionCatalog } from './catalog.js';
import type { Truth } from './condition-eval.js';
import { attackerContext, sessionFacts, sessionVariables } from './context.js';
import {
  type AttachedPolicy,
  and,
  conditionsTruth,
  type Decision,
  decide,
  type Outcome,
  or,
  type StatementEvidence,
} from './evaluate.js';
import { parsePolicy, type Statement } from './policy.js';
import { accountOfPrincipal } from './principal.js';
import type { PrincipalPolicies } from './principals.js';

export interface TrustMatch {
  readonly statement: Statement;
  /** The trust names the caller's own ARN (not just its account). */
  readonly namesCallerDirectly: boolean;
  readonly truth: Truth;
}

export interface AssumeDecision {
  readonly outcome: Outcome;
  /** Trust statements that allow (or deny) the caller, with how their conditions stand. */
  readonly trust: readonly TrustMatch[];
  /** The caller's identity decision for sts:AssumeRole on the role (absent when the trust suffices). */
  readonly identity: Decision | undefined;
}

/** Trust statements that concern this caller for sts:AssumeRole, with their condition truth. */
export function trustMatches(target: PrincipalPolicies, caller: PrincipalPolicies, now: Date): TrustMatch[] {
  const context = { context: attackerContext(sessionFacts(caller, now)) };
  const matches: TrustMatch[] = [];
  for (const statement of target.trust?.statements ?? []) {
    if (!coversAssumeRole(statement)) continue;
    const named = namedIn(statement, caller);
    if (named === undefined) continue;
    const truth = conditionsTruth(statement.conditions, context, statement.effect === 'Allow');
    if (truth !== false) matches.push({ statement, namesCallerDirectly: named === 'direct', truth });
  }
  return matches;
}

export function decideAssume(
  catalog: ActionCatalog,
  caller: PrincipalPolicies,
  target: PrincipalPolicies,
  now: Date,
): AssumeDecision {
  const trust = trustMatches(target, caller, now);
  const allows = trust.filter((match) => match.statement.effect === 'Allow');
  const denies = trust.filter((match) => match.statement.effect === 'Deny');
  const trustAllow = or(allows.map((match) => match.truth));
  const trustDeny = or(denies.map((match) => match.truth));
  if (trustAllow === false || trustDeny === true) return { outcome: 'denied', trust, identity: undefined };
  const sameAccount = caller.accountId === target.accountId;
  const direct = sameAccount && allows.some((match) => match.namesCallerDirectly && match.truth !== false);
  const facts = sessionFacts(caller, now);
  const identity = decide(catalog, caller, {
    action: 'sts:AssumeRole',
    resource: target.arn,
    context: attackerContext(facts),
    variables: sessionVariables(facts),
  });
  // A trust naming the caller directly (same account) needs no identity allow; identity denies,
  // the permissions boundary and SCPs still bind (§4.4: a grant to the role ARN does not lift a boundary).
  let identityTruth = outcomeTruth(identity.outcome);
  if (
    identityTruth === false &&
    direct &&
    identity.cappedBy === 'no-identity-allow' &&
    !identity.denials.length
  ) {
    const guardrails = decide(
      catalog,
      { identity: [caller.boundary ?? ALLOW_EVERYTHING], boundary: undefined, scpLevels: caller.scpLevels },
      { action: 'sts:AssumeRole', resource: target.arn, context: attackerContext(facts) },
    );
    identityTruth = outcomeTruth(guardrails.outcome);
  }
  const truth = and([trustAllow, identityTruth, trustDeny === 'unknown' ? 'unknown' : true]);
  const outcome: Outcome = truth === true ? 'allowed' : truth === 'unknown' ? 'conditional' : 'denied';
  return { outcome, trust, identity };
}

const ALLOW_EVERYTHING: AttachedPolicy = {
  kind: 'inline',
  name: 'resource-policy grant',
  arn: undefined,
  policy: parsePolicy(
    { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    'resource-policy grant',
  ),
};

function outcomeTruth(outcome: Outcome): Truth {
  return outcome === 'allowed' ? true : outcome === 'conditional' ? 'unknown' : false;
}

function coversAssumeRole(statement: Statement): boolean {
  const covers = (pattern: string) =>
    /^(\*|sts:\*|sts:assumerole)$/i.test(pattern) || /^sts:assume\*$/i.test(pattern);
  if (statement.action) return statement.action.some(covers);
  return !statement.notAction?.some(covers);
}

/** 'direct' when the caller's ARN is named, 'account' when its account (root) or everyone is. */
function namedIn(statement: Statement, caller: PrincipalPolicies): 'direct' | 'account' | undefined {
  if (statement.notPrincipal) {
    return statement.notPrincipal.aws.includes(caller.arn) ? undefined : 'account';
  }
  const set = statement.principal;
  if (!set) return undefined;
  if (set.aws.includes(caller.arn)) return 'direct';
  if (set.everyone || set.aws.includes('*')) return 'account';
  const rootOfCaller = set.aws.some(
    (entry) => entry.endsWith(':root') && accountOfPrincipal(entry) === caller.accountId,
  );
  return rootOfCaller ? 'account' : undefined;
}

/** The trust statements as evidence records (their conditions kept). */
export function trustEvidence(
  target: PrincipalPolicies,
  matches: readonly TrustMatch[],
): StatementEvidence[] {
  return matches.map((match) => ({
    policy: {
      kind: 'inline',
      name: 'trust policy',
      arn: `${target.arn} (trust policy)`,
      policy: target.trust!,
    },
    statementIndex: match.statement.index,
    sid: match.statement.sid,
    effect: match.statement.effect,
    matchedAction: 'sts:AssumeRole',
    matchedResource: target.arn,
    openConditions: match.truth === 'unknown' ? match.statement.conditions : [],
  }));
}
