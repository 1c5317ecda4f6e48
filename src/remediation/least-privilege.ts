/**
 * The generated least-privilege policy of a role (docs/least-privilege.md): what IAM Access Advisor says the
 * role used in the last N days, on the resources its own Allow statements name, as one IAM policy document;
 * then checked by the project's own evaluator (src/iam) that (a) the capability that made the role toxic
 * is gone and (b) every action it may still need is still allowed. Pure: the caller reads the role's
 * policies, its report and the catalogue. Nothing here changes AWS; the policy is only printed.
 *
 * Action level where AWS tracks actions, service level otherwise:
 * - a service the report shows unused (or absent from the report) is dropped;
 * - a service used in the window keeps the role's own grants in that service, minus every tracked action
 *   the report shows unused: left out where a statement names it, denied (one Deny statement) where a
 *   wildcard covers it. Untracked actions of a used service cannot be told apart, so they stay.
 */
import { actionPatternMatches } from '../iam/action.js';
import { PROBE, principalAsker } from '../iam/ask.js';
import { type Capability, classifyPrincipal, type Tier } from '../iam/capabilities.js';
import type { ActionCatalog } from '../iam/catalog.js';
import type { Outcome } from '../iam/evaluate.js';
import { capabilityRecords } from '../iam/explain.js';
import { parsePolicy, type Statement } from '../iam/policy.js';
import type { PrincipalPolicies } from '../iam/principals.js';
import { type AccessAdvisorEntry, unusedGrants } from '../iam/usage.js';
import { wildcardMatches } from '../iam/wildcard.js';

/** The policy name the plan proposes (one inline policy replacing the role's identity policies). */
export const LEAST_PRIVILEGE_POLICY_NAME = 'toxgraph-least-privilege';
/** Sid of the statement listing tracked actions unused in the window. */
export const UNUSED_ACTIONS_SID = 'UnusedTrackedActions';

/** The capability kinds that make an exposed path toxic (the detections' privilege tiers). */
const TOXIC_KINDS: ReadonlySet<Capability['kind']> = new Set([
  'admin',
  'privilege_escalation',
  'sensitive_data',
]);

export interface JsonPolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface JsonPolicyDocument {
  Version: '2012-10-17';
  Statement: JsonPolicyStatement[];
}

export interface LeastPrivilegeInput {
  readonly principal: PrincipalPolicies;
  readonly accessAdvisor: AccessAdvisorEntry | null;
  /** The role's CreateDate: AWS tracked nothing before it. */
  readonly roleCreated: string | null;
  /** The N of "not used in N days" (TOXGRAPH_UNUSED_DAYS). */
  readonly unusedDays: number;
  /** The instant the data describe (the scan's): time conditions are judged then. */
  readonly now: Date;
  readonly regions?: readonly string[];
  /** The privilege tier that made the finding toxic; null when a role is asked about alone. */
  readonly toxicTier: Tier | null;
}

export interface ServiceVerdict {
  readonly service: string;
  /** kept: used in the window; dropped: unused, or not in the report. */
  readonly verdict: 'kept' | 'dropped';
  readonly why: string;
  /** Tracked actions of a kept service that were unused in the window (denied by the generated policy). */
  readonly unusedActions: readonly string[];
}

export interface LeastPrivilegeValidation {
  readonly tierBefore: Tier;
  readonly tierAfter: Tier;
  /** `kind: name` of toxic capabilities the role holds now and would not under the generated policy. */
  readonly removed: readonly string[];
  /** Toxic capabilities the generated policy still grants (what was used keeps them). */
  readonly remaining: readonly string[];
  /** (a) No capability of the finding's tier is left; null when no finding was given. */
  readonly breaksPath: boolean | null;
  /** (b) Actions the role may still need whose outcome got weaker (must be empty). */
  readonly lostActions: readonly string[];
  readonly checkedActions: number;
}

export type LeastPrivilegeResult =
  | {
      readonly status: 'generated';
      readonly document: JsonPolicyDocument;
      readonly services: readonly ServiceVerdict[];
      readonly dataAt: string;
      readonly trackedSince: string;
      readonly validation: LeastPrivilegeValidation;
    }
  /** No policy can be generated honestly: why (no report, short window, a statement we cannot narrow). */
  | { readonly status: 'refused'; readonly reason: string };

