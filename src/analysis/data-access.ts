/**
 * Pure: the CAN_READ / CAN_WRITE / CAN_DECRYPT edges from principals to data stores (docs/data-stores.md).
 * Each edge is decided by the IAM engine on the store's own ARN: the principal's identity policies ∩
 * boundary ∩ SCPs (src/iam/ask.ts) combined with the store's policy (src/iam/resource-access.ts). Evidence
 * holds the statements of both sides, conditions kept. A store whose policy cannot be parsed is judged on
 * the identity side alone, never above `conditional`, and reported as not evaluated.
 */
import { principalAsker } from '../iam/ask.js';
import type { ActionCatalog } from '../iam/catalog.js';
import { type Decision, matchAction } from '../iam/evaluate.js';
import { type StatementRecord, statementRecord } from '../iam/explain.js';
import { type Policy, parsePolicy, type Statement } from '../iam/policy.js';
import { accountOfPrincipal, awsPrincipalKind, sessionRoleName } from '../iam/principal.js';
import type { PrincipalPolicies } from '../iam/principals.js';
import {
  decideResourceAccess,
  guardrails,
  type ResourceAccessDecision,
  resourcePolicyEvidence,
} from '../iam/resource-access.js';
import {
  type AccessRule,
  AUTHORITATIVE_POLICY,
  DATA_ACCESS,
  type DataAccessType,
  type DataStoreFacts,
  isPublicStatement,
  type PublicAccess,
  publicAccess,
  restrictsPublicPolicy,
} from './data-stores.js';
import { grantPatterns } from './privilege-edges.js';
import { type EvaluationProblem, problemOf } from './problems.js';
import { entriesMatching, type IndexedEntry, indexResources, type ResourceIndex } from './store-index.js';

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

/**
 * A store with its policy parsed once (undefined = none; `unreadable` = the document did not parse) and
 * what its own configuration opens to anyone (data-stores.ts `publicAccess`).
 */
export interface ParsedStore {
  readonly facts: DataStoreFacts;
  readonly policy: Policy | undefined | 'unreadable';
  /**
   * The policy as it applies to principals of other accounts: without its public Allow statements when
   * the bucket's or its account's block sets RestrictPublicBuckets, which limits a public policy to the
   * owner's account and AWS services (docs/data-stores.md). Otherwise the same as `policy`.
   */
  readonly outsidePolicy: Policy | undefined | 'unreadable';
  readonly open: PublicAccess;
}

export function parseStores(
  catalog: ActionCatalog,
  stores: readonly DataStoreFacts[],
): {
  parsed: ParsedStore[];
  problems: EvaluationProblem[];
} {
  const problems: EvaluationProblem[] = [];
  const parsed = stores.map((facts): ParsedStore => {
    const policy = parseStorePolicy(facts, problems);
    return {
      facts,
      policy,
      outsidePolicy:
        restrictsPublicPolicy(facts) && policy && policy !== 'unreadable'
          ? withoutPublicGrants(policy)
          : policy,
      open: publicAccess(catalog, facts, policy === 'unreadable' ? undefined : policy),
    };
  });
  return { parsed, problems };
}

function withoutPublicGrants(policy: Policy): Policy {
  return {
    ...policy,
    statements: policy.statements.filter(
      (statement) => statement.effect !== 'Allow' || !isPublicStatement(statement),
    ),
  };
}

function parseStorePolicy(facts: DataStoreFacts, problems: EvaluationProblem[]): ParsedStore['policy'] {
  if (facts.policyJson === null) return undefined;
  try {
    return parsePolicy(JSON.parse(facts.policyJson), `resource policy of ${facts.id}`);
  } catch (error) {
    problems.push(problemOf(facts.id, error));
    return 'unreadable';
  }
}

