/**
 * The privilege analysis over what is loaded: reads roles, users, groups and their policies from the
 * graph (docs/architecture.md §2: documents in `documentJson` / `trustPolicyJson`), runs the IAM engine
 * (pure, src/iam), and replaces the derived facts: `tier`, `capabilitiesJson`, `effectiveTier`,
 * `effectivePathJson` on each principal, and the CAN_* edges with `evidenceJson`, `conditionsJson`,
 * `confidence`. Running it twice changes nothing.
 *
 * SCPs come from the Organizations structure the loader keeps (`AWSOrganizationPolicy` -[:APPLIES_TO]->
 * root, OU or account; `CONTAINS` from the root down): each account gets its chain of levels, the management
 * account none (organization-levels.ts). A caller's `options.organizations` replaces what the graph holds.
 */
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { RELATIONSHIPS } from '../graph/schema.js';
import { classifyPrincipal, type Tier } from '../iam/capabilities.js';
import { loadActionCatalog } from '../iam/catalog.js';
import { capabilityRecords } from '../iam/explain.js';
import {
  type AuthorizationDetails,
  type OrganizationContext,
  type PrincipalPolicies,
  principalsFromAuthorizationDetails,
} from '../iam/principals.js';
import { compareCodeUnits } from './code-unit-order.js';
import {
  analyzeDataStores,
  type DataStoreAnalysis,
  readDataStores,
  withDataReach,
  writeDataStoreAnalysis,
} from './data-store-graph.js';
import { type OrganizationStructure, organizationLevels } from './organization-levels.js';
import { type PrivilegeEdge, type PrivilegeEdgeType, privilegeEdges } from './privilege-edges.js';
import { effectiveTiers } from './privilege-paths.js';
import { type EvaluationProblem, problemFromDocument } from './problems.js';

export interface PrivilegeAnalysisOptions {
  /** SCP levels per account id (see OrganizationContext); default: rebuilt from the graph. */
  readonly organizations?: ReadonlyMap<string, OrganizationContext>;
  readonly now?: Date;
  /**
   * Regions the scan covers, per account id; default: the regions of the account's nodes in the graph.
   * Capabilities are judged in each (docs/iam.md "Regions and partitions").
   */
  readonly regions?: ReadonlyMap<string, readonly string[]>;
}

export interface PrivilegeSummary {
  readonly principals: number;
  readonly byTier: Record<string, number>;
  readonly byEffectiveTier: Record<string, number>;
  readonly edges: Record<PrivilegeEdgeType, number>;
  /** Documents that could not be read or policies missing from the graph. */
  readonly problems: readonly string[];
  /**
   * Documents that could not be parsed: against the principal whose verdict is then incomplete, or against
   * the account for an SCP (counted as allowing everything, so no principal looks weaker than it may be).
   */
  readonly evaluationProblems: readonly EvaluationProblem[];
  /** Data stores judged, public ones, and access edges of execution roles by type (docs/data-stores.md). */
  readonly dataStores: { stores: number; sensitive: number; public: number; edges: Record<string, number> };
}

const BATCH = 1_000;
const EDGE_TARGET: Record<PrivilegeEdgeType, string> = {
  CAN_ASSUME: 'AWSRole',
  CAN_PASS_ROLE: 'AWSRole',
  CAN_MODIFY_POLICY: 'AWSRole',
  CAN_UPDATE_CODE: 'LambdaFunction',
  CAN_ACCESS: 'AWSAccount',
};

