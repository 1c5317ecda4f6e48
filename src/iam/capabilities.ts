/**
 * Classifies a principal: which catalogue methods its effective permissions allow (with evidence), and
 * its privilege tier (names of the contract): admin > privilege_escalation > sensitive_data > broad_write
 * > scoped > basic. Conditional grants count (a reviewer sees their conditions); impossible ones do not
 * (docs/iam.md "Tiers").
 */

import { principalAsker } from './ask.js';
import { guardrails } from './assume.js';
import { isAwsOwned } from './aws-owned.js';
import type { AccessLevel, ActionCatalog } from './catalog.js';
import type { Outcome, StatementEvidence } from './evaluate.js';
import { METHODS, type Method, type Step, type Yield } from './methods.js';
import type { Statement } from './policy.js';
import type { PrincipalPolicies } from './principals.js';
import type { StandIn } from './probe.js';

export const TIERS = [
  'admin',
  'privilege_escalation',
  'sensitive_data',
  'broad_write',
  'scoped',
  'basic',
] as const;
export type Tier = (typeof TIERS)[number];

/** What a Lambda function needs to run and log; granting only these is the `basic` tier. */
const BASIC_ACTIONS = new Set([
  'logs:createloggroup',
  'logs:createlogstream',
  'logs:putlogevents',
  'xray:puttracesegments',
  'xray:puttelemetryrecords',
  'ec2:createnetworkinterface',
  'ec2:describenetworkinterfaces',
  'ec2:deletenetworkinterface',
  'ec2:assignprivateipaddresses',
  'ec2:unassignprivateipaddresses',
]);
const WRITE_LEVELS: readonly AccessLevel[] = ['Write', 'Permissions management', 'Tagging'];
/** Bound on the actions tried per statement when looking for broad write / scoped grants. */
const CANDIDATES_PER_STATEMENT = 200;

export interface StepEvidence {
  readonly action: string;
  readonly resource: string;
  /** Set when `resource` is a probe: the account, region and type it stands for (not a real resource). */
  readonly standIn: StandIn | undefined;
  readonly outcome: Outcome;
  readonly grants: readonly StatementEvidence[];
  readonly denials: readonly StatementEvidence[];
}

export interface Capability {
  readonly kind: Yield | 'broad_write' | 'scoped';
  readonly method: { readonly number: number; readonly name: string } | undefined;
  readonly outcome: Exclude<Outcome, 'denied'>;
  readonly steps: readonly StepEvidence[];
}

export interface PrincipalPrivileges {
  readonly arn: string;
  readonly tier: Tier;
  readonly capabilities: readonly Capability[];
  readonly problems: readonly string[];
}

export interface ClassifyOptions {
  /** Regions the scan covers for the principal's account: probes are judged in each (probe.ts). */
  readonly regions?: readonly string[];
  readonly now?: Date;
}

const TIER_OF: Partial<Record<Capability['kind'], Tier>> = {
  admin: 'admin',
  privilege_escalation: 'privilege_escalation',
  sensitive_data: 'sensitive_data',
  broad_write: 'broad_write',
  scoped: 'scoped',
};

export function classifyPrincipal(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  options: ClassifyOptions = {},
): PrincipalPrivileges {
  const asker = requestMaker(catalog, principal, options);
  const capabilities: Capability[] = [];
  for (const method of METHODS) {
    if (method.principalKind && method.principalKind !== principal.kind) continue;
    if (method.liftsOwnBoundary && !principal.boundary) continue;
    const capability = methodCapability(method, asker, principal);
    if (!capability) continue;
    capabilities.push(capability);
    if (method.liftsOwnBoundary)
      capabilities.push(...unboundedCapabilities(catalog, principal, capability, options));
  }
  const broad = firstGrant(
    catalog,
    principal,
    asker,
    (levels) => WRITE_LEVELS.some((level) => levels.has(level)),
    true,
  );
  if (broad)
    capabilities.push({
      kind: 'broad_write',
      method: undefined,
      outcome: grantedOutcome(broad),
      steps: [broad],
    });
  const scoped = firstGrant(catalog, principal, asker, () => true, false);
  if (scoped)
    capabilities.push({
      kind: 'scoped',
      method: undefined,
      outcome: grantedOutcome(scoped),
      steps: [scoped],
    });
  const tier =
    TIERS.find((candidate) => capabilities.some((capability) => TIER_OF[capability.kind] === candidate)) ??
    'basic';
  return { arn: principal.arn, tier, capabilities, problems: principal.problems };
}

/**
 * What a principal that may remove or replace its own boundary holds once it has: the capabilities of the
 * same principal without the boundary, each reached through the boundary step first.
 */
function unboundedCapabilities(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  lift: Capability,
  options: ClassifyOptions,
): Capability[] {
  const unbounded = classifyPrincipal(catalog, { ...principal, boundary: undefined }, options);
  return unbounded.capabilities.flatMap((capability) =>
    capability.method && ESCALATED_KINDS.has(capability.kind)
      ? [
          {
            ...capability,
            method: {
              number: lift.method!.number,
              name: `${lift.method!.name}, then: ${capability.method.name}`,
            },
            outcome: lift.outcome === 'allowed' ? capability.outcome : 'conditional',
            steps: [...lift.steps, ...capability.steps],
          },
        ]
      : [],
  );
}

