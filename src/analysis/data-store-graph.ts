/**
 * The data-store part of the privilege analysis, against the graph (docs/data-stores.md): reads the stores
 * the loader wrote, classifies them, judges public access, decides the access edges of the execution roles
 * (pure, data-access.ts) and writes back `sensitive`, `sensitivity`, `publicAccess`, `publicVia`,
 * `publicAccessTypes` on each store and the CAN_READ / CAN_WRITE / CAN_DECRYPT edges.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import type { Tier } from '../iam/capabilities.js';
import type { ActionCatalog } from '../iam/catalog.js';
import type { PrincipalPolicies } from '../iam/principals.js';
import { type DataAccessEdge, dataAccessEdges, parseStores } from './data-access.js';
import {
  classifyDataStore,
  DATA_ACCESS_TYPES,
  DATA_STORE_KINDS,
  DATA_STORE_LABELS,
  type DataStoreFacts,
  type DataStoreKind,
  type Sensitivity,
} from './data-stores.js';
import type { EvaluationProblem } from './problems.js';

const BATCH = 1_000;

export interface DataStoreAnalysis {
  readonly stores: readonly { facts: DataStoreFacts; sensitivity: Sensitivity | null }[];
  readonly edges: readonly DataAccessEdge[];
  readonly problems: readonly EvaluationProblem[];
  readonly publicStores: number;
  /** Principals that read or decrypt at least one sensitive store: their tier is at least sensitive_data. */
  readonly reachSensitive: ReadonlySet<string>;
  readonly rows: {
    id: string;
    sensitive: boolean;
    sensitivity: string | null;
    level: string;
    via: string[];
    access: string[];
  }[];
}

export async function readDataStores(tx: ManagedTransaction): Promise<DataStoreFacts[]> {
  const kindOf = new Map(DATA_STORE_KINDS.map((kind) => [DATA_STORE_LABELS[kind] as string, kind]));
  const result = await tx.run(
    `MATCH (d:DataStore) WHERE d.lastScanId IS NOT NULL
     RETURN d.id AS id, labels(d) AS labels, d.name AS name, d.accountId AS accountId,
            d.policyJson AS policyJson, d.tagsJson AS tagsJson, d.type AS parameterType,
            EXISTS { (d)<-[:ENCRYPTED_WITH]-() } AS protectsData,
            COLLECT { MATCH (d)-[:ENCRYPTED_WITH]->(k:KMSKey) RETURN k.id ORDER BY k.id LIMIT 1 }[0] AS encryptionKey,
            d.keyManager AS keyManager, d.grantsJson AS grantsJson,
            d.ignorePublicAcls AS ignorePublicAcls, d.restrictPublicBuckets AS restrictPublicBuckets,
            d.accountIgnorePublicAcls AS accountIgnorePublicAcls,
            d.accountRestrictPublicBuckets AS accountRestrictPublicBuckets,
            coalesce(d.aclAllUsers, []) AS aclAllUsers, coalesce(d.aclAuthenticatedUsers, []) AS aclAuthenticatedUsers`,
  );
  return result.records.flatMap((record) => {
    const row = record.toObject();
    const kind = (row.labels as string[]).map((label) => kindOf.get(label)).find(Boolean) as
      | DataStoreKind
      | undefined;
    if (!kind) return [];
    return [
      {
        ...row,
        kind,
        tags: tagsOf(row.tagsJson as string | null),
        decryptGrantees: decryptGranteesOf(row.grantsJson as string | null),
      } as unknown as DataStoreFacts,
    ];
  });
}

/** Grantees of the grants that allow Decrypt; a grant without a readable grantee counts as anyone's. */
function decryptGranteesOf(json: string | null): string[] {
  if (!json) return [];
  const grants = JSON.parse(json) as { granteePrincipal?: string | null; operations?: string[] }[];
  return grants
    .filter((grant) => (grant.operations ?? []).includes('Decrypt'))
    .map((grant) => grant.granteePrincipal ?? '*');
}

function tagsOf(json: string | null): Record<string, string> {
  if (!json) return {};
  const list = JSON.parse(json) as { Key?: string; Value?: string }[];
  return Object.fromEntries(list.flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? '']] : [])));
}

export function analyzeDataStores(
  catalog: ActionCatalog,
  stores: readonly DataStoreFacts[],
  principals: readonly PrincipalPolicies[],
  options: { now: Date; regions?: ReadonlyMap<string, readonly string[]> },
): DataStoreAnalysis {
  const { parsed, problems } = parseStores(catalog, stores);
  const classified = parsed.map((store) => ({ store, sensitivity: classifyDataStore(store.facts) }));
  const rows = classified.map(({ store, sensitivity }) => {
    const { open } = store;
    return {
      id: store.facts.id,
      sensitive: sensitivity !== null,
      sensitivity,
      level: open.level,
      via: [...open.via],
      access: [...open.access],
    };
  });
  const edges = dataAccessEdges(catalog, principals, parsed, options);
  const sensitive = new Set(
    classified.filter((entry) => entry.sensitivity).map((entry) => entry.store.facts.id),
  );
  const reachSensitive = new Set(
    edges.filter((edge) => edge.type !== 'CAN_WRITE' && sensitive.has(edge.to)).map((edge) => edge.from),
  );
  return {
    stores: classified.map(({ store, sensitivity }) => ({ facts: store.facts, sensitivity })),
    edges,
    problems,
    publicStores: rows.filter((row) => row.level !== 'none').length,
    reachSensitive,
    rows,
  };
}

/** Reaching a sensitive store lifts a weaker tier to sensitive_data; stronger tiers stay. */
export function withDataReach(tier: Tier, reachesSensitive: boolean): Tier {
  return reachesSensitive && (tier === 'broad_write' || tier === 'scoped' || tier === 'basic')
    ? 'sensitive_data'
    : tier;
}

export async function writeDataStoreAnalysis(
  tx: ManagedTransaction,
  analysis: DataStoreAnalysis,
  scanId: string | null,
): Promise<void> {
  await tx.run('MATCH (:AWSPrincipal)-[e:CAN_READ|CAN_WRITE|CAN_DECRYPT]->(:DataStore) DELETE e');
  for (const batch of chunks(analysis.rows)) {
    await tx.run(
      `UNWIND $rows AS row MATCH (d:DataStore {id: row.id})
       SET d.sensitive = row.sensitive, d.sensitivity = row.sensitivity, d.publicAccess = row.level,
           d.publicVia = row.via, d.publicAccessTypes = row.access`,
      { rows: batch },
    );
  }
  for (const type of DATA_ACCESS_TYPES) {
    const rows = analysis.edges
      .filter((edge) => edge.type === type)
      .map((edge) => ({
        from: edge.from,
        to: edge.to,
        confidence: edge.confidence,
        action: edge.action,
        grantedBy: [...edge.grantedBy],
        evidenceJson: JSON.stringify(edge.evidence),
        conditionsJson: JSON.stringify(edge.conditions),
      }));
    // The relationship type comes from the constant list above, never from data.
    const query = `UNWIND $rows AS row
      MATCH (a:AWSPrincipal {id: row.from}) MATCH (d:DataStore {id: row.to})
      MERGE (a)-[e:${type}]->(d)
      SET e.confidence = row.confidence, e.action = row.action, e.grantedBy = row.grantedBy,
          e.evidenceJson = row.evidenceJson, e.conditionsJson = row.conditionsJson, e.lastScanId = $scanId`;
    for (const batch of chunks(rows)) await tx.run(query, { rows: batch, scanId });
  }
}

function chunks<T>(list: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += BATCH) result.push(list.slice(i, i + BATCH));
  return result;
}
