/**
 * Decides one request (action, resource, context) for one principal: identity policies ∩ permissions
 * boundary ∩ every SCP level, explicit deny from any of them wins. Three outcomes: `allowed`,
 * `conditional` (only if constraining conditions hold, listed), `denied`. Every statement that took part
 * is returned as evidence, so the decision can be explained (docs/iam.md "Policy kinds and their
 * intersection", "Explicit deny").
 */
import { statementActionMatch } from './action.js';
import { resourceMatches } from './arn.js';
import type { ActionCatalog } from './catalog.js';
import type { Condition } from './condition.js';
import { and, type ContextValue, evaluateCondition, not, or, type Truth } from './condition-eval.js';
import type { Policy, Statement } from './policy.js';
import {
  type ContextLookup,
  hasVariables,
  hasVariablesInArnPrefix,
  splitArnForVariables,
  substituteVariables,
} from './variables.js';
import { wildcardMatches } from './wildcard.js';

export { and, or } from './condition-eval.js';

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
  /**
   * Known values that override `context` for policy variables (lower-cased keys). Variables are context
   * keys (docs/iam.md "Policy variables"), so `context` alone is enough; this stays for callers that
   * already hold the values.
   */
  readonly variables?: ReadonlyMap<string, string>;
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
  /** The matched Resource entry holds a policy variable whose value we cannot know: it may not match. */
  readonly openResource?: true;
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
    // Policy variables exist only in version 2012-10-17; older documents read `${...}` literally
    // (docs/iam.md "Policy variables").
    const variables = policy.policy.version === '2012-10-17' ? variableLookup(request) : undefined;
    for (const statement of policy.policy.statements) {
      const callerWantsTrue = statement.effect === 'Allow';
      const match = matchStatement(catalog, statement, actionKey, {
        resource: request.resource,
        variables,
        callerWantsMatch: callerWantsTrue,
      });
      if (!match) continue;
      const truth = and([
        match.truth,
        conditionsTruth(statement.conditions, request, callerWantsTrue, variables),
      ]);
      if (truth === false) continue;
      const evidence: StatementEvidence = {
        policy,
        statementIndex: statement.index,
        sid: statement.sid,
        effect: statement.effect,
        matchedAction: match.action,
        matchedResource: match.resource,
        openConditions:
          truth === true ? [] : openConditions(statement.conditions, request, callerWantsTrue, variables),
        ...(match.truth === 'unknown' ? { openResource: true } : {}),
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

/** Policy variables read the request context; `request.variables` holds values already known. */
function variableLookup(request: Request): ContextLookup {
  const known = request.variables;
  if (!known) return request.context;
  return (keyLower) => {
    const value = known.get(keyLower);
    return value === undefined ? request.context(keyLower) : { kind: 'known', values: [value] };
  };
}

/**
 * Whether a statement covers the action and resource; returns the entries that matched and how sure the
 * resource match is (`unknown` when it depends on a policy variable we cannot know).
 * `variables`: absent for documents older than 2012-10-17 (`${...}` is then literal text).
 * `callerWantsMatch`: whether the attacker wants the statement to apply (an Allow) or not (a Deny); it
 * decides the value of a variable the attacker chooses.
 */
export function matchStatement(
  catalog: ActionCatalog,
  statement: Statement,
  actionKey: string,
  request: { resource: string; variables?: ContextLookup | undefined; callerWantsMatch?: boolean },
): { action: string; resource: string; truth: Truth } | undefined {
  const action = matchAction(catalog, statement, actionKey);
  if (action === undefined) return undefined;
  const resource = matchResource(
    statement,
    request.resource,
    request.variables,
    request.callerWantsMatch ?? true,
  );
  return resource === undefined ? undefined : { action, ...resource };
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
  variables: ContextLookup | undefined,
  callerWantsMatch: boolean,
): { resource: string; truth: Truth } | undefined {
  if (statement.resource) {
    // The best entry: a decided match first, else one that may match.
    let maybe: string | undefined;
    for (const pattern of statement.resource) {
      const truth = patternCovers(pattern, resource, variables, callerWantsMatch);
      if (truth === true) return { resource: pattern, truth };
      if (truth === 'unknown') maybe ??= pattern;
    }
    return maybe === undefined ? undefined : { resource: maybe, truth: 'unknown' };
  }
  if (statement.notResource) {
    // The statement applies when no entry covers the resource: the attacker wishes the opposite per entry.
    const applies = not(
      or(
        statement.notResource.map((pattern) =>
          patternCovers(pattern, resource, variables, !callerWantsMatch),
        ),
      ),
    );
    // An entry with a variable before its resource part is undecided (docs/iam.md "Policy variables").
    const undecided =
      variables !== undefined && statement.notResource.some((pattern) => hasVariablesInArnPrefix(pattern));
    const truth = undecided ? and([applies, 'unknown']) : applies;
    return truth === false
      ? undefined
      : { resource: `NotResource ${JSON.stringify(statement.notResource)}`, truth };
  }
  return { resource: '(trust policy: the role itself)', truth: true };
}

/** One Resource entry against the requested resource, its policy variables read from the attacker's seat. */
function patternCovers(
  pattern: string,
  resource: string,
  variables: ContextLookup | undefined,
  callerWantsMatch: boolean,
): Truth {
  const matches = (text: string) => (resource === '*' ? text === '*' : resourceMatches(text, resource));
  if (variables === undefined || !hasVariables(pattern)) return matches(pattern);
  const { prefix, resource: tail } = splitArnForVariables(pattern);
  if (!hasVariables(tail)) return matches(pattern);
  const substituted = substituteVariables(tail, variables);
  switch (substituted.kind) {
    case 'text':
      return matches(prefix + substituted.text);
    case 'absent':
      return false;
    case 'chosen':
      return callerWantsMatch && matches(prefix + substituted.pattern);
    case 'unknown':
      return matches(prefix + substituted.pattern) ? 'unknown' : false;
  }
}

/** `callerWantsTrue`: true for an Allow's conditions, false for a Deny's (see evaluateCondition). */
export function conditionsTruth(
  conditions: readonly Condition[],
  request: Pick<Request, 'context'>,
  callerWantsTrue: boolean,
  variables?: ContextLookup,
): Truth {
  return and(conditions.map((condition) => conditionTruth(condition, request, callerWantsTrue, variables)));
}

function openConditions(
  conditions: readonly Condition[],
  request: Pick<Request, 'context'>,
  callerWantsTrue: boolean,
  variables: ContextLookup | undefined,
): Condition[] {
  return conditions.filter(
    (condition) => conditionTruth(condition, request, callerWantsTrue, variables) === 'unknown',
  );
}

function conditionTruth(
  condition: Condition,
  request: Pick<Request, 'context'>,
  callerWantsTrue: boolean,
  variables: ContextLookup | undefined,
): Truth {
  return evaluateCondition(condition, request.context(condition.keyLower), callerWantsTrue, variables);
}