export function leastPrivilegePolicy(
  catalog: ActionCatalog,
  input: LeastPrivilegeInput,
): LeastPrivilegeResult {
  const { principal } = input;
  const verdict = unusedGrants(input.accessAdvisor, input.roleCreated, input.unusedDays);
  if (verdict.status === 'unknown') return { status: 'refused', reason: verdict.reason };
  if (principal.unreadable.length > 0)
    return { status: 'refused', reason: `a policy of ${principal.arn} could not be read` };
  const allows = principal.identity.flatMap((attached) =>
    attached.policy.statements.filter((statement) => statement.effect === 'Allow'),
  );
  const widening = allows.find((statement) => statement.notAction !== undefined);
  if (widening)
    return {
      status: 'refused',
      reason: `statement ${widening.sid ?? `#${widening.index}`} grants by NotAction: narrowing it to the used services would need every other service listed`,
    };

  const used = new Set(verdict.usedServices.map((service) => service.toLowerCase()));
  const unusedActions = verdict.unused.flatMap((grant) => (grant.action ? [grant.action] : []));
  const services = grantedServices(catalog, allows).map((service): ServiceVerdict => {
    const reported = input.accessAdvisor?.servicesLastAccessed?.some(
      (entry) => entry.ServiceNamespace?.toLowerCase() === service,
    );
    if (!used.has(service))
      return {
        service,
        verdict: 'dropped',
        why: reported
          ? `not used in the last ${input.unusedDays} days`
          : 'not in the Access Advisor report (no usage known)',
        unusedActions: [],
      };
    return {
      service,
      verdict: 'kept',
      why: `used in the last ${input.unusedDays} days`,
      unusedActions: unusedActions.filter((action) => action.split(':')[0]?.toLowerCase() === service),
    };
  });

  const document = generatedDocument(allows, principal, services);
  const validation = validate(catalog, input, document, allows, services);
  return {
    status: 'generated',
    document,
    services,
    dataAt: verdict.window.dataAt,
    trackedSince: verdict.window.trackedSince,
    validation,
  };
}

/** The services the role's Allow statements grant something in (a `*` service part expands by the catalogue). */
function grantedServices(catalog: ActionCatalog, allows: readonly Statement[]): string[] {
  const services = new Set<string>();
  for (const statement of allows)
    for (const pattern of statement.action ?? [])
      for (const key of catalog.expand(pattern)) services.add(key.split(':')[0]!);
  return [...services].sort();
}

/** The pattern restricted to one service, or null when it grants nothing there. */
function inService(pattern: string, service: string): string | null {
  if (pattern === '*') return `${service}:*`;
  const colon = pattern.indexOf(':');
  if (colon < 0) return null;
  const servicePart = pattern.slice(0, colon);
  return wildcardMatches(servicePart, service, true) ? `${service}:${pattern.slice(colon + 1)}` : null;
}

function generatedDocument(
  allows: readonly Statement[],
  principal: PrincipalPolicies,
  services: readonly ServiceVerdict[],
): JsonPolicyDocument {
  const kept = services.filter((service) => service.verdict === 'kept');
  const statements: JsonPolicyStatement[] = [];
  const stillCovered = new Set<string>();
  for (const service of kept) {
    const unused = new Set(service.unusedActions.map((action) => action.toLowerCase()));
    // One statement per original grant that reaches the service: its resources and conditions stay. An
    // unused action named exactly is left out; one inside a wildcard is denied below.
    allows.forEach((statement) => {
      const actions = [
        ...new Set((statement.action ?? []).flatMap((p) => inService(p, service.service) ?? [])),
      ].filter((action) => !unused.has(action.toLowerCase()));
      if (actions.length === 0) return;
      for (const action of service.unusedActions)
        if (actions.some((pattern) => actionPatternMatches(pattern.toLowerCase(), action.toLowerCase())))
          stillCovered.add(action);
      statements.push({
        Sid: sidOf(service.service, statements.length),
        Effect: 'Allow',
        Action: actions,
        ...resourceOf(statement),
        ...conditionOf(statement),
      });
    });
  }
  const denied = kept.flatMap((service) => service.unusedActions).filter((a) => stillCovered.has(a));
  if (denied.length > 0)
    statements.push({ Sid: UNUSED_ACTIONS_SID, Effect: 'Deny', Action: denied, Resource: ['*'] });
  // The role's own Deny statements only narrow: they stay as they are.
  for (const attached of principal.identity)
    for (const statement of attached.policy.statements.filter((s) => s.effect === 'Deny'))
      statements.push({
        Sid: `KeptDeny${statements.length}`,
        Effect: 'Deny',
        Action: [...(statement.action ?? [])],
        ...resourceOf(statement),
        ...conditionOf(statement),
      });
  return { Version: '2012-10-17', Statement: statements };
}

