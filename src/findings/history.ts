/**
 * Findings with history in the graph: one `Finding` node per finding id, linked `AFFECTS` to its entry
 * point, function and role and `SEEN_IN` the scans that produced it. Status: `new` the first time (or when
 * a resolved finding comes back), `persisting` when a later scan produces it again, `resolved` when an
 * analysis no longer produces it. Re-analysing the same scan keeps statuses as they are.
 */
import type { Driver } from 'neo4j-driver';
import {
  compareFindings,
  type Finding,
  type FindingStatus,
  isAtOrAbove,
  SEVERITIES,
  type Severity,
  STATUSES,
  severityRank,
} from './finding.js';

/** Labels a finding can affect; each gets its own query so that the match uses that label's id index. */
const AFFECTED_LABELS = [
  'LambdaFunctionUrl',
  'APIGatewayV2Route',
  'APIGatewayV2Api',
  'APIGatewayMethod',
  'ELBV2Rule',
  'CloudFrontCacheBehavior',
  'CloudFrontDistribution',
  'LambdaFunction',
  'LambdaAlias',
  'AWSRole',
  // Buckets, tables, secrets, parameters and keys: the entry point of public-data-store and of the bucket
  // chain. Without it a store's finding was re-verified by a scan that never collected the store.
  'DataStore',
] as const;
type AffectedLabel = (typeof AFFECTED_LABELS)[number];
/** Every label a finding's resource can carry: the affected ones and the other entry points. */
const RESOURCE_LABELS = [
  ...AFFECTED_LABELS,
  'ELBV2Listener',
  'APIGatewayV2Authorizer',
  'APIGatewayRestAuthorizer',
] as const;

/**
 * Each finding also carries the label of its severity, so that a style sheet, which styles by label only,
 * can colour it (cypher/browser/toxgraph.grass). One query per severity: labels come from this table.
 */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
const SEVERITY_LABEL_QUERIES = SEVERITIES.map((severity) => {
  const others = SEVERITIES.filter((other) => other !== severity).map((other) => SEVERITY_LABELS[other]);
  return {
    severity,
    query: `MATCH (f:Finding {severity: $severity}) SET f:${SEVERITY_LABELS[severity]} REMOVE f:${others.join(':')}`,
  };
});

const AFFECTS_QUERIES = Object.fromEntries(
  AFFECTED_LABELS.map((label) => [
    label,
    `UNWIND $links AS link
     MATCH (f:Finding {id: link.finding})
     MATCH (r:${label} {id: link.resource})
     MERGE (f)-[:AFFECTS]->(r)`,
  ]),
) as Record<AffectedLabel, string>;

export interface RecordOptions {
  database: string;
  now: string;
  /** The scan these findings come from; defaults to the latest `Scan` node, or this analysis alone. */
  scanId?: string;
  /**
   * Resources the analysis could not evaluate (an unreadable policy): their findings are neither resolved
   * nor re-verified by this analysis.
   */
  unevaluated?: ReadonlySet<string>;
}

export interface RecordSummary {
  scanId: string | null;
  new: number;
  persisting: number;
  resolved: number;
  /** Open findings this scan could not re-verify: a resource's unit was not collected, or not evaluated. */
  notReverified: number;
}

/**
 * Stores this analysis' findings, sets their status and resolves the open findings it did not produce.
 * A finding is re-verified by a scan only when every resource it affects was collected by that scan (its
 * node carries the scan id) and evaluated: only then does `lastSeen` move, and only then may a finding the
 * analysis no longer produces turn resolved (docs/architecture.md §4). A resource that is gone from the
 * graph was collected and found absent: its findings resolve.
 */
