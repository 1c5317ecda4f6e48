/**
 * Turns the rows a detection returns into contract Findings: the stable id, the path from the Internet (or
 * the outside principal) to the capability reached, the evidence of every hop, and the severity. Pure.
 */
import { createHash } from 'node:crypto';
import { CONFIDENCES, type Confidence } from '../analysis/exposure/exposure-class.js';
import type { CapabilityUsage } from '../analysis/unused-access.js';
import { InputError } from '../errors.js';
import type { ActionUsage } from '../iam/usage.js';
import type { Detection } from './detections.js';
import { capabilityEvidence, effectivePathHops, parseEvidenceJson } from './evidence.js';
import { boundFinding } from './field-limit.js';
import {
  ENTRY_KINDS,
  type EntryKind,
  type Evidence,
  EXPOSURES,
  type Exposure,
  type Finding,
  type FindingUsage,
  isSeverity,
  type PathElement,
  PRIVILEGES,
  type Privilege,
  type Severity,
  severityRank,
} from './finding.js';
import { type Amplifier, lowerConfidence } from './severity.js';

export interface GraphNode {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
}

export interface GraphRelationship {
  type: string;
  properties: Record<string, unknown>;
}

/** One result row of a detection query, with Neo4j values already made plain. */
export interface DetectionRow {
  entry: GraphNode | null;
  entryKind: unknown;
  exposure: unknown;
  function: GraphNode | null;
  qualifier: unknown;
  role: GraphNode | null;
  privilege: unknown;
  path: GraphNode[];
  hops: GraphRelationship[];
  severity?: unknown;
  evidence?: unknown;
  confidence?: unknown;
}

/** What a `severity: matrix` detection is rated on (docs/exposure.md "Severity of a toxic combination", src/findings/severity.ts). */
export interface SeverityInput {
  exposure: Exposure | null;
  privilege: Privilege | null;
  /** Confidence of the exposure classification (the `EXPOSES` hop). */
  confidence: Confidence;
  detection: string;
  /** The entry is a resource-policy grant that lets its grantee replace the function code. */
  grantsCodeUpdate?: boolean;
  /** Privilege hops (`CAN_*`) whose conditions the analysis could not resolve. */
  unresolvedConditionHops?: number;
  amplifiers?: Amplifier[];
}
export type SeverityRule = (input: SeverityInput) => Severity;

