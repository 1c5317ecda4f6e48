/**
 * The Finding of the contract (docs/output.md, "Finding (JSON)"): the shape scripts, CI jobs and
 * dashboards read. Add fields freely; never rename or remove one.
 */
import type { Confidence, ExposureClass as Exposure } from '../analysis/exposure/exposure-class.js';
import type { Tier as Privilege } from '../iam/capabilities.js';
import type { ActionUsage } from '../iam/usage.js';

/** Most severe first: the order sorts tables and filters `--min-severity`. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Declared by the exposure analysis (most exposed first) and the IAM engine (strongest first). */
export {
  EXPOSURE_CLASSES as EXPOSURES,
  type ExposureClass as Exposure,
} from '../analysis/exposure/exposure-class.js';
export { TIERS as PRIVILEGES, type Tier as Privilege } from '../iam/capabilities.js';

export const ENTRY_KINDS = [
  'function_url',
  'http_api_route',
  'websocket_api',
  'rest_api_method',
  'alb_rule',
  'resource_policy',
  'cloudfront_distribution',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const STATUSES = ['new', 'persisting', 'resolved'] as const;
export type FindingStatus = (typeof STATUSES)[number];

export interface PathElement {
  id: string;
  labels: string[];
  name: string;
}

export interface Evidence {
  /** Index of the step from `path[hop]` to `path[hop + 1]`. */
  hop: number;
  text: string;
  source: string;
}

export interface Finding {
  id: string;
  detection: string;
  severity: Severity;
  title: string;
  exposure: Exposure | null;
  privilege: Privilege | null;
  entryPoint: { kind: EntryKind | null; arn: string | null; name: string | null };
  function: { arn: string; name: string; qualifier: string | null } | null;
  role: { arn: string } | null;
  accountId: string | null;
  region: string | null;
  path: PathElement[];
  evidence: Evidence[];
  remediation: string;
  status: FindingStatus;
  firstSeen: string;
  lastSeen: string;
  /** Extension: how sure the analysis is of every hop (`high` unless a hop has unresolved conditions). */
  confidence: Confidence;
  /**
   * Extension: false when the last scan could not re-verify the finding (a unit holding one of its
   * resources was not collected, or a document it depends on could not be evaluated); `lastSeen` is then
   * the last scan that did. Always present on stored findings.
   */
  verifiedInScan?: boolean;
  /**
   * Extension: JSON paths of the string fields cut to the size limit (src/findings/field-limit.ts,
   * docs/output.md), e.g. `evidence[2].text`; absent when nothing was cut.
   */
  truncatedFields?: string[];
  /**
   * Extension, present when the scan collected usage (`--usage`) for the role whose capability makes the
   * finding: whether each action behind `privilege` was used in the period AWS tracked (docs/usage.md).
   */
  usage?: FindingUsage;
  /**
   * Extension: the data stores the finding's execution role reads, writes or decrypts (docs/data-stores.md);
   * absent when the finding names no role or the role reaches none.
   */
  blastRadius?: BlastRadius;
}

export interface FindingUsage {
  dataAt: string;
  trackedSince: string;
  actions: ActionUsage[];
}

/** Counts per kind of data store, and the most sensitive items first (at most BLAST_RADIUS_TOP). */
export interface BlastRadius {
  counts: Record<string, number>;
  sensitive: number;
  top: { arn: string; kind: string; name: string; access: string[]; sensitivity: string | null }[];
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * The one "at or above" rule: `--min-severity` keeps, and `--fail-on` (exit 3) fires on, findings at least
 * as severe as the threshold (`--fail-on high` fires on high and critical).
 */
export function isAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** Exit code of the contract when a finding at or above `--fail-on` exists. */
export const FAIL_ON_EXIT_CODE = 3;

export function isSeverity(value: unknown): value is Severity {
  return (SEVERITIES as readonly unknown[]).includes(value);
}

/** Most severe first, then by title and id so that equal severities list in a stable order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.title.localeCompare(b.title) ||
    a.id.localeCompare(b.id)
  );
}
