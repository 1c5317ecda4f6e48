/**
 * Stale-data cleanup (docs/architecture.md §3). After a unit loaded completely, its nodes and relationships
 * that carry another load token (scan id + unit content) are what AWS no longer returns: they are deleted, scoped to the unit's
 * account, region and service so that other units (and units that failed this time) keep their data.
 * Deletes run in bounded transactions of `limit` rows until nothing is left.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { UnitKey } from '../snapshot/format.js';
import { GLOBAL_SERVICES } from '../snapshot/format.js';
import { COLLECTABLE_LABELS, orphanNodesQuery, staleNodesQuery, staleRelationshipsQuery } from './cypher.js';
import { labelsOfService, RELATIONSHIPS, relationshipsOfService } from './schema.js';

const DELETE_LIMIT = 5_000;

/** What one cleanup removed, per label and per relationship type. */
export interface Deleted {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
}

export async function cleanupUnit(
  driver: Driver,
  database: string,
  unit: UnitKey,
  loadToken: string,
): Promise<Deleted> {
  const regional = !GLOBAL_SERVICES.includes(unit.service);
  const params = { accountId: unit.accountId, region: unit.region, loadToken };
  const deleted: Deleted = { nodes: {}, relationships: {} };
  // Relationships first: a stale edge between two current nodes is only found this way.
  for (const name of relationshipsOfService(unit.service)) {
    const count = await deleteAll(driver, database, staleRelationshipsQuery(name, regional), params);
    if (count > 0) {
      const type = RELATIONSHIPS[name].type;
      deleted.relationships[type] = (deleted.relationships[type] ?? 0) + count;
    }
  }
  for (const label of labelsOfService(unit.service)) {
    const count = await deleteAll(driver, database, staleNodesQuery(label, regional), params);
    if (count > 0) deleted.nodes[label] = count;
  }
  return deleted;
}

/** Removes stubs and shared nodes nothing links to any more. Returns how many nodes went. */
export async function collectOrphans(driver: Driver, database: string): Promise<number> {
  let total = 0;
  for (const label of COLLECTABLE_LABELS) {
    total += await deleteAll(driver, database, orphanNodesQuery(label), {});
  }
  return total;
}

async function deleteAll(
  driver: Driver,
  database: string,
  query: string,
  params: Record<string, unknown>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { records } = await driver.executeQuery(
      query,
      // LIMIT takes an integer; plain JS numbers travel as floats.
      { ...params, limit: neo4j.int(DELETE_LIMIT) },
      { database, routing: 'WRITE' },
    );
    const deleted = Number(records[0]?.get('deleted') ?? 0);
    total += deleted;
    if (deleted < DELETE_LIMIT) return total;
  }
}
