/**
 * Reads what the generated least-privilege policy of one role needs (./least-privilege.ts): the role's
 * policies as the privilege analysis reads them, its Access Advisor report and creation date, its tier, and
 * the instant of the scan the data describe. Then runs the pure generator.
 */
import type { Driver } from 'neo4j-driver';
import { readPrincipalPolicies } from '../analysis/privilege.js';
import { findScan } from '../findings/history.js';
import type { Tier } from '../iam/capabilities.js';
import { loadActionCatalog } from '../iam/catalog.js';
import type { AccessAdvisorEntry } from '../iam/usage.js';
import { type LeastPrivilegeResult, leastPrivilegePolicy } from './least-privilege.js';
import { PATH_TIERS } from './plan.js';

export interface LeastPrivilegeRequest {
  readonly roleArn: string;
  readonly unusedDays: number;
  /** The finding's privilege, when asked for a finding; else the role's own tier when it is toxic. */
  readonly toxicTier?: Tier | null;
}

/** The result, or undefined when the graph holds no loaded role of that ARN. */
export async function generateLeastPrivilege(
  driver: Driver,
  database: string,
  request: LeastPrivilegeRequest,
): Promise<{ roleName: string; result: LeastPrivilegeResult } | undefined> {
  const { records } = await driver.executeQuery(
    `MATCH (r:AWSRole {id: $arn}) WHERE r.accountId IS NOT NULL
     RETURN r.name AS name, r.createDate AS createDate, r.accessAdvisorJson AS accessAdvisorJson, r.tier AS tier`,
    { arn: request.roleArn },
    { database, routing: 'READ' },
  );
  const row = records[0]?.toObject();
  if (!row) return undefined;
  const read = await readPrincipalPolicies(driver, database, request.roleArn);
  if (!read) return undefined;
  const scan = await findScan(driver, database);
  const ownTier = (row.tier as Tier | null) ?? null;
  const result = leastPrivilegePolicy(await loadActionCatalog(), {
    principal: read.principal,
    regions: read.regions,
    accessAdvisor:
      typeof row.accessAdvisorJson === 'string'
        ? (JSON.parse(row.accessAdvisorJson) as AccessAdvisorEntry)
        : null,
    roleCreated: (row.createDate as string | null) ?? null,
    unusedDays: request.unusedDays,
    now: scan ? new Date(scan.startedAt) : new Date(),
    toxicTier:
      request.toxicTier !== undefined
        ? request.toxicTier
        : ownTier && PATH_TIERS.includes(ownTier)
          ? ownTier
          : null,
  });
  return { roleName: (row.name as string | null) ?? request.roleArn, result };
}
