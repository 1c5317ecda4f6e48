/**
 * Reads from the graph what the remediation plan of one finding needs (./plan.ts `RemediationFacts`):
 * the entry point's settings, the resource policy of the qualifier the path runs through, every entry
 * point of the function, the execution role's capability evidence, inline documents and the functions
 * sharing it. The one place holding the plan's Cypher.
 */
import type { Driver } from 'neo4j-driver';
import { loadDetections } from '../findings/detections.js';
import type { Finding } from '../findings/finding.js';
import type { Tier } from '../iam/capabilities.js';
import type { CapabilityRecord, StatementRecord } from '../iam/explain.js';
import type { EntryFacts, EntryRef, RemediationFacts } from './plan.js';

const TOXIC_TAG = 'toxic-combination';

/** Entry kinds by the label of the entry node, for entry points the analysis did not mark as exposed. */
const KIND_OF_LABEL: Record<string, string> = {
  LambdaFunctionUrl: 'function_url',
  APIGatewayV2Route: 'http_api_route',
  APIGatewayMethod: 'rest_api_method',
  ELBV2Rule: 'alb_rule',
};

/** Edges of the privilege analysis' witness path whose evidence holds the statements of a hop. */
const HOP_EDGES = ['CAN_ASSUME', 'CAN_UPDATE_CODE', 'CAN_PASS_ROLE', 'CAN_MODIFY_POLICY'] as const;

const last = (id: string) => id.split('/').pop() ?? id;
const str = (value: unknown) => (typeof value === 'string' ? value : '');