export async function recordFindings(
  driver: Driver,
  findings: readonly Finding[],
  options: RecordOptions,
): Promise<{ findings: Finding[]; summary: RecordSummary }> {
  const { database, now } = options;
  const scanId = options.scanId ?? (await findScan(driver, database))?.id ?? null;
  const runId = scanId ?? `analysis-${now}`;
  const { records } = await driver.executeQuery(
    'UNWIND $ids AS id MATCH (f:Finding {id: id}) RETURN f.id AS id, f.status AS status, f.firstSeen AS firstSeen, f.lastSeen AS lastSeen, f.lastRunId AS lastRunId',
    { ids: findings.map((finding) => finding.id) },
    { database },
  );
  const previous = new Map(records.map((record) => [record.get('id') as string, record.toObject()]));
  const produced = new Set(findings.map((finding) => finding.id));
  const absent = (await readFindings(driver, { database })).filter((finding) => !produced.has(finding.id));
  const resources = await resourceStates(
    driver,
    database,
    scanId,
    [...findings, ...absent],
    options.unevaluated,
  );

  const stored = findings.map((finding): Finding => {
    const before = previous.get(finding.id);
    const verifiedInScan = resources.verified(finding);
    if (!before || before.status === 'resolved') {
      const firstSeen = (before?.firstSeen as string) ?? now;
      return { ...finding, status: 'new', firstSeen, lastSeen: now, verifiedInScan };
    }
    // Only a scan that re-verified a finding moves it from new to persisting.
    const status: FindingStatus =
      before.lastRunId === runId || !verifiedInScan ? (before.status as FindingStatus) : 'persisting';
    const lastSeen = verifiedInScan ? now : ((before.lastSeen as string) ?? now);
    return { ...finding, status, firstSeen: before.firstSeen as string, lastSeen, verifiedInScan };
  });
  const kept = absent.filter((finding) => !resources.gone(finding) && !resources.verified(finding));

  await driver.executeQuery(
    `UNWIND $rows AS row
     MERGE (f:Finding {id: row.id})
     SET f = row.properties`,
    { rows: stored.map((finding) => ({ id: finding.id, properties: toProperties(finding, runId) })) },
    { database },
  );
  for (const { severity, query } of SEVERITY_LABEL_QUERIES) {
    await driver.executeQuery(query, { severity }, { database });
  }
  const links = affectedLinks(stored);
  for (const label of AFFECTED_LABELS) {
    if (links[label].length > 0) {
      await driver.executeQuery(AFFECTS_QUERIES[label], { links: links[label] }, { database });
    }
  }
  if (scanId !== null) await recordSightings(driver, database, scanId, stored);
  const keptIds = kept.map((finding) => finding.id);
  await driver.executeQuery(
    'UNWIND $ids AS id MATCH (f:Finding {id: id}) SET f.verifiedInScan = false',
    { ids: keptIds },
    { database },
  );
  const resolved = await driver.executeQuery(
    `MATCH (f:Finding)
     WHERE f.status <> 'resolved' AND NOT f.id IN $ids
     SET f.status = 'resolved', f.resolvedAt = $now
     RETURN count(f) AS resolved`,
    { ids: [...stored.map((finding) => finding.id), ...keptIds], now },
    { database },
  );
  if (scanId !== null) await stampFindingsRecorded(driver, database, scanId);
  const count = (status: FindingStatus) => stored.filter((finding) => finding.status === status).length;
  return {
    findings: stored,
    summary: {
      scanId,
      new: count('new'),
      persisting: count('persisting'),
      resolved: resolved.records[0]?.get('resolved') as number,
      notReverified: stored.filter((finding) => !finding.verifiedInScan).length + kept.length,
    },
  };
}

/**
 * Scan properties that say when a run happened, not what the graph holds (`findingsRecordedAt`, below):
 * comparisons of whole graphs (tests, bench/) leave them out.
 */
export const RUN_CLOCK_PROPERTIES: ReadonlySet<string> = new Set(['findingsRecordedAt']);

/**
 * Written last, once every finding of this analysis is stored: readers that keep findings in memory (the
 * REST API, docs/api.md "Caching") compare the latest stamp of all scans to know their copy is stale. The
 * database clock, so that stamps of analyses run from different machines still order.
 */
async function stampFindingsRecorded(driver: Driver, database: string, scanId: string): Promise<void> {
  await driver.executeQuery(
    'MATCH (s:Scan {id: $scanId}) SET s.findingsRecordedAt = toString(datetime.realtime())',
    { scanId },
    { database },
  );
}

