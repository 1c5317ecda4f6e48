/**
 * The report as OCSF Detection Finding events (class_uid 2004, OCSF 1.1.0), a JSON array of one event per
 * finding of the report, open and resolved, for Security Hub, SIEMs and data lakes. The field mapping is
 * documented in docs/report.md ("OCSF"). Written one event at a time. Pure.
 */
import type { Finding, Severity } from '../findings/finding.js';
import type { Change } from '../findings/scans.js';
import { CHANGES, type Report } from './model.js';

export const OCSF_VERSION = '1.1.0';
const DETECTION_FINDING = {
  class_uid: 2004,
  class_name: 'Detection Finding',
  category_uid: 2,
  category_name: 'Findings',
};

/** OCSF severity_id: 1 Informational … 5 Critical. */
const SEVERITY_ID: Record<Severity, [number, string]> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

/** activity_id 1 Create (first seen), 2 Update (seen again), 3 Close (no longer produced). */
const ACTIVITY: Record<Change, [number, string]> = {
  new: [1, 'Create'],
  persisting: [2, 'Update'],
  resolved: [3, 'Close'],
};

/** status_id 1 New (open), 4 Resolved. */
const STATUS: Record<Change, [number, string]> = {
  new: [1, 'New'],
  persisting: [1, 'New'],
  resolved: [4, 'Resolved'],
};

const CONFIDENCE_ID: Record<Finding['confidence'], number> = { low: 1, medium: 2, high: 3 };

const epochMs = (iso: string) => Date.parse(iso);

function partitionOf(arn: string): string | undefined {
  return arn.startsWith('arn:') ? arn.split(':')[1] : undefined;
}

function resources(finding: Finding) {
  const resource = (uid: string, type: string, name?: string | null) => ({
    uid,
    type,
    ...(name ? { name } : {}),
    ...(finding.region ? { region: finding.region } : {}),
    ...(partitionOf(uid) ? { cloud_partition: partitionOf(uid) } : {}),
  });
  return [
    finding.function && resource(finding.function.arn, 'AWS::Lambda::Function', finding.function.name),
    finding.entryPoint.arn &&
      resource(finding.entryPoint.arn, finding.entryPoint.kind ?? 'entry_point', finding.entryPoint.name),
    finding.role && resource(finding.role.arn, 'AWS::IAM::Role'),
  ].filter((entry) => !!entry);
}

export function ocsfEvent(report: Report, finding: Finding, change: Change) {
  const detection = report.detections.get(finding.detection);
  const [activityId, activityName] = ACTIVITY[change];
  const [severityId, severityName] = SEVERITY_ID[finding.severity];
  const [statusId, statusName] = STATUS[change];
  return {
    ...DETECTION_FINDING,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: DETECTION_FINDING.class_uid * 100 + activityId,
    type_name: `${DETECTION_FINDING.class_name}: ${activityName}`,
    severity_id: severityId,
    severity: severityName,
    status_id: statusId,
    status: statusName,
    confidence_id: CONFIDENCE_ID[finding.confidence],
    time: epochMs(report.scan.startedAt),
    message: finding.title,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'toxgraph', vendor_name: 'toxgraph', version: report.toolVersion },
      uid: `${report.scan.id}/${finding.id}`,
    },
    finding_info: {
      uid: finding.id,
      title: finding.title,
      ...(detection ? { desc: detection.description } : {}),
      types: [finding.detection],
      first_seen_time: epochMs(finding.firstSeen),
      last_seen_time: epochMs(finding.lastSeen),
      analytic: {
        uid: finding.detection,
        name: detection?.title ?? finding.detection,
        type_id: 1,
        type: 'Rule',
      },
    },
    cloud: {
      provider: 'AWS',
      ...(finding.region ? { region: finding.region } : {}),
      ...(finding.accountId ? { account: { uid: finding.accountId, type_id: 10, type: 'AWS Account' } } : {}),
    },
    resources: resources(finding),
    remediation: {
      desc: finding.remediation,
      ...(detection?.references.length ? { references: detection.references } : {}),
    },
    unmapped: {
      exposure: finding.exposure,
      privilege: finding.privilege,
      entry_point_kind: finding.entryPoint.kind,
      scan_id: report.scan.id,
      path: finding.path,
      evidence: finding.evidence,
    },
  };
}

export async function* renderOcsf(report: Report): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for (const change of CHANGES) {
    for await (const finding of report.findings(change)) {
      yield `${first ? '' : ','}\n${JSON.stringify(ocsfEvent(report, finding, change))}`;
      first = false;
    }
  }
  yield '\n]\n';
}