function parseList<T>(value: unknown): T[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

export async function readRemediationFacts(
  driver: Driver,
  database: string,
  finding: Finding,
): Promise<RemediationFacts> {
  const query = async (text: string, params: Record<string, unknown>) =>
    (await driver.executeQuery(text, params, { database, routing: 'READ' })).records.map((r) => r.toObject());
  const detections = await loadDetections();
  const toxic = detections.some((d) => d.id === finding.detection && (d.tags ?? []).includes(TOXIC_TAG));
  return {
    finding,
    toxic,
    entry: await readEntry(query, finding),
    target: await readTarget(query, finding),
    role: await readRole(query, finding),
  };
}

type Query = (text: string, params: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

async function readEntry(query: Query, finding: Finding): Promise<EntryFacts | null> {
  const { kind, arn: id } = finding.entryPoint;
  if (!kind || !id) return null;
  switch (kind) {
    case 'function_url': {
      const [row] = await query(
        'MATCH (u:LambdaFunctionUrl {id: $id}) RETURN u.url AS url, u.authType AS authType',
        { id },
      );
      return row ? { kind, id, url: str(row.url), authType: str(row.authType) } : null;
    }
    case 'http_api_route':
    case 'websocket_api': {
      const [row] = await query(
        `MATCH (api:APIGatewayV2Api)-[:HAS_ROUTE]->(r:APIGatewayV2Route {id: $id})
         RETURN api.apiId AS apiId, r.routeKey AS routeKey, r.authorizationType AS authorizationType`,
        { id },
      );
      return row
        ? {
            kind,
            id,
            apiId: str(row.apiId),
            routeId: last(id),
            routeKey: str(row.routeKey),
            authorizationType: str(row.authorizationType) || 'NONE',
          }
        : null;
    }
    case 'rest_api_method': {
      const [row] = await query(
        `MATCH (api:APIGatewayRestApi)-[:HAS_RESOURCE]->(res:APIGatewayResource)-[:HAS_METHOD]->(m:APIGatewayMethod {id: $id})
         RETURN api.restApiId AS restApiId, res.id AS resource, m.httpMethod AS httpMethod, m.authorizationType AS authorizationType`,
        { id },
      );
      return row
        ? {
            kind,
            id,
            restApiId: str(row.restApiId),
            resourceId: last(str(row.resource)),
            httpMethod: str(row.httpMethod),
            authorizationType: str(row.authorizationType) || 'NONE',
          }
        : null;
    }
    case 'alb_rule':
    case 'resource_policy':
    case 'cloudfront_distribution':
      return { kind, id };
  }
}

async function readTarget(query: Query, finding: Finding): Promise<RemediationFacts['target']> {
  const fn = finding.function;
  if (!fn) return null;
  const [row] = await query(
    `MATCH (f:LambdaFunction {id: $arn})
     OPTIONAL MATCH (f)-[:HAS_ALIAS]->(a:LambdaAlias {name: $qualifier})
     CALL (f) {
       OPTIONAL MATCH (e)-[:REACHES]->(t) WHERE t = f OR (f)-[:HAS_ALIAS]->(t)
       OPTIONAL MATCH (:Internet)-[x:EXPOSES]->(e)
       WITH DISTINCT e, x WHERE e IS NOT NULL
       RETURN collect({id: e.id, labels: labels(e), kind: x.entryKind,
                       name: coalesce(e.url, e.routeKey, e.path, e.name, e.id)}) AS entries
     }
     RETURN f.name AS name, f.accountId AS accountId, f.reservedConcurrency AS reserved,
            CASE WHEN $qualifier IS NULL THEN f.resourcePolicyJson ELSE a.resourcePolicyJson END AS policy,
            entries`,
    { arn: fn.arn, qualifier: fn.qualifier },
  );
  if (!row) return null;
  const entries = (row.entries as { id: string; labels: string[]; kind: unknown; name: unknown }[]).map(
    (entry): EntryRef => ({
      id: entry.id,
      kind: str(entry.kind) || (entry.labels.map((l) => KIND_OF_LABEL[l]).find(Boolean) ?? 'entry point'),
      name: str(entry.name),
    }),
  );
  const reserved = row.reserved;
  return {
    functionName: str(row.name) || fn.name,
    functionArn: fn.arn,
    qualifier: fn.qualifier,
    accountId: str(row.accountId) || finding.accountId || '',
    policyJson: typeof row.policy === 'string' ? row.policy : null,
    reservedConcurrency: reserved === null || reserved === undefined ? null : Number(reserved),
    entryPoints: entries.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

async function readRole(query: Query, finding: Finding): Promise<RemediationFacts['role']> {
  const arn = finding.role?.arn;
  if (!arn) return null;
  const [row] = await query(
    `MATCH (r:AWSRole {id: $arn})
     OPTIONAL MATCH (r)-[:POLICY]->(p:AWSPolicy {kind: 'inline'})
     WITH r, collect(p {.name, .documentJson}) AS inline
     OPTIONAL MATCH (other:LambdaFunction)-[:EXECUTION_ROLE]->(r) WHERE other.id <> $functionArn
     RETURN r.name AS name, r.tier AS tier, r.capabilitiesJson AS capabilities,
            r.effectivePathJson AS path, inline, collect(DISTINCT other.id) AS sharedWith`,
    { arn, functionArn: finding.function?.arn ?? null },
  );
  if (!row) return null;
  return {
    arn,
    name: str(row.name) || last(arn),
    tier: (str(row.tier) || null) as Tier | null,
    capabilities: parseList<CapabilityRecord>(row.capabilities),
    hopGrants: await readHopGrants(query, arn, row.path),
    inlinePolicies: (row.inline as { name: unknown; documentJson: unknown }[])
      .filter((p) => typeof p.documentJson === 'string')
      .map((p) => ({ name: str(p.name), documentJson: str(p.documentJson) })),
    sharedWith: (row.sharedWith as string[]).sort(),
  };
}

/** The statements of the first hop of the role's witness path, when the role itself takes that hop. */
async function readHopGrants(query: Query, roleArn: string, pathJson: unknown): Promise<StatementRecord[]> {
  const [hop] = parseList<{ edge?: string; from?: string; to?: string }>(pathJson);
  const edge = HOP_EDGES.find((type) => type === hop?.edge);
  if (!hop || !edge || hop.from !== roleArn) return [];
  const rows = await query(
    `MATCH (:AWSPrincipal {id: $from})-[e:${edge}]->({id: $to}) RETURN e.evidenceJson AS evidence`,
    { from: hop.from, to: hop.to ?? '' },
  );
  return rows
    .flatMap((row) => parseList<StatementRecord>(row.evidence))
    .filter((record) => 'statementIndex' in record);
}
