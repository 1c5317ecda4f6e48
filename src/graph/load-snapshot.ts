/**
 * Loads a snapshot directory into the graph (docs/architecture.md §3): validate every file, then for each
 * valid unit transform → write → clean up its stale data; a rejected, failed or missing unit is never
 * cleaned, so its previous data stay. Ends with a `Scan` node recording the gaps. Stamps (scan id, times)
 * come from the snapshot, never from the clock, so loading the same snapshot twice changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { type CollectionGap, GLOBAL_SERVICES, type ServiceName, type UnitKey } from '../snapshot/format.js';
import { describeRejection, readSnapshot, type SnapshotUnit } from '../snapshot/read.js';
import { cleanupUnit, collectOrphans, type Deleted } from './cleanup.js';
import { ensureSchema } from './constraints.js';
import { sharedNodeUpsertQuery } from './cypher.js';
import { GraphConnectionLost, isConnectionLoss } from './graph-errors.js';
import { addCounts, emptyCounts, type WriteCounts, writeUnitRows } from './loader.js';
import type { NodeRow } from './rows.js';
import { transformUnit } from './transform/index.js';
import { refuseOlderUnits } from './unit-times.js';

/**
 * Identities first, then what refers to them: a stale node deleted by its own unit and still named by a
 * later unit comes back as a stub in the same load, rather than after the next one.
 */
const SERVICE_ORDER: readonly ServiceName[] = [
  'organizations',
  'iam',
  'ec2',
  'lambda',
  'apigatewayv2',
  'apigateway',
  'elbv2',
  'cloudfront',
  'datastores',
  'wafv2',
];

export interface UnitProblem extends UnitKey {
  file: string | null;
  error: string;
}

export interface LoadSummary {
  scanId: string;
  status: 'complete' | 'partial';
  loaded: UnitKey[];
  /** Units listed as collected whose file failed validation (not loaded, not cleaned). */
  rejected: UnitProblem[];
  /** Units that validated but could not be written (not cleaned). */
  failed: UnitProblem[];
  /** Collection gaps recorded in the manifest. */
  gaps: CollectionGap[];
  written: WriteCounts;
  deleted: Deleted;
  orphansDeleted: number;
  /** Things a transform could not read and left out. */
  warnings: string[];
  durationMs: number;
  /** Where the time went, in milliseconds: reading + validating, transforming, writing, cleaning up. */
  phasesMs: { read: number; transform: number; write: number; cleanup: number };
}

export interface LoadOptions {
  /** Load even when a unit is older than what the graph holds for it (rolls that unit back). */
  allowOlder?: boolean;
  /**
   * The analysis runs right after (load, scan): the scan goes from `loading` straight to `analyzing`, so
   * no moment between the two shows it `complete` with the previous findings (docs/architecture.md §3).
   */
  analysisFollows?: boolean;
}

