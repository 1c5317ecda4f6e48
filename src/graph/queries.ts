/**
 * Read-only questions the surfaces (REST API, web UI) ask the graph: exposed functions, a function, a role,
 * a node's neighbourhood, the scans. The one place where those surfaces' Cypher lives; every query runs in a
 * read transaction with its values as parameters. The facts read here are written by the analysis
 * (docs/architecture.md §2, "written by the analysis").
 */
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { EXPOSURE_CLASSES } from '../analysis/exposure/exposure-class.js';
import { TIERS } from '../iam/capabilities.js';
import { nodeByIdClause } from './cypher.js';

export interface EntryPointView {
  id: string;
  labels: string[];
  name: string | null;
  exposure: string;
  authentication: string | null;
  confidence: string | null;
  evidence: unknown[];
}

export interface ExposedFunction {
  arn: string;
  name: string | null;
  accountId: string | null;
  region: string | null;
  roleArn: string | null;
  /** The execution role's effective tier (the strongest privilege reached through any hop); null: unknown. */
  tier: string | null;
  /** The most exposed class among its entry points. */
  exposure: string;
  entryPoints: number;
}

export interface FunctionFilter {
  tier?: readonly string[];
  account?: string;
  region?: string;
}

const READ = { routing: 'READ' as const };

/**
 * The targets an exposed entry point leads to: the function or alias itself (its resource policy is the
 * entry point) and what it REACHES; an alias counts for its function.
 */
const EXPOSED_FUNCTIONS = `
  MATCH (:Internet)-[x:EXPOSES]->(entry) WHERE x.exposure <> 'not_exposed'
  CALL (entry) {
    MATCH (entry:LambdaFunction) RETURN entry AS target
    UNION
    MATCH (entry:LambdaAlias) RETURN entry AS target
    UNION
    MATCH (entry)-[:REACHES]->(target) RETURN target
  }
  CALL (target) {
    MATCH (fn:LambdaFunction) WHERE fn = target RETURN fn
    UNION
    MATCH (fn:LambdaFunction)-[:HAS_ALIAS]->(target) RETURN fn
  }
  WITH fn, collect(DISTINCT entry.id) AS entries, collect(DISTINCT x.exposure) AS exposures
  WHERE ($account IS NULL OR fn.accountId = $account) AND ($region IS NULL OR fn.region = $region)
  OPTIONAL MATCH (fn)-[:EXECUTION_ROLE]->(role:AWSRole)
  WITH fn, entries, exposures, role, coalesce(role.effectiveTier, role.tier) AS tier
  WHERE $tiers IS NULL OR tier IN $tiers
  WITH fn, entries, role, tier,
       // Ranks are positions in the declared orders (most exposed, strongest first); unknown sorts last.
       head([i IN range(0, size($exposureOrder) - 1) WHERE $exposureOrder[i] IN exposures]) AS exposureRank,
       coalesce(head([i IN range(0, size($tierOrder) - 1) WHERE $tierOrder[i] = tier]), size($tierOrder)) AS tierRank`;

/** Functions an exposed entry point reaches, strongest execution role first, then most exposed. */
export async function listExposedFunctions(
  driver: Driver,
  database: string,
  filter: FunctionFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; items: ExposedFunction[] }> {
  const params = {
    account: filter.account ?? null,
    region: filter.region ?? null,
    tiers: filter.tier && filter.tier.length > 0 ? filter.tier : null,
    exposureOrder: [...EXPOSURE_CLASSES],
    tierOrder: [...TIERS],
    offset: neo4j.int(page.offset),
    limit: neo4j.int(page.limit),
  };
  return readTransaction(driver, database, async (tx) => {
    const counted = await tx.run(`${EXPOSED_FUNCTIONS} RETURN count(fn) AS total`, params);
    const listed = await tx.run(
      `${EXPOSED_FUNCTIONS}
       RETURN fn.id AS arn, fn.name AS name, fn.accountId AS accountId, fn.region AS region,
              role.id AS roleArn, tier, $exposureOrder[exposureRank] AS exposure, size(entries) AS entryPoints
       ORDER BY tierRank, exposureRank, fn.name, fn.id SKIP $offset LIMIT $limit`,
      params,
    );
    return {
      total: counted.records[0]?.get('total') as number,
      items: listed.records.map((record) => record.toObject() as ExposedFunction),
    };
  });
}

export interface FunctionView {
  arn: string;
  name: string | null;
  accountId: string | null;
  region: string | null;
  runtime: string | null;
  reservedConcurrency: number | null;
  envVarNames: string[];
  secretLookingEnvVars: string[];
  role: { arn: string; name: string | null; tier: string | null; effectiveTier: string | null } | null;
  aliases: { arn: string; name: string | null; roleArn: string | null }[];
  entryPoints: EntryPointView[];
}

