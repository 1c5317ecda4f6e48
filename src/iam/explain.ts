/**
 * Evidence in two forms: compact JSON records (stored in the graph, read by findings) and sentences a
 * reviewer can check in the IAM console (policy, statement number and Sid, action, resource, conditions).
 */
import type { Capability, PrincipalPrivileges, StepEvidence } from './capabilities.js';
import type { AttachedPolicy, StatementEvidence } from './evaluate.js';
import type { StandIn } from './probe.js';

export interface StatementRecord {
  readonly policy: string;
  readonly policyKind: AttachedPolicy['kind'];
  readonly viaGroup?: string;
  readonly statementIndex: number;
  readonly sid: string | null;
  readonly effect: 'Allow' | 'Deny';
  readonly action: string;
  readonly resource: string;
  readonly conditions: readonly { operator: string; key: string; values: readonly string[] }[];
  /** The Resource entry holds a policy variable whose value is unknown: the grant may not apply. */
  readonly resourceUnresolved?: true;
}

export interface CapabilityRecord {
  readonly kind: Capability['kind'];
  readonly method: number | null;
  readonly name: string;
  readonly outcome: Capability['outcome'];
  readonly steps: readonly {
    readonly action: string;
    readonly resource: string;
    /** Set when `resource` is a stand-in ARN: "any <resourceType> in account A, region R", not a resource. */
    readonly standIn?: {
      readonly partition: string;
      readonly account: string;
      readonly region: string | null;
      readonly resourceType: string | null;
    };
    readonly outcome: StepEvidence['outcome'];
    readonly grants: readonly StatementRecord[];
    readonly denials: readonly StatementRecord[];
  }[];
}

/** The policy as a reviewer finds it: a managed policy's ARN, or `inline policy NAME`. */
export function policyLabel(policy: AttachedPolicy): string {
  const where = policy.viaGroup ? ` (via group ${policy.viaGroup})` : '';
  if (policy.kind === 'scp') return `SCP ${policy.name} (${policy.arn})${where}`;
  if (policy.kind === 'boundary') return `permissions boundary ${policy.arn}`;
  return `${policy.arn ?? `inline policy ${policy.name}`}${where}`;
}

export function statementRecord(evidence: StatementEvidence): StatementRecord {
  return {
    policy: evidence.policy.arn ?? evidence.policy.name,
    policyKind: evidence.policy.kind,
    ...(evidence.policy.viaGroup ? { viaGroup: evidence.policy.viaGroup } : {}),
    statementIndex: evidence.statementIndex,
    sid: evidence.sid ?? null,
    effect: evidence.effect,
    action: evidence.matchedAction,
    resource: evidence.matchedResource,
    conditions: evidence.openConditions.map((condition) => ({
      operator: condition.operatorText,
      key: condition.key,
      values: condition.values,
    })),
    ...(evidence.openResource ? { resourceUnresolved: true as const } : {}),
  };
}

export function capabilityRecords(privileges: PrincipalPrivileges): CapabilityRecord[] {
  return privileges.capabilities.map((capability) => ({
    kind: capability.kind,
    method: capability.method?.number ?? null,
    name: capability.method?.name ?? capabilityName(capability.kind),
    outcome: capability.outcome,
    steps: capability.steps.map((step) => ({
      action: step.action,
      resource: step.resource,
      ...(step.standIn ? { standIn: standInRecord(step.standIn) } : {}),
      outcome: step.outcome,
      grants: step.grants.map(statementRecord),
      denials: step.denials.map(statementRecord),
    })),
  }));
}

function standInRecord(standIn: StandIn) {
  return {
    partition: standIn.partition,
    account: standIn.account,
    region: standIn.region ?? null,
    resourceType: standIn.resourceType ?? null,
  };
}

/** What a stand-in ARN means, in words: it is never a real resource. */
export function standInDescription(standIn: StandIn): string {
  const type = standIn.resourceType ?? 'resource of its type';
  const where = standIn.region === undefined || standIn.region === '*' ? '' : `, region ${standIn.region}`;
  return `any ${type} in account ${standIn.account}${where} (partition ${standIn.partition})`;
}

function capabilityName(kind: Capability['kind']): string {
  return kind === 'broad_write'
    ? 'Write access on every resource of a service'
    : 'Access to specific resources';
}

/** One paragraph per capability: why the principal has it, statement by statement. */
export function explainPrivileges(privileges: PrincipalPrivileges): string[] {
  const lines = [`${privileges.arn} is ${privileges.tier.replace('_', ' ')}.`];
  for (const capability of privileges.capabilities) {
    const header = `${capability.method ? `Method ${capability.method.number}: ` : ''}${capability.method?.name ?? capabilityName(capability.kind)} (${capability.kind}${capability.outcome === 'conditional' ? ', only under conditions' : ''}):`;
    lines.push(header);
    for (const step of capability.steps) {
      const grant = step.grants[0];
      const resource =
        step.resource === '*'
          ? 'any resource ("*")'
          : step.standIn
            ? standInDescription(step.standIn)
            : step.resource;
      lines.push(
        grant
          ? `  - ${step.action} on ${resource}: ${sentence(grant)}`
          : `  - ${step.action} on ${resource}: ${step.outcome}`,
      );
      for (const denial of step.denials) lines.push(`    unless ${sentence(denial)}`);
    }
  }
  for (const problem of privileges.problems) lines.push(`Not evaluated: ${problem}`);
  return lines;
}

function sentence(evidence: StatementEvidence): string {
  const sid = evidence.sid ? ` (Sid "${evidence.sid}")` : '';
  const verb = evidence.effect === 'Allow' ? 'allows' : 'denies';
  const conditions = evidence.openConditions.length
    ? `, if ${evidence.openConditions.map((c) => `${c.operatorText} ${c.key} ${JSON.stringify(c.values)}`).join(' and ')}`
    : '';
  return `${policyLabel(evidence.policy)} statement ${evidence.statementIndex + 1}${sid} ${verb} "${evidence.matchedAction}" on "${evidence.matchedResource}"${conditions}`;
}
