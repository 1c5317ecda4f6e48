/**
 * The `Remediation` node: who applied which option of which finding, when, the changes with the state
 * they replaced (what `--undo` restores), and whether the rescan proved the finding resolved
 * (docs/remediation.md "What is recorded"). Linked to its finding by `REMEDIATES`.
 */
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Change } from './change.js';
import type { OptionKind } from './plan.js';

export const REMEDIATION_STATUSES = ['applied', 'verified', 'not_verified', 'undone'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

export interface RemediationRecord {
  readonly id: string;
  readonly findingId: string;
  readonly option: number;
  readonly kind: OptionKind;
  readonly summary: string;
  readonly changes: readonly Change[];
  /** The AWS identity that made the change (sts:GetCallerIdentity) and the local user who ran toxgraph. */
  readonly actor: string;
  readonly operator: string;
  readonly accountId: string;
  readonly region: string;
  readonly appliedAt: string;
  readonly status: RemediationStatus;
  readonly rescanId: string | null;
  readonly undoneAt: string | null;
  readonly undoneBy: string | null;
}

export const newRemediationId = () => `rem-${randomUUID()}`;

export async function writeRemediation(
  driver: Driver,
  database: string,
  record: RemediationRecord,
): Promise<void> {
  await driver.executeQuery(
    `MATCH (f:Finding {id: $findingId})
     MERGE (r:Remediation {id: $id})
     SET r += $properties
     MERGE (r)-[:REMEDIATES]->(f)`,
    { findingId: record.findingId, id: record.id, properties: toProperties(record) },
    { database },
  );
}

export async function updateRemediation(
  driver: Driver,
  database: string,
  id: string,
  update: Partial<Pick<RemediationRecord, 'status' | 'rescanId' | 'undoneAt' | 'undoneBy'>>,
): Promise<void> {
  await driver.executeQuery('MATCH (r:Remediation {id: $id}) SET r += $update', { id, update }, { database });
}

export async function readRemediation(
  driver: Driver,
  database: string,
  id: string,
): Promise<RemediationRecord | undefined> {
  const { records } = await driver.executeQuery(
    'MATCH (r:Remediation {id: $id}) RETURN properties(r) AS r',
    { id },
    { database, routing: 'READ' },
  );
  const properties = records[0]?.get('r') as Record<string, unknown> | undefined;
  return properties ? fromProperties(properties) : undefined;
}

/** Remediations of a finding still in force (applied and not undone). */
export async function activeRemediations(
  driver: Driver,
  database: string,
  findingId: string,
): Promise<string[]> {
  const { records } = await driver.executeQuery(
    `MATCH (r:Remediation)-[:REMEDIATES]->(:Finding {id: $findingId}) WHERE r.status <> 'undone'
     RETURN r.id AS id ORDER BY r.appliedAt`,
    { findingId },
    { database, routing: 'READ' },
  );
  return records.map((record) => record.get('id') as string);
}

function toProperties(record: RemediationRecord): Record<string, unknown> {
  const { changes, ...rest } = record;
  return { ...rest, changesJson: JSON.stringify(changes) };
}

function fromProperties(p: Record<string, unknown>): RemediationRecord {
  const { changesJson, option, ...rest } = p;
  return {
    ...(rest as Omit<RemediationRecord, 'changes' | 'option'>),
    option: Number(option),
    changes: JSON.parse(String(changesJson)) as Change[],
    rescanId: (p.rescanId as string | undefined) ?? null,
    undoneAt: (p.undoneAt as string | undefined) ?? null,
    undoneBy: (p.undoneBy as string | undefined) ?? null,
  };
}
