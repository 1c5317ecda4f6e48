/**
 * Pure: the lateral-movement and escalation edges between principals, functions and accounts, each with
 * its evidence (statement records), open conditions and confidence:
 * - CAN_ASSUME (principal → role): trust ∧ identity (src/iam/assume.ts), or a trust it may rewrite;
 * - CAN_UPDATE_CODE (principal → function): lambda:UpdateFunctionCode on the function;
 * - CAN_PASS_ROLE (principal → role): iam:PassRole on the role to a service the role trusts, plus the
 *   other actions of a pass-role method of the catalogue (create the compute that runs as it);
 * - CAN_MODIFY_POLICY (principal → role): a ROLE_TAKEOVER action on the role or its customer policies;
 * - CAN_ACCESS (principal → account): method 33's data actions on every resource of a service.
 */

import { resourceMatches, splitArn } from '../iam/arn.js';
import { PROBE, principalAsker } from '../iam/ask.js';
import { decideAssume, guardrails, trustEvidence } from '../iam/assume.js';
import { isAwsOwned } from '../iam/aws-owned.js';
import type { ActionCatalog } from '../iam/catalog.js';
import { type Decision, matchAction, type StatementEvidence } from '../iam/evaluate.js';
import { type StatementRecord, statementRecord } from '../iam/explain.js';
import { dataAccessActionsByService, METHODS, ROLE_TAKEOVER, TRUST_REWRITE } from '../iam/methods.js';
import type { Statement } from '../iam/policy.js';
import { accountOfPrincipal, awsPrincipalKind, sessionRoleName } from '../iam/principal.js';
import type { PrincipalPolicies } from '../iam/principals.js';
import { wildcardMatches } from '../iam/wildcard.js';

export type PrivilegeEdgeType =
  | 'CAN_ASSUME'
  | 'CAN_UPDATE_CODE'
  | 'CAN_PASS_ROLE'
  | 'CAN_MODIFY_POLICY'
  | 'CAN_ACCESS';

export interface PrivilegeEdge {
  readonly type: PrivilegeEdgeType;
  readonly from: string;
  /** Role ARN, function ARN, or account id (CAN_ACCESS). */
  readonly to: string;
  /** `high`: allowed outright; `conditional`: only if the open conditions hold. */
  readonly confidence: 'high' | 'conditional';
  readonly evidence: readonly StatementRecord[];
  readonly conditions: readonly { operator: string; key: string; values: readonly string[] }[];
  /** Which catalogue methods (pass role) or actions (access) the edge stands for. */
  readonly via: readonly string[];
}

export interface FunctionRef {
  readonly arn: string;
  readonly roleArn: string | undefined;
}

export interface EdgeOptions {
  readonly now: Date;
  /** Regions the scan covers, per account id: probes are judged in each (src/iam/probe.ts). */
  readonly regions?: ReadonlyMap<string, readonly string[]>;
  /**
   * Principals already at the strongest tier (admin). Nothing they reach can make them stronger, so the
   * per-target edges (code update, pass-role, policy change: one per function or role of the account) are
   * not built for them; on a large account those would be most of the graph and none of the answer.
   */
  readonly strongest?: ReadonlySet<string>;
}

export function privilegeEdges(
  catalog: ActionCatalog,
  principals: readonly PrincipalPolicies[],
  functions: readonly FunctionRef[],
  options: EdgeOptions,
): PrivilegeEdge[] {
  const roles = principals.filter((principal) => principal.kind === 'role');
  const trusting = indexTrusts(roles);
  const edges: PrivilegeEdge[] = [];
  for (const principal of principals) {
    const ask = asker(catalog, principal, options);
    const assumed = assumeEdges(catalog, principal, trusting, options.now);
    edges.push(...assumed);
    edges.push(...accessEdges(principal, ask));
    if (options.strongest?.has(principal.arn)) continue;
    const codeUpdateScope = grantScope(catalog, principal, 'lambda:updatefunctioncode', 'lambda');
    if (codeUpdateScope) {
      for (const fn of functions) {
        if (!inAccountOf(principal, fn.arn) || !codeUpdateScope(fn.arn)) continue;
        const decision = ask('lambda:UpdateFunctionCode', fn.arn);
        if (decision.outcome !== 'denied')
          edges.push(edge('CAN_UPDATE_CODE', principal, fn.arn, [decision], ['lambda:UpdateFunctionCode']));
      }
    }
    const passScope = grantScope(catalog, principal, 'iam:passrole', 'iam');
    if (passScope)
      edges.push(
        ...passRoleEdges(
          principal,
          roles.filter((role) => passScope(role.arn)),
          ask,
        ),
      );
    edges.push(...modifyPolicyEdges(catalog, principal, roles, ask));
    const reached = new Set(assumed.map((assume) => assume.to));
    edges.push(
      ...trustRewriteEdges(
        catalog,
        principal,
        roles.filter((role) => !reached.has(role.arn)),
        ask,
        options.now,
      ),
    );
  }
  return edges;
}

