/**
 * New access since the baseline (docs/usage.md, "Drift"): what each role may do and reach, and where each
 * function is exposed, compared with the baseline scan's record of the same. Only growth counts; a role or
 * function absent from the baseline is new, not grown, and is left to the other detections. Pure.
 */

/** What one scan recorded, stored on its `Scan` node as `accessStateJson`. */
export interface AccessState {
  roles: Record<string, RoleAccess>;
  functions: Record<string, FunctionAccess>;
  /** Policy documents by policy id, as the graph holds them (`documentJson`). */
  policies: Record<string, string | null>;
}

export interface RoleAccess {
  /** `<kind>: <method or capability name>`, from the role's capabilities. */
  capabilities: string[];
  /** `<CAN_* edge> <target id>`: roles it may assume or pass, code it may update, data it reaches. */
  reach: string[];
  policyIds: string[];
}

export interface FunctionAccess {
  /** `<entry id> (<exposure>)`: what drift compares (a new entry point, or a known one more exposed). */
  entryPoints: string[];
  /**
   * The exposure of each of those entries, typed (absent in states recorded before it existed): the
   * detection reads exposures from here, never from the text.
   */
  exposures?: Record<string, string>;
}

export interface PolicyChange {
  policy: string;
  change: 'attached' | 'statements_added' | 'document_changed';
  /** The added statements, as JSON text (for `statements_added`). */
  statements: string[];
}

export interface RoleDrift {
  arn: string;
  addedCapabilities: string[];
  addedReach: string[];
  policyChanges: PolicyChange[];
}

export interface FunctionDrift {
  arn: string;
  addedEntryPoints: string[];
  /** The exposure class of each added entry point, same order (`unknown` when the state lacks it). */
  addedExposures: string[];
}

export interface AccessDrift {
  roles: RoleDrift[];
  functions: FunctionDrift[];
}

export function accessDrift(baseline: AccessState, current: AccessState): AccessDrift {
  const roles: RoleDrift[] = [];
  for (const [arn, now] of Object.entries(current.roles)) {
    const before = baseline.roles[arn];
    if (!before) continue;
    const addedCapabilities = added(before.capabilities, now.capabilities);
    const addedReach = added(before.reach, now.reach);
    if (addedCapabilities.length === 0 && addedReach.length === 0) continue;
    roles.push({
      arn,
      addedCapabilities,
      addedReach,
      policyChanges: policyChanges(baseline, current, before, now),
    });
  }
  const functions: FunctionDrift[] = [];
  for (const [arn, now] of Object.entries(current.functions)) {
    const before = baseline.functions[arn];
    if (!before) continue;
    const addedEntryPoints = added(before.entryPoints, now.entryPoints);
    if (addedEntryPoints.length > 0)
      functions.push({
        arn,
        addedEntryPoints,
        addedExposures: addedEntryPoints.map((entry) => now.exposures?.[entry] ?? 'unknown'),
      });
  }
  return { roles: roles.sort(byArn), functions: functions.sort(byArn) };
}

function added(before: readonly string[], now: readonly string[]): string[] {
  const known = new Set(before);
  return [...new Set(now)].filter((item) => !known.has(item)).sort();
}

function byArn(a: { arn: string }, b: { arn: string }): number {
  return a.arn.localeCompare(b.arn);
}

/** The policy changes that can explain the growth: policies attached since, and statements added to the others. */
function policyChanges(
  baseline: AccessState,
  current: AccessState,
  before: RoleAccess,
  now: RoleAccess,
): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const policy of [...now.policyIds].sort()) {
    const document = current.policies[policy] ?? null;
    if (!before.policyIds.includes(policy)) {
      changes.push({ policy, change: 'attached', statements: statementsOf(document) ?? [] });
      continue;
    }
    const previous = baseline.policies[policy] ?? null;
    if (previous === document) continue;
    const then = statementsOf(previous);
    const today = statementsOf(document);
    if (!then || !today) {
      changes.push({ policy, change: 'document_changed', statements: [] });
      continue;
    }
    const statements = added(then, today);
    if (statements.length > 0) changes.push({ policy, change: 'statements_added', statements });
  }
  return changes;
}

/** Each statement as canonical JSON text; null when the document does not parse (then only "changed"). */
function statementsOf(document: string | null): string[] | null {
  if (document === null) return [];
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement)
      ? parsed.Statement
      : parsed.Statement
        ? [parsed.Statement]
        : [];
    return list.map((statement) => JSON.stringify(statement));
  } catch {
    return null;
  }
}
