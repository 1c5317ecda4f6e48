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
import { rateSeverity } from '../findings/severity.js';
import type { Logger } from '../log.js';
import { analyzeExposure } from './exposure.js';
import { analyzePrivileges } from './privilege.js';

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
}

export interface AnalysisResult {
  findings: Finding[];
  summary: RecordSummary;
}

export async function analyze(driver: Driver, options: AnalyzeOptions): Promise<AnalysisResult> {
  const { database, logger } = options;
  const scan = await findScan(driver, database, options.scanId);
  // Findings are as of the scan that observed the estate, not of the analysis: re-analyzing or reloading
  // the same snapshot then changes nothing, and time-bound rules (IAM time conditions, AWS enforcement
  // dates) are judged at the moment the data describes.
  const now = (options.now ?? (scan ? new Date(scan.startedAt) : new Date())).toISOString();
  const detections = await loadDetections(options.detectionsDir ?? DETECTIONS_DIR);

  const privileges = await analyzePrivileges(driver, database, scan?.id, { now: new Date(now) });
  logger.info(
    { principals: privileges.principals, byEffectiveTier: privileges.byEffectiveTier },
    'privileges analyzed',
  );
  await analyzeExposure(driver, {
    database,
    logger,
    now: new Date(now),
    urlInvokeRuleDate: options.urlInvokeRuleDate,
  });

  const started = Date.now();
  const findings = await runDetections(driver, detections, {
    database,
    rateSeverity: options.rateSeverity ?? rateSeverity,
    now,
    logger,
  });
  const recorded = await recordFindings(driver, findings, { database, now, scanId: scan?.id });
  logger.info(
    {
      detections: detections.length,
      findings: findings.length,
      ms: Date.now() - started,
      ...recorded.summary,
    },
    'detections ran',
  );
  return recorded;
}
