/**
 * The scan history, read from the graph: each `Scan` node (written by the load: times, status, gaps) and
 * the findings `SEEN_IN` it (written by the analysis, with the severity and status each had in that scan;
 * src/findings/history.ts). Everything that compares scans (the report, the API's /scans and /diff) reads
 * it here. A scan that was loaded but never analyzed says so (`analyzed: false`): its silence is not "no
 * findings". Findings stream from the database, so a report of any size never holds them all at once.
 */
import { type Driver, int } from 'neo4j-driver';
import { InputError } from '../errors.js';
import type { CollectionGap } from '../snapshot/format.js';
import { type Finding, SEVERITIES, type Severity } from './finding.js';
import { fromProperties } from './history.js';

export const SCAN_STATUSES = ['loading', 'analyzing', 'complete', 'partial'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** What could not be collected or loaded in a scan, as the `Scan` node records it. */
export type ScanGap = Omit<CollectionGap, 'service'> & { service: string };

export type SeverityCounts = Record<Severity, number>;

export interface ScanSummary {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  /**
   * `partial` when a unit failed, was rejected or had a collection gap, or a document could not be
   * evaluated; `loading` / `analyzing` while (or when killed while) its load / analysis runs.
   */
  status: ScanStatus;
  unitsLoaded: number;
  /** False when findings were never recorded for the scan: its counts then mean nothing. */
  analyzed: boolean;
  /** Findings the scan's latest analysis produced, by severity in that scan. */
  counts: { total: number; bySeverity: SeverityCounts };
  gaps: ScanGap[];
}

/** How a finding of the later scan compares with the earlier one. */
export type Change = 'new' | 'persisting' | 'resolved';

export interface SeverityChange {
  finding: Finding;
  from: Severity;
  to: Severity;
}

export interface ScanDiff {
  from: ScanSummary;
  to: ScanSummary;
  /** Produced by `to`, not by `from`, with their severity in `to`. */
  new: Finding[];
  /** Produced by `from`, no longer by `to`, with their severity in `from`. */
  resolved: Finding[];
  /** Produced by both, at a different severity. */
  changed: SeverityChange[];
}

export interface Db {
  driver: Driver;
  database: string;
}

const SCAN_FIELDS = `s.id AS id, s.startedAt AS startedAt, s.finishedAt AS finishedAt, s.status AS status,
  s.unitsLoaded AS unitsLoaded, coalesce(s.analyzed, false) AS analyzed, s.gapsJson AS gapsJson,
  [(f:Finding)-[seen:SEEN_IN]->(s) | coalesce(seen.severity, f.severity)] AS severities`;

/** Every scan loaded, newest first (at most `limit`). */
export async function listScans(db: Db, limit = 100): Promise<ScanSummary[]> {
  const { records } = await db.driver.executeQuery(
    `MATCH (s:Scan) WITH s ORDER BY s.startedAt DESC, s.id DESC LIMIT $limit RETURN ${SCAN_FIELDS}`,
    { limit: int(Math.max(0, Math.trunc(limit))) },
    { database: db.database, routing: 'READ' },
  );
  return records.map((record) => toSummary(record.toObject()));
}

/** One scan's summary and gaps; undefined when no scan has that id. */
export async function readScan(db: Db, scanId: string): Promise<ScanSummary | undefined> {
  const { records } = await db.driver.executeQuery(
    `MATCH (s:Scan {id: $scanId}) RETURN ${SCAN_FIELDS}`,
    { scanId },
    { database: db.database, routing: 'READ' },
  );
  return records[0] ? toSummary(records[0].toObject()) : undefined;
}

/** The latest analyzed scan started before `scanId`: what "since the previous scan" compares with. */
export async function previousScan(db: Db, scanId: string): Promise<ScanSummary | undefined> {
  const { records } = await db.driver.executeQuery(
    `MATCH (current:Scan {id: $scanId})
     MATCH (s:Scan) WHERE s.analyzed AND s.id <> current.id
       AND (s.startedAt < current.startedAt OR (s.startedAt = current.startedAt AND s.id < current.id))
     WITH s ORDER BY s.startedAt DESC, s.id DESC LIMIT 1
     RETURN ${SCAN_FIELDS}`,
    { scanId },
    { database: db.database, routing: 'READ' },
  );
  return records[0] ? toSummary(records[0].toObject()) : undefined;
}

/** The analyzed scan named, or the latest analyzed one; a clear error when there is none. */
export async function requireAnalyzedScan(db: Db, scanId?: string): Promise<ScanSummary> {
  if (scanId !== undefined) {
    const scan = await readScan(db, scanId);
    if (!scan)
      throw new InputError(
        `no scan with id "${scanId}" in the graph; the scans loaded: MATCH (s:Scan) RETURN s.id, s.startedAt`,
      );
    if (!scan.analyzed) {
      throw new InputError(`scan "${scanId}" was loaded but never analyzed; run \`toxgraph analyze\` first`);
    }
    return scan;
  }
  const latest = (await listScans(db, 1000)).find((scan) => scan.analyzed);
  if (!latest) {
    throw new InputError('no analyzed scan in the graph; run `toxgraph scan` or `toxgraph load DIR` first');
  }
  return latest;
}

/** Findings new, resolved and changed in severity from scan `from` to scan `to` (both analyzed). */
export async function diffScans(db: Db, fromId: string, toId: string): Promise<ScanDiff> {
  const [from, to] = [await requireAnalyzedScan(db, fromId), await requireAnalyzedScan(db, toId)];
  const collect = async (change: Change) => {
    const found: Finding[] = [];
    for await (const finding of streamChanges(db, { scanId: to.id, baseScanId: from.id, change })) {
      found.push(finding);
    }
    return found;
  };
  const persisting = await collect('persisting');
  const earlier = new Map<string, Severity>();
  for await (const finding of streamChanges(db, {
    scanId: from.id,
    baseScanId: to.id,
    change: 'persisting',
  })) {
    earlier.set(finding.id, finding.severity);
  }
  const changed = persisting
    .filter((finding) => earlier.get(finding.id) !== finding.severity)
    .map((finding) => ({ finding, from: earlier.get(finding.id)!, to: finding.severity }));
  return { from, to, new: await collect('new'), resolved: await collect('resolved'), changed };
}

export interface ChangeQuery {
  /** The scan reported on. */
  scanId: string;
  /** The scan it is compared with; null: none (every finding of `scanId` is new). */
  baseScanId: string | null;
  change: Change;
  /** At most this many, most severe first. */
  limit?: number;
}

const CHANGE_MATCH: Record<Change, string> = {
  new: `MATCH (f:Finding)-[seen:SEEN_IN]->(:Scan {id: $scanId})
        WHERE $baseScanId IS NULL OR NOT EXISTS { (f)-[:SEEN_IN]->(:Scan {id: $baseScanId}) }`,
  persisting: `MATCH (f:Finding)-[seen:SEEN_IN]->(:Scan {id: $scanId})
        WHERE $baseScanId IS NOT NULL AND EXISTS { (f)-[:SEEN_IN]->(:Scan {id: $baseScanId}) }`,
  resolved: `MATCH (f:Finding)-[seen:SEEN_IN]->(:Scan {id: $baseScanId})
        WHERE NOT EXISTS { (f)-[:SEEN_IN]->(:Scan {id: $scanId}) }`,
};

/**
 * The findings of one change between two scans, most severe first, one at a time from the database.
 * Each carries its severity in the scan it was seen in (`scanId`, or `baseScanId` for resolved ones) and
 * its status relative to the base scan.
 */
export async function* streamChanges(db: Db, query: ChangeQuery): AsyncGenerator<Finding> {
  const limit = query.limit === undefined ? '' : 'LIMIT $limit';
  const session = db.driver.session({ database: db.database, defaultAccessMode: 'READ' });
  try {
    const result = session.run(
      `${CHANGE_MATCH[query.change]}
       RETURN properties(f) AS f, coalesce(seen.severity, f.severity) AS severity
       ORDER BY coalesce(seen.severityRank, f.severityRank), f.title, f.id ${limit}`,
      {
        scanId: query.scanId,
        baseScanId: query.baseScanId,
        limit: int(Math.max(0, Math.trunc(query.limit ?? 0))),
      },
    );
    for await (const record of result) {
      const finding = fromProperties(record.get('f'));
      yield { ...finding, severity: record.get('severity') as Severity, status: query.change };
    }
  } finally {
    await session.close();
  }
}

/** How many findings each change holds, by severity, computed in the database. */
export async function countChanges(
  db: Db,
  scanId: string,
  baseScanId: string | null,
): Promise<Record<Change, SeverityCounts>> {
  const counts = { new: emptyCounts(), persisting: emptyCounts(), resolved: emptyCounts() };
  for (const change of Object.keys(counts) as Change[]) {
    const { records } = await db.driver.executeQuery(
      `${CHANGE_MATCH[change]}
       RETURN coalesce(seen.severity, f.severity) AS severity, count(*) AS n`,
      { scanId, baseScanId },
      { database: db.database, routing: 'READ' },
    );
    for (const record of records)
      counts[change][record.get('severity') as Severity] += record.get('n') as number;
  }
  return counts;
}

/** How many findings of `scanId` fall in each group, for summaries, computed in the database. */
export async function countFindings(
  db: Db,
  scanId: string,
  by: 'detection' | 'accountId' | 'region',
): Promise<{ key: string | null; counts: SeverityCounts }[]> {
  const { records } = await db.driver.executeQuery(
    `MATCH (f:Finding)-[seen:SEEN_IN]->(:Scan {id: $scanId})
     WITH f[$by] AS key, coalesce(seen.severity, f.severity) AS severity, count(*) AS n
     RETURN key, collect([severity, n]) AS counts ORDER BY key`,
    { scanId, by },
    { database: db.database, routing: 'READ' },
  );
  return records.map((record) => {
    const counts = emptyCounts();
    for (const [severity, n] of record.get('counts') as [Severity, number][]) counts[severity] += n;
    return { key: record.get('key') as string | null, counts };
  });
}

export function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as SeverityCounts;
}