export interface DataAccessOptions {
  readonly now: Date;
  readonly regions?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Index-led (docs/data-stores.md "At scale"): each Allow pattern of a principal looks up the stores it can
 * match (by literal ARN, or by the prefix before its first wildcard), instead of testing every store; and
 * the identity side, which depends on a resource only through the policy patterns that cover it, is decided
 * once per set of covering patterns and shared by every store with the same set (a `*` grant: once per
 * kind). The edges are those of asking every action on every store (test/analysis/data-access-index.test.ts).
 */
export function dataAccessEdges(
  catalog: ActionCatalog,
  principals: readonly PrincipalPolicies[],
  stores: readonly ParsedStore[],
  options: DataAccessOptions,
): DataAccessEdge[] {
  const naming = indexNamedPrincipals(stores);
  const groups = accessGroups(stores);
  const edges: DataAccessEdge[] = [];
  for (const principal of principals) {
    const named = namedStores(naming, principal);
    const side = identitySide(catalog, principal, options);
    for (const group of groups) {
      for (const [entry, actions] of candidates(catalog, principal, group, named)) {
        const edge = decideStoreAccess(catalog, principal, entry.store, group.type, actions, options.now, {
          identity: (action) => side.identity(action, group, entry),
          guard: (action, lifted) => side.guard(action, group, entry, lifted),
        });
        if (edge) edges.push(edge);
      }
    }
  }
  return withoutUndecryptableReads(edges, stores);
}

/** Stores whose values the caller's own KMS permissions must decrypt to be read (docs/data-stores.md). */
const DECRYPTED_BY_CALLER: ReadonlySet<string> = new Set(['secret', 'ssm_parameter']);

/**
 * Secrets Manager and Parameter Store decrypt a value with the caller's permissions on the store's KMS key.
 * A read is therefore dropped when the key is known to refuse it: a customer managed key the principal has
 * no CAN_DECRYPT edge to (not even a conditional one) and no KMS grant of Decrypt to anyone of its
 * account, or an AWS managed key (`aws/secretsmanager`, `aws/ssm`) used from another account, which its key
 * policy never allows. A key that was not collected, not resolved or whose policy did not parse leaves the
 * read as it is: unknown is not safe.
 */
export function withoutUndecryptableReads(
  edges: readonly DataAccessEdge[],
  stores: readonly ParsedStore[],
): DataAccessEdge[] {
  const byId = new Map(stores.map((store) => [store.facts.id, store]));
  const decrypts = new Set(
    edges.filter((edge) => edge.type === 'CAN_DECRYPT').map((edge) => `${edge.from} ${edge.to}`),
  );
  return edges.filter((edge) => {
    const store = byId.get(edge.to)?.facts;
    if (edge.type !== 'CAN_READ' || !store || !DECRYPTED_BY_CALLER.has(store.kind)) return true;
    const key = store.encryptionKey ? byId.get(store.encryptionKey) : undefined;
    if (key?.facts.kind !== 'kms_key' || key.policy === 'unreadable') return true;
    const account = accountOfPrincipal(edge.from);
    if (key.facts.keyManager === 'AWS') return account === key.facts.accountId;
    if (key.facts.keyManager !== 'CUSTOMER') return true;
    // A grant is read generously: any grantee of the principal's account may be it (a role, its session).
    const granted = (key.facts.decryptGrantees ?? []).some(
      (grantee) => grantee === '*' || grantee === edge.from || accountOfPrincipal(grantee) === account,
    );
    return granted || decrypts.has(`${edge.from} ${key.facts.id}`);
  });
}

/** The stores of one kind indexed by the resource one access type asks about. */
interface AccessGroup {
  readonly id: string;
  readonly type: DataAccessType;
  readonly rule: AccessRule;
  readonly index: ResourceIndex<ParsedStore>;
  readonly entryOf: ReadonlyMap<ParsedStore, IndexedEntry<ParsedStore>>;
}

function accessGroups(stores: readonly ParsedStore[]): AccessGroup[] {
  const byKind = new Map<string, ParsedStore[]>();
  for (const store of stores) byKind.set(store.facts.kind, [...(byKind.get(store.facts.kind) ?? []), store]);
  return [...byKind].flatMap(([kind, members]) =>
    (Object.entries(DATA_ACCESS[kind as keyof typeof DATA_ACCESS]) as [DataAccessType, AccessRule][]).map(
      ([type, rule]) => {
        const index = indexResources(members, (store) => rule.resource(store.facts.id));
        return {
          id: `${kind}/${type}`,
          type,
          rule,
          index,
          entryOf: new Map(index.entries.map((entry) => [entry.store, entry])),
        };
      },
    ),
  );
}

/**
 * The stores worth asking about, each with its candidate actions in the rule's order: those an Allow
 * pattern of the principal covers, and those whose policy names it (which may grant without any Allow).
 */
function candidates(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  group: AccessGroup,
  named: ReadonlyMap<ParsedStore, readonly Statement[]>,
): Map<IndexedEntry<ParsedStore>, string[]> {
  const found = new Map<IndexedEntry<ParsedStore>, string[]>();
  const add = (entry: IndexedEntry<ParsedStore>, action: string) => {
    const actions = found.get(entry) ?? [];
    if (actions.at(-1) !== action) actions.push(action);
    found.set(entry, actions);
  };
  for (const action of group.rule.anyOf) {
    const patterns = grantPatterns(catalog, principal, action.toLowerCase(), action.split(':')[0]!);
    const covered =
      patterns === 'anything'
        ? group.index.entries
        : patterns.flatMap((pattern) => entriesMatching(group.index, pattern));
    for (const entry of covered) add(entry, action);
    const actionKey = action.toLowerCase();
    for (const [store, statements] of named) {
      const entry = group.entryOf.get(store);
      // Only a statement that also allows the action can grant it alone.
      if (entry && statements.some((statement) => matchAction(catalog, statement, actionKey) !== undefined))
        add(entry, action);
    }
  }
  return found;
}

/**
 * The principal's identity and guardrail decisions, memoised by the set of its policy patterns (Resource
 * and NotResource entries of every statement for the action, in identity, boundary and SCPs) that cover
 * the resource: two resources covered by the same patterns get the same decision, as the request context
 * holds nothing about the resource. A pattern with a policy variable is resolved per request: no sharing.
 */
function identitySide(catalog: ActionCatalog, principal: PrincipalPolicies, options: DataAccessOptions) {
  const ask = principalAsker(catalog, principal, {
    now: options.now,
    regions: options.regions?.get(principal.accountId) ?? [],
  });
  const coverings = new Map<string, Map<IndexedEntry<ParsedStore>, string> | 'per_request'>();
  const decisions = new Map<string, Decision>();
  const coveringOf = (action: string, group: AccessGroup, entry: IndexedEntry<ParsedStore>) => {
    const key = `${action}|${group.id}`;
    let covering = coverings.get(key);
    if (!covering) {
      covering = patternCovering(catalog, principal, action, group.index);
      coverings.set(key, covering);
    }
    return covering === 'per_request' ? undefined : `${key}|${covering.get(entry) ?? ''}`;
  };
  const memo = (key: string | undefined, decideNow: () => Decision) => {
    if (key === undefined) return decideNow();
    let decision = decisions.get(key);
    if (!decision) {
      decision = decideNow();
      decisions.set(key, decision);
    }
    return decision;
  };
  return {
    identity: (action: string, group: AccessGroup, entry: IndexedEntry<ParsedStore>) =>
      memo(coveringOf(action, group, entry), () => ask(action, entry.resource).decision),
    guard: (action: string, group: AccessGroup, entry: IndexedEntry<ParsedStore>, lifted: boolean) => {
      const key = coveringOf(action, group, entry);
      return memo(key && `${key}|guard:${lifted}`, () =>
        guardrails(catalog, principal, { action, resource: entry.resource }, lifted, options.now),
      );
    },
  };
}

/** For each store some pattern covers, which ones (by position): the rest are covered by none. */
function patternCovering(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  action: string,
  index: ResourceIndex<ParsedStore>,
): Map<IndexedEntry<ParsedStore>, string> | 'per_request' {
  const actionKey = action.toLowerCase();
  const layers = [...principal.identity, ...(principal.boundary ? [principal.boundary] : [])];
  const patterns = new Set<string>();
  for (const attached of [...layers, ...principal.scpLevels.flat()]) {
    for (const statement of attached.policy.statements) {
      if (matchAction(catalog, statement, actionKey) === undefined) continue;
      for (const pattern of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
        if (pattern.includes('${')) return 'per_request';
        if (pattern !== '*') patterns.add(pattern);
      }
    }
  }
  const covering = new Map<IndexedEntry<ParsedStore>, string>();
  let position = 0;
  for (const pattern of patterns) {
    for (const entry of entriesMatching(index, pattern))
      covering.set(entry, `${covering.get(entry) ?? ''},${position}`);
    position++;
  }
  return covering;
}

/** How the evaluation gets the principal's side of a request (memoised by dataAccessEdges). */
export interface PrincipalSide {
  readonly identity: (action: string) => Decision;
  readonly guard: (action: string, boundaryLifted: boolean) => Decision;
}

/**
 * The edge of one type from a principal to a store: the first candidate action granted outright, else the
 * first granted under conditions, else none.
 */
export function decideStoreAccess(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  store: ParsedStore,
  type: DataAccessType,
  actions: readonly string[],
  now: Date,
  side: PrincipalSide,
): DataAccessEdge | undefined {
  // Open to anyone without condition: the role's credentials add nothing (public-data-store reports it).
  if (store.open.unconditional.includes(type)) return undefined;
  const resource = DATA_ACCESS[store.facts.kind][type]!.resource(store.facts.id);
  const storePolicy = principal.accountId === store.facts.accountId ? store.policy : store.outsidePolicy;
  let conditional: DataAccessEdge | undefined;
  for (const action of actions) {
    const identity = side.identity(action);
    const unreadable = storePolicy === 'unreadable';
    const decision = decideResourceAccess(
      catalog,
      principal,
      identity,
      {
        action,
        resource,
        resourceAccount: store.facts.accountId,
        policy: unreadable ? undefined : (storePolicy as Policy | undefined),
        // An unreadable key policy cannot be shown to withhold delegation: the identity side decides, capped.
        authoritative: !unreadable && AUTHORITATIVE_POLICY.has(store.facts.kind),
      },
      now,
      (lifted) => side.guard(action, lifted),
    );
    if (decision.outcome === 'denied') continue;
    const edge = record(type, principal, store, storePolicy, action, identity, decision);
    if (edge.confidence === 'high') return edge;
    conditional ??= edge;
  }
  return conditional;
}

function record(
  type: DataAccessType,
  principal: PrincipalPolicies,
  store: ParsedStore,
  storePolicy: ParsedStore['policy'],
  action: string,
  identity: Decision,
  decision: ResourceAccessDecision,
): DataAccessEdge {
  const unreadable = storePolicy === 'unreadable';
  const policy = unreadable ? undefined : storePolicy;
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
  /** Per principal key: the stores whose policy names it, with the Allow statements that do. */
  readonly byKey: Map<string, Map<ParsedStore, Statement[]>>;
}

/**
 * Stores whose policy names a principal (its ARN, a session of its role, or anyone): those may grant in
 * the store's account without any identity grant, so they are evaluated even when no identity statement
 * covers them. Keyed like the trust index of privilege-edges.ts.
 */
function indexNamedPrincipals(stores: readonly ParsedStore[]): NamingIndex {
  const byKey = new Map<string, Map<ParsedStore, Statement[]>>();
  const add = (key: string, store: ParsedStore, statement: Statement) => {
    const named = byKey.get(key) ?? new Map<ParsedStore, Statement[]>();
    named.set(store, [...(named.get(store) ?? []), statement]);
    byKey.set(key, named);
  };
  for (const store of stores) {
    if (!store.policy || store.policy === 'unreadable') continue;
    for (const statement of store.policy.statements) {
      if (statement.effect !== 'Allow') continue;
      const keys = new Set<string>();
      if (statement.notPrincipal || statement.principal?.everyone) keys.add('*');
      for (const entry of statement.principal?.aws ?? []) {
        const kind = awsPrincipalKind(entry);
        if (kind === 'anyone') keys.add('*');
        else if (kind === 'assumed-role')
          keys.add(`${accountOfPrincipal(entry)}:assumed-role/${sessionRoleName(entry)}`);
        else keys.add(entry);
      }
      for (const key of keys) add(key, store, statement);
    }
  }
  return { byKey };
}

function namedStores(index: NamingIndex, principal: PrincipalPolicies): Map<ParsedStore, Statement[]> {
  const named = new Map<ParsedStore, Statement[]>();
  for (const key of ['*', principal.arn, `${principal.accountId}:assumed-role/${principal.name}`]) {
    for (const [store, statements] of index.byKey.get(key) ?? [])
      named.set(store, [...(named.get(store) ?? []), ...statements]);
  }
  return named;
}
