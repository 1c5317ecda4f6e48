/**
 * Requests on a resource that has a policy of its own (a role's trust policy, a bucket, table or secret
 * policy, a KMS key policy): which of its statements concern the caller, and the decision that combines them
 * with the caller's identity decision (identity ∩ boundary ∩ SCPs, evaluate.ts). The rules, from AWS's
 * policy evaluation logic (docs/data-stores.md "How access is decided", docs/iam-escalation.md "Trust
 * policies"):
 * - an explicit Deny in the resource policy that concerns the caller closes access;
 * - in the resource's own account, a resource policy that names the caller itself (not only its account)
 *   grants by itself, under the caller's guardrails (identity denies, SCPs, boundary unless lifted);
 * - otherwise the identity policies must allow, and the resource policy must also allow the caller, its
 *   account or anyone when the caller is in another account, or when the policy is authoritative (a KMS key
 *   policy: identity grants count only where it delegates to the account);
 * - without a resource policy, only the resource's own account's identity grants count.
 * Statements are read with the same action, resource, principal and condition matchers as every policy.
 */
import type { ActionCatalog } from './catalog.js';
import { and, not, or, type Truth } from './condition-eval.js';
import { attackerContext, sessionFacts, sessionVariables } from './context.js';
import {
  type AttachedPolicy,
  conditionsTruth,
  type Decision,
  decide,
  matchStatement,
  type Outcome,
  type StatementEvidence,
} from './evaluate.js';
import { type Policy, parsePolicy, type Statement } from './policy.js';
import { howSetNames, type PrincipalNaming } from './principal.js';
import type { PrincipalPolicies } from './principals.js';

export interface ResourcePolicyMatch {
  readonly statement: Statement;
  /** How the statement names the caller: its ARN, a session of its role, its account, or anyone. */
  readonly naming: PrincipalNaming;
  /** The Resource entry that matched (or the trust policy's implicit resource). */
  readonly matchedResource: string;
  readonly truth: Truth;
}

/** The statements of a resource policy that concern this caller for `action` on `resource`. */
export function resourcePolicyMatches(
  catalog: ActionCatalog,
  policy: Policy,
  caller: PrincipalPolicies,
  request: { action: string; resource: string },
  now: Date,
): ResourcePolicyMatch[] {
  const context = { context: attackerContext(sessionFacts(caller, now)) };
  const actionKey = request.action.toLowerCase();
  const matches: ResourcePolicyMatch[] = [];
  for (const statement of policy.statements) {
    const named = namedIn(statement, caller);
    if (named === undefined) continue;
    const match = matchStatement(catalog, statement, actionKey, {
      resource: request.resource,
      callerWantsMatch: statement.effect === 'Allow',
    });
    if (!match) continue;
    const conditions = conditionsTruth(statement.conditions, context, statement.effect === 'Allow');
    // A statement naming one session of the caller's role lets in only that session name, which we do not know.
    const truth = and([match.truth, conditions, named === 'session' ? 'unknown' : true]);
    if (truth !== false) matches.push({ statement, naming: named, matchedResource: match.resource, truth });
  }
  return matches;
}

/**
 * How a statement names the caller. NotPrincipal lets in everyone it does not name directly (a statement
 * that also needs the account and session ARNs listed to exclude a role session is read as excluding it:
 * the Deny side then errs toward access, never toward safety).
 */
function namedIn(statement: Statement, caller: PrincipalPolicies): PrincipalNaming | undefined {
  if (statement.notPrincipal)
    return howSetNames(statement.notPrincipal, caller.arn) === 'direct' ? undefined : 'anyone';
  return statement.principal ? howSetNames(statement.principal, caller.arn) : undefined;
}

export interface ResourceAccessRequest {
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  /** The resource's policy; undefined when it has none. */
  readonly policy: Policy | undefined;
  /** KMS key policies: identity grants count only where the key policy delegates to the account. */
  readonly authoritative: boolean;
}

