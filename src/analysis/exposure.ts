/**
 * The exposure analysis over what is loaded: reads the entry points and their relationships
 * (docs/architecture.md §2), classifies them (pure, ./exposure/), and replaces the derived facts: the
 * `Internet` node, `(Internet)-[:EXPOSES]->(entry point)` with its evidence, `exposure` on the entry point,
 * and `(entry point)-[:REACHES]->(LambdaFunction|LambdaAlias)`. Running it twice changes nothing.
 */
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { Logger } from '../log.js';
import {
  classifyEstate,
  ENTRY_LABELS,
  type EntryLabel,
  type EstateFacts,
  type ExposureRow,
  type PolicyFacts,
} from './exposure/estate.js';
import { EXPOSURE_CLASSES, type ExposureClass } from './exposure/exposure-class.js';
import { functionArnOf } from './exposure/reserved-concurrency.js';
import type { EvaluationProblem } from './problems.js';

export interface ExposureAnalysisOptions {
  readonly database: string;
  /** Decides whether the October-2025 grace period for function URLs is over. */
  readonly now?: Date;
  /** Overrides URL_INVOKE_RULE_DATE (TOXGRAPH_URL_INVOKE_RULE_DATE). */
  readonly urlInvokeRuleDate?: Date | undefined;
  readonly logger?: Logger;
}

export interface ExposureSummary {
  readonly entryPoints: number;
  readonly byExposure: Record<ExposureClass, number>;
  readonly reaches: number;
  /** Documents that could not be evaluated; what depends on them got no verdict. */
  readonly problems: readonly EvaluationProblem[];
  /** Entry points, functions and aliases left without a verdict by those problems. */
  readonly unevaluated: ReadonlySet<string>;
}

const BATCH = 1_000;
const INTERNET_ID = 'internet';

export async function analyzeExposure(
  driver: Driver,
  options: ExposureAnalysisOptions,
): Promise<ExposureSummary> {
  const started = Date.now();
  const session = driver.session({ database: options.database });
  try {
    const facts = await session.executeRead(readEstate);
    const { rows, policyFacts, problems, unevaluated } = classifyEstate(facts, {
      now: options.now ?? new Date(),
      urlInvokeRuleDate: options.urlInvokeRuleDate,
    });
    const reaches = await session.executeWrite(async (tx) => {
      await clearDerivedFacts(tx);
      await writePolicyFacts(tx, policyFacts);
      return writeExposures(tx, rows);
    });
    const summary = { ...summarize(rows, reaches), problems, unevaluated };
    options.logger?.info(
      {
        entryPoints: summary.entryPoints,
        byExposure: summary.byExposure,
        reaches,
        problems: problems.length,
        ms: Date.now() - started,
      },
      'exposure analyzed',
    );
    return summary;
  } finally {
    await session.close();
  }
}

async function records<T>(tx: ManagedTransaction, query: string): Promise<T[]> {
  const result = await tx.run(query);
  return result.records.map((record) => record.toObject() as T);
}

