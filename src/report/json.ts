/**
 * The report as one JSON document (docs/report.md, "JSON"): metadata and counts first, then the findings
 * of each change as arrays of the contract's Finding, written one finding at a time. Pure.
 */
import { CHANGES, type Report } from './model.js';

export const REPORT_JSON_VERSION = 1;

export async function* renderJson(report: Report): AsyncGenerator<string> {
  const head = {
    format: 'toxgraph-report',
    version: REPORT_JSON_VERSION,
    generatedAt: report.generatedAt,
    toolVersion: report.toolVersion,
    scan: report.scan,
    baseScan: report.baseScan,
    summary: {
      bySeverity: report.bySeverity,
      byDetection: report.byDetection,
      byAccount: report.byAccount,
      byRegion: report.byRegion,
      changes: report.changes,
    },
    topPaths: report.topPaths.map((finding) => finding.id),
  };
  // The head without its closing brace, then "findings" streamed into it.
  yield `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "findings": {`;
  for (const [index, change] of CHANGES.entries()) {
    yield `${index === 0 ? '' : ','}\n    ${JSON.stringify(change)}: [`;
    let first = true;
    for await (const finding of report.findings(change)) {
      yield `${first ? '' : ','}\n      ${JSON.stringify(finding)}`;
      first = false;
    }
    yield first ? ']' : '\n    ]';
  }
  yield '\n  }\n}\n';
}
