/**
 * A principal's question box: "may this principal, as an attacker holding its credentials, do `action` on
 * `resource`?" Shared by the classification (capabilities) and the escalation edges. Session facts,
 * request contexts and probe resources are built once per principal, not per question: a large estate
 * asks millions of them.
 */
import type { ActionCatalog } from './catalog.js';
import { attackerContext, sessionFacts } from './context.js';
import { type Decision, decide } from './evaluate.js';
import type { PrincipalPolicies } from './principals.js';
import { type Probe, probeRegions, probes, type StandIn } from './probe.js';

/** A resource ARN, or PROBE: "any resource of the action's type" in the principal's account (probe.ts). */
export const PROBE = 'probe';

export interface Answer {
  /** The resource asked about (the probe's stand-in ARN when PROBE was asked). */
  readonly resource: string;
  /** Set when `resource` is a stand-in: which account, region and type it stands for. */
  readonly standIn: StandIn | undefined;
  readonly decision: Decision;
}

export type Ask = (action: string, resource: string, context?: Readonly<Record<string, string>>) => Answer;

export interface AskOptions {
  readonly now: Date;
  /** Regions the scan covers for the principal's account (probe.ts adds those its policies name). */
  readonly regions?: readonly string[];
}

export function principalAsker(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  options: AskOptions,
): Ask {
  const facts = sessionFacts(principal, options.now);
  const regions = probeRegions(principal, options.regions ?? []);
  // Extra contexts come from constant tables (the method catalogue), so identity is a good cache key.
  const contexts = new Map<object | undefined, ReturnType<typeof attackerContext>>();
  const probesOf = new Map<string, Probe[]>();
  return (action, resource, context) => {
    let requestContext = contexts.get(context);
    if (!requestContext) {
      requestContext = attackerContext(
        facts,
        inPartition(context, principal.partition),
        catalog.conditionKeys,
      );
      contexts.set(context, requestContext);
    }
    const ask = (target: string) =>
      decide(catalog, principal, { action, resource: target, context: requestContext });
    if (resource !== PROBE) return { resource, standIn: undefined, decision: ask(resource) };
    let candidates = probesOf.get(action);
    if (!candidates) {
      candidates = probes(catalog.action(action), principal, regions);
      probesOf.set(action, candidates);
    }
    return strongest(candidates, ask);
  };
}

/** The probe with the strongest outcome (allowed, then conditional, then denied; first region on ties). */
function strongest(candidates: readonly Probe[], ask: (target: string) => Decision): Answer {
  let best: Answer | undefined;
  for (const probe of candidates) {
    const answer = { resource: probe.arn, standIn: probe.standIn, decision: ask(probe.arn) };
    if (answer.decision.outcome === 'allowed') return answer;
    if (!best || (best.decision.outcome === 'denied' && answer.decision.outcome === 'conditional'))
      best = answer;
  }
  return best!;
}

/**
 * Method tables write partition-neutral ARNs as `arn:${Partition}:...` (e.g. the AdministratorAccess
 * policy a method attaches): they take the principal's partition here.
 */
function inPartition(
  context: Readonly<Record<string, string>> | undefined,
  partition: string,
): Readonly<Record<string, string>> {
  if (!context) return {};
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [key, value.replaceAll('${Partition}', partition)]),
  );
}