async function readEstate(tx: ManagedTransaction): Promise<EstateFacts> {
  const functions = await records<EstateFacts['functions'][number]>(
    tx,
    'MATCH (f:LambdaFunction) RETURN f.id AS id, f.resourcePolicyJson AS policy, f.reservedConcurrency AS reservedConcurrency',
  );
  const aliases = await records<EstateFacts['aliases'][number]>(
    tx,
    'MATCH (a:LambdaAlias) RETURN a.id AS id, a.resourcePolicyJson AS policy',
  );
  const urls = (
    await records<{ url: EstateFacts['urls'][number] }>(
      tx,
      'MATCH (u:LambdaFunctionUrl) RETURN u {.*} AS url',
    )
  ).map((r) => r.url);
  const v2Apis = await records<EstateFacts['v2Apis'][number]>(
    tx,
    `MATCH (api:APIGatewayV2Api)
     RETURN api {.*} AS api,
       COLLECT { MATCH (api)-[:HAS_ROUTE]->(n:APIGatewayV2Route) RETURN n {.*} } AS routes,
       COLLECT { MATCH (api)-[:HAS_INTEGRATION]->(n:APIGatewayV2Integration) RETURN n {.*} } AS integrations,
       COLLECT { MATCH (api)-[:HAS_AUTHORIZER]->(n:APIGatewayV2Authorizer) RETURN n {.*} } AS authorizers,
       COLLECT { MATCH (api)-[:HAS_STAGE]->(n:APIGatewayV2Stage) RETURN n {.*} } AS stages,
       COLLECT { MATCH (d:APIGatewayDomainName)-[m:MAPS_TO]->(api) RETURN {domainName: d.domainName, stage: m.stage, mutualTlsJson: d.mutualTlsJson, configurationsJson: d.configurationsJson} } AS mappings`,
  );
  const restApis = await records<EstateFacts['restApis'][number]>(
    tx,
    `MATCH (api:APIGatewayRestApi)
     RETURN api {.*} AS api,
       COLLECT { MATCH (api)-[:HAS_RESOURCE]->(r:APIGatewayResource)-[:HAS_METHOD]->(m:APIGatewayMethod)
                 RETURN {resource: r {.*}, method: m {.*}} } AS methods,
       COLLECT { MATCH (api)-[:HAS_AUTHORIZER]->(n:APIGatewayRestAuthorizer) RETURN n {.*} } AS authorizers,
       COLLECT { MATCH (api)-[:HAS_STAGE]->(n:APIGatewayRestStage) RETURN n {.*} } AS stages,
       COLLECT { MATCH (api)-[:HAS_STAGE]->(:APIGatewayRestStage)-[:PROTECTED_BY]->(w:WAFv2WebACL)
                 WITH DISTINCT w RETURN w {.*} } AS webAcls,
       COLLECT { MATCH (d:APIGatewayDomainName)-[m:MAPS_TO]->(api) RETURN {domainName: d.domainName, stage: m.stage, mutualTlsJson: d.mutualTlsJson, configurationsJson: d.configurationsJson} } AS mappings`,
  );
  const listeners = await records<EstateFacts['listeners'][number]>(
    tx,
    `MATCH (lb:LoadBalancerV2)-[:HAS_LISTENER]->(l:ELBV2Listener)
     RETURN lb {.*} AS loadBalancer, l {.*} AS listener,
       COLLECT { MATCH (w:WAFv2WebACL)-[:PROTECTS]->(lb) RETURN w {.*} }[0] AS webAcl,
       COLLECT { MATCH (l)-[:HAS_RULE]->(n:ELBV2Rule) RETURN n {.*} } AS rules,
       COLLECT { MATCH (lb)-[:MEMBER_OF_SECURITY_GROUP]->(n:EC2SecurityGroup) RETURN n {.*} } AS securityGroups,
       COLLECT { MATCH (lb)-[:MEMBER_OF_SECURITY_GROUP]->(:EC2SecurityGroup)-[:ADMITS_PREFIX_LIST]->(n:EC2PrefixList)
                 WITH DISTINCT n RETURN n {.*} } AS prefixLists,
       COLLECT { MATCH (l)-[:HAS_RULE]->(:ELBV2Rule)-[:FORWARDS_TO]->(tg:ELBV2TargetGroup)
                 WITH DISTINCT tg
                 RETURN {id: tg.id, targetType: tg.targetType,
                         targets: COLLECT { MATCH (tg)-[:HAS_TARGET]->(t) RETURN t.id }} } AS targetGroups`,
  );
  const distributions = await records<EstateFacts['distributions'][number]>(
    tx,
    `MATCH (d:CloudFrontDistribution)
     RETURN d {.*} AS distribution,
       COLLECT { MATCH (d)-[:PROTECTED_BY]->(w:WAFv2WebACL) RETURN w {.*} }[0] AS webAcl,
       COLLECT { MATCH (d)-[:HAS_BEHAVIOR]->(b:CloudFrontCacheBehavior) RETURN b {.*} } AS behaviors,
       COLLECT { MATCH (d)-[:HAS_ORIGIN]->(o:CloudFrontOrigin)
                 OPTIONAL MATCH (o)-[:SIGNED_BY]->(oac:CloudFrontOriginAccessControl)
                 RETURN {origin: o {.*}, oac: CASE WHEN oac IS NULL THEN null ELSE oac {.*} END} } AS origins`,
  );
  return { functions, aliases, urls, v2Apis, restApis, listeners, distributions };
}

