/**
 * The report as SARIF 2.1.0 (docs/report.md, "SARIF"), for code-scanning dashboards and tools that read
 * static-analysis results: one rule per detection, one result per open finding (new or persisting, with
 * `baselineState` saying which), the resource ARNs as logical locations, and the scan's gaps as tool
 * execution notifications, so that a partial scan does not read as a clean one. Written one result at a
 * time. Pure.
 */
import type { Finding, Severity } from '../findings/finding.js';
import type { Report } from './model.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF has three levels of a result; ours has five severities. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** SARIF §3.27.24: `new` appears only in this run, `unchanged` in the baseline too. */
const BASELINE_STATE = { new: 'new', persisting: 'unchanged', resolved: 'absent' } as const;

function logicalLocations(finding: Finding) {
  const locations = [
    finding.function && {
      fullyQualifiedName: finding.function.arn,
      name: finding.function.name,
      kind: 'function',
    },
    finding.entryPoint.arn && { fullyQualifiedName: finding.entryPoint.arn, kind: 'resource' },
    finding.role && { fullyQualifiedName: finding.role.arn, kind: 'resource' },
  ].filter((location) => !!location);
  return locations.length > 0 ? [{ logicalLocations: locations }] : [];
}

function result(finding: Finding, ruleIndex: number) {
  return {
    ruleId: finding.detection,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: `${finding.title}. Remediation: ${finding.remediation}` },
    locations: logicalLocations(finding),
    partialFingerprints: { toxgraphFindingId: finding.id },
    baselineState: BASELINE_STATE[finding.status],
    properties: {
      severity: finding.severity,
      exposure: finding.exposure,
      privilege: finding.privilege,
      confidence: finding.confidence,
      accountId: finding.accountId,
      region: finding.region,
      entryPointKind: finding.entryPoint.kind,
      firstSeen: finding.firstSeen,
      lastSeen: finding.lastSeen,
      path: finding.path.map((element) => element.id),
    },
  };
}

export async function* renderSarif(report: Report): AsyncGenerator<string> {
  const detections = [...report.detections.values()].sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(detections.map((detection, index) => [detection.id, index]));
  const run = {
    tool: {
      driver: {
        name: 'toxgraph',
        version: report.toolVersion,
        rules: detections.map((detection) => ({
          id: detection.id,
          name: detection.id,
          shortDescription: { text: detection.title },
          fullDescription: { text: detection.description },
          help: { text: detection.remediation },
          ...(detection.references[0] ? { helpUri: detection.references[0] } : {}),
          properties: { tags: detection.tags, severity: detection.severity },
        })),
      },
    },
    automationDetails: { id: `toxgraph/${report.scan.id}` },
    invocations: [
      {
        executionSuccessful: report.scan.status === 'complete',
        startTimeUtc: report.scan.startedAt,
        ...(report.scan.finishedAt ? { endTimeUtc: report.scan.finishedAt } : {}),
        toolExecutionNotifications: report.scan.gaps.map((gap) => ({
          level: 'warning',
          message: {
            text: `not collected: ${gap.service} ${gap.api} in account ${gap.accountId}, region ${gap.region}: ${gap.error}`,
          },
        })),
      },
    ],
    properties: { scanId: report.scan.id, baseScanId: report.baseScan?.id ?? null },
  };
  const log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  // The log without the closing of its run, then "results" streamed into the run.
  yield `${JSON.stringify(log).slice(0, -3)},"results":[`;
  let first = true;
  for (const change of ['new', 'persisting'] as const) {
    for await (const finding of report.findings(change)) {
      yield `${first ? '' : ','}\n${JSON.stringify(result(finding, ruleIndex.get(finding.detection) ?? -1))}`;
      first = false;
    }
  }
  yield ']}]}\n';
}
