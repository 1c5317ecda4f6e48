/**
 * Pure: the CAN_READ / CAN_WRITE / CAN_DECRYPT edges from principals to data stores (docs/data-stores.md).
 * Each edge is decided by the IAM engine on the store's own ARN: the principal's identity policies ∩
 * boundary ∩ SCPs (src/iam/ask.ts) combined with the store's policy (src/iam/resource-access.ts). Evidence
 * holds the statements of both sides, conditions kept. A store whose policy cannot be parsed is judged on
 * the identity side alone, never above `conditional`, and reported as not evaluated.
 */
import { principalAsker } from '../iam/ask.js';
import type { ActionCatalog } from '../iam/catalog.js';
import type { Decision } from '../iam/evaluate.js';
import { type StatementRecord, statementRecord } from '../iam/explain.js';
import { type Policy, parsePolicy } from '../iam/policy.js';
import { accountOfPrincipal, awsPrincipalKind, sessionRoleName } from '../iam/principal.js';
import type { PrincipalPolicies } from '../iam/principals.js';
import {
  decideResourceAccess,
  type ResourceAccessDecision,
  resourcePolicyEvidence,
} from '../iam/resource-access.js';
import {
  type AccessRule,
  AUTHORITATIVE_POLICY,
  DATA_ACCESS,
  type DataAccessType,
  type DataStoreFacts,
} from './data-stores.js';
import { grantScope } from './privilege-edges.js';
import { type EvaluationProblem, problemOf } from './problems.js';

export interface DataAccessEdge {
  readonly type: DataAccessType;
  readonly from: string;
  readonly to: string;
  /** `high`: allowed outright; `conditional`: only if the open conditions hold (or a policy was unreadable). */
  readonly confidence: 'high' | 'conditional';
  /** The action that grants it (the first of the access table's list that does). */
  readonly action: string;
  /** Which side grants: `identity` (with the store policy's consent where needed), `resource_policy`. */
  readonly grantedBy: readonly string[];
  readonly evidence: readonly StatementRecord[];
  readonly conditions: readonly { operator: string; key: string; values: readonly string[] }[];
}

/** A store with its policy parsed once: undefined = none; `unreadable` = the document did not parse. */
export interface ParsedStore {
  readonly facts: DataStoreFacts;
  readonly policy: Policy | undefined | 'unreadable';
}

export function parseStores(stores: readonly DataStoreFacts[]): {
  parsed: ParsedStore[];
  problems: EvaluationProblem[];
} {
  const problems: EvaluationProblem[] = [];
  const parsed = stores.map((facts): ParsedStore => {
    if (facts.policyJson === null) return { facts, policy: undefined };
    try {
      return { facts, policy: parsePolicy(JSON.parse(facts.policyJson), `resource policy of ${facts.id}`) };
    } catch (error) {
      problems.push(problemOf(facts.id, error));
      return { facts, policy: 'unreadable' };
    }
  });
  return { parsed, problems };
}

export interface DataAccessOptions {
  readonly now: Date;
  readonly regions?: ReadonlyMap<string, readonly string[]>;
}

export function dataAccessEdges(
  catalog: ActionCatalog,
  principals: readonly PrincipalPolicies[],
  stores: readonly ParsedStore[],
  options: DataAccessOptions,
): DataAccessEdge[] {
  const naming = indexNamedPrincipals(stores);
  const edges: DataAccessEdge[] = [];
  for (const principal of principals) {
    const ask = principalAsker(catalog, principal, {
      now: options.now,
      regions: options.regions?.get(principal.accountId) ?? [],
    });
    const named = namedStores(naming, principal);
    const scopes = new Map<string, ReturnType<typeof grantScope>>();
    const scopeOf = (action: string) => {
      if (!scopes.has(action))
        scopes.set(action, grantScope(catalog, principal, action.toLowerCase(), action.split(':')[0]!));
      return scopes.get(action);
    };
    for (const store of stores) {
      for (const [type, rule] of Object.entries(DATA_ACCESS[store.facts.kind]) as [
        DataAccessType,
        AccessRule,
      ][]) {
        const resource = rule.resource(store.facts.id);
        const candidates = rule.anyOf.filter((action) => named.has(store) || scopeOf(action)?.(resource));
        if (!candidates.length) continue;
        const edge = firstGranted(catalog, principal, store, type, candidates, resource, ask, options.now);
        if (edge) edges.push(edge);
      }
    }
  }
  return edges;
}