/**
 * An identity policy reaches only its own account's resources: IAM actions and PassRole never cross
 * accounts, and another account's function is reachable only through that function's resource policy,
 * which the exposure analysis judges (cross-account grants). So `*` in an admin's policy in account B does
 * not let it rewrite a function or pass a role of account A.
 */
function inAccountOf(principal: PrincipalPolicies, arn: string): boolean {
  return arn.split(':')[4] === principal.accountId;
}

/** Decisions only: the edges keep the statements of each decision as evidence. */
type Ask = (action: string, resource: string, context?: Readonly<Record<string, string>>) => Decision;

function asker(catalog: ActionCatalog, principal: PrincipalPolicies, options: EdgeOptions): Ask {
  const ask = principalAsker(catalog, principal, {
    now: options.now,
    regions: options.regions?.get(principal.accountId) ?? [],
  });
  return (action, resource, context) => ask(action, resource, context).decision;
}

/** Which ARNs an Allow could cover for an action: a cheap filter, never a decision. */
type GrantScope = (arn: string) => boolean;

/**
 * The resources of `service` that the principal's Allow statements for this action could cover, or
 * undefined when none could. Sound (NotResource, `*` and policy variables count as "anything"); the full
 * evaluation then runs only for the ARNs in scope. On a large account nearly every (principal, role) pair
 * is out of scope, and this is what keeps the edges from being quadratic.
 */
export function grantScope(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  actionKey: string,
  service: string,
): GrantScope | undefined {
  const patterns = grantPatterns(catalog, principal, actionKey, service);
  if (patterns === 'anything') return () => true;
  if (patterns.length === 0) return undefined;
  return (arn) => patterns.some((pattern) => resourceMatches(pattern, arn));
}

/**
 * The Resource patterns of the principal's Allow statements for this action that could name a resource of
 * `service`, or `anything` (NotResource, `*`, a policy variable). An index can look each pattern up.
 */
export function grantPatterns(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  actionKey: string,
  service: string,
): string[] | 'anything' {
  const patterns: string[] = [];
  for (const attached of principal.identity) {
    for (const statement of attached.policy.statements) {
      if (!allowsAction(catalog, statement, actionKey)) continue;
      if (statement.resource === undefined) return 'anything';
      for (const pattern of statement.resource) {
        if (pattern === '*' || pattern.includes('${')) return 'anything';
        const serviceSegment = splitArn(pattern)?.[2];
        if (serviceSegment !== undefined && !wildcardMatches(serviceSegment, service, true)) continue;
        patterns.push(pattern);
      }
    }
  }
  return patterns;
}

function allowsAction(catalog: ActionCatalog, statement: Statement, actionKey: string): boolean {
  return statement.effect === 'Allow' && matchAction(catalog, statement, actionKey) !== undefined;
}

