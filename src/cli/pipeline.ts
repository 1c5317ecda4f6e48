import type { Driver } from 'neo4j-driver';
import { analyze } from '../analysis/index.js';
import type { AnalysisSettings } from '../config.js';
import type { Finding } from '../findings/finding.js';
import { type RecordSummary, readFindings } from '../findings/history.js';
import { type LoadSummary, loadSnapshot } from '../graph/load-snapshot.js';
import type { Logger } from '../log.js';

export interface PipelineResult {
  load: LoadSummary;
  /** The current findings after the analysis, most severe first. */
  findings: Finding[];
  history: RecordSummary;
}

/** Load a snapshot, then analyze what the graph holds: the one path `load`, `scan` and `demo` share. */
export async function loadAndAnalyze(
  driver: Driver,
  database: string,
  dir: string,
  logger: Logger,
  settings: AnalysisSettings,
): Promise<PipelineResult> {
  const load = await loadSnapshot(driver, database, dir, logger);
  const { summary: history } = await analyze(driver, {
    database,
    logger,
    scanId: load.scanId,
    ...settings,
  });
  const findings = await readFindings(driver, { database });
  return { load, findings, history };
}

export function historyLine(history: RecordSummary): string {
  return `${history.new} new, ${history.persisting} persisting, ${history.resolved} resolved since the last analysis.`;
}