/** Typed facts of each readable Lambda resource policy; an unreadable one keeps none (unknown, not false). */
async function writePolicyFacts(tx: ManagedTransaction, facts: readonly PolicyFacts[]): Promise<void> {
  for (let start = 0; start < facts.length; start += BATCH) {
    await tx.run(
      `UNWIND $rows AS row
       MATCH (target:LambdaFunction|LambdaAlias {id: row.id})
       SET target.publicUrlGrant = row.publicUrlGrant`,
      { rows: facts.slice(start, start + BATCH) },
    );
  }
}

/** Previous derived facts go first, so that what the estate no longer supports does not linger. */
async function clearDerivedFacts(tx: ManagedTransaction): Promise<void> {
  await tx.run(
    'MATCH (target:LambdaFunction|LambdaAlias) WHERE target.publicUrlGrant IS NOT NULL REMOVE target.publicUrlGrant',
  );
  await tx.run('MATCH (:Internet)-[e:EXPOSES]->() DELETE e');
  await tx.run('MATCH ()-[r:REACHES]->() DELETE r');
  await tx.run('MATCH (:CloudFrontCacheBehavior)-[f:FRONTS]->() DELETE f');
  for (const label of ENTRY_LABELS) {
    await tx.run(`MATCH (n:${label}) WHERE n.exposure IS NOT NULL REMOVE n.exposure`);
  }
  await tx.run('MERGE (:Internet {id: $id})', { id: INTERNET_ID });
}

/** Writes EXPOSES, `exposure` and REACHES per label, in batches; returns how many REACHES were written. */
async function writeExposures(tx: ManagedTransaction, rows: readonly ExposureRow[]): Promise<number> {
  let reaches = 0;
  for (const label of ENTRY_LABELS) {
    const params = rows.filter((row) => row.label === label).map(toParams);
    for (let start = 0; start < params.length; start += BATCH) {
      const batch = params.slice(start, start + BATCH);
      await tx.run(exposesQuery(label), { rows: batch, internet: INTERNET_ID });
      const result = await tx.run(reachesQuery(label), { rows: batch });
      reaches += result.summary.counters.updates().relationshipsCreated;
    }
  }
  await writeFronts(tx, rows);
  return reaches;
}

/**
 * `(CloudFrontCacheBehavior)-[:FRONTS]->(origin entry point)` with what a viewer of the behaviour gets at
 * that entry point: the exposure of the path through CloudFront (docs/exposure.md "CloudFront").
 */
async function writeFronts(tx: ManagedTransaction, rows: readonly ExposureRow[]): Promise<void> {
  const fronts = rows.flatMap((row) =>
    (row.fronts ?? []).map((entry) => ({
      ...toParams({ ...row, ...entry }),
      behaviorId: row.entryId,
      label: entry.label,
    })),
  );
  for (const label of ENTRY_LABELS) {
    const params = fronts.filter((entry) => entry.label === label);
    for (let start = 0; start < params.length; start += BATCH) {
      await tx.run(
        `UNWIND $rows AS row
         MATCH (behavior:CloudFrontCacheBehavior {id: row.behaviorId})
         MATCH (origin:${label} {id: row.entryId})
         CREATE (behavior)-[:FRONTS {exposure: row.exposure, authentication: row.authentication,
           evidenceJson: row.evidenceJson, confidence: row.confidence, blockedBy: row.blockedBy}]->(origin)`,
        { rows: params.slice(start, start + BATCH) },
      );
    }
  }
}

