/**
 * Who can assume a role (docs/iam-escalation.md, "Trust policies"): the role's trust policy must allow the
 * caller (it is the resource policy of sts:AssumeRole), and, unless the trust names the caller itself in
 * the same account, the caller's own policies must allow sts:AssumeRole on the role too. A trust naming the
 * account root delegates to the account's identity policies. Explicit denies in either side win. Trust
 * statements are read with the same action, principal and condition matchers as every other policy.
 */
import type { ActionCatalog } from './catalog.js';
import { attackerContext, sessionFacts, sessionVariables } from './context.js';
import { type Decision, decide, type Outcome, or, type StatementEvidence } from './evaluate.js';
import type { PrincipalPolicies } from './principals.js';
import {
  decideResourceAccess,
  type ResourcePolicyMatch,
  guardrails as resourceGuardrails,
  resourcePolicyEvidence,
  resourcePolicyMatches,
} from './resource-access.js';

/** A trust statement that concerns the caller (resource-access.ts reads every kind of resource policy). */
export type TrustMatch = ResourcePolicyMatch;

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
  if (!target.trust) return [];
  return resourcePolicyMatches(
    catalog,
    target.trust,
    caller,
    { action: ASSUME_ROLE, resource: target.arn },
    now,
  );
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
  // A trust policy is authoritative: the caller's identity grant counts only where the trust lets it in.
  const { outcome } = decideResourceAccess(
    catalog,
    caller,
    identity,
    {
      action: ASSUME_ROLE,
      resource: target.arn,
      resourceAccount: target.accountId,
      policy: target.trust,
      authoritative: true,
    },
    now,
  );
  return { outcome, trust, identity };
}

/** The guardrails of a caller that a trust policy names (resource-access.ts), for sts:AssumeRole on the role. */
export function guardrails(
  catalog: ActionCatalog,
  caller: PrincipalPolicies,
  roleArn: string,
  boundaryLifted: boolean,
  now: Date,
): Decision {
  return resourceGuardrails(catalog, caller, { action: ASSUME_ROLE, resource: roleArn }, boundaryLifted, now);
}

/** The trust statements as evidence records (their conditions kept). */
export function trustEvidence(
  target: PrincipalPolicies,
  matches: readonly TrustMatch[],
): StatementEvidence[] {
  const source = { name: 'trust policy', arn: `${target.arn} (trust policy)` };
  return resourcePolicyEvidence(source, target.trust!, ASSUME_ROLE, matches).map((evidence) => ({
    ...evidence,
    matchedResource: target.arn,
  }));
}
