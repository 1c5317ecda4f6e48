/**
 * Cypher text generated from the schema declaration: constraints and indexes, the loader's batched
 * `UNWIND $rows MERGE` statements, and the stale-data cleanup. Labels, relationship types and property
 * names come only from src/graph/schema.ts; every value travels as a parameter.
 */
import {
  NODE_LABELS,
  NODES,
  type NodeLabel,
  type Properties,
  RELATIONSHIP_NAMES,
  RELATIONSHIPS,
  type RelationshipName,
  type RelationshipSpec,
} from './schema.js';

/**
 * One uniqueness constraint on `id` per label: what every MERGE looks up; then the read indexes. No index on `accountId`: cleanup
 * reads each label once per unit, and maintaining a second index on every write cost more than it saved.
 */
export function schemaStatements(): string[] {
  const statements: string[] = [];
  for (const label of NODE_LABELS) {
    statements.push(
      `CREATE CONSTRAINT ${snake(label)}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
    );
  }
  return [...statements, ...READ_INDEXES];
}

/**
 * Indexes for the surfaces' reads (src/findings/query.ts): every findings list filters on status and
 * severity rank; with the index it reads the matching findings only, not every one ever stored.
 */
const READ_INDEXES = [
  'CREATE RANGE INDEX finding_status_rank IF NOT EXISTS FOR (n:Finding) ON (n.status, n.severityRank)',
];

const SEEN = 'n.firstSeen = coalesce(n.firstSeen, $seenAt), n.lastSeen = $seenAt, n.lastScanId = $scanId';

/**
 * `SET` of every declared property from the row, one by one (null removes it). Spelled out rather than
 * `n += row.props`: a map of unknown keys could touch the key MERGE reads, and the planner then puts an
 * Eager (materialise every row) in front of each write.
 */
function assignments(variable: string, properties: Properties, except: readonly string[] = []): string[] {
  return Object.keys(properties)
    .filter((name) => !except.includes(name))
    .map((name) => `${variable}.${name} = row.props.${name}`);
}

/**
 * Upserts the nodes of one unit: `$rows` = [{id, props}]. Parameters: rows, accountId, region (null for
 * global services), scanId, seenAt, loadToken (what cleanup compares: see staleNodesQuery).
 */
export function nodeUpsertQuery(label: NodeLabel): string {
  const spec = NODES[label];
  const sets = [
    ...assignments('n', spec.properties),
    ...spec.extraLabels.map((extra) => `n:${extra}`),
    'n.accountId = $accountId',
    'n.region = $region',
    SEEN,
    'n.loadToken = $loadToken',
  ];
  return ['UNWIND $rows AS row', `MERGE (n:${label} {id: row.id})`, `SET ${sets.join(', ')}`].join('\n');
}

/** Upserts nodes no account owns (no `accountId`). Parameters: rows, scanId, seenAt. */
export function sharedNodeUpsertQuery(label: NodeLabel): string {
  const spec = NODES[label];
  const sets = [...assignments('n', spec.properties), ...spec.extraLabels.map((extra) => `n:${extra}`), SEEN];
  return ['UNWIND $rows AS row', `MERGE (n:${label} {id: row.id})`, `SET ${sets.join(', ')}`].join('\n');
}

/**
 * The node of the unit's account. Nodes name their account by `accountId`; there is no
 * `(:AWSAccount)-[:RESOURCE]->` edge to every node: nothing reads it, and merging tens of thousands of
 * edges onto one account node took a third of the load time. Parameters: accountId, scanId, seenAt.
 */
export const ACCOUNT_UPSERT = `MERGE (n:AWSAccount {id: $accountId}) SET ${SEEN}`;

/**
 * Upserts relationships: `$rows` = [{from, to, props}]. The source must exist (it belongs to the unit and
 * was written first); the target is merged, so a target outside the scan becomes a stub carrying only `id`.
 * Parameters: rows, scanId, loadToken.
 */
export function relationshipUpsertQuery(name: RelationshipName): string {
  const spec: RelationshipSpec = RELATIONSHIPS[name];
  const keys = (spec.keys ?? []).map((key) => `${key}: row.props.${key}`);
  const identity = keys.length > 0 ? ` {${keys.join(', ')}}` : '';
  const extra = NODES[spec.to].extraLabels.map((label) => `b:${label}`);
  return [
    'UNWIND $rows AS row',
    `MATCH (a:${spec.from} {id: row.from})`,
    `MERGE (b:${spec.to} {id: row.to})`,
    ...(extra.length > 0 ? [`SET ${extra.join(', ')}`] : []),
    `MERGE (a)-[r:${spec.type}${identity}]->(b)`,
    // Key properties are written by the MERGE itself; setting them again would make the plan Eager.
    `SET ${[...assignments('r', spec.properties, spec.keys), 'r.lastScanId = $scanId', 'r.loadToken = $loadToken'].join(', ')}`,
  ].join('\n');
}

/**
 * Deletes up to $limit nodes of a label that belong to the unit but were not written by this load. The
 * comparison is on the load token (scan id + unit content), not on the scan id alone: a snapshot re-written
 * under the same id (the demo's fixed id) must still clean up (docs/architecture.md §3). A node without a
 * token predates tokens and is stale as soon as its unit loads again.
 * Parameters: accountId, region (regional services only), loadToken, limit. Returns `deleted`.
 */
export function staleNodesQuery(label: NodeLabel, regional: boolean): string {
  return [
    // A global unit's nodes have no region; regional nodes may carry one of its labels as an extra label
    // (WAFv2RegionalWebACL is also a WAFv2WebACL) and belong to their own unit.
    `MATCH (n:${label}) WHERE n.accountId = $accountId AND ${regional ? 'n.region = $region' : 'n.region IS NULL'}`,
    "  AND coalesce(n.loadToken, '') <> $loadToken",
    'WITH n LIMIT $limit',
    'DETACH DELETE n',
    'RETURN count(*) AS deleted',
  ].join('\n');
}

/** Deletes up to $limit relationships of the unit (by source node) not written by this load. Same parameters. */
export function staleRelationshipsQuery(name: RelationshipName, regional: boolean): string {
  const spec = RELATIONSHIPS[name];
  return [
    `MATCH (a:${spec.from})-[r:${spec.type}]->(:${spec.to})`,
    `WHERE a.accountId = $accountId${regional ? ' AND a.region = $region' : ''}`,
    "  AND coalesce(r.loadToken, '') <> $loadToken",
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

/**
 * The node with id `$id`, whatever its label, bound to `variable`: one lookup in each label's uniqueness
 * constraint (a label-less `WHERE n.id = $id` reads every node of the graph). An id can sit on nodes of
 * several labels (a role is also an AWSPrincipal); the first label in declaration order wins.
 */
export function nodeByIdClause(variable: string): string {
  const lookups = NODE_LABELS.map(
    (label, order) => `MATCH (n:${label} {id: $id}) RETURN n, ${order} AS labelOrder`,
  );
  return [
    `CALL () {\n  ${lookups.join('\n  UNION\n  ')}\n}`,
    `WITH n AS ${variable} ORDER BY labelOrder LIMIT 1`,
  ].join('\n');
}
