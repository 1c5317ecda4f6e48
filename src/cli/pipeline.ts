import type { Driver } from 'neo4j-driver';
import { analyze } from '../analysis/index.js';
import { describeProblem, type EvaluationProblem } from '../analysis/problems.js';
import type { AnalysisSettings } from '../config.js';
import type { Finding } from '../findings/finding.js';
import { type RecordSummary, readFindings } from '../findings/history.js';
import { type LoadOptions, type LoadSummary, loadSnapshot } from '../graph/load-snapshot.js';
import type { Logger } from '../log.js';

export interface PipelineResult {
  load: LoadSummary;
  /** The current findings after the analysis, most severe first. */
  findings: Finding[];
  history: RecordSummary;
  /** Documents the analysis could not evaluate. */
  problems: EvaluationProblem[];
}

/** Load a snapshot, then analyze what the graph holds: the one path `load`, `scan` and `demo` share. */
export async function loadAndAnalyze(
  driver: Driver,
  database: string,
  dir: string,
  logger: Logger,
  settings: AnalysisSettings,
  options: LoadOptions = {},
): Promise<PipelineResult> {
  const load = await loadSnapshot(driver, database, dir, logger, { ...options, analysisFollows: true });
  const { summary: history, problems } = await analyze(driver, {
    database,
    logger,
    scanId: load.scanId,
    ...settings,
  });
  const findings = await readFindings(driver, { database });
  return { load, findings, history, problems };
}

export function historyLine(history: RecordSummary): string {
  const line = `${history.new} new, ${history.persisting} persisting, ${history.resolved} resolved since the last analysis.`;
  return history.notReverified > 0
    ? `${line}\n${history.notReverified} open finding(s) not re-verified in this scan (a unit holding their resources was not collected, or a document could not be evaluated): kept open, lastSeen unchanged, "verifiedInScan": false.`
    : line;
}

/** One line per document the analysis could not evaluate. */
export function problemLines(problems: readonly EvaluationProblem[]): string[] {
  return problems.map((problem) => `Not evaluated: ${describeProblem(problem)}`);
}

/**
 * Exit code of a load + analysis: 2 for a rejected (corrupt) file, 1 when anything was not loaded or not
 * evaluated, or when nothing at all was loaded (a scan that observed nothing is no success).
 */
export function pipelineExitCode(result: PipelineResult): number {
  const { load, problems } = result;
  if (load.rejected.length > 0) return 2;
  if (load.failed.length > 0 || problems.length > 0 || load.loaded.length === 0) return 1;
  return 0;
}