function toParams(row: ExposureRow) {
  const { result } = row;
  return {
    entryId: row.entryId,
    entryKind: row.kind,
    exposure: result.exposure,
    authentication: result.authentication,
    evidenceJson: JSON.stringify(result.evidence),
    confidence: result.confidence,
    blockedBy: result.blockedBy ?? null,
    grantsCodeUpdate: result.grantsCodeUpdate ?? false,
    grantsInvoke: result.grantsInvoke ?? false,
    // Typed facts of resource-policy grants; null on entry points that are not a resource policy.
    principalIsAnyone: result.grants?.principalIsAnyone ?? null,
    anyoneMayInvoke: result.grants?.anyoneMayInvoke ?? null,
    unpinnedServices: result.grants?.unpinnedServices ?? null,
    outsidePrincipals: result.outsidePrincipals ?? null,
    throughCloudFront: result.throughCloudFront ?? false,
    unresolvedOrigins: result.unresolvedOrigins ?? null,
    reaches: result.reaches.map((arn) => ({
      arn,
      functionArn: functionArnOf(arn),
      exposure: result.reachExposure?.[arn] ?? null,
    })),
  };
}

/**
 * A function or alias is itself the entry point of its resource policy: it gets EXPOSES but keeps no
 * `exposure` property (that would read as the function's overall exposure).
 */
function exposesQuery(label: EntryLabel): string {
  const ownsExposure = label !== 'LambdaFunction' && label !== 'LambdaAlias';
  return `UNWIND $rows AS row
    MATCH (entry:${label} {id: row.entryId})
    MATCH (internet:Internet {id: $internet})
    CREATE (internet)-[:EXPOSES {entryKind: row.entryKind, exposure: row.exposure, authentication: row.authentication,
      evidenceJson: row.evidenceJson, confidence: row.confidence, blockedBy: row.blockedBy,
      grantsCodeUpdate: row.grantsCodeUpdate, grantsInvoke: row.grantsInvoke,
      principalIsAnyone: row.principalIsAnyone, anyoneMayInvoke: row.anyoneMayInvoke,
      unpinnedServices: row.unpinnedServices, outsidePrincipals: row.outsidePrincipals,
      throughCloudFront: row.throughCloudFront, unresolvedOrigins: row.unresolvedOrigins}]->(entry)
    ${ownsExposure ? 'SET entry.exposure = row.exposure' : ''}`;
}

/**
 * An alias ARN reaches the alias; a version-qualified ARN (no node of its own) reaches its function.
 * `exposure` on REACHES only where the entry's reached functions differ (EntryExposure.reachExposure).
 */
function reachesQuery(label: EntryLabel): string {
  return `UNWIND $rows AS row
    MATCH (entry:${label} {id: row.entryId})
    UNWIND row.reaches AS target
    OPTIONAL MATCH (alias:LambdaAlias {id: target.arn})
    OPTIONAL MATCH (fn:LambdaFunction {id: target.functionArn})
    WITH entry, target, coalesce(alias, fn) AS reached
    WHERE reached IS NOT NULL AND reached <> entry
    MERGE (entry)-[reaches:REACHES]->(reached)
    SET reaches.exposure = target.exposure`;
}

function summarize(
  rows: readonly ExposureRow[],
  reaches: number,
): Omit<ExposureSummary, 'problems' | 'unevaluated'> {
  const byExposure = Object.fromEntries(EXPOSURE_CLASSES.map((name) => [name, 0])) as Record<
    ExposureClass,
    number
  >;
  for (const row of rows) byExposure[row.result.exposure]++;
  return { entryPoints: rows.length, byExposure, reaches };
}
