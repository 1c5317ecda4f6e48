/**
 * What the graph holds for each unit (account, region, service): the newest collection time of its nodes.
 * A snapshot older than that would roll the unit back (lastSeen going backwards, live resources deleted as
 * stale), so `load` refuses it unless told otherwise (docs/architecture.md §3).
 */
import type { Driver } from 'neo4j-driver';
import { InputError } from '../errors.js';
import { GLOBAL_REGION, GLOBAL_SERVICES, type UnitKey } from '../snapshot/format.js';
import { describeUnit, type SnapshotUnit } from '../snapshot/read.js';
import { NODE_LABELS, NODES } from './schema.js';

/** One unit the snapshot would roll back. */
export interface OlderUnit extends UnitKey {
  /** The snapshot's collection time of the unit. */
  collectedAt: string;
  /** The newest collection time the graph holds for it. */
  graphHolds: string;
}

/** Newest `lastSeen` per unit key (`describeUnit`), one label scan per label that belongs to a service. */
export async function unitTimes(driver: Driver, database: string): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  for (const label of NODE_LABELS) {
    const service = NODES[label].service;
    if (service === null) continue;
    const { records } = await driver.executeQuery(
      `MATCH (n:${label}) WHERE n.accountId IS NOT NULL AND n.lastSeen IS NOT NULL
       RETURN n.accountId AS accountId, n.region AS region, max(n.lastSeen) AS lastSeen`,
      {},
      { database, routing: 'READ' },
    );
    for (const record of records) {
      const region = (record.get('region') as string | null) ?? GLOBAL_REGION;
      const key = describeUnit({ accountId: record.get('accountId') as string, region, service });
      const lastSeen = record.get('lastSeen') as string;
      const known = times.get(key);
      if (known === undefined || Date.parse(lastSeen) > Date.parse(known)) times.set(key, lastSeen);
    }
  }
  return times;
}

/** The snapshot's units collected before what the graph already holds for them. Pure. */
export function olderUnits(units: readonly SnapshotUnit[], times: ReadonlyMap<string, string>): OlderUnit[] {
  return units.flatMap((unit) => {
    const key: UnitKey = {
      accountId: unit.accountId,
      region: GLOBAL_SERVICES.includes(unit.service) ? GLOBAL_REGION : unit.region,
      service: unit.service,
    };
    const graphHolds = times.get(describeUnit(key));
    return graphHolds !== undefined && Date.parse(unit.collectedAt) < Date.parse(graphHolds)
      ? [{ ...key, collectedAt: unit.collectedAt, graphHolds }]
      : [];
  });
}

/** Throws an InputError naming each unit and both times when the snapshot is older than the graph. */
export async function refuseOlderUnits(
  driver: Driver,
  database: string,
  dir: string,
  scanId: string,
  units: readonly SnapshotUnit[],
): Promise<void> {
  const older = olderUnits(units, await unitTimes(driver, database));
  if (older.length === 0) return;
  const lines = older.map(
    (unit) => `  ${describeUnit(unit)}: collected ${unit.collectedAt}, the graph holds ${unit.graphHolds}`,
  );
  throw new InputError(
    [
      `snapshot ${dir} (scan ${scanId}) is older than what the graph holds for ${older.length} unit(s); nothing was loaded:`,
      ...lines,
      'Load a newer snapshot, or pass --allow-older to roll these units back to the snapshot.',
    ].join('\n'),
  );
}
