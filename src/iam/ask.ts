/**
 * A principal's question box: "may this principal, as an attacker holding its credentials, do `action` on
 * `resource`?" Shared by the classification (capabilities) and the escalation edges. Session facts,
 * policy variables, request contexts and probe resources are built once per principal, not per question:
 * a large estate asks millions of them.
 */
import type { ActionCatalog } from './catalog.js';
import { attackerContext, sessionFacts, sessionVariables } from './context.js';
import { type Decision, decide } from './evaluate.js';
import type { PrincipalPolicies } from './principals.js';
import { probeResource } from './probe.js';

/** A resource ARN, or PROBE: "any resource of the action's type" in the principal's account (probe.ts). */
export const PROBE = 'probe';

export interface Answer {
  /** The resource asked about (the probe's stand-in ARN when PROBE was asked). */
  readonly resource: string;
  readonly decision: Decision;
}

export type Ask = (action: string, resource: string, context?: Readonly<Record<string, string>>) => Answer;

export function principalAsker(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  options: { now: Date; region?: string },
): Ask {
  const facts = sessionFacts(principal, options.now);
  const variables = sessionVariables(facts);
  const region = options.region ?? 'us-east-1';
  // Extra contexts come from constant tables (the method catalogue), so identity is a good cache key.
  const contexts = new Map<object | undefined, ReturnType<typeof attackerContext>>();
  const probes = new Map<string, string>();
  return (action, resource, context) => {
    let target = resource;
    if (resource === PROBE) {
      target = probes.get(action) ?? probeResource(catalog.action(action), principal.accountId, region);
      probes.set(action, target);
    }
    let requestContext = contexts.get(context);
    if (!requestContext) {
      requestContext = attackerContext(facts, context);
      contexts.set(context, requestContext);
    }
    return {
      resource: target,
      decision: decide(catalog, principal, { action, resource: target, context: requestContext, variables }),
    };
  };
}