function firstGranted(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  store: ParsedStore,
  type: DataAccessType,
  actions: readonly string[],
  resource: string,
  ask: ReturnType<typeof principalAsker>,
  now: Date,
): DataAccessEdge | undefined {
  let conditional: DataAccessEdge | undefined;
  for (const action of actions) {
    const identity = ask(action, resource).decision;
    const unreadable = store.policy === 'unreadable';
    const decision = decideResourceAccess(
      catalog,
      principal,
      identity,
      {
        action,
        resource,
        resourceAccount: store.facts.accountId,
        policy: unreadable ? undefined : (store.policy as Policy | undefined),
        // An unreadable key policy cannot be shown to withhold delegation: the identity side decides, capped.
        authoritative: !unreadable && AUTHORITATIVE_POLICY.has(store.facts.kind),
      },
      now,
    );
    if (decision.outcome === 'denied') continue;
    const edge = record(type, principal, store, action, identity, decision, unreadable);
    if (edge.confidence === 'high') return edge;
    conditional ??= edge;
  }
  return conditional;
}

function record(
  type: DataAccessType,
  principal: PrincipalPolicies,
  store: ParsedStore,
  action: string,
  identity: Decision,
  decision: ResourceAccessDecision,
  unreadable: boolean,
): DataAccessEdge {
  const policy = store.policy === 'unreadable' ? undefined : store.policy;
  const statements = [
    ...(decision.grantedBy.includes('identity') ? identity.grants.slice(0, 1) : []),
    ...identity.denials,
    ...(policy
      ? resourcePolicyEvidence(
          { name: 'resource policy', arn: `${store.facts.id} (resource policy)` },
          policy,
          action,
          decision.matches,
        )
      : []),
  ];
  const evidence = statements.map(statementRecord);
  return {
    type,
    from: principal.arn,
    to: store.facts.id,
    confidence: decision.outcome === 'allowed' && !unreadable ? 'high' : 'conditional',
    action,
    grantedBy: unreadable ? [...decision.grantedBy, 'unreadable_resource_policy'] : decision.grantedBy,
    evidence,
    conditions: evidence.flatMap((item) => item.conditions),
  };
}

interface NamingIndex {
  readonly byKey: Map<string, ParsedStore[]>;
  readonly anyone: ParsedStore[];
}

/**
 * Stores whose policy names a principal (its ARN, a session of its role, or anyone): those may grant in
 * the store's account without any identity grant, so they are evaluated even when no identity statement
 * covers them. Keyed like the trust index of privilege-edges.ts.
 */
function indexNamedPrincipals(stores: readonly ParsedStore[]): NamingIndex {
  const byKey = new Map<string, ParsedStore[]>();
  const anyone: ParsedStore[] = [];
  for (const store of stores) {
    if (!store.policy || store.policy === 'unreadable') continue;
    const keys = new Set<string>();
    for (const statement of store.policy.statements) {
      if (statement.effect !== 'Allow') continue;
      if (statement.notPrincipal || statement.principal?.everyone) keys.add('*');
      for (const entry of statement.principal?.aws ?? []) {
        const kind = awsPrincipalKind(entry);
        if (kind === 'anyone') keys.add('*');
        else if (kind === 'assumed-role')
          keys.add(`${accountOfPrincipal(entry)}:assumed-role/${sessionRoleName(entry)}`);
        else keys.add(entry);
      }
    }
    for (const key of keys) {
      if (key === '*') anyone.push(store);
      else byKey.set(key, [...(byKey.get(key) ?? []), store]);
    }
  }
  return { byKey, anyone };
}

function namedStores(index: NamingIndex, principal: PrincipalPolicies): Set<ParsedStore> {
  return new Set([
    ...index.anyone,
    ...(index.byKey.get(principal.arn) ?? []),
    ...(index.byKey.get(`${principal.accountId}:assumed-role/${principal.name}`) ?? []),
  ]);
}
