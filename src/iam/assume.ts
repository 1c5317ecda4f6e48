/**
 * Who can assume a role (docs/iam-escalation.md, "Trust policies"): the role's trust policy must allow the
 * caller (it is the resource policy of sts:AssumeRole), and, unless the trust names the caller itself in
 * the same account, the caller's own policies must allow sts:AssumeRole on the role too. A trust naming the
 * account root delegates to the account's identity policies. Explicit denies in either side win. Trust
 * statements are read with the same action, principal and condition matchers as every other policy.
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
  matchAction,
  type Outcome,
  or,
  type StatementEvidence,
} from './evaluate.js';
import { parsePolicy, type Statement } from './policy.js';
import { howSetNames, type PrincipalNaming } from './principal.js';
import type { PrincipalPolicies } from './principals.js';

export interface TrustMatch {
  readonly statement: Statement;
  /** How the statement names the caller: its ARN, a session of its role, its account, or anyone. */
  readonly naming: PrincipalNaming;
  readonly truth: Truth;
}

export interface AssumeDecision {
  readonly outcome: Outcome;
  /** Trust statements that allow (or deny) the caller, with how their conditions stand. */
  readonly trust: readonly TrustMatch[];
  /** The caller's identity decision for sts:AssumeRole on the role (absent when the trust refuses). */
  readonly identity: Decision | undefined;
}

/**
 * The action an IAM role or user calls to assume a role. Session tags (sts:TagSession) and a source
 * identity (sts:SetSourceIdentity) are needed only when the caller passes them, and an attacker need not.
 */
const ASSUME_ROLE = 'sts:AssumeRole';

/** Trust statements that concern this caller for sts:AssumeRole, with their condition truth. */
export function trustMatches(
  catalog: ActionCatalog,
  target: PrincipalPolicies,
  caller: PrincipalPolicies,
  now: Date,
): TrustMatch[] {
  const context = { context: attackerContext(sessionFacts(caller, now)) };
  const matches: TrustMatch[] = [];
  for (const statement of target.trust?.statements ?? []) {
    if (matchAction(catalog, statement, ASSUME_ROLE.toLowerCase()) === undefined) continue;
    const named = namedIn(statement, caller);
    if (named === undefined) continue;
    const conditions = conditionsTruth(statement.conditions, context, statement.effect === 'Allow');
    // A trust naming one session of the caller's role lets in only that session name, which we do not know.
    const truth = named === 'session' ? and([conditions, 'unknown']) : conditions;
    if (truth !== false) matches.push({ statement, naming: named, truth });
  }
  return matches;
}

export function decideAssume(
  catalog: ActionCatalog,
  caller: PrincipalPolicies,
  target: PrincipalPolicies,
  now: Date,
): AssumeDecision {
  const trust = trustMatches(catalog, target, caller, now);
  const allows = trust.filter((match) => match.statement.effect === 'Allow');
  const trustDeny = or(
    trust.filter((match) => match.statement.effect === 'Deny').map((match) => match.truth),
  );
  if (!allows.length || trustDeny === true) return { outcome: 'denied', trust, identity: undefined };
  const facts = sessionFacts(caller, now);
  const identity = decide(catalog, caller, {
    action: ASSUME_ROLE,
    resource: target.arn,
    context: attackerContext(facts),
    variables: sessionVariables(facts),
  });
  const viaIdentity = and([or(allows.map((match) => match.truth)), outcomeTruth(identity.outcome)]);
  // In the role's own account, a trust that names the caller (not only its account) grants by itself.
  const alone =
    caller.accountId === target.accountId ? allows.filter((match) => match.naming !== 'account') : [];
  const viaTrustAlone = alone.length
    ? and([
        or(alone.map((match) => match.truth)),
        outcomeTruth(guardrails(catalog, caller, target.arn, liftsBoundary(caller, alone), now).outcome),
      ])
    : false;
  const truth = and([or([viaIdentity, viaTrustAlone]), trustDeny === 'unknown' ? 'unknown' : true]);
  const outcome: Outcome = truth === true ? 'allowed' : truth === 'unknown' ? 'conditional' : 'denied';
  return { outcome, trust, identity };
}

/**
 * What still binds a caller that a resource policy (here a trust policy) names in its own account: its
 * identity denies, the SCPs, and its permissions boundary unless `boundaryLifted` (docs/iam-escalation.md,
 * "Trust policies": a grant to a role ARN stays under the role's boundary; one to a session, a user or
 * anyone does not, and the boundary's explicit denies bind anyway).
 */
export function guardrails(
  catalog: ActionCatalog,
  caller: PrincipalPolicies,
  roleArn: string,
  boundaryLifted: boolean,
  now: Date,
): Decision {
  const facts = sessionFacts(caller, now);
  const boundary = caller.boundary ? [caller.boundary] : [];
  return decide(
    catalog,
    {
      identity: [ALLOW_EVERYTHING, ...caller.identity, ...(boundaryLifted ? boundary : [])],
      boundary: boundaryLifted ? undefined : caller.boundary,
      scpLevels: caller.scpLevels,
    },
    {
      action: ASSUME_ROLE,
      resource: roleArn,
      context: attackerContext(facts),
      variables: sessionVariables(facts),
    },
  );
}

function liftsBoundary(caller: PrincipalPolicies, matches: readonly TrustMatch[]): boolean {
  return matches.some(
    (match) => match.naming === 'session' || match.naming === 'anyone' || caller.kind === 'user',
  );
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

/**
 * How a trust statement names the caller. NotPrincipal lets in everyone it does not name directly (a
 * statement that also needs the account and session ARNs listed to exclude a role session is read as
 * excluding it: the Deny side then errs toward access, never toward safety).
 */
function namedIn(statement: Statement, caller: PrincipalPolicies): PrincipalNaming | undefined {
  if (statement.notPrincipal)
    return howSetNames(statement.notPrincipal, caller.arn) === 'direct' ? undefined : 'anyone';
  return statement.principal ? howSetNames(statement.principal, caller.arn) : undefined;
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
    matchedAction: ASSUME_ROLE,
    matchedResource: target.arn,
    openConditions: match.truth === 'unknown' ? match.statement.conditions : [],
  }));
}