const sidOf = (service: string, index: number) =>
  `Used${service.replace(/[^a-z0-9]/gi, '').replace(/^./, (c) => c.toUpperCase())}${index}`;

function resourceOf(statement: Statement): Pick<JsonPolicyStatement, 'Resource' | 'NotResource'> {
  if (statement.notResource) return { NotResource: [...statement.notResource] };
  return { Resource: [...(statement.resource ?? ['*'])] };
}

function conditionOf(statement: Statement): Pick<JsonPolicyStatement, 'Condition'> {
  if (statement.conditions.length === 0) return {};
  const block: Record<string, Record<string, string[]>> = {};
  for (const condition of statement.conditions) {
    block[condition.operatorText] ??= {};
    block[condition.operatorText]![condition.key] = [...condition.values];
  }
  return { Condition: block };
}

const RANK: Record<Outcome, number> = { denied: 0, conditional: 1, allowed: 2 };

function validate(
  catalog: ActionCatalog,
  input: LeastPrivilegeInput,
  document: JsonPolicyDocument,
  allows: readonly Statement[],
  services: readonly ServiceVerdict[],
): LeastPrivilegeValidation {
  const { principal } = input;
  const generated: PrincipalPolicies = {
    ...principal,
    identity: [
      {
        kind: 'inline',
        name: LEAST_PRIVILEGE_POLICY_NAME,
        arn: undefined,
        policy: parsePolicy(document, `${principal.arn} generated ${LEAST_PRIVILEGE_POLICY_NAME}`),
      },
    ],
  };
  const options = { now: input.now, regions: input.regions ?? [] };
  const before = classifyPrincipal(catalog, principal, options);
  const after = classifyPrincipal(catalog, generated, options);
  const toxic = (capabilities: readonly Capability[]) =>
    capabilityRecords({ ...before, capabilities: capabilities.filter((c) => TOXIC_KINDS.has(c.kind)) }).map(
      (record) => `${record.kind}: ${record.name}`,
    );
  const held = toxic(before.capabilities);
  const remaining = toxic(after.capabilities);

  // (b) Every action of a kept service that the role's grants allow, tracked-unused ones aside, must be
  // allowed as before: on any resource of its type and on each resource its granting statements name.
  const askBefore = principalAsker(catalog, principal, options);
  const askAfter = principalAsker(catalog, generated, options);
  const lost: string[] = [];
  let checked = 0;
  for (const service of services.filter((s) => s.verdict === 'kept')) {
    const unused = new Set(service.unusedActions.map((action) => action.toLowerCase()));
    const resources = new Map<string, Set<string>>();
    for (const statement of allows)
      for (const pattern of statement.action ?? []) {
        const scoped = inService(pattern, service.service);
        if (!scoped) continue;
        for (const key of catalog.expand(scoped)) {
          if (unused.has(key)) continue;
          const set = resources.get(key) ?? new Set([PROBE]);
          for (const resource of statement.resource ?? []) set.add(resource);
          resources.set(key, set);
        }
      }
    for (const [action, targets] of resources) {
      checked += 1;
      const weaker = [...targets].some(
        (target) =>
          RANK[askAfter(action, target).decision.outcome] < RANK[askBefore(action, target).decision.outcome],
      );
      if (weaker) lost.push(catalog.action(action)?.name ?? action);
    }
  }
  return {
    tierBefore: before.tier,
    tierAfter: after.tier,
    removed: held.filter((capability) => !remaining.includes(capability)),
    remaining,
    breaksPath: input.toxicTier === null ? null : !after.capabilities.some((c) => c.kind === input.toxicTier),
    lostActions: lost.sort(),
    checkedActions: checked,
  };
}
