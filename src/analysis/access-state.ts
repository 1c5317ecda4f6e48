/**
 * Records what the analyzed scan grants (AccessState on its `Scan` node) and, when a baseline scan is set
 * (`toxgraph baseline set`), replaces the drift facts: `newCapabilities`, `newReach`,
 * `newAccessPolicyChangesJson` (and its parallel lists `newAccessPolicies`, `newAccessChanges`,
 * `newAccessStatements`) on roles and `newEntryPoints` (with their typed `newEntryPointExposures`) on
 * functions, read by the `new-access`
 * detection (docs/usage.md, "Drift"). Runs after the privilege and exposure analyses.
 */
import { type Driver, int as neo4jInt } from 'neo4j-driver';
import type { CapabilityRecord } from '../iam/explain.js';
import { compareCodeUnits } from './code-unit-order.js';
import { type AccessDrift, type AccessState, accessDrift } from './drift.js';

const READ_ROLES = `
MATCH (r:AWSRole)
OPTIONAL MATCH (r)-[:POLICY]->(p:AWSPolicy)
WITH r, collect(p {.id, .documentJson}) AS policies
OPTIONAL MATCH (r)-[e:CAN_ASSUME|CAN_UPDATE_CODE|CAN_PASS_ROLE|CAN_MODIFY_POLICY|CAN_ACCESS]->(t)
RETURN r.id AS id, r.capabilitiesJson AS capabilitiesJson, policies,
  [x IN collect(DISTINCT type(e) + ' ' + t.id) WHERE x IS NOT NULL] AS reach`;

const READ_FUNCTIONS = `
MATCH (fn:LambdaFunction)
OPTIONAL MATCH (:Internet)-[e:EXPOSES]->(entry)-[:REACHES*0..1]->(target)<-[:HAS_ALIAS*0..1]-(fn)
WHERE e.exposure <> 'not_exposed' AND (target:LambdaFunction OR target:LambdaAlias)
RETURN fn.id AS id,
  [x IN collect(DISTINCT {key: entry.id + ' (' + e.exposure + ')', exposure: e.exposure}) WHERE x.key IS NOT NULL] AS entryPoints`;

const CLEAR_DRIFT = `
MATCH (n:AWSRole|LambdaFunction) WHERE n.newAccessBaselineScanId IS NOT NULL
REMOVE n.newCapabilities, n.newReach, n.newAccessPolicyChangesJson, n.newAccessPolicies, n.newAccessChanges,
  n.newAccessStatements, n.newEntryPoints, n.newEntryPointExposures, n.newAccessBaselineScanId`;

/**
 * How many scans keep their access record besides the baseline (docs/usage.md, "Drift"): enough to pick a
 * recent scan as the baseline later; older records are removed, so the graph does not grow with every
 * nightly scan (each record holds every policy document of the estate).
 */
export const ACCESS_STATES_KEPT = 10;

const PRUNE_ACCESS_STATES = `
MATCH (s:Scan) WHERE s.accessStateJson IS NOT NULL AND NOT coalesce(s.baseline, false)
WITH s ORDER BY s.startedAt DESC, s.id DESC SKIP $kept
REMOVE s.accessStateJson`;

export interface DriftSummary {
  baselineScanId: string | null;
  rolesGrown: number;
  functionsGrown: number;
}

export async function recordAccessAndDrift(
  driver: Driver,
  database: string,
  scanId: string | undefined,
): Promise<DriftSummary> {
  const current = await readAccessState(driver, database);
  if (scanId) {
    await driver.executeQuery(
      'MATCH (s:Scan {id: $scanId}) SET s.accessStateJson = $json',
      { scanId, json: JSON.stringify(current) },
      { database },
    );
    await driver.executeQuery(PRUNE_ACCESS_STATES, { kept: neo4jInt(ACCESS_STATES_KEPT) }, { database });
  }
  await driver.executeQuery(CLEAR_DRIFT, {}, { database });
  const { records } = await driver.executeQuery(
    'MATCH (s:Scan {baseline: true}) WHERE s.accessStateJson IS NOT NULL RETURN s.id AS id, s.accessStateJson AS json',
    {},
    { database, routing: 'READ' },
  );
  const baseline = records[0];
  const baselineScanId = (baseline?.get('id') as string | undefined) ?? null;
  if (!baseline || baselineScanId === scanId) return { baselineScanId, rolesGrown: 0, functionsGrown: 0 };
  const drift = accessDrift(JSON.parse(baseline.get('json') as string) as AccessState, current);
  await writeDrift(driver, database, drift, baselineScanId!);
  return { baselineScanId, rolesGrown: drift.roles.length, functionsGrown: drift.functions.length };
}