/** Roles by what their trust policies name: a role ARN, an account id (root), or `*`. */
function indexTrusts(roles: readonly PrincipalPolicies[]): Map<string, PrincipalPolicies[]> {
  const index = new Map<string, PrincipalPolicies[]>();
  const add = (key: string, role: PrincipalPolicies) => {
    const list = index.get(key) ?? [];
    if (!list.includes(role)) list.push(role);
    index.set(key, list);
  };
  for (const role of roles) {
    for (const statement of role.trust?.statements ?? []) {
      if (statement.effect !== 'Allow') continue;
      if (statement.notPrincipal || statement.principal?.everyone) add('*', role);
      for (const entry of statement.principal?.aws ?? []) {
        const kind = awsPrincipalKind(entry);
        if (kind === 'anyone') add('*', role);
        else if (kind === 'account') add(accountOfPrincipal(entry) ?? entry, role);
        // A session names its role by name only (no path): decideAssume judges it.
        else if (kind === 'assumed-role')
          add(sessionKey(accountOfPrincipal(entry), sessionRoleName(entry)), role);
        else add(entry, role);
      }
    }
  }
  return index;
}

const sessionKey = (accountId: string | undefined, roleName: string | undefined) =>
  `${accountId}:assumed-role/${roleName}`;

function assumeEdges(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  trusting: Map<string, PrincipalPolicies[]>,
  now: Date,
): PrivilegeEdge[] {
  const candidates = new Set([
    ...(trusting.get(principal.arn) ?? []),
    ...(trusting.get(principal.accountId) ?? []),
    ...(trusting.get(sessionKey(principal.accountId, principal.name)) ?? []),
    ...(trusting.get('*') ?? []),
  ]);
  const edges: PrivilegeEdge[] = [];
  for (const role of candidates) {
    if (role.arn === principal.arn) continue;
    const decision = decideAssume(catalog, principal, role, now);
    if (decision.outcome === 'denied') continue;
    const statements = [...trustEvidence(role, decision.trust), ...(decision.identity?.grants ?? [])];
    edges.push(
      record('CAN_ASSUME', principal, role.arn, decision.outcome === 'allowed', statements, [
        'sts:AssumeRole',
      ]),
    );
  }
  return edges;
}

/** Pass-role methods of the catalogue: the service the role goes to, and the other steps. */
const PASS_ROLE_METHODS = METHODS.flatMap((method) => {
  const pass = method.steps.find((step) => step.anyOf.includes('iam:PassRole'));
  const service = pass?.context?.['iam:PassedToService'];
  return pass && service
    ? [{ method, pass, service, others: method.steps.filter((step) => step !== pass) }]
    : [];
});

function passRoleEdges(
  principal: PrincipalPolicies,
  roles: readonly PrincipalPolicies[],
  ask: Ask,
): PrivilegeEdge[] {
  const edges: PrivilegeEdge[] = [];
  for (const role of roles) {
    if (role.arn === principal.arn || !canBePassed(role) || !inAccountOf(principal, role.arn)) continue;
    const decisions: Decision[] = [];
    const via: string[] = [];
    for (const { method, pass, service, others } of PASS_ROLE_METHODS) {
      if (!trustsService(role, service)) continue;
      const passed = ask('iam:PassRole', role.arn, pass.context);
      if (passed.outcome === 'denied') continue;
      const rest = others.map((step) => firstGranted(step.anyOf, ask));
      if (rest.some((decision) => decision === undefined)) continue;
      decisions.push(passed, ...(rest as Decision[]));
      via.push(`method ${method.number}: ${method.name}`);
    }
    if (via.length) edges.push(edge('CAN_PASS_ROLE', principal, role.arn, decisions, via));
  }
  return edges;
}

function firstGranted(actions: readonly string[], ask: Ask): Decision | undefined {
  let conditional: Decision | undefined;
  for (const action of actions) {
    const decision = ask(action, PROBE);
    if (decision.outcome === 'allowed') return decision;
    if (decision.outcome === 'conditional') conditional ??= decision;
  }
  return conditional;
}

/**
 * Method 10 as an edge: a principal that may rewrite a role's trust policy names itself in it and assumes
 * the role; the rewritten trust grants the call alone, so only its own denies and SCPs can stop it
 * (docs/iam-escalation.md). It reaches the role (CAN_ASSUME) without being able to change its policies.
 */