/** The id is a digest of what the finding is about, so the same problem keeps its id across scans. */
export function findingId(
  detection: string,
  entryId: string | null,
  functionId: string | null,
  qualifier: string | null,
  roleId: string | null,
): string {
  const key = JSON.stringify([detection, entryId, functionId, qualifier, roleId]);
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

export function buildFinding(
  detection: Detection,
  row: DetectionRow,
  rateSeverity: SeverityRule,
  now: string,
): Finding {
  const exposure = oneOf(detection, 'exposure', row.exposure, EXPOSURES);
  const privilege = oneOf(detection, 'privilege', row.privilege, PRIVILEGES);
  const entryKind = oneOf(detection, 'entryKind', row.entryKind, ENTRY_KINDS);
  const qualifier = typeof row.qualifier === 'string' ? row.qualifier : null;
  const { entry, function: fn, role } = row;

  const path = startAtOutsidePrincipal(row.path.map(pathElement), row.hops[0]);
  const evidence = row.hops.flatMap((hop, index) => hopEvidence(hop, index, row.path));
  const capabilityRole = lastRole(row.path) ?? role;
  if (privilege !== null && capabilityRole !== null) {
    path.push(...capabilityPath(capabilityRole, privilege, path.length - 1, evidence));
  }
  evidence.push(...queryEvidence(detection, row.evidence));
  const usage = privilege !== null && capabilityRole ? findingUsage(capabilityRole, privilege) : undefined;
  if (usage) evidence.push(...usageEvidence(usage, privilege!, Math.max(path.length - 2, 0)));

  const confidence = rowConfidence(detection, row);
  const severity =
    row.severity === undefined || row.severity === null
      ? detection.severity === 'matrix'
        ? rateSeverity(severityInput(detection, row, exposure, privilege))
        : detection.severity
      : checkedSeverity(detection, row.severity);

  const subject = fn
    ? `${text(fn.properties.name) ?? fn.id}${qualifier ? `:${qualifier}` : ''}`
    : entry
      ? nameOf(entry)
      : role
        ? nameOf(role)
        : null;
  const site = fn ?? entry ?? role;
  // The id above was computed from the whole values; what is stored and printed is bounded.
  return boundFinding({
    id: findingId(detection.id, entry?.id ?? null, fn?.id ?? null, qualifier, role?.id ?? null),
    detection: detection.id,
    severity,
    title: subject ? `${detection.title}: ${subject}` : detection.title,
    exposure,
    privilege,
    entryPoint: entryPointOf(row, entryKind),
    function: fn ? { arn: fn.id, name: text(fn.properties.name) ?? fn.id, qualifier } : null,
    role: role ? { arn: role.id } : null,
    accountId: text(site?.properties.accountId) ?? null,
    region: text(site?.properties.region) ?? null,
    path,
    evidence,
    remediation: detection.remediation,
    status: 'new',
    firstSeen: now,
    lastSeen: now,
    confidence,
    ...(usage ? { usage } : {}),
  });
}

/** The usage of the actions behind the finding's privilege, as the usage analysis stored it on the role. */
export function findingUsage(role: GraphNode, privilege: Privilege): FindingUsage | undefined {
  const stored = role.properties.capabilityUsageJson;
  const dataAt = text(role.properties.usageDataAt);
  const trackedSince = text(role.properties.usageTrackedSince);
  if (typeof stored !== 'string' || !dataAt || !trackedSince) return undefined;
  const capabilities = JSON.parse(stored) as CapabilityUsage[];
  // A privilege reached by a hop (a role passed or assumed) is not the role's own: the role's escalation
  // capabilities are the first step of that path, so their actions are the ones to judge.
  const own = capabilities.filter((capability) => capability.kind === privilege);
  const escalates = role.properties.tier === 'privilege_escalation';
  const path =
    own.length > 0 || !escalates ? own : capabilities.filter((c) => c.kind === 'privilege_escalation');
  const actions = new Map<string, ActionUsage>();
  for (const capability of path) for (const usage of capability.actions) actions.set(usage.action, usage);
  if (actions.size === 0) return undefined;
  return {
    dataAt,
    trackedSince,
    actions: [...actions.values()].sort((a, b) => a.action.localeCompare(b.action)),
  };
}

/** "the path to admin uses iam:PassRole, which this role has not used in 400 days": the case for removal. */
function usageEvidence(usage: FindingUsage, privilege: Privilege, hop: number): Evidence[] {
  return usage.actions
    .filter((action) => action.status === 'unused')
    .map((action) => ({
      hop,
      text: `the path to ${privilege.replace('_', ' ')} uses ${action.action}, which this role has not used in ${action.daysUnused} days${action.level === 'service' ? ' (no call to the service at all)' : ''}`,
      source: `IAM Access Advisor (GetServiceLastAccessedDetails), data as of ${usage.dataAt}, tracked since ${usage.trackedSince}`,
    }));
}

/**
 * The entry point of the finding. Hygiene detections return no entry column, yet their path starts with the
 * Internet's EXPOSES hop into one: the contract fills a field that applies, so it is read from that hop.
 * The finding id keeps using the entry column, so ids stay stable.
 */
function entryPointOf(row: DetectionRow, entryKind: EntryKind | null): Finding['entryPoint'] {
  if (row.entry) return { kind: entryKind, arn: row.entry.id, name: nameOf(row.entry) };
  const exposes = row.hops[0];
  const node = row.path[1];
  const kind = exposes?.type === 'EXPOSES' ? exposes.properties.entryKind : undefined;
  if (node && (ENTRY_KINDS as readonly unknown[]).includes(kind)) {
    return { kind: kind as EntryKind, arn: node.id, name: nameOf(node) };
  }
  return { kind: entryKind, arn: null, name: null };
}

function severityInput(
  detection: Detection,
  row: DetectionRow,
  exposure: Exposure | null,
  privilege: Privilege | null,
): SeverityInput {
  const exposes = row.hops.find((hop) => hop.type === 'EXPOSES')?.properties ?? {};
  const confidence = CONFIDENCES.includes(exposes.confidence as Confidence)
    ? (exposes.confidence as Confidence)
    : 'high';
  const unresolvedConditionHops = row.hops.filter(isUnresolvedConditionHop).length;
  return {
    exposure,
    privilege,
    confidence,
    detection: detection.id,
    grantsCodeUpdate: exposes.grantsCodeUpdate === true,
    unresolvedConditionHops,
    amplifiers: amplifiersOf(row),
  };
}

/** The severity amplifiers (docs/exposure.md) the row's nodes show; severity.ts decides which apply to which exposure and tier. */
function amplifiersOf(row: DetectionRow): Amplifier[] {
  const amplifiers: Amplifier[] = [];
  // The URL's CORS as the loader typed it (corsAllowOrigins, corsAllowCredentials), as the CORS detections read it.
  const url = row.entry?.labels.includes('LambdaFunctionUrl') ? row.entry.properties : null;
  const origins = Array.isArray(url?.corsAllowOrigins) ? url.corsAllowOrigins : [];
  if (origins.includes('*') && url?.corsAllowCredentials === true)
    amplifiers.push('cors_wildcard_with_credentials');
  if (row.function && !text(row.function.properties.vpcId)) amplifiers.push('no_vpc_with_data_access');
  const credentials = row.function?.properties.credentialEnvVars;
  if (Array.isArray(credentials) && credentials.length > 0) amplifiers.push('plaintext_credentials_in_env');
  return amplifiers;
}

/** A privilege hop (`CAN_*`) that holds only under conditions the analysis could not resolve. */
function isUnresolvedConditionHop(hop: GraphRelationship): boolean {
  return hop.type.startsWith('CAN_') && hasConditions(hop.properties.conditionsJson);
}

function hasConditions(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const parsed = parseJsonObject(value);
  return parsed === null ? value.trim() !== '' && value.trim() !== 'null' : Object.keys(parsed).length > 0;
}

function parseJsonObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Rows about the same (detection, entry, function, role) make one finding: the most severe wins. */
export function mergeFindings(findings: Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const finding of findings) {
    const kept = byId.get(finding.id);
    if (!kept || betterWitness(finding, kept)) byId.set(finding.id, finding);
  }
  return [...byId.values()];
}