export async function analyzePrivileges(
  driver: Driver,
  database: string,
  scanId?: string,
  options: PrivilegeAnalysisOptions = {},
): Promise<PrivilegeSummary> {
  const now = options.now ?? new Date();
  const catalog = await loadActionCatalog();
  const session = driver.session({ database });
  try {
    const facts = await session.executeRead(readPrincipals);
    const fromGraph = options.organizations
      ? undefined
      : organizationLevels(await session.executeRead(readOrganizationStructure));
    const organizations = options.organizations ?? fromGraph?.organizations;
    const principals = byAccount(facts.details).flatMap(([accountId, details]) =>
      principalsFromAuthorizationDetails(details, organizations?.get(accountId)),
    );
    const regions = options.regions ?? (await session.executeRead(readRegions));
    const classified = principals.map((principal) =>
      classifyPrincipal(catalog, principal, { now, regions: regions.get(principal.accountId) ?? [] }),
    );
    const edges = privilegeEdges(catalog, principals, facts.functions, {
      now,
      strongest: new Set(classified.filter((p) => p.tier === 'admin').map((p) => p.arn)),
      regions,
    });
    // Execution roles first (docs/data-stores.md): their access to each store is decided on its own ARN.
    const executionRoles = new Set(facts.functions.flatMap((fn) => (fn.roleArn ? [fn.roleArn] : [])));
    const data = analyzeDataStores(
      catalog,
      await session.executeRead(readDataStores),
      principals.filter((principal) => executionRoles.has(principal.arn)),
      { now, regions },
    );
    const tierOf = (privileges: (typeof classified)[number]) =>
      withDataReach(privileges.tier, data.reachSensitive.has(privileges.arn));
    const own = new Map(classified.map((privileges) => [privileges.arn, tierOf(privileges)]));
    const effective = effectiveTiers(
      own,
      edges,
      new Map(facts.functions.flatMap((fn) => (fn.roleArn ? [[fn.arn, fn.roleArn]] : []))),
    );
    const rows = classified.map((privileges) => {
      const reach = effective.get(privileges.arn);
      return {
        id: privileges.arn,
        tier: tierOf(privileges),
        capabilitiesJson: JSON.stringify(capabilityRecords(privileges)),
        effectiveTier: reach?.tier ?? tierOf(privileges),
        // Typed fact for the detections: the tier comes from store-level reach, not the account-wide rule.
        tierFromDataStores: tierOf(privileges) !== privileges.tier,
        effectivePathJson: JSON.stringify(reach?.path ?? []),
        problemsJson: privileges.problems.length ? JSON.stringify(privileges.problems) : null,
      };
    });
    await session.executeWrite(async (tx) => {
      await tx.run(
        'MATCH (:AWSPrincipal)-[e:CAN_ASSUME|CAN_UPDATE_CODE|CAN_PASS_ROLE|CAN_MODIFY_POLICY|CAN_ACCESS]->() DELETE e',
      );
      for (const batch of chunks(rows)) {
        await tx.run(
          `UNWIND $rows AS row
           MATCH (p:AWSPrincipal {id: row.id})
           SET p.tier = row.tier, p.capabilitiesJson = row.capabilitiesJson, p.effectiveTier = row.effectiveTier,
               p.tierFromDataStores = row.tierFromDataStores,
               p.effectivePathJson = row.effectivePathJson, p.privilegeProblemsJson = row.problemsJson`,
          { rows: batch },
        );
      }
      await writeEdges(tx, edges, scanId ?? null);
      await writeDataStoreAnalysis(tx, data, scanId ?? null);
    });
    return summarize(
      rows.map((row) => row.tier),
      rows.map((row) => row.effectiveTier),
      edges,
      principals,
      fromGraph?.problems ?? [],
      data,
    );
  } finally {
    await session.close();
  }
}

