/**
 * Pure: a principal's effective tier, the strongest tier it reaches through CAN_* edges (at most
 * MAX_HOPS hops, each node visited once), with the witness path. Reaching a function reaches its
 * execution role; reaching a role that some reached principal can modify (CAN_MODIFY_POLICY) makes it
 * admin, since its policies can then be rewritten.
 */
import { TIERS, type Tier } from '../iam/capabilities.js';
import type { PrivilegeEdge } from './privilege-edges.js';

export const MAX_HOPS = 4;

export interface Hop {
  readonly edge: PrivilegeEdge['type'] | 'EXECUTION_ROLE';
  readonly from: string;
  readonly to: string;
}

export interface EffectiveTier {
  readonly tier: Tier;
  /** Empty when the principal's own tier is the strongest. */
  readonly path: readonly Hop[];
}

const rank = (tier: Tier) => TIERS.indexOf(tier);

export function effectiveTiers(
  ownTiers: ReadonlyMap<string, Tier>,
  edges: readonly PrivilegeEdge[],
  functionRoles: ReadonlyMap<string, string>,
): Map<string, EffectiveTier> {
  const outgoing = new Map<string, PrivilegeEdge[]>();
  for (const edge of edges) {
    if (edge.type === 'CAN_ACCESS') continue;
    outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
  }
  const result = new Map<string, EffectiveTier>();
  for (const [start, tier] of ownTiers)
    result.set(start, strongestFrom(start, tier, ownTiers, outgoing, functionRoles));
  return result;
}

function strongestFrom(
  start: string,
  ownTier: Tier,
  ownTiers: ReadonlyMap<string, Tier>,
  outgoing: ReadonlyMap<string, PrivilegeEdge[]>,
  functionRoles: ReadonlyMap<string, string>,
): EffectiveTier {
  let best: EffectiveTier = { tier: ownTier, path: [] };
  const consider = (tier: Tier | undefined, path: readonly Hop[]) => {
    if (tier !== undefined && rank(tier) < rank(best.tier)) best = { tier, path };
  };
  const pathTo = new Map<string, readonly Hop[]>([[start, []]]);
  const modifiable = new Map<string, readonly Hop[]>();
  let frontier = [start];
  for (let depth = 0; depth < MAX_HOPS && frontier.length; depth++) {
    const next: string[] = [];
    for (const node of frontier) {
      const base = pathTo.get(node)!;
      for (const edge of outgoing.get(node) ?? []) {
        if (edge.type === 'CAN_MODIFY_POLICY') {
          if (!modifiable.has(edge.to)) modifiable.set(edge.to, [...base, hop(edge)]);
          continue;
        }
        let target = edge.to;
        let path = [...base, hop(edge)];
        const role = edge.type === 'CAN_UPDATE_CODE' ? functionRoles.get(edge.to) : undefined;
        if (edge.type === 'CAN_UPDATE_CODE') {
          if (role === undefined) continue;
          path = [...path, { edge: 'EXECUTION_ROLE', from: edge.to, to: role }];
          target = role;
        }
        if (pathTo.has(target)) continue;
        pathTo.set(target, path);
        consider(ownTiers.get(target), path);
        next.push(target);
      }
    }
    frontier = next;
  }
  for (const [role, modifyPath] of modifiable) {
    const reached = pathTo.get(role);
    if (reached !== undefined) consider('admin', [...modifyPath, ...reached]);
  }
  return best;
}

function hop(edge: PrivilegeEdge): Hop {
  return { edge: edge.type, from: edge.from, to: edge.to };
}
