/**
 * Reading stored findings with filters and pages: what the REST API and the web UI list. One read
 * transaction per call; every value a caller chooses travels as a Cypher parameter.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import {
  type Exposure,
  type Finding,
  type FindingStatus,
  type Privilege,
  type Severity,
  severityRank,
} from './finding.js';
import { fromProperties } from './history.js';

export interface FindingFilter {
  severity?: readonly Severity[];
  minSeverity?: Severity;
  detection?: string;
  exposure?: readonly Exposure[];
  privilege?: readonly Privilege[];
  account?: string;
  region?: string;
  functionArn?: string;
  /** Default: the open findings (`new`, `persisting`). */
  status?: readonly FindingStatus[];
}

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface FindingPage {
  total: number;
  items: Finding[];
}

const OPEN: readonly FindingStatus[] = ['new', 'persisting'];

/**
 * Every filter is a `$param IS NULL OR ...` clause, so one query text serves every combination. The first
 * two clauses are always set: they seek the (status, severityRank) index (src/graph/cypher.ts).
 */
const WHERE = `
  WHERE f.status IN $statuses
    AND f.severityRank <= $maxRank
    AND ($severities IS NULL OR f.severity IN $severities)
    AND ($detection IS NULL OR f.detection = $detection)
    AND ($exposures IS NULL OR f.exposure IN $exposures)
    AND ($privileges IS NULL OR f.privilege IN $privileges)
    AND ($account IS NULL OR f.accountId = $account)
    AND ($region IS NULL OR f.region = $region)
    AND ($functionArn IS NULL OR f.functionArn = $functionArn)`;

/**
 * One page of findings, most severe first, then by title and id (code-point order, so pages are stable).
 */
export async function queryFindings(
  driver: Driver,
  database: string,
  filter: FindingFilter,
  page: PageRequest,
): Promise<FindingPage> {
  const params = {
    ...filterParams(filter),
    offset: neo4j.int(page.offset),
    limit: neo4j.int(page.limit),
  };
  const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(async (tx) => {
      const counted = await tx.run(`MATCH (f:Finding) ${WHERE} RETURN count(f) AS total`, params);
      // Order on three properties first, then read whole nodes for the page only (PROFILE: 29,001 → 3,902
      // db hits for a 50-finding page out of 1,000 matches, bench/api.ts).
      const listed = await tx.run(
        `MATCH (f:Finding) ${WHERE}
         WITH f ORDER BY f.severityRank, f.title, f.id SKIP $offset LIMIT $limit
         RETURN properties(f) AS f`,
        params,
      );
      return {
        total: counted.records[0]?.get('total') as number,
        items: listed.records.map((record) => fromProperties(record.get('f'))),
      };
    });
  } finally {
    await session.close();
  }
}

/** The finding with this id, whatever its status; undefined when there is none. */
export async function readFinding(
  driver: Driver,
  database: string,
  id: string,
): Promise<Finding | undefined> {
  const { records } = await driver.executeQuery(
    'MATCH (f:Finding {id: $id}) RETURN properties(f) AS f',
    { id },
    { database, routing: 'READ' },
  );
  const record = records[0];
  return record ? fromProperties(record.get('f')) : undefined;
}

function filterParams(filter: FindingFilter): Record<string, unknown> {
  const list = <T>(values: readonly T[] | undefined) => (values && values.length > 0 ? values : null);
  return {
    statuses: list(filter.status) ?? OPEN,
    maxRank: severityRank(filter.minSeverity ?? 'info'),
    severities: list(filter.severity),
    detection: filter.detection ?? null,
    exposures: list(filter.exposure),
    privileges: list(filter.privilege),
    account: filter.account ?? null,
    region: filter.region ?? null,
    functionArn: filter.functionArn ?? null,
  };
}

/**
 * The latest moment an analysis finished storing findings (src/findings/history.ts stamps its scan); null
 * when no scan carries a stamp. Reads every Scan node: one per scan, a few hundred at most.
 */
export async function findingsStamp(driver: Driver, database: string): Promise<string | null> {
  const { records } = await driver.executeQuery(
    'MATCH (s:Scan) RETURN max(s.findingsRecordedAt) AS stamp',
    {},
    { database, routing: 'READ' },
  );
  return (records[0]?.get('stamp') as string | null) ?? null;
}