async function writeEdges(tx: ManagedTransaction, edges: readonly PrivilegeEdge[], scanId: string | null) {
  for (const [type, target] of Object.entries(EDGE_TARGET)) {
    const rows = edges
      .filter((edge) => edge.type === type)
      .map((edge) => ({
        from: edge.from,
        to: edge.to,
        confidence: edge.confidence,
        via: edge.via,
        evidenceJson: JSON.stringify(edge.evidence),
        conditionsJson: JSON.stringify(edge.conditions),
      }));
    // The relationship type and label come from the constant table above, never from data.
    const query = `UNWIND $rows AS row
      MATCH (a:AWSPrincipal {id: row.from})
      MATCH (b:${target} {id: row.to})
      MERGE (a)-[e:${type}]->(b)
      SET e.confidence = row.confidence, e.via = row.via, e.evidenceJson = row.evidenceJson,
          e.conditionsJson = row.conditionsJson, e.lastScanId = $scanId`;
    for (const batch of chunks(rows)) await tx.run(query, { rows: batch, scanId });
  }
}

interface PolicyRow {
  id: string;
  name: string | null;
  kind: string | null;
  documentJson: string | null;
}
export interface PrincipalRow {
  arn: string;
  label: 'AWSRole' | 'AWSUser';
  name: string | null;
  path: string | null;
  accountId: string | null;
  trust: string | null;
  tagsJson: string | null;
  policies: PolicyRow[];
  boundary: PolicyRow | null;
  groups: { arn: string; name: string; policies: PolicyRow[] }[];
}

interface GraphFacts {
  details: { accountId: string; row: PrincipalRow }[];
  functions: { arn: string; roleArn: string | undefined }[];
}

// Stubs (principals named by a trust policy but outside the scan, no lastScanId) have unknown policies:
// they get no tier rather than a false `basic`.
const PRINCIPALS_QUERY = `
  MATCH (p:AWSPrincipal) WHERE (p:AWSRole OR p:AWSUser) AND p.lastScanId IS NOT NULL
  OPTIONAL MATCH (p)-[:POLICY]->(policy:AWSPolicy)
  WITH p, collect(policy {.id, .name, .kind, .documentJson}) AS policies
  OPTIONAL MATCH (p)-[:PERMISSIONS_BOUNDARY]->(b:AWSPolicy)
  OPTIONAL MATCH (p)-[:MEMBER_OF]->(g:AWSGroup)
  OPTIONAL MATCH (g)-[:POLICY]->(gp:AWSPolicy)
  WITH p, policies, b, g, collect(gp {.id, .name, .kind, .documentJson}) AS groupPolicies
  RETURN p.id AS arn, CASE WHEN p:AWSRole THEN 'AWSRole' ELSE 'AWSUser' END AS label, p.name AS name,
         p.path AS path, p.accountId AS accountId, p.trustPolicyJson AS trust, p.tagsJson AS tagsJson, policies,
         b {.id, .name, .kind, .documentJson} AS boundary,
         [x IN collect(CASE WHEN g IS NULL THEN null ELSE {arn: g.id, name: g.name, policies: groupPolicies} END)
          WHERE x IS NOT NULL] AS groups`;

/**
 * Policies and groups in id order, not in the order Neo4j collected them: evaluation does not depend on it,
 * but evidence cites the first granting statement, and a reload must not change which (docs/architecture.md,
 * "Interrupted analyses").
 */
export function inStableOrder(row: PrincipalRow): PrincipalRow {
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => compareCodeUnits(a.id, b.id));
  return {
    ...row,
    policies: byId(row.policies),
    groups: [...row.groups]
      .sort((a, b) => compareCodeUnits(a.arn, b.arn))
      .map((group) => ({ ...group, policies: byId(group.policies) })),
  };
}

async function readPrincipals(tx: ManagedTransaction): Promise<GraphFacts> {
  const principals = (await tx.run(PRINCIPALS_QUERY)).records.map((record) =>
    inStableOrder(record.toObject() as PrincipalRow),
  );
  const functions = (
    await tx.run(
      'MATCH (f:LambdaFunction) OPTIONAL MATCH (f)-[:EXECUTION_ROLE]->(r:AWSRole) RETURN f.id AS arn, r.id AS roleArn',
    )
  ).records.map((record) => ({
    arn: record.get('arn') as string,
    roleArn: (record.get('roleArn') as string | null) ?? undefined,
  }));
  return {
    details: principals.map((row) => ({ accountId: row.accountId ?? row.arn.split(':')[4] ?? '', row })),
    functions,
  };
}