/**
 * What the scan produced, as of its latest analysis: one `SEEN_IN` per finding, carrying the finding's
 * severity and status in that scan (the `Finding` node only holds the latest), so that two scans can be
 * compared later (src/findings/scans.ts). Sightings of an earlier analysis of the same scan that this one
 * no longer produces are removed, and the scan is marked `analyzed`: a scan with no sighting then means
 * "nothing found", never "not analyzed".
 */
async function recordSightings(
  driver: Driver,
  database: string,
  scanId: string,
  findings: readonly Finding[],
): Promise<void> {
  const rows = findings.map((finding) => ({
    id: finding.id,
    severity: finding.severity,
    severityRank: severityRank(finding.severity),
    status: finding.status,
  }));
  await driver.executeQuery(
    `MATCH (s:Scan {id: $scanId})
     SET s.analyzed = true
     WITH s
     OPTIONAL MATCH (old:Finding)-[stale:SEEN_IN]->(s) WHERE NOT old.id IN $ids
     DELETE stale
     WITH DISTINCT s
     UNWIND $rows AS row
     MATCH (f:Finding {id: row.id})
     MERGE (f)-[seen:SEEN_IN]->(s)
     SET seen.severity = row.severity, seen.severityRank = row.severityRank, seen.status = row.status`,
    { scanId, ids: rows.map((row) => row.id), rows },
    { database },
  );
}

/** The graph ids a finding is about: its entry point, function, role, and the aliases on its path. */
export function resourceIds(finding: Finding): string[] {
  const ids = new Set(
    [finding.entryPoint.arn, finding.function?.arn, finding.role?.arn].filter((id): id is string => !!id),
  );
  for (const element of finding.path) {
    if (element.labels.includes('LambdaAlias')) ids.add(element.id);
  }
  return [...ids];
}

/**
 * Which resources of these findings the scan collected and the analysis evaluated. A stub (no
 * `lastScanId`: outside every scanned unit) is nobody's to re-verify and does not count against it.
 */
async function resourceStates(
  driver: Driver,
  database: string,
  scanId: string | null,
  findings: readonly Finding[],
  unevaluated: ReadonlySet<string> = new Set(),
) {
  const ids = [...new Set(findings.flatMap(resourceIds))];
  const present = new Set<string>();
  const stale = new Set<string>();
  for (const label of RESOURCE_LABELS) {
    const { records } = await driver.executeQuery(
      `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id, n.lastScanId AS scan`,
      { ids },
      { database, routing: 'READ' },
    );
    for (const record of records) {
      const id = record.get('id') as string;
      const scan = record.get('scan') as string | null;
      present.add(id);
      if (scanId !== null && scan !== null && scan !== scanId) stale.add(id);
    }
  }
  return {
    verified: (finding: Finding) =>
      resourceIds(finding).every((id) => !stale.has(id) && !unevaluated.has(id)),
    gone: (finding: Finding) => resourceIds(finding).some((id) => !present.has(id)),
  };
}

export interface ReadOptions {
  database: string;
  minSeverity?: Severity;
  includeResolved?: boolean;
}

/** The stored findings, most severe first. Open ones only unless `includeResolved`. */
export async function readFindings(driver: Driver, options: ReadOptions): Promise<Finding[]> {
  const statuses = options.includeResolved ? [...STATUSES] : ['new', 'persisting'];
  const { records } = await driver.executeQuery(
    `MATCH (f:Finding)
     WHERE f.status IN $statuses
     RETURN properties(f) AS f`,
    { statuses },
    { database: options.database, routing: 'READ' },
  );
  const threshold = options.minSeverity ?? 'info';
  return records
    .map((record) => fromProperties(record.get('f')))
    .filter((finding) => isAtOrAbove(finding.severity, threshold))
    .sort(compareFindings);
}