function toSummary(row: Record<string, unknown>): ScanSummary {
  const bySeverity = emptyCounts();
  for (const severity of row.severities as Severity[]) bySeverity[severity] += 1;
  return {
    id: row.id as string,
    startedAt: row.startedAt as string,
    finishedAt: (row.finishedAt as string | null) ?? null,
    // An unknown status is no claim of completeness.
    status: (SCAN_STATUSES as readonly unknown[]).includes(row.status)
      ? (row.status as ScanStatus)
      : 'partial',
    unitsLoaded: Number(row.unitsLoaded ?? 0),
    analyzed: row.analyzed === true,
    counts: { total: (row.severities as unknown[]).length, bySeverity },
    gaps: parseGaps(row.id as string, row.gapsJson),
  };
}

/** Gaps that cannot be read are themselves a gap: an unreadable record never reads as "nothing missing". */
export function parseGaps(scanId: string, gapsJson: unknown): ScanGap[] {
  const unreadable: ScanGap = {
    accountId: '*',
    region: '*',
    service: '*',
    api: 'scan record',
    error: `the gaps of scan ${scanId} could not be read; treat its coverage as unknown`,
  };
  if (gapsJson === null || gapsJson === undefined) return [];
  try {
    const gaps = JSON.parse(String(gapsJson)) as unknown;
    return Array.isArray(gaps) ? (gaps as ScanGap[]) : [unreadable];
  } catch {
    return [unreadable];
  }
}
