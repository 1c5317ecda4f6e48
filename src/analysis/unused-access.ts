/**
 * The typed facts the usage analysis writes on a role (docs/usage.md): granted-but-unused services and
 * actions weighted by what they enable, whether the capabilities that make the role dangerous were ever
 * used, and whether the role itself went unused while still privileged. Pure.
 */
import type { Tier } from '../iam/capabilities.js';
import type { CapabilityRecord } from '../iam/explain.js';
import {
  type AccessAdvisorEntry,
  type ActionUsage,
  actionUsage,
  roleUnusedDays,
  type UnusedGrant,
  unusedGrants,
} from '../iam/usage.js';

export const UNUSED_WEIGHTS = ['high', 'medium', 'low', 'info'] as const;
export type UnusedWeight = (typeof UNUSED_WEIGHTS)[number];

/**
 * What an unused grant of a service enables, declared once: privilege services change who may do what,
 * data services read or write what the estate holds, telemetry only writes logs and traces.
 */
const SERVICE_CLASS: Record<string, 'privilege' | 'data' | 'telemetry'> = {
  iam: 'privilege',
  sts: 'privilege',
  organizations: 'privilege',
  lambda: 'privilege',
  s3: 'data',
  dynamodb: 'data',
  secretsmanager: 'data',
  ssm: 'data',
  kms: 'data',
  rds: 'data',
  sqs: 'data',
  sns: 'data',
  logs: 'telemetry',
  xray: 'telemetry',
  cloudwatch: 'telemetry',
};

/** Weight of one unused grant, by what the service enables and whether the role runs an exposed function. */
const WEIGHT: Record<
  'privilege' | 'data' | 'telemetry' | 'other',
  { exposed: UnusedWeight; internal: UnusedWeight }
> = {
  privilege: { exposed: 'high', internal: 'medium' },
  data: { exposed: 'medium', internal: 'low' },
  other: { exposed: 'low', internal: 'low' },
  telemetry: { exposed: 'info', internal: 'info' },
};

/** Tiers that make an unused role worth removing (docs/usage.md "`unused-privileged-role`"). */
export const PRIVILEGED_TIERS: readonly Tier[] = ['admin', 'privilege_escalation', 'sensitive_data'];

/** The capability kinds a toxic finding names as its privilege; their step actions are the ones checked. */
const TOXIC_KINDS = new Set<string>(['admin', 'privilege_escalation', 'sensitive_data']);

export function unusedWeight(grant: UnusedGrant, exposed: boolean): UnusedWeight {
  const weights = WEIGHT[SERVICE_CLASS[grant.namespace.toLowerCase()] ?? 'other'];
  return exposed ? weights.exposed : weights.internal;
}

export interface RoleUsageInput {
  createDate: string | null;
  roleLastUsed: string | null;
  effectiveTier: Tier | null;
  accessAdvisor: AccessAdvisorEntry | null;
  capabilities: readonly CapabilityRecord[];
  /** The role runs a function some entry point exposes to the internet. */
  exposed: boolean;
}

export interface CapabilityUsage {
  kind: string;
  name: string;
  actions: ActionUsage[];
}

export interface RoleUsageFacts {
  /** `known`, or why nothing is claimed (`unknown` with the reason). */
  usageStatus: 'known' | 'unknown' | 'not_collected';
  usageReason: string | null;
  usageDataAt: string | null;
  usageTrackedSince: string | null;
  unusedServices: string[];
  unusedActions: string[];
  /** The heaviest weight among the unused grants; null when none. */
  unusedWeight: UnusedWeight | null;
  capabilityUsageJson: string | null;
  /** Days the role went unused while its effective tier is privileged; null when no claim. */
  unusedRoleDays: number | null;
}

export function roleUsageFacts(role: RoleUsageInput, unusedDays: number, now: string): RoleUsageFacts {
  const verdict = unusedGrants(role.accessAdvisor, role.createDate, unusedDays);
  const unused = verdict.status === 'known' ? verdict.unused : [];
  const weights = unused.map((grant) => unusedWeight(grant, role.exposed));
  const heaviest = UNUSED_WEIGHTS.find((weight) => weights.includes(weight)) ?? null;
  const privileged = role.effectiveTier !== null && PRIVILEGED_TIERS.includes(role.effectiveTier);
  return {
    usageStatus: role.accessAdvisor ? verdict.status : 'not_collected',
    usageReason: verdict.status === 'unknown' ? verdict.reason : null,
    usageDataAt: verdict.window?.dataAt ?? null,
    usageTrackedSince: verdict.window?.trackedSince ?? null,
    unusedServices: unused.filter((grant) => grant.action === null).map((grant) => grant.namespace),
    unusedActions: unused.flatMap((grant) => (grant.action ? [grant.action] : [])),
    unusedWeight: heaviest,
    capabilityUsageJson: role.accessAdvisor
      ? JSON.stringify(capabilityUsage(role.capabilities, role.accessAdvisor, role.createDate))
      : null,
    unusedRoleDays: privileged ? roleUnusedDays(role.roleLastUsed, role.createDate, now, unusedDays) : null,
  };
}

/** For each toxic capability, whether each action of its steps was used (action level where AWS tracks it). */
export function capabilityUsage(
  capabilities: readonly CapabilityRecord[],
  entry: AccessAdvisorEntry,
  roleCreated: string | null,
): CapabilityUsage[] {
  return capabilities
    .filter((capability) => TOXIC_KINDS.has(capability.kind))
    .map((capability) => ({
      kind: capability.kind,
      name: capability.name,
      actions: [...new Set(capability.steps.map((step) => step.action))].map((action) =>
        actionUsage(action, entry, roleCreated),
      ),
    }));
}