export async function readAccessState(driver: Driver, database: string): Promise<AccessState> {
  const state: AccessState = { roles: {}, functions: {}, policies: {} };
  const roles = await driver.executeQuery(READ_ROLES, {}, { database, routing: 'READ' });
  for (const record of roles.records) {
    const capabilitiesJson = record.get('capabilitiesJson') as string | null;
    const capabilities = capabilitiesJson ? (JSON.parse(capabilitiesJson) as CapabilityRecord[]) : [];
    const policies = record.get('policies') as { id: string; documentJson: string | null }[];
    for (const policy of policies) state.policies[policy.id] = policy.documentJson ?? null;
    state.roles[record.get('id') as string] = {
      capabilities: [
        ...new Set(capabilities.map((capability) => `${capability.kind}: ${capability.name}`)),
      ].sort(),
      reach: (record.get('reach') as string[]).sort(),
      policyIds: policies.map((policy) => policy.id).sort(),
    };
  }
  const functions = await driver.executeQuery(READ_FUNCTIONS, {}, { database, routing: 'READ' });
  for (const record of functions.records) {
    const entries = record.get('entryPoints') as { key: string; exposure: string }[];
    state.functions[record.get('id') as string] = {
      entryPoints: entries.map((entry) => entry.key).sort(),
      // In key order like every map of the state: rows come in no set order.
      exposures: byKey(Object.fromEntries(entries.map((entry) => [entry.key, entry.exposure]))),
    };
  }
  return inKeyOrder(state);
}

/**
 * The state with every map in key order. Neo4j returns rows in no set order (it changes after a restart or
 * a reload), and `Scan.accessStateJson` is stored as text: the same grants must give the same text, or a
 * re-run would not converge to the same graph (bench/kill-converge.ts).
 */
export function inKeyOrder(state: AccessState): AccessState {
  return { roles: byKey(state.roles), functions: byKey(state.functions), policies: byKey(state.policies) };
}

/** A map rebuilt in key order (code-unit order, whatever the locale). */
function byKey<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => compareCodeUnits(a, b)));
}

async function writeDrift(driver: Driver, database: string, drift: AccessDrift, baselineScanId: string) {
  await driver.executeQuery(
    `UNWIND $roles AS row
     MATCH (r:AWSRole {id: row.arn})
     SET r.newCapabilities = row.addedCapabilities, r.newReach = row.addedReach,
         r.newAccessPolicyChangesJson = row.policyChangesJson, r.newAccessPolicies = row.policies,
         r.newAccessChanges = row.changes, r.newAccessStatements = row.statements,
         r.newAccessBaselineScanId = $baselineScanId`,
    {
      // Parallel lists (policy i had change i adding statements i) so that the detection can name each.
      roles: drift.roles.map((role) => ({
        ...role,
        policyChangesJson: JSON.stringify(role.policyChanges),
        policies: role.policyChanges.map((change) => change.policy),
        changes: role.policyChanges.map((change) => change.change),
        statements: role.policyChanges.map((change) => change.statements.join(' ')),
      })),
      baselineScanId,
    },
    { database },
  );
  await driver.executeQuery(
    `UNWIND $functions AS row
     MATCH (fn:LambdaFunction {id: row.arn})
     SET fn.newEntryPoints = row.addedEntryPoints, fn.newEntryPointExposures = row.addedExposures,
         fn.newAccessBaselineScanId = $baselineScanId`,
    { functions: drift.functions, baselineScanId },
    { database },
  );
}