const CONFIDENCE_ORDER = ['high', 'medium', 'low'];

/**
 * Several rows can witness one finding (two routes to the same function and role): keep the most severe,
 * then the surest, then the shortest path, then the first path by its ids, so that the same graph always
 * yields the same finding whatever order Neo4j returns rows in.
 */
function betterWitness(candidate: Finding, kept: Finding): boolean {
  const keys = (f: Finding) =>
    [
      severityRank(f.severity),
      CONFIDENCE_ORDER.indexOf(f.confidence),
      f.path.length,
      f.path.map((step) => step.id).join('\u0000'),
    ] as const;
  const [a, b] = [keys(candidate), keys(kept)];
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return true;
    if (a[i]! > b[i]!) return false;
  }
  return false;
}

function oneOf<T extends string>(
  detection: Detection,
  column: string,
  value: unknown,
  allowed: readonly T[],
): T | null {
  if (value === null || value === undefined) return null;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  throw new InputError(
    `detection file ${detection.file}: column "${column}" returned ${JSON.stringify(value)}; ` +
      `expected null or one of ${allowed.join(', ')}`,
  );
}

function checkedSeverity(detection: Detection, value: unknown): Severity {
  if (isSeverity(value)) return value;
  throw new InputError(
    `detection file ${detection.file}: column "severity" returned ${JSON.stringify(value)}`,
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The name a person recognises: the AWS name, route key, URL or, failing those, the id. */
export function nameOf(node: GraphNode): string {
  const p = node.properties;
  return text(p.name) ?? text(p.routeKey) ?? text(p.url) ?? text(p.domainName) ?? node.id;
}

function pathElement(node: GraphNode): PathElement {
  return { id: node.id, labels: [...node.labels].sort(), name: nameOf(node) };
}

/**
 * A cross-account exposure is not reached from the internet but by the principals its grant names: the
 * path starts at the first of them (the `outsidePrincipals` the analysis stored on the EXPOSES hop, sorted)
 * instead of `Internet` (docs/output.md). Other exposures keep their path.
 */
function startAtOutsidePrincipal(path: PathElement[], exposes: GraphRelationship | undefined): PathElement[] {
  if (exposes?.type !== 'EXPOSES' || exposes.properties.exposure !== 'cross_account') return path;
  const principals = exposes.properties.outsidePrincipals;
  const first = Array.isArray(principals)
    ? principals.find((p): p is string => typeof p === 'string')
    : undefined;
  if (first === undefined || !path[0]?.labels.includes('Internet')) return path;
  return [outsidePrincipalElement(first), ...path.slice(1)];
}

/** An account (its root ARN) is the `AWSAccount` of that id; an organization its id; any other ARN itself. */
export function outsidePrincipalElement(principal: string): PathElement {
  if (/^o-[a-z0-9]+$/.test(principal)) {
    return { id: principal, labels: ['AWSOrganization'], name: `organization ${principal}` };
  }
  const arn = /^arn:[^:]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(principal);
  if (arn?.[2] === 'root') return { id: arn[1]!, labels: ['AWSAccount'], name: `account ${arn[1]}` };
  const kind = arn?.[2]?.split('/')[0];
  const label = kind === 'role' ? 'AWSRole' : kind === 'user' ? 'AWSUser' : 'AWSPrincipal';
  return { id: principal, labels: [label], name: principal };
}

function lastRole(path: GraphNode[]): GraphNode | null {
  const last = path[path.length - 1];
  return last?.labels.includes('AWSRole') ? last : null;
}

/** Evidence stored on a relationship by the analysis (`evidenceJson`), or what the relationship itself means. */
function hopEvidence(hop: GraphRelationship, index: number, path: GraphNode[]): Evidence[] {
  const stored = parseEvidenceJson(hop.properties.evidenceJson);
  if (stored.length > 0) return stored.map((item) => ({ hop: index, ...item }));
  const from = path[index];
  const to = path[index + 1];
  const fromName = from ? nameOf(from) : '?';
  const toName = to ? nameOf(to) : '?';
  // Paths may walk HAS_ALIAS and HAS_URL against their direction (URL → alias → function).
  const [alias, owner] = from?.labels.includes('LambdaAlias') ? [fromName, toName] : [toName, fromName];
  const [url, urlOwner] = from?.labels.includes('LambdaFunctionUrl')
    ? [fromName, toName]
    : [toName, fromName];
  const meaning: Record<string, { text: string; source: string }> = {
    EXECUTION_ROLE: {
      text: `${fromName} runs with the credentials of ${toName}`,
      source: 'Lambda GetFunctionConfiguration: Role',
    },
    HAS_ALIAS: { text: `${alias} is an alias of ${owner}`, source: 'Lambda ListAliases' },
    HAS_URL: { text: `${url} is the function URL of ${urlOwner}`, source: 'Lambda ListFunctionUrlConfigs' },
    REACHES: { text: `${fromName} invokes ${toName}`, source: 'entry point integration' },
  };
  const known = meaning[hop.type];
  return [{ hop: index, ...(known ?? { text: `${fromName} ${hop.type} ${toName}`, source: hop.type }) }];
}

/**
 * The path from the last role to the capability: the role's own capability, or, when the privilege is
 * reached only through hops the privilege analysis found (its witness path), those hops first.
 */
function capabilityPath(
  role: GraphNode,
  privilege: Privilege,
  hop: number,
  evidence: Evidence[],
): PathElement[] {
  const ownTier = role.properties.tier;
  const viaHops =
    ownTier !== privilege && role.properties.effectiveTier === privilege
      ? effectivePathHops(role.properties.effectivePathJson)
      : [];
  const elements = viaHops.map((step, index) => {
    evidence.push({ hop: hop + index, ...step.evidence });
    return step.element;
  });
  const holder = viaHops.length > 0 ? viaHops[viaHops.length - 1]!.element : pathElement(role);
  const own = viaHops.length > 0 ? [] : capabilityEvidence(role.properties.capabilitiesJson, privilege);
  const capabilityHop = hop + viaHops.length;
  evidence.push(
    ...(own.length > 0
      ? own
      : [
          {
            text: `${holder.name} is ${privilege.replaceAll('_', ' ')}`,
            source: 'AWSRole.tier (privilege analysis)',
          },
        ]
    ).map((item) => ({ hop: capabilityHop, ...item })),
  );
  elements.push({ id: `${holder.id}#capability/${privilege}`, labels: ['Capability'], name: privilege });
  return elements;
}

function queryEvidence(detection: Detection, value: unknown): Evidence[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new InputError(`detection file ${detection.file}: column "evidence" must be a list of maps`);
  }
  return value.map((item) => {
    const record = (item ?? {}) as Record<string, unknown>;
    if (typeof record.hop !== 'number' || typeof record.text !== 'string') {
      throw new InputError(
        `detection file ${detection.file}: column "evidence" items need hop (number) and text (string)`,
      );
    }
    return { hop: record.hop, text: record.text, source: text(record.source) ?? '' };
  });
}

/** The query's own confidence, else the lowest confidence recorded on any hop. */
function rowConfidence(detection: Detection, row: DetectionRow): Confidence {
  if (row.confidence !== undefined && row.confidence !== null) {
    const value = oneOf(detection, 'confidence', row.confidence, CONFIDENCES);
    if (value) return value;
  }
  // The lowest confidence of the other hops, then one step lower for each hop with unresolved
  // conditions (docs/exposure.md, as severity.ts rates them): two ExternalId hops are less sure than one.
  let lowest: Confidence = 'high';
  for (const hop of row.hops) {
    if (isUnresolvedConditionHop(hop)) continue;
    // The privilege analysis marks grants that hold only under open conditions `conditional`.
    const value = hop.properties.confidence === 'conditional' ? 'medium' : hop.properties.confidence;
    if (
      CONFIDENCES.includes(value as Confidence) &&
      CONFIDENCES.indexOf(value as Confidence) > CONFIDENCES.indexOf(lowest)
    ) {
      lowest = value as Confidence;
    }
  }
  return lowerConfidence(lowest, row.hops.filter(isUnresolvedConditionHop).length);
}