/** A function with its execution role, aliases and every entry point the analysis found for it or them. */
export async function readFunction(
  driver: Driver,
  database: string,
  arn: string,
): Promise<FunctionView | undefined> {
  const { records } = await driver.executeQuery(
    `MATCH (fn:LambdaFunction {id: $arn})
     OPTIONAL MATCH (fn)-[:EXECUTION_ROLE]->(role:AWSRole)
     RETURN fn {.id, .name, .accountId, .region, .runtime, .reservedConcurrency, .envVarNames,
                .secretLookingEnvVars} AS fn,
            CASE WHEN role IS NULL THEN null ELSE role {.id, .name, .tier, .effectiveTier} END AS role,
            COLLECT { MATCH (fn)-[:HAS_ALIAS]->(a:LambdaAlias)
                      OPTIONAL MATCH (a)-[:EXECUTION_ROLE]->(ar:AWSRole)
                      RETURN {arn: a.id, name: a.name, roleArn: ar.id} } AS aliases,
            COLLECT { MATCH (:Internet)-[x:EXPOSES]->(entry)
                      WHERE entry = fn OR (entry)-[:REACHES]->(fn)
                         OR EXISTS { (fn)-[:HAS_ALIAS]->(a) WHERE a = entry OR (entry)-[:REACHES]->(a) }
                      RETURN {id: entry.id, labels: labels(entry), name: coalesce(entry.name, entry.routeKey, entry.url),
                              exposure: x.exposure, authentication: x.authentication,
                              confidence: x.confidence, evidenceJson: x.evidenceJson} } AS entries`,
    { arn },
    { database, ...READ },
  );
  const record = records[0];
  if (!record) return undefined;
  const fn = record.get('fn') as Record<string, unknown>;
  const role = record.get('role') as Record<string, unknown> | null;
  return {
    arn: fn.id as string,
    name: (fn.name as string) ?? null,
    accountId: (fn.accountId as string) ?? null,
    region: (fn.region as string) ?? null,
    runtime: (fn.runtime as string) ?? null,
    reservedConcurrency: (fn.reservedConcurrency as number) ?? null,
    envVarNames: (fn.envVarNames as string[]) ?? [],
    secretLookingEnvVars: (fn.secretLookingEnvVars as string[]) ?? [],
    role: role
      ? {
          arn: role.id as string,
          name: (role.name as string) ?? null,
          tier: (role.tier as string) ?? null,
          effectiveTier: (role.effectiveTier as string) ?? null,
        }
      : null,
    aliases: record.get('aliases') as FunctionView['aliases'],
    entryPoints: (record.get('entries') as Record<string, unknown>[]).map(toEntryPoint),
  };
}

function toEntryPoint(entry: Record<string, unknown>): EntryPointView {
  return {
    id: entry.id as string,
    labels: entry.labels as string[],
    name: (entry.name as string) ?? null,
    exposure: entry.exposure as string,
    authentication: (entry.authentication as string) ?? null,
    confidence: (entry.confidence as string) ?? null,
    evidence: parseJson(entry.evidenceJson, []),
  };
}

export interface PrivilegeEdgeView {
  principal: string;
  labels: string[];
  name: string | null;
  type: string;
  confidence: string | null;
  evidence: unknown[];
}

export interface RoleView {
  arn: string;
  name: string | null;
  accountId: string | null;
  tier: string | null;
  effectiveTier: string | null;
  capabilities: unknown[];
  /** From the role to the strongest capability it reaches through other principals (assume, pass, update). */
  effectivePath: unknown[];
  /** Principals that can assume the role, pass it, or change its policies. */
  controlledBy: PrivilegeEdgeView[];
  /**
   * Principals that can replace the code of a function running as the role (CAN_UPDATE_CODE on the
   * function): new code runs with the role's permissions (docs/api.md, "Role").
   */
  codeUpdaters: (PrivilegeEdgeView & { function: { arn: string; name: string | null } })[];
  functions: { arn: string; name: string | null }[];
}

/** A role, its capabilities with their evidence, who controls it or its functions' code, which functions run as it. */
export async function readRole(driver: Driver, database: string, arn: string): Promise<RoleView | undefined> {
  const { records } = await driver.executeQuery(
    `MATCH (role:AWSRole {id: $arn})
     RETURN role {.id, .name, .accountId, .tier, .effectiveTier, .capabilitiesJson, .effectivePathJson} AS role,
            COLLECT { MATCH (p:AWSPrincipal)-[e:CAN_ASSUME|CAN_PASS_ROLE|CAN_MODIFY_POLICY]->(role)
                      RETURN {principal: p.id, labels: labels(p), name: p.name, type: type(e),
                              confidence: e.confidence, evidenceJson: e.evidenceJson} } AS controlledBy,
            COLLECT { MATCH (p:AWSPrincipal)-[e:CAN_UPDATE_CODE]->(fn:LambdaFunction)-[:EXECUTION_ROLE]->(role)
                      RETURN {principal: p.id, labels: labels(p), name: p.name, type: type(e),
                              confidence: e.confidence, evidenceJson: e.evidenceJson,
                              function: fn.id, functionName: fn.name} } AS codeUpdaters,
            COLLECT { MATCH (fn:LambdaFunction)-[:EXECUTION_ROLE]->(role)
                      RETURN {arn: fn.id, name: fn.name} ORDER BY fn.name } AS functions`,
    { arn },
    { database, ...READ },
  );
  const record = records[0];
  if (!record) return undefined;
  const role = record.get('role') as Record<string, unknown>;
  return {
    arn: role.id as string,
    name: (role.name as string) ?? null,
    accountId: (role.accountId as string) ?? null,
    tier: (role.tier as string) ?? null,
    effectiveTier: (role.effectiveTier as string) ?? null,
    capabilities: parseJson(role.capabilitiesJson, []),
    effectivePath: parseJson(role.effectivePathJson, []),
    controlledBy: (record.get('controlledBy') as Record<string, unknown>[]).map(toPrivilegeEdge),
    codeUpdaters: (record.get('codeUpdaters') as Record<string, unknown>[]).map((edge) => ({
      ...toPrivilegeEdge(edge),
      function: { arn: edge.function as string, name: (edge.functionName as string) ?? null },
    })),
    functions: record.get('functions') as RoleView['functions'],
  };
}

