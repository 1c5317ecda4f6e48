/**
 * The generic loader: writes a unit's rows (from a transform) as batched `UNWIND $rows MERGE` transactions,
 * nodes before relationships, using the statements cypher.ts derives from the schema. Batches are cut by
 * row count and by payload size, so one transaction stays far below Neo4j's transaction memory limit
 * whatever the documents weigh (Cartography's fixed 10,000-row batches run out of memory on big rows).
 */
import type { Driver } from 'neo4j-driver';
import { ACCOUNT_UPSERT, nodeUpsertQuery, relationshipUpsertQuery, sharedNodeUpsertQuery } from './cypher.js';
import type { GraphRows } from './rows.js';
import { NODES, type NodeLabel, RELATIONSHIPS, type RelationshipName } from './schema.js';

export interface BatchLimits {
  /** Most rows in one transaction. */
  rows: number;
  /** Most bytes of JSON row payload in one transaction. */
  bytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { rows: 5_000, bytes: 4 * 1024 * 1024 };

/**
 * Node batches of one label touch disjoint nodes, so two run at once (Neo4j works while the next batch
 * travels). Relationship batches run one at a time: two of them that share targets (a managed policy
 * attached everywhere) would lock those in different orders and deadlock.
 */
const NODE_WRITERS = 2;

/** Where a unit's rows go and how they are stamped. */
export interface UnitStamp {
  accountId: string;
  /** null for global services (IAM, Organizations). */
  region: string | null;
  scanId: string;
  /** Collection time of the unit: becomes lastSeen (and firstSeen on creation). */
  seenAt: string;
  /** Digest of (scan id, unit content): what cleanup compares (src/graph/cypher.ts staleNodesQuery). */
  loadToken: string;
}

/** Rows written, per label and per relationship type. */
export interface WriteCounts {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
}

export function emptyCounts(): WriteCounts {
  return { nodes: {}, relationships: {} };
}

export function addCounts(total: WriteCounts, more: WriteCounts): WriteCounts {
  for (const kind of ['nodes', 'relationships'] as const) {
    for (const [key, value] of Object.entries(more[kind])) total[kind][key] = (total[kind][key] ?? 0) + value;
  }
  return total;
}

/** Writes every row of one unit. Throws on the first failed batch; rows already written stay (they are current). */
export async function writeUnitRows(
  driver: Driver,
  database: string,
  rows: GraphRows,
  stamp: UnitStamp,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): Promise<WriteCounts> {
  const counts = emptyCounts();
  const run = async (query: string, list: unknown[], params: Record<string, unknown>, parallel: number) => {
    const pending = batches(list, limits);
    const worker = async () => {
      for (let next = pending.next(); !next.done; next = pending.next()) {
        await driver.executeQuery(query, { ...params, rows: next.value }, { database, routing: 'WRITE' });
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  };
  const seen = { scanId: stamp.scanId, seenAt: stamp.seenAt };
  await driver.executeQuery(ACCOUNT_UPSERT, { accountId: stamp.accountId, ...seen }, { database });
  for (const [label, list] of entries(rows.shared)) {
    await run(sharedNodeUpsertQuery(label), list, seen, NODE_WRITERS);
    add(counts.nodes, label, list.length);
  }
  for (const [label, list] of entries(rows.nodes)) {
    const unit = { ...seen, accountId: stamp.accountId, region: stamp.region, loadToken: stamp.loadToken };
    await run(nodeUpsertQuery(label), list, unit, NODE_WRITERS);
    add(counts.nodes, label, list.length);
  }
  for (const [name, list] of entries(rows.relationships)) {
    await run(relationshipUpsertQuery(name), list, { ...seen, loadToken: stamp.loadToken }, 1);
    add(counts.relationships, RELATIONSHIPS[name].type, list.length);
  }
  return counts;
}

function entries<K extends NodeLabel | RelationshipName>(
  record: Partial<Record<K, unknown[]>>,
): [K, unknown[]][] {
  const order = Object.keys({ ...NODES, ...RELATIONSHIPS });
  return (Object.entries(record) as [K, unknown[] | undefined][])
    .filter((entry): entry is [K, unknown[]] => (entry[1]?.length ?? 0) > 0)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
}

function add(record: Record<string, number>, key: string, value: number): void {
  record[key] = (record[key] ?? 0) + value;
}

/** Splits rows into batches of at most `limits.rows` rows and about `limits.bytes` bytes of JSON. */
export function* batches<T>(rows: T[], limits: BatchLimits): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = JSON.stringify(row).length;
    if (batch.length > 0 && (batch.length >= limits.rows || bytes + size > limits.bytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(row);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