export interface ResourceAccessDecision {
  readonly outcome: Outcome;
  readonly matches: readonly ResourcePolicyMatch[];
  /** Which side grants: the identity policies (with the resource policy's consent), the resource policy alone, or both. */
  readonly grantedBy: readonly ('identity' | 'resource_policy')[];
}

/**
 * `identity`: the caller's identity decision for the same action and resource (evaluate.ts `decide`).
 * `guard`: the caller's guardrails decision for the request (`guardrails` below), when the caller already
 * holds it for an equivalent resource (a large estate asks it per store).
 */
export function decideResourceAccess(
  catalog: ActionCatalog,
  caller: PrincipalPolicies,
  identity: Decision,
  request: ResourceAccessRequest,
  now: Date,
  guard: (boundaryLifted: boolean) => Decision = (lifted) =>
    guardrails(catalog, caller, request, lifted, now),
): ResourceAccessDecision {
  const sameAccount = caller.accountId === request.resourceAccount;
  const matches = request.policy ? resourcePolicyMatches(catalog, request.policy, caller, request, now) : [];
  const allows = matches.filter((match) => match.statement.effect === 'Allow');
  const deny = or(matches.filter((match) => match.statement.effect === 'Deny').map((match) => match.truth));
  const identityTruth = outcomeTruth(identity.outcome);
  const consent =
    sameAccount && !request.authoritative
      ? true
      : request.policy
        ? or(allows.map((match) => match.truth))
        : false;
  const viaIdentity = and([identityTruth, consent]);
  // In the resource's own account, a statement that names the caller (not only its account) grants by itself.
  const alone = sameAccount ? allows.filter((match) => match.naming !== 'account') : [];
  const viaPolicy = alone.length
    ? and([
        or(alone.map((match) => match.truth)),
        outcomeTruth(
          guard(
            liftsBoundary(
              caller,
              alone.map((m) => m.naming),
            ),
          ).outcome,
        ),
      ])
    : false;
  const truth = and([or([viaIdentity, viaPolicy]), not(deny)]);
  const outcome: Outcome = truth === true ? 'allowed' : truth === 'unknown' ? 'conditional' : 'denied';
  const grantedBy = [
    ...(viaIdentity !== false ? (['identity'] as const) : []),
    ...(viaPolicy !== false ? (['resource_policy'] as const) : []),
  ];
  return { outcome, matches, grantedBy: outcome === 'denied' ? [] : grantedBy };
}

/**
 * What still binds a caller that a resource policy names in its own account: its identity denies, the
 * SCPs, and its permissions boundary unless `boundaryLifted` (docs/iam-escalation.md, "Trust policies": a
 * grant to a role ARN stays under the role's boundary; one to a session, a user or anyone does not, and the
 * boundary's explicit denies bind anyway).
 */
export function guardrails(
  catalog: ActionCatalog,
  caller: PrincipalPolicies,
  request: { action: string; resource: string },
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
      action: request.action,
      resource: request.resource,
      context: attackerContext(facts),
      variables: sessionVariables(facts),
    },
  );
}

function liftsBoundary(caller: PrincipalPolicies, namings: readonly PrincipalNaming[]): boolean {
  return namings.some((naming) => naming === 'session' || naming === 'anyone' || caller.kind === 'user');
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

/** The resource policy's statements as evidence records (their open conditions kept). */
export function resourcePolicyEvidence(
  source: { name: string; arn: string },
  policy: Policy,
  action: string,
  matches: readonly ResourcePolicyMatch[],
): StatementEvidence[] {
  return matches.map((match) => ({
    policy: { kind: 'inline', name: source.name, arn: source.arn, policy },
    statementIndex: match.statement.index,
    sid: match.statement.sid,
    effect: match.statement.effect,
    matchedAction: action,
    matchedResource: match.matchedResource,
    openConditions: match.truth === 'unknown' ? match.statement.conditions : [],
  }));
}