const ESCALATED_KINDS: ReadonlySet<Capability['kind']> = new Set([
  'admin',
  'privilege_escalation',
  'sensitive_data',
]);

type Asker = (
  action: string,
  resource: string | 'probe',
  context?: Readonly<Record<string, string>>,
  grantedBy?: Step['grantedBy'],
) => StepEvidence;

function requestMaker(catalog: ActionCatalog, principal: PrincipalPolicies, options: ClassifyOptions): Asker {
  const now = options.now ?? new Date();
  const ask = principalAsker(catalog, principal, {
    now,
    ...(options.regions ? { regions: options.regions } : {}),
  });
  return (action, resource, context, grantedBy) => {
    const answer = ask(action, resource, context);
    // A trust the principal writes itself names its own session: only guardrails can stop the call.
    const decision =
      grantedBy === 'own-trust'
        ? guardrails(catalog, principal, answer.resource, true, now)
        : answer.decision;
    return {
      action,
      resource: answer.resource,
      standIn: answer.standIn,
      outcome: decision.outcome,
      grants: decision.grants,
      denials: decision.denials,
    };
  };
}

function methodCapability(method: Method, ask: Asker, principal: PrincipalPolicies): Capability | undefined {
  const steps: StepEvidence[] = [];
  for (const step of method.steps) {
    const evidence = bestAlternative(step, ask, stepTargets(step, principal));
    if (!evidence) return undefined;
    steps.push(evidence);
  }
  const outcome = steps.every((step) => step.outcome === 'allowed') ? 'allowed' : 'conditional';
  return { kind: method.yields, method: { number: method.number, name: method.name }, outcome, steps };
}

function bestAlternative(step: Step, ask: Asker, targets: readonly string[]): StepEvidence | undefined {
  let conditional: StepEvidence | undefined;
  for (const action of step.anyOf) {
    for (const resource of targets) {
      const evidence = ask(action, resource, step.context, step.grantedBy);
      if (evidence.outcome === 'allowed') return evidence;
      if (evidence.outcome === 'conditional') conditional ??= evidence;
    }
  }
  return conditional;
}

/** The resources a step may act on; AWS-owned ones are never targets (aws-owned.ts). */
function stepTargets(step: Step, principal: PrincipalPolicies): string[] {
  switch (step.on) {
    case 'any':
      return ['probe'];
    case 'self':
      return isAwsOwned(principal.arn) ? [] : [principal.arn];
    case 'own-groups':
      return [...principal.groups];
    case 'own-customer-policies':
      return principal.identity.flatMap((attached) =>
        attached.arn && !isAwsOwned(attached.arn) ? [attached.arn] : [],
      );
  }
}

/**
 * The first action, among those the principal's Allow statements name, that passes `accepts` and is
 * effectively allowed — on every resource (`broadOnly`) or on the statement's own resources.
 */
function firstGrant(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  ask: Asker,
  accepts: (levels: ReadonlySet<AccessLevel>) => boolean,
  broadOnly: boolean,
): StepEvidence | undefined {
  // A boundary may narrow a broad grant to the resources it names: try those too.
  const boundaryResources = (principal.boundary?.policy.statements ?? []).flatMap((statement) =>
    statement.effect === 'Allow' ? (statement.resource ?? []) : [],
  );
  for (const attached of principal.identity) {
    for (const statement of attached.policy.statements) {
      if (statement.effect !== 'Allow') continue;
      // Only a pattern with a wildcard (or NotResource) can cover every resource of a type.
      if (broadOnly && statement.resource && !statement.resource.some((pattern) => pattern.includes('*')))
        continue;
      const resources = broadOnly ? ['probe'] : [...(statement.resource ?? ['probe']), ...boundaryResources];
      let tried = 0;
      for (const actionKey of statementActions(catalog, statement)) {
        const action = catalog.action(actionKey);
        if (!action || BASIC_ACTIONS.has(actionKey) || !accepts(action.accessLevels)) continue;
        if (++tried > CANDIDATES_PER_STATEMENT) break;
        for (const resource of resources) {
          // Writing to what AWS owns is refused whatever the policy says (aws-owned.ts).
          if (isAwsOwned(resource) && WRITE_LEVELS.some((level) => action.accessLevels.has(level))) continue;
          const evidence = ask(action.name, action.wildcardOnly || resource === '*' ? 'probe' : resource);
          if (evidence.outcome !== 'denied') return evidence;
        }
      }
    }
  }
  return undefined;
}

function* statementActions(catalog: ActionCatalog, statement: Statement) {
  if (statement.action) {
    for (const pattern of statement.action) yield* catalog.expand(pattern);
    return;
  }
  const excluded = new Set(statement.notAction?.flatMap((pattern) => [...catalog.expand(pattern)]));
  for (const key of catalog.expand('*')) if (!excluded.has(key)) yield key;
}

function grantedOutcome(step: StepEvidence): Capability['outcome'] {
  return step.outcome === 'allowed' ? 'allowed' : 'conditional';
}
