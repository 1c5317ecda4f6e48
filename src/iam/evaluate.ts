/**
 * Decides one request (action, resource, context) for one principal: identity policies ∩ permissions
 * boundary ∩ every SCP level, explicit deny from any of them wins. Three outcomes: `allowed`,
 * `conditional` (only if constraining conditions hold, listed), `denied`. Every statement that took part
 * is returned as evidence, so the decision can be explained.
 */
import { statementActionMatch } from './action.js';
import type { PolicyVariables } from './arn.js';
import { resourceMatches } from './arn.js';
import type { ActionCatalog } from './catalog.js';
import type { Condition } from './condition.js';
import { type ContextValue, evaluateCondition, type Truth } from './condition-eval.js';
import type { Policy, Statement } from './policy.js';

export type PolicyKind =
  | 'inline'
  | 'aws_managed'
  | 'customer_managed'
  | 'group_inline'
  | 'group_managed'
  | 'boundary'
  | 'scp';

/** A policy as attached to a principal, with where it comes from (for evidence). */
export interface AttachedPolicy {
  readonly kind: PolicyKind;
  readonly name: string;
  /** Managed policies and SCPs have an ARN; inline ones do not. */
  readonly arn: string | undefined;
  /** The group a user inherits the policy from. */
  readonly viaGroup?: string;
  readonly policy: Policy;
}

/** The policies that decide a principal's requests. */
export interface PolicySet {
  readonly identity: readonly AttachedPolicy[];
  readonly boundary: AttachedPolicy | undefined;
  /** Root first, account last; each level must allow. Empty = no SCPs apply. */
  readonly scpLevels: readonly (readonly AttachedPolicy[])[];
}

export interface Request {
  readonly action: string;
  /** An ARN, or `*` for actions that take no resource. */
  readonly resource: string;
  readonly context: (keyLower: string) => ContextValue;
  readonly variables?: PolicyVariables;
}

export interface StatementEvidence {
  readonly policy: AttachedPolicy;
  readonly statementIndex: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  /** The Action/NotAction entry that matched (or `NotAction [...]`). */
  readonly matchedAction: string;
  /** The Resource entry that matched (or `NotResource [...]`, or `(trust policy)`). */
  readonly matchedResource: string;
  /** Conditions we could not decide: the grant (or deny) holds only when they do. */
  readonly openConditions: readonly Condition[];
}

export type Outcome = 'allowed' | 'conditional' | 'denied';

export interface Decision {
  readonly outcome: Outcome;
  /** The Allow statements that grant the request (identity layer). */
  readonly grants: readonly StatementEvidence[];
  /** Deny statements that match (decided or conditional). */
  readonly denials: readonly StatementEvidence[];
  /** Why a request without an explicit deny is still denied. */
  readonly cappedBy: 'no-identity-allow' | 'boundary' | 'scp' | undefined;
}

interface LayerResult {
  readonly allow: Truth;
  readonly grants: StatementEvidence[];
  readonly denials: StatementEvidence[];
  readonly deny: Truth;
}

export function decide(catalog: ActionCatalog, policies: PolicySet, request: Request): Decision {
  const actionKey = request.action.toLowerCase();
  const layer = (attached: readonly AttachedPolicy[]) => evaluateLayer(catalog, attached, actionKey, request);
  const identity = layer(policies.identity);
  const boundary = policies.boundary ? layer([policies.boundary]) : undefined;
  const scps = policies.scpLevels.map(layer);
  const all = [identity, ...(boundary ? [boundary] : []), ...scps];
  const denials = all.flatMap((result) => result.denials);
  const deny = or(all.map((result) => result.deny));
  let cappedBy: Decision['cappedBy'];
  if (identity.allow === false) cappedBy = 'no-identity-allow';
  else if (boundary && boundary.allow === false) cappedBy = 'boundary';
  else if (scps.some((result) => result.allow === false)) cappedBy = 'scp';
  const allow = and(all.map((result) => result.allow));
  const truth = and([allow, not(deny)]);
  const outcome: Outcome = truth === true ? 'allowed' : truth === 'unknown' ? 'conditional' : 'denied';
  return { outcome, grants: identity.grants, denials, cappedBy: deny === true ? undefined : cappedBy };
}