/** The scan named, or else the latest one loaded; undefined when nothing was ever loaded. */
export async function findScan(
  driver: Driver,
  database: string,
  scanId?: string,
): Promise<{ id: string; startedAt: string } | undefined> {
  const { records } = await driver.executeQuery(
    `MATCH (s:Scan) WHERE $scanId IS NULL OR s.id = $scanId
     RETURN s.id AS id, s.startedAt AS startedAt ORDER BY s.startedAt DESC, s.id DESC LIMIT 1`,
    { scanId: scanId ?? null },
    { database, routing: 'READ' },
  );
  const record = records[0];
  return record
    ? { id: record.get('id') as string, startedAt: record.get('startedAt') as string }
    : undefined;
}

/** Scalars stay queryable properties; nested values are JSON strings in `*Json` properties. */
function toProperties(finding: Finding, runId: string): Record<string, unknown> {
  return {
    id: finding.id,
    detection: finding.detection,
    severity: finding.severity,
    severityRank: severityRank(finding.severity),
    title: finding.title,
    exposure: finding.exposure,
    privilege: finding.privilege,
    entryKind: finding.entryPoint.kind,
    entryPointJson: JSON.stringify(finding.entryPoint),
    functionArn: finding.function?.arn ?? null,
    functionJson: JSON.stringify(finding.function),
    roleArn: finding.role?.arn ?? null,
    accountId: finding.accountId,
    region: finding.region,
    pathJson: JSON.stringify(finding.path),
    evidenceJson: JSON.stringify(finding.evidence),
    remediation: finding.remediation,
    status: finding.status,
    firstSeen: finding.firstSeen,
    lastSeen: finding.lastSeen,
    confidence: finding.confidence,
    verifiedInScan: finding.verifiedInScan ?? true,
    truncatedFields: finding.truncatedFields ?? null,
    usageJson: finding.usage ? JSON.stringify(finding.usage) : null,
    blastRadiusJson: finding.blastRadius ? JSON.stringify(finding.blastRadius) : null,
    lastRunId: runId,
  };
}

/** A stored `Finding` node's properties back into the contract's shape. */
export function fromProperties(p: Record<string, unknown>): Finding {
  const json = <T>(value: unknown, fallback: T): T =>
    typeof value === 'string' ? (JSON.parse(value) as T) : fallback;
  const optional = <T>(value: unknown) => (value === undefined ? null : (value as T));
  return {
    id: p.id as string,
    detection: p.detection as string,
    severity: p.severity as Severity,
    title: p.title as string,
    exposure: optional(p.exposure),
    privilege: optional(p.privilege),
    entryPoint: json(p.entryPointJson, { kind: null, arn: null, name: null }),
    function: json(p.functionJson, null),
    role: typeof p.roleArn === 'string' ? { arn: p.roleArn } : null,
    accountId: optional(p.accountId),
    region: optional(p.region),
    path: json(p.pathJson, []),
    evidence: json(p.evidenceJson, []),
    remediation: p.remediation as string,
    status: p.status as FindingStatus,
    firstSeen: p.firstSeen as string,
    lastSeen: p.lastSeen as string,
    confidence: (p.confidence as Finding['confidence']) ?? 'high',
    verifiedInScan: p.verifiedInScan !== false,
    ...(Array.isArray(p.truncatedFields) && p.truncatedFields.length > 0
      ? { truncatedFields: p.truncatedFields as string[] }
      : {}),
    ...(typeof p.usageJson === 'string' ? { usage: JSON.parse(p.usageJson) as Finding['usage'] } : {}),
    ...(typeof p.blastRadiusJson === 'string' ? { blastRadius: JSON.parse(p.blastRadiusJson) } : {}),
  };
}

function affectedLinks(
  findings: readonly Finding[],
): Record<AffectedLabel, { finding: string; resource: string }[]> {
  const links = Object.fromEntries(AFFECTED_LABELS.map((label) => [label, []])) as unknown as Record<
    AffectedLabel,
    { finding: string; resource: string }[]
  >;
  for (const finding of findings) {
    // Aliases come into the finding through the path (Internet → URL → alias → function → role).
    const resources = new Set(resourceIds(finding));
    for (const element of finding.path) {
      if (!resources.has(element.id)) continue;
      const label = AFFECTED_LABELS.find((candidate) => element.labels.includes(candidate));
      if (label) links[label].push({ finding: finding.id, resource: element.id });
    }
  }
  return links;
}
