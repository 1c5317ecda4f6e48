/**
 * Cypher text generated from the schema declaration: constraints and indexes, the loader's batched
 * `UNWIND $rows MERGE` statements, and the stale-data cleanup. Labels, relationship types and property
 * names come only from src/graph/schema.ts; every value travels as a parameter.
 */
import {
  NODE_LABELS,
  NODES,
  type NodeLabel,
  RELATIONSHIP_NAMES,
  RELATIONSHIPS,
  type RelationshipName,
} from './schema.js';

/** One uniqueness constraint on `id` per label; an index on `accountId` for the labels a unit cleans up. */
export function schemaStatements(): string[] {
  const statements: string[] = [];
  for (const label of NODE_LABELS) {
    statements.push(
      `CREATE CONSTRAINT ${snake(label)}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
    );
    if (NODES[label].service !== null) {
      statements.push(`CREATE INDEX ${snake(label)}_account IF NOT EXISTS FOR (n:${label}) ON (n.accountId)`);
    }
  }
  return statements;
}

function extraLabels(label: NodeLabel, variable: string): string {
  return NODES[label].extraLabels.map((extra) => `, ${variable}:${extra}`).join('');
}

const SEEN = 'n.firstSeen = coalesce(n.firstSeen, $seenAt), n.lastSeen = $seenAt, n.lastScanId = $scanId';

/**
 * Upserts the nodes of one unit: `$rows` = [{id, props}], every declared property present (null removes
 * it). Parameters: rows, accountId, region (null for global services), scanId, seenAt.
 */
export function nodeUpsertQuery(label: NodeLabel): string {
  return [
    'MATCH (account:AWSAccount {id: $accountId})',
    'UNWIND $rows AS row',
    `MERGE (n:${label} {id: row.id})`,
    `SET n += row.props${extraLabels(label, 'n')}, n.accountId = $accountId, n.region = $region, ${SEEN}`,
    'MERGE (account)-[r:RESOURCE]->(n)',
    'SET r.lastScanId = $scanId',
  ].join('\n');
}

/** Upserts nodes no account owns (no `accountId`, no `RESOURCE` edge). Parameters: rows, scanId, seenAt. */
export function sharedNodeUpsertQuery(label: NodeLabel): string {
  return [
    'UNWIND $rows AS row',
    `MERGE (n:${label} {id: row.id})`,
    `SET n += row.props${extraLabels(label, 'n')}, ${SEEN}`,
  ].join('\n');
}

/** The account node every unit hangs its nodes from. Parameters: accountId, scanId, seenAt. */
export const ACCOUNT_UPSERT = `MERGE (n:AWSAccount {id: $accountId}) SET ${SEEN}`;

/**
 * Upserts relationships: `$rows` = [{from, to, props}]. The source must exist (it belongs to the unit and
 * was written first); the target is merged, so a target outside the scan becomes a stub carrying only `id`.
 * Parameters: rows, scanId.
 */
export function relationshipUpsertQuery(name: RelationshipName): string {
  const spec = RELATIONSHIPS[name];
  const keys = ((spec as { keys?: readonly string[] }).keys ?? []).map((key) => `${key}: row.props.${key}`);
  const identity = keys.length > 0 ? ` {${keys.join(', ')}}` : '';
  return [
    'UNWIND $rows AS row',
    `MATCH (a:${spec.from} {id: row.from})`,
    `MERGE (b:${spec.to} {id: row.to})`,
    ...(NODES[spec.to].extraLabels.length > 0 ? [`SET ${extraLabels(spec.to, 'b').slice(2)}`] : []),
    `MERGE (a)-[r:${spec.type}${identity}]->(b)`,
    'SET r += row.props, r.lastScanId = $scanId',
  ].join('\n');
}

/**
 * Deletes up to $limit nodes of a label that belong to the unit but were not in this scan.
 * Parameters: accountId, region (regional services only), scanId, limit. Returns `deleted`.
 */
export function staleNodesQuery(label: NodeLabel, regional: boolean): string {
  return [
    `MATCH (n:${label}) WHERE n.accountId = $accountId${regional ? ' AND n.region = $region' : ''}`,
    '  AND n.lastScanId <> $scanId',
    'WITH n LIMIT $limit',
    'DETACH DELETE n',
    'RETURN count(*) AS deleted',
  ].join('\n');
}

/** Deletes up to $limit relationships of the unit (by source node) not in this scan. Same parameters. */
export function staleRelationshipsQuery(name: RelationshipName, regional: boolean): string {
  const spec = RELATIONSHIPS[name];
  return [
    `MATCH (a:${spec.from})-[r:${spec.type}]->(:${spec.to})`,
    `WHERE a.accountId = $accountId${regional ? ' AND a.region = $region' : ''} AND r.lastScanId <> $scanId`,
    'WITH r LIMIT $limit',
    'DELETE r',
    'RETURN count(*) AS deleted',
  ].join('\n');
}

/**
 * Labels whose nodes can be left orphaned without an owner unit: relationship targets (stubs) and shared
 * nodes. Nodes written by the analysis or the load itself are never collected.
 */
export const COLLECTABLE_LABELS: NodeLabel[] = NODE_LABELS.filter(
  (label) =>
    NODES[label].service !== null ||
    RELATIONSHIP_NAMES.some((name) => RELATIONSHIPS[name].to === label && !('writtenBy' in NODES[label])),
);

/**
 * Deletes up to $limit nodes of a label that no unit owns and nothing links to any more: stubs whose
 * referrers are gone, shared nodes nobody uses. Nodes a scan wrote as its own account are kept.
 */
export function orphanNodesQuery(label: NodeLabel): string {
  const ownerless = NODES[label].service === null ? 'n.lastScanId IS NULL' : 'n.accountId IS NULL';
  return [
    `MATCH (n:${label}) WHERE ${ownerless} AND NOT (n)--()`,
    'WITH n LIMIT $limit',
    'DELETE n',
    'RETURN count(*) AS deleted',
  ].join('\n');
}

function snake(label: string): string {
  return label
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