function trustRewriteEdges(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  roles: readonly PrincipalPolicies[],
  ask: Ask,
  now: Date,
): PrivilegeEdge[] {
  const scope = grantScope(catalog, principal, TRUST_REWRITE.toLowerCase(), 'iam');
  if (!scope) return [];
  const edges: PrivilegeEdge[] = [];
  for (const role of roles) {
    if (role.arn === principal.arn || !canBeModified(role) || !inAccountOf(principal, role.arn)) continue;
    if (!scope(role.arn)) continue;
    const rewrite = ask(TRUST_REWRITE, role.arn);
    if (rewrite.outcome === 'denied') continue;
    const assume = guardrails(catalog, principal, role.arn, true, now);
    if (assume.outcome === 'denied') continue;
    edges.push(
      edge('CAN_ASSUME', principal, role.arn, [rewrite, assume], [`${TRUST_REWRITE}, then sts:AssumeRole`]),
    );
  }
  return edges;
}

function modifyPolicyEdges(
  catalog: ActionCatalog,
  principal: PrincipalPolicies,
  roles: readonly PrincipalPolicies[],
  ask: Ask,
): PrivilegeEdge[] {
  const relevant = ROLE_TAKEOVER.flatMap((takeover) => {
    const scope = grantScope(catalog, principal, takeover.action.toLowerCase(), 'iam');
    return scope ? [{ takeover, scope }] : [];
  });
  if (!relevant.length) return [];
  const edges: PrivilegeEdge[] = [];
  for (const role of roles) {
    if (role.arn === principal.arn || !canBeModified(role) || !inAccountOf(principal, role.arn)) continue;
    const decisions: Decision[] = [];
    const via: string[] = [];
    for (const { takeover, scope } of relevant) {
      const targets =
        takeover.on === 'role'
          ? [role.arn]
          : role.identity.flatMap((attached) =>
              attached.kind === 'customer_managed' && attached.arn ? [attached.arn] : [],
            );
      for (const target of targets) {
        if (!scope(target)) continue;
        const decision = ask(takeover.action, target, takeover.context);
        if (decision.outcome === 'denied') continue;
        decisions.push(decision);
        via.push(`${takeover.action} on ${target}`);
        break;
      }
    }
    if (via.length) edges.push(edge('CAN_MODIFY_POLICY', principal, role.arn, decisions, via));
  }
  return edges;
}

function accessEdges(principal: PrincipalPolicies, ask: Ask): PrivilegeEdge[] {
  const edges: PrivilegeEdge[] = [];
  for (const [service, actions] of DATA_ACTIONS) {
    const decisions: Decision[] = [];
    const via: string[] = [];
    for (const action of actions) {
      const decision = ask(action, PROBE);
      if (decision.outcome === 'denied') continue;
      decisions.push(decision);
      via.push(action);
    }
    if (via.length)
      edges.push({
        ...edge('CAN_ACCESS', principal, principal.accountId, decisions, via),
        via: [`${service}: every resource`, ...via],
      });
  }
  return edges;
}

const DATA_ACTIONS = dataAccessActionsByService();

/** Service-linked and AWS-reserved (IAM Identity Center) roles cannot be modified or passed (docs/iam-escalation.md). */
function canBeModified(role: PrincipalPolicies): boolean {
  return !role.isServiceLinked && !isAwsOwned(role.arn);
}
const canBePassed = canBeModified;

function trustsService(role: PrincipalPolicies, service: string): boolean {
  return (role.trust?.statements ?? []).some(
    (statement) => statement.effect === 'Allow' && (statement.principal?.service.includes(service) ?? false),
  );
}

function edge(
  type: PrivilegeEdgeType,
  principal: PrincipalPolicies,
  to: string,
  decisions: readonly Decision[],
  via: string[],
): PrivilegeEdge {
  const allowed = decisions.every((decision) => decision.outcome === 'allowed');
  const statements = decisions.flatMap((decision) => [...decision.grants.slice(0, 1), ...decision.denials]);
  return record(type, principal, to, allowed, statements, via);
}

function record(
  type: PrivilegeEdgeType,
  principal: PrincipalPolicies,
  to: string,
  allowed: boolean,
  statements: readonly StatementEvidence[],
  via: string[],
): PrivilegeEdge {
  const evidence = statements.map(statementRecord);
  return {
    type,
    from: principal.arn,
    to,
    confidence: allowed ? 'high' : 'conditional',
    evidence,
    conditions: evidence.flatMap((item) => item.conditions),
    via,
  };
}
