/**
 * The drift baseline (docs/usage.md, "Drift"): one `Scan` node marked `baseline: true`. Each analysis
 * records what its scan grants (`accessStateJson`, src/analysis/access-state.ts) and compares it with the
 * baseline's; only scans that recorded it can be the baseline.
 */
import { ACCESS_STATES_KEPT } from '../analysis/access-state.js';
import { InputError } from '../errors.js';
import type { Db } from './scans.js';

export interface Baseline {
  scanId: string;
  startedAt: string;
  status: string;
  setAt: string;
}

/** Marks `scanId` (default: the latest complete scan that recorded its access) as the one baseline. */
export async function setBaseline(db: Db, scanId: string | undefined, now: Date): Promise<Baseline> {
  const { records } = await db.driver.executeQuery(
    `MATCH (s:Scan)
     WHERE ($scanId IS NULL AND s.status = 'complete' AND s.accessStateJson IS NOT NULL) OR s.id = $scanId
     RETURN s.id AS id, s.status AS status, s.accessStateJson IS NOT NULL AS recorded
     ORDER BY s.startedAt DESC LIMIT 1`,
    { scanId: scanId ?? null },
    { database: db.database, routing: 'READ' },
  );
  const scan = records[0];
  if (!scan) {
    throw new InputError(
      scanId
        ? `no scan ${scanId} in the graph; list the scans with: toxgraph report --format json (scan ids), or the API's /scans`
        : 'no complete scan with recorded access in the graph: run toxgraph scan (or load + analyze) first',
    );
  }
  if (scan.get('recorded') !== true) {
    throw new InputError(
      `scan ${scanId} has no access record: it was analyzed before access was recorded per scan, or it is older than the ${ACCESS_STATES_KEPT} latest scans whose records are kept; run toxgraph analyze (it records the latest scan) or pick a later scan`,
    );
  }
  const { records: set } = await db.driver.executeQuery(
    `MATCH (old:Scan {baseline: true}) REMOVE old.baseline, old.baselineSetAt
     WITH count(*) AS cleared
     MATCH (s:Scan {id: $id}) SET s.baseline = true, s.baselineSetAt = $setAt
     RETURN s.id AS scanId, s.startedAt AS startedAt, s.status AS status, s.baselineSetAt AS setAt`,
    { id: scan.get('id'), setAt: now.toISOString() },
    { database: db.database },
  );
  return set[0]!.toObject() as Baseline;
}

export async function readBaseline(db: Db): Promise<Baseline | undefined> {
  const { records } = await db.driver.executeQuery(
    `MATCH (s:Scan {baseline: true})
     RETURN s.id AS scanId, s.startedAt AS startedAt, s.status AS status, s.baselineSetAt AS setAt`,
    {},
    { database: db.database, routing: 'READ' },
  );
  return records[0]?.toObject() as Baseline | undefined;
}