function toPrivilegeEdge(edge: Record<string, unknown>): PrivilegeEdgeView {
  return {
    principal: edge.principal as string,
    labels: edge.labels as string[],
    name: (edge.name as string) ?? null,
    type: edge.type as string,
    confidence: (edge.confidence as string) ?? null,
    evidence: parseJson(edge.evidenceJson, []),
  };
}

export interface PrincipalReach {
  principal: string;
  labels: string[];
  tier: string | null;
  effectiveTier: string | null;
  path: unknown[];
}

/** The strongest capability a principal (role or user) reaches, with the path the analysis recorded. */
export async function principalReach(
  driver: Driver,
  database: string,
  arn: string,
): Promise<PrincipalReach | undefined> {
  const { records } = await driver.executeQuery(
    `MATCH (p:AWSPrincipal {id: $arn})
     RETURN p.id AS principal, labels(p) AS labels, p.tier AS tier, p.effectiveTier AS effectiveTier,
            p.effectivePathJson AS pathJson`,
    { arn },
    { database, ...READ },
  );
  const record = records[0];
  if (!record) return undefined;
  return {
    principal: record.get('principal') as string,
    labels: record.get('labels') as string[],
    tier: record.get('tier') as string | null,
    effectiveTier: record.get('effectiveTier') as string | null,
    path: parseJson(record.get('pathJson'), []),
  };
}

export interface Neighborhood {
  nodes: { id: string; labels: string[]; name: string | null }[];
  edges: { source: string; target: string; type: string }[];
  /** True when the limit cut the neighbourhood. */
  truncated: boolean;
}

/** Nodes within `depth` hops (1 or 2) of the node with this id, at most `limit` relationships. */
export async function neighborhood(
  driver: Driver,
  database: string,
  id: string,
  options: { depth: 1 | 2; limit: number },
): Promise<Neighborhood | undefined> {
  const { records } = await driver.executeQuery(
    `${nodeByIdClause('start')}
     CALL (start) {
       OPTIONAL MATCH p = (start)-[*1..${options.depth === 2 ? 2 : 1}]-()
       WITH p LIMIT $cap
       UNWIND CASE WHEN p IS NULL THEN [] ELSE relationships(p) END AS r
       RETURN collect(DISTINCT r) AS rels
     }
     RETURN {id: start.id, labels: labels(start), name: start.name} AS start,
            [r IN rels | {source: startNode(r).id, target: endNode(r).id, type: type(r),
               from: {id: startNode(r).id, labels: labels(startNode(r)), name: startNode(r).name},
               to: {id: endNode(r).id, labels: labels(endNode(r)), name: endNode(r).name}}] AS rels`,
    { id, cap: neo4j.int(options.limit + 1) },
    { database, ...READ },
  );
  const record = records[0];
  if (!record) return undefined;
  type NodeView = Neighborhood['nodes'][number];
  const start = record.get('start') as NodeView;
  const rels = record.get('rels') as (Neighborhood['edges'][number] & { from: NodeView; to: NodeView })[];
  const kept = rels.slice(0, options.limit);
  const nodes = new Map<string, NodeView>([[start.id, nodeView(start)]]);
  for (const rel of kept) {
    nodes.set(rel.from.id, nodeView(rel.from));
    nodes.set(rel.to.id, nodeView(rel.to));
  }
  return {
    nodes: [...nodes.values()],
    edges: kept.map(({ source, target, type }) => ({ source, target, type })),
    truncated: rels.length > options.limit,
  };
}

function nodeView(node: { id: string; labels: string[]; name: string | null }) {
  return { id: node.id, labels: node.labels, name: node.name ?? null };
}

/** True when the database answers a read. Throws the driver's error otherwise. */
export async function graphAnswers(driver: Driver, database: string): Promise<void> {
  await driver.executeQuery('RETURN 1 AS ok', {}, { database, ...READ });
}

function parseJson<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string') return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

async function readTransaction<T>(
  driver: Driver,
  database: string,
  work: (tx: ManagedTransaction) => Promise<T>,
): Promise<T> {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(work);
  } finally {
    await session.close();
  }
}