function evaluateLayer(
  catalog: ActionCatalog,
  attached: readonly AttachedPolicy[],
  actionKey: string,
  request: Request,
): LayerResult {
  const grants: StatementEvidence[] = [];
  const denials: StatementEvidence[] = [];
  const allowTruths: Truth[] = [];
  const denyTruths: Truth[] = [];
  for (const policy of attached) {
    // Policy variables exist only in version 2012-10-17; older documents read `${...}` literally (docs/iam.md).
    const variables = policy.policy.version === '2012-10-17' ? request.variables : LITERAL;
    for (const statement of policy.policy.statements) {
      const match = matchStatement(catalog, statement, actionKey, { resource: request.resource, variables });
      if (!match) continue;
      const truth = conditionsTruth(statement.conditions, request, statement.effect === 'Allow');
      if (truth === false) continue;
      const evidence: StatementEvidence = {
        policy,
        statementIndex: statement.index,
        sid: statement.sid,
        effect: statement.effect,
        matchedAction: match.action,
        matchedResource: match.resource,
        openConditions:
          truth === true ? [] : openConditions(statement.conditions, request, statement.effect === 'Allow'),
      };
      if (statement.effect === 'Deny') {
        denials.push(evidence);
        denyTruths.push(truth);
      } else {
        grants.push(evidence);
        allowTruths.push(truth);
      }
    }
  }
  // Keep the decided grants first: they are the strongest evidence.
  grants.sort((a, b) => a.openConditions.length - b.openConditions.length);
  return { allow: or(allowTruths), deny: or(denyTruths), grants, denials };
}

const LITERAL = 'literal' as const;

/** Whether a statement covers the action and resource; returns the entries that matched. */
export function matchStatement(
  catalog: ActionCatalog,
  statement: Statement,
  actionKey: string,
  request: { resource: string; variables?: PolicyVariables | 'literal' },
): { action: string; resource: string } | undefined {
  const action = matchAction(catalog, statement, actionKey);
  if (action === undefined) return undefined;
  const resource = matchResource(statement, request.resource, request.variables);
  return resource === undefined ? undefined : { action, resource };
}

/** The Action/NotAction entry of `statement` covering `actionKey` (lower-cased), if any. */
export function matchAction(
  catalog: ActionCatalog,
  statement: Statement,
  actionKey: string,
): string | undefined {
  // Catalogue actions go through the cached expansion of each pattern (same matcher, action.ts).
  if (!catalog.action(actionKey)) return statementActionMatch(statement, actionKey);
  return statementActionMatch(statement, actionKey, (pattern) => catalog.expand(pattern).has(actionKey));
}

function matchResource(
  statement: Statement,
  resource: string,
  variables?: PolicyVariables | 'literal',
): string | undefined {
  const covers = (pattern: string) =>
    resource === '*' ? pattern === '*' : resourceMatches(pattern, resource, variables);
  if (statement.resource) return statement.resource.find(covers);
  if (statement.notResource) {
    return statement.notResource.some(covers)
      ? undefined
      : `NotResource ${JSON.stringify(statement.notResource)}`;
  }
  return '(trust policy: the role itself)';
}

/** `callerWantsTrue`: true for an Allow's conditions, false for a Deny's (see evaluateCondition). */
export function conditionsTruth(
  conditions: readonly Condition[],
  request: Pick<Request, 'context'>,
  callerWantsTrue: boolean,
): Truth {
  return and(conditions.map((condition) => conditionTruth(condition, request, callerWantsTrue)));
}

function openConditions(
  conditions: readonly Condition[],
  request: Pick<Request, 'context'>,
  callerWantsTrue: boolean,
): Condition[] {
  return conditions.filter((condition) => conditionTruth(condition, request, callerWantsTrue) === 'unknown');
}

function conditionTruth(
  condition: Condition,
  request: Pick<Request, 'context'>,
  callerWantsTrue: boolean,
): Truth {
  return evaluateCondition(condition, request.context(condition.keyLower), callerWantsTrue);
}

export function and(truths: readonly Truth[]): Truth {
  if (truths.includes(false)) return false;
  return truths.includes('unknown') ? 'unknown' : true;
}

export function or(truths: readonly Truth[]): Truth {
  if (truths.includes(true)) return true;
  return truths.includes('unknown') ? 'unknown' : false;
}

function not(truth: Truth): Truth {
  return truth === 'unknown' ? 'unknown' : !truth;
}
