/**
 * The analysis of what is loaded, in order: derived privilege facts (tiers, CAN_* edges), derived exposure
 * facts (Internet, EXPOSES, REACHES), then every detection, whose findings are stored with their history.
 * `toxgraph analyze`, `load`, `scan` and `demo` all run this one function.
 */
import type { Driver } from 'neo4j-driver';
import type { SeverityRule } from '../findings/build.js';
import { DETECTIONS_DIR, loadDetections } from '../findings/detections.js';
import type { Finding } from '../findings/finding.js';
import { findScan, type RecordSummary, recordFindings } from '../findings/history.js';
import { runDetections } from '../findings/run.js';
import { parseGaps } from '../findings/scans.js';
import { rateSeverity } from '../findings/severity.js';
import { DEFAULT_UNUSED_DAYS } from '../iam/usage.js';
import type { Logger } from '../log.js';
import { recordAccessAndDrift } from './access-state.js';
import { analyzeExposure } from './exposure.js';
import { analyzePrivileges } from './privilege.js';
import { describeProblem, distinctProblems, type EvaluationProblem } from './problems.js';
import { analyzeUsage } from './usage.js';

export interface AnalyzeOptions {
  database: string;
  logger: Logger;
  /** The scan the findings belong to; default: the latest `Scan` node. */
  scanId?: string;
  now?: Date;
  /** Overrides the date from which function URLs need lambda:InvokeFunction (docs/exposure.md). */
  urlInvokeRuleDate?: Date | undefined;
  detectionsDir?: string;
  rateSeverity?: SeverityRule;
  /** The N of "not used in N days" (docs/usage.md). */
  unusedDays?: number;
}

export interface AnalysisResult {
  findings: Finding[];
  summary: RecordSummary;
  /** Documents that could not be evaluated (the scan is then partial; the CLI exits 1). */
  problems: EvaluationProblem[];
  /** The status of the scan analyzed: `loading` when its load never finished. */
  scanStatus: string | null;
  /** The scan's previous analysis was killed before it finished (this one completed it). */
  resumedInterrupted: boolean;
}

export async function analyze(driver: Driver, options: AnalyzeOptions): Promise<AnalysisResult> {
  const { database, logger } = options;
  const scan = await findScan(driver, database, options.scanId);
  // Findings are as of the scan that observed the estate, not of the analysis: re-analyzing or reloading
  // the same snapshot then changes nothing, and time-bound rules (IAM time conditions, AWS enforcement
  // dates) are judged at the moment the data describes.
  const now = (options.now ?? (scan ? new Date(scan.startedAt) : new Date())).toISOString();
  const detections = await loadDetections(options.detectionsDir ?? DETECTIONS_DIR);
  const begun = scan ? await beginAnalysis(driver, database, scan.id) : undefined;

  const privileges = await analyzePrivileges(driver, database, scan?.id, { now: new Date(now) });
  logger.info(
    { principals: privileges.principals, byEffectiveTier: privileges.byEffectiveTier },
    'privileges analyzed',
  );
  const exposure = await analyzeExposure(driver, {
    database,
    logger,
    now: new Date(now),
    urlInvokeRuleDate: options.urlInvokeRuleDate,
  });
  const usage = await analyzeUsage(driver, database, {
    unusedDays: options.unusedDays ?? DEFAULT_UNUSED_DAYS,
    now,
  });
  logger.info(usage, 'usage analyzed');
  const drift = await recordAccessAndDrift(driver, database, scan?.id);
  logger.info(drift, 'access recorded and compared with the baseline');
  const problems = distinctProblems([...privileges.evaluationProblems, ...exposure.problems]);
  for (const problem of problems) logger.warn({ ...problem }, `not evaluated: ${describeProblem(problem)}`);
  const unevaluated = new Set([...problems.map((problem) => problem.resource), ...exposure.unevaluated]);

  const started = Date.now();
  const findings = await runDetections(driver, detections, {
    database,
    rateSeverity: options.rateSeverity ?? rateSeverity,
    now,
    logger,
  });
  const recorded = await recordFindings(driver, findings, { database, now, scanId: scan?.id, unevaluated });
  const scanStatus =
    scan && begun ? await finishAnalysis(driver, database, scan.id, begun.loadIncomplete, problems) : null;
  logger.info(
    {
      detections: detections.length,
      findings: findings.length,
      ms: Date.now() - started,
      ...recorded.summary,
    },
    'detections ran',
  );
  return { ...recorded, problems, scanStatus, resumedInterrupted: begun?.before === 'analyzing' };
}

/**
 * Marks the scan `analyzing` until its findings are written (docs/architecture.md §3): an analysis killed
 * half-way leaves it so, never `complete` with the previous analysis' findings. A scan still `loading`
 * stays `loading`. Returns the status before, and whether the load itself was incomplete (its gaps).
 */
async function beginAnalysis(
  driver: Driver,
  database: string,
  scanId: string,
): Promise<{ before: string | null; loadIncomplete: boolean }> {
  const { records } = await driver.executeQuery(
    `MATCH (s:Scan {id: $scanId})
     WITH s, s.status AS before
     SET s.status = CASE WHEN before = 'loading' THEN 'loading' ELSE 'analyzing' END
     RETURN before, s.gapsJson AS gapsJson`,
    { scanId },
    { database },
  );
  const record = records[0];
  return {
    before: (record?.get('before') as string | null | undefined) ?? null,
    // Unreadable gaps count as gaps (scans.ts): a load we cannot show complete is not complete.
    loadIncomplete: record ? parseGaps(scanId, record.get('gapsJson')).length > 0 : true,
  };
}

/**
 * Stores the problems on the scan and gives it its final status: `partial` when the load had gaps or a
 * document could not be evaluated, `complete` otherwise; `loading` stays (a load that never finished is
 * not made to look finished by its analysis). Returns that status.
 */
async function finishAnalysis(
  driver: Driver,
  database: string,
  scanId: string,
  loadIncomplete: boolean,
  problems: readonly EvaluationProblem[],
): Promise<string | null> {
  const status = loadIncomplete || problems.length > 0 ? 'partial' : 'complete';
  const { records } = await driver.executeQuery(
    `MATCH (s:Scan {id: $scanId})
     SET s.evaluationProblemsJson = $json,
         s.status = CASE WHEN s.status = 'loading' THEN 'loading' ELSE $status END
     RETURN s.status AS status`,
    { scanId, json: problems.length > 0 ? JSON.stringify(problems) : null, status },
    { database },
  );
  return (records[0]?.get('status') as string | undefined) ?? null;
}