export async function loadSnapshot(
  driver: Driver,
  database: string,
  dir: string,
  logger: Logger,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const started = performance.now();
  const snapshot = await readSnapshot(dir);
  const phasesMs = { read: performance.now() - started, transform: 0, write: 0, cleanup: 0 };
  const { manifest } = snapshot;
  const scanId = manifest.scanId;
  const rejected: UnitProblem[] = snapshot.rejected.map((entry) => ({
    ...entry.unit,
    file: entry.file,
    error: describeRejection(entry),
  }));
  for (const problem of rejected) logger.warn({ ...problem }, 'snapshot file rejected; unit not loaded');

  await ensureSchema(driver, database);
  if (!options.allowOlder) await refuseOlderUnits(driver, database, dir, scanId, snapshot.units);
  // Until the end of the load says otherwise, this scan is in progress: a load killed half-way is never
  // reported as complete (docs/architecture.md §3).
  await driver.executeQuery(
    "MERGE (s:Scan {id: $scanId}) SET s.status = 'loading', s.startedAt = coalesce(s.startedAt, $startedAt)",
    { scanId, startedAt: manifest.createdAt },
    { database },
  );
  const summary: LoadSummary = {
    scanId,
    status: 'complete',
    loaded: [],
    rejected,
    failed: [],
    gaps: manifest.gaps,
    written: emptyCounts(),
    deleted: { nodes: {}, relationships: {} },
    orphansDeleted: 0,
    warnings: [],
    durationMs: 0,
    phasesMs,
  };
  const units = [...snapshot.units].sort(
    (a, b) => SERVICE_ORDER.indexOf(a.service) - SERVICE_ORDER.indexOf(b.service),
  );
  for (const unit of units) {
    const key: UnitKey = { accountId: unit.accountId, region: unit.region, service: unit.service };
    try {
      const { written, deleted, warnings } = await loadUnit(driver, database, unit, scanId, phasesMs);
      addCounts(summary.written, written);
      addCounts(summary.deleted, deleted);
      summary.warnings.push(...warnings.map((warning) => `${unit.file}: ${warning}`));
      summary.loaded.push(key);
      logger.info({ ...key, written, deleted }, 'unit loaded');
    } catch (error) {
      // A vanished server fails every later unit after the driver's retries: stop at the first, unrecorded.
      if (isConnectionLoss(error)) {
        throw new GraphConnectionLost(`while loading ${unit.file} (scan ${scanId} not recorded)`, error);
      }
      // What was written stays (it is current); nothing of the unit is cleaned up.
      summary.failed.push({ ...key, file: unit.file, error: errorMessage(error) });
      logger.error({ ...key, error: errorMessage(error) }, 'unit failed to load; its previous data stay');
    }
  }
  summary.orphansDeleted = await collectOrphans(driver, database);
  const incomplete =
    rejected.length + summary.failed.length + snapshot.failed.length + manifest.gaps.length > 0;
  summary.status = incomplete ? 'partial' : 'complete';
  await recordScan(driver, database, snapshot.manifest.createdAt, units, summary, options.analysisFollows);
  summary.durationMs = Math.round(performance.now() - started);
  for (const phase of Object.keys(phasesMs) as (keyof typeof phasesMs)[]) {
    phasesMs[phase] = Math.round(phasesMs[phase]);
  }
  return summary;
}

async function loadUnit(
  driver: Driver,
  database: string,
  unit: SnapshotUnit,
  scanId: string,
  phasesMs: LoadSummary['phasesMs'],
) {
  let mark = performance.now();
  const lap = (phase: keyof LoadSummary['phasesMs']) => {
    const now = performance.now();
    phasesMs[phase] += now - mark;
    mark = now;
  };
  const rows = transformUnit(unit);
  lap('transform');
  const stamp = {
    accountId: unit.accountId,
    region: GLOBAL_SERVICES.includes(unit.service) ? null : unit.region,
    scanId,
    seenAt: unit.collectedAt,
    loadToken: loadToken(scanId, unit),
  };
  const written = await writeUnitRows(driver, database, rows, stamp);
  lap('write');
  const deleted = await cleanupUnit(driver, database, unit, stamp.loadToken);
  lap('cleanup');
  return { written, deleted, warnings: rows.warnings };
}

/**
 * The cleanup key of one unit's load: the scan id and the unit's content. The same snapshot loaded again
 * gives the same token (nothing changes); other content under the same scan id gives another (cleanup
 * still removes what that content no longer holds).
 */
export function loadToken(scanId: string, unit: SnapshotUnit): string {
  return createHash('sha256')
    .update(scanId)
    .update('\u0000')
    .update(JSON.stringify({ collectedAt: unit.collectedAt, data: unit.data }))
    .digest('base64url')
    .slice(0, 22);
}

async function recordScan(
  driver: Driver,
  database: string,
  startedAt: string,
  units: SnapshotUnit[],
  summary: LoadSummary,
  analysisFollows = false,
): Promise<void> {
  const gaps = [
    ...summary.gaps,
    ...summary.rejected.map((problem) => ({ ...unitOf(problem), api: 'snapshot', error: problem.error })),
    ...summary.failed.map((problem) => ({ ...unitOf(problem), api: 'load', error: problem.error })),
  ];
  const finishedAt =
    units
      .map((unit) => unit.collectedAt)
      .sort()
      .at(-1) ?? startedAt;
  const scan: NodeRow<'Scan'> = {
    id: summary.scanId,
    props: {
      startedAt,
      finishedAt,
      status: analysisFollows ? 'analyzing' : summary.status,
      gapsJson: JSON.stringify(gaps),
      unitsLoaded: summary.loaded.length,
      evaluationProblemsJson: null,
      // Written by the analysis once it stored the findings; a reload has none yet.
      findingsRecordedAt: null,
    },
  };
  await driver.executeQuery(
    sharedNodeUpsertQuery('Scan'),
    { rows: [scan], scanId: summary.scanId, seenAt: finishedAt },
    { database },
  );
}

function unitOf(problem: UnitProblem): UnitKey {
  return { accountId: problem.accountId, region: problem.region, service: problem.service };
}
