/**
 * What a report says, whatever its format (docs/report.md): the scan and the scan it is compared with,
 * counts by severity, detection, account and region, the new / persisting / resolved findings, the top
 * attack paths, and the scan's gaps. Counts come from the database; the finding lists are streams read
 * once by the renderer, so a report of 10,000 findings never holds them all in memory.
 */
import type { Detection } from '../findings/detections.js';
import { type Finding, isAtOrAbove, SEVERITIES, type Severity } from '../findings/finding.js';
import {
  type Change,
  countChanges,
  countFindings,
  type Db,
  previousScan,
  requireAnalyzedScan,
  type ScanSummary,
  type SeverityCounts,
  streamChanges,
} from '../findings/scans.js';

/** How many attack paths the report draws: the most severe findings of the scan that have a path. */
export const TOP_PATHS = 5;

export const CHANGES: readonly Change[] = ['new', 'persisting', 'resolved'];

export interface GroupCount {
  key: string;
  counts: SeverityCounts;
}

export interface Report {
  generatedAt: string;
  toolVersion: string;
  scan: ScanSummary;
  /** The scan compared with; null when this is the first analyzed scan (every finding is new). */
  baseScan: ScanSummary | null;
  /** Open findings of the scan (new + persisting), by severity. */
  bySeverity: SeverityCounts;
  byDetection: GroupCount[];
  byAccount: GroupCount[];
  byRegion: GroupCount[];
  changes: Record<Change, SeverityCounts>;
  topPaths: Finding[];
  /** Detections by id: titles, descriptions and references for the formats that list rules. */
  detections: ReadonlyMap<string, Detection>;
  /** Each change's findings, most severe first; each call starts a new stream. */
  findings: (change: Change) => AsyncIterable<Finding>;
}

export interface ReportOptions {
  /** Report on this scan; default: the latest analyzed one. */
  scanId?: string;
  /** Compare with this scan; default: the analyzed scan before it. */
  since?: string;
  detections: readonly Detection[];
  toolVersion: string;
  now: Date;
}

export async function buildReport(db: Db, options: ReportOptions): Promise<Report> {
  const scan = await requireAnalyzedScan(db, options.scanId);
  const baseScan =
    options.since === undefined
      ? ((await previousScan(db, scan.id)) ?? null)
      : await requireAnalyzedScan(db, options.since);
  const baseId = baseScan?.id ?? null;
  const group = async (by: 'detection' | 'accountId' | 'region') =>
    (await countFindings(db, scan.id, by)).map((row) => ({ key: row.key ?? '(none)', counts: row.counts }));
  return {
    generatedAt: options.now.toISOString(),
    toolVersion: options.toolVersion,
    scan,
    baseScan,
    bySeverity: scan.counts.bySeverity,
    byDetection: await group('detection'),
    byAccount: await group('accountId'),
    byRegion: await group('region'),
    changes: await countChanges(db, scan.id, baseId),
    topPaths: await topPaths(db, scan.id),
    detections: new Map(options.detections.map((detection) => [detection.id, detection])),
    findings: (change) => streamChanges(db, { scanId: scan.id, baseScanId: baseId, change }),
  };
}

async function topPaths(db: Db, scanId: string): Promise<Finding[]> {
  const top: Finding[] = [];
  for await (const finding of streamChanges(db, { scanId, baseScanId: null, change: 'new' })) {
    if (finding.path.length > 1) top.push(finding);
    if (top.length === TOP_PATHS) break;
  }
  return top;
}

/** True when an open finding of the scan is at or above `threshold` (`--fail-on`, exit 3). */
export function failsOn(counts: SeverityCounts, threshold: Severity): boolean {
  return SEVERITIES.some((severity) => counts[severity] > 0 && isAtOrAbove(severity, threshold));
}

export function total(counts: SeverityCounts): number {
  return SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
}