/**
 * One principal's policies as the privilege analysis sees them (same reading, same SCP levels), and the
 * regions of its account; undefined when the graph holds no loaded principal of that ARN.
 */
export async function readPrincipalPolicies(
  driver: Driver,
  database: string,
  arn: string,
): Promise<{ principal: PrincipalPolicies; regions: readonly string[] } | undefined> {
  const session = driver.session({ database, defaultAccessMode: 'READ' });
  try {
    const facts = await session.executeRead(readPrincipals);
    const accountId = facts.details.find((detail) => detail.row.arn === arn)?.accountId;
    if (accountId === undefined) return undefined;
    const organizations = organizationLevels(await session.executeRead(readOrganizationStructure));
    const details = byAccount(facts.details.filter((detail) => detail.accountId === accountId));
    const principal = details
      .flatMap(([account, answer]) =>
        principalsFromAuthorizationDetails(answer, organizations.organizations.get(account)),
      )
      .find((candidate) => candidate.arn === arn);
    const regions = (await session.executeRead(readRegions)).get(accountId) ?? [];
    return principal ? { principal, regions } : undefined;
  } finally {
    await session.close();
  }
}

/** The regions the graph holds nodes in, per account: the regions the scans covered. */
async function readRegions(tx: ManagedTransaction): Promise<Map<string, string[]>> {
  const result = await tx.run(
    `MATCH (n) WHERE n.region IS NOT NULL AND n.accountId IS NOT NULL
     RETURN n.accountId AS accountId, collect(DISTINCT n.region) AS regions`,
  );
  return new Map(
    result.records.map((record) => [record.get('accountId') as string, record.get('regions') as string[]]),
  );
}

// Types come from the schema declaration (constants, never data).
const APPLIES_TO = RELATIONSHIPS.scpAppliesToAccount.type;
const CONTAINS = RELATIONSHIPS.ouContainsAccount.type;

async function readOrganizationStructure(tx: ManagedTransaction): Promise<OrganizationStructure> {
  const rows = async <T>(query: string) =>
    (await tx.run(query)).records.map((record) => record.toObject() as T);
  return {
    accounts: await rows(
      `MATCH (:AWSOrganizationRoot|AWSOrganizationalUnit)-[:${CONTAINS}]->(a:AWSAccount)
       RETURN DISTINCT a.id AS id, a.isManagementAccount AS isManagementAccount`,
    ),
    edges: await rows(
      `MATCH (p:AWSOrganizationRoot|AWSOrganizationalUnit)-[:${CONTAINS}]->(c:AWSOrganizationalUnit|AWSAccount)
       RETURN p.id AS parent, c.id AS child`,
    ),
    roots: (await rows<{ id: string }>('MATCH (r:AWSOrganizationRoot) RETURN r.id AS id')).map(
      (row) => row.id,
    ),
    attachments: await rows(
      `MATCH (s:AWSOrganizationPolicy)-[:${APPLIES_TO}]->(t:AWSOrganizationRoot|AWSOrganizationalUnit|AWSAccount)
       RETURN t.id AS target, s.id AS arn, s.name AS name, s.documentJson AS document`,
    ),
  };
}

