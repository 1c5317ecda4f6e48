/**
 * The usage analysis (docs/usage.md): reads each role's Access Advisor report, RoleLastUsed, effective tier
 * and capabilities from the graph, and replaces the typed usage facts on the role (roleUsageFacts). Runs
 * after the privilege and exposure analyses, whose facts it reads. Running it twice changes nothing.
 */
import type { Driver } from 'neo4j-driver';
import type { Tier } from '../iam/capabilities.js';
import type { CapabilityRecord } from '../iam/explain.js';
import type { AccessAdvisorEntry } from '../iam/usage.js';
import { type RoleUsageFacts, roleUsageFacts } from './unused-access.js';

export interface UsageSummary {
  rolesWithUsage: number;
  rolesWithUnusedGrants: number;
  unusedPrivilegedRoles: number;
}

// Roles the scan loaded: a role of an unscanned account is a stub that keeps only its id (nothing was
// collected about it, so it gets no usage facts either).
const READ_ROLES = `
MATCH (r:AWSRole) WHERE r.accountId IS NOT NULL
RETURN r.id AS id, r.createDate AS createDate, r.roleLastUsed AS roleLastUsed, r.effectiveTier AS effectiveTier,
  r.accessAdvisorJson AS accessAdvisorJson, r.capabilitiesJson AS capabilitiesJson,
  exists {
    MATCH (:Internet)-[e:EXPOSES]->()-[:REACHES*0..1]->(:LambdaFunction|LambdaAlias)-[:EXECUTION_ROLE]->(r)
    WHERE e.exposure <> 'not_exposed'
  } AS exposed`;

const WRITE_FACTS = `
UNWIND $rows AS row
MATCH (r:AWSRole {id: row.id})
SET r.usageStatus = row.usageStatus, r.usageReason = row.usageReason, r.usageDataAt = row.usageDataAt,
    r.usageTrackedSince = row.usageTrackedSince, r.unusedServices = row.unusedServices,
    r.unusedActions = row.unusedActions, r.unusedWeight = row.unusedWeight,
    r.capabilityUsageJson = row.capabilityUsageJson, r.unusedRoleDays = toInteger(row.unusedRoleDays),
    r.unusedDaysAsked = toInteger($unusedDays)`;

export async function analyzeUsage(
  driver: Driver,
  database: string,
  options: { unusedDays: number; now: string },
): Promise<UsageSummary> {
  const { records } = await driver.executeQuery(READ_ROLES, {}, { database, routing: 'READ' });
  const rows: (RoleUsageFacts & { id: string })[] = records.map((record) => ({
    id: record.get('id') as string,
    ...roleUsageFacts(
      {
        createDate: (record.get('createDate') as string | null) ?? null,
        roleLastUsed: (record.get('roleLastUsed') as string | null) ?? null,
        effectiveTier: (record.get('effectiveTier') as Tier | null) ?? null,
        accessAdvisor: parsed<AccessAdvisorEntry>(record.get('accessAdvisorJson')),
        capabilities: parsed<CapabilityRecord[]>(record.get('capabilitiesJson')) ?? [],
        exposed: record.get('exposed') === true,
      },
      options.unusedDays,
      options.now,
    ),
  }));
  await driver.executeQuery(WRITE_FACTS, { rows, unusedDays: options.unusedDays }, { database });
  return {
    rolesWithUsage: rows.filter((row) => row.usageStatus === 'known').length,
    rolesWithUnusedGrants: rows.filter((row) => row.unusedWeight !== null).length,
    unusedPrivilegedRoles: rows.filter((row) => row.unusedRoleDays !== null).length,
  };
}

/** The graph's JSON properties were written by the loader and the analysis; null when absent. */
function parsed<T>(value: unknown): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : null;
}