/** Graph rows back into GetAccountAuthorizationDetails shapes, one answer per account, for the engine. */
function byAccount(rows: GraphFacts['details']): [string, AuthorizationDetails][] {
  const accounts = new Map<string, Required<AuthorizationDetails>>();
  // ARNs of the managed policies and groups already listed, per account (linear searches were quadratic).
  const listed = new Map<string, Set<string>>();
  for (const { accountId, row } of rows) {
    let details = accounts.get(accountId);
    if (!details) {
      details = { RoleDetailList: [], UserDetailList: [], GroupDetailList: [], Policies: [] };
      accounts.set(accountId, details);
      listed.set(accountId, new Set());
    }
    const seen = listed.get(accountId)!;
    const inline = row.policies.filter((policy) => policy.kind === 'inline');
    const managed = row.policies.filter((policy) => policy.kind !== 'inline');
    for (const policy of [
      ...managed,
      ...(row.boundary ? [row.boundary] : []),
      ...row.groups.flatMap((g) => g.policies),
    ]) {
      if (policy.kind !== 'inline' && policy.documentJson !== null && !seen.has(policy.id)) {
        seen.add(policy.id);
        details.Policies.push({
          Arn: policy.id,
          PolicyName: policy.name ?? policy.id,
          DefaultVersionId: 'default',
          PolicyVersionList: [
            { VersionId: 'default', IsDefaultVersion: true, Document: policy.documentJson },
          ],
        });
      }
    }
    const inlineList = (policies: PolicyRow[]) =>
      policies
        .filter((p) => p.kind === 'inline')
        .map((p) => ({ PolicyName: p.name ?? p.id, PolicyDocument: p.documentJson ?? undefined }));
    const attachedList = (policies: PolicyRow[]) =>
      policies
        .filter((p) => p.kind !== 'inline')
        .map((p) => ({ PolicyArn: p.id, PolicyName: p.name ?? p.id }));
    const common = {
      Arn: row.arn,
      AttachedManagedPolicies: attachedList(managed),
      ...(row.boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: row.boundary.id } } : {}),
      Tags: row.tagsJson ? (JSON.parse(row.tagsJson) as { Key?: string; Value?: string }[]) : [],
    };
    if (row.label === 'AWSRole') {
      details.RoleDetailList.push({
        ...common,
        RoleName: row.name ?? row.arn,
        Path: row.path ?? '/',
        AssumeRolePolicyDocument: row.trust ?? undefined,
        RolePolicyList: inlineList(inline),
      });
    } else {
      details.UserDetailList.push({
        ...common,
        UserName: row.name ?? row.arn,
        UserPolicyList: inlineList(inline),
        GroupList: row.groups.map((g) => g.name),
      });
      for (const group of row.groups) {
        if (seen.has(group.arn)) continue;
        seen.add(group.arn);
        details.GroupDetailList.push({
          Arn: group.arn,
          GroupName: group.name,
          GroupPolicyList: inlineList(group.policies),
          AttachedManagedPolicies: attachedList(group.policies),
        });
      }
    }
  }
  return [...accounts];
}

function summarize(
  tiers: readonly Tier[],
  effective: readonly Tier[],
  edges: readonly PrivilegeEdge[],
  principals: readonly PrincipalPolicies[],
  organizationProblems: readonly string[],
  data: DataStoreAnalysis,
): PrivilegeSummary {
  const count = (values: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  const edgeCounts = Object.fromEntries(Object.keys(EDGE_TARGET).map((type) => [type, 0])) as Record<
    PrivilegeEdgeType,
    number
  >;
  for (const edge of edges) edgeCounts[edge.type] += 1;
  return {
    principals: principals.length,
    byTier: count(tiers),
    byEffectiveTier: count(effective),
    edges: edgeCounts,
    problems: [...organizationProblems, ...principals.flatMap((principal) => principal.problems)],
    evaluationProblems: [
      ...principals.flatMap((principal) => [
        ...principal.unreadable.map((document) => problemFromDocument(principal.arn, document)),
        ...principal.unreadableScps.map((document) => problemFromDocument(principal.accountId, document)),
      ]),
      ...data.problems,
    ],
    dataStores: {
      stores: data.stores.length,
      sensitive: data.stores.filter((store) => store.sensitivity).length,
      public: data.publicStores,
      edges: count(data.edges.map((edge) => edge.type)),
    },
  };
}

function chunks<T>(list: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += BATCH) result.push(list.slice(i, i + BATCH));
  return result;
}
