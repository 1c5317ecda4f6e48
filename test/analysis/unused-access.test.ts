/** The weights and facts of the usage analysis (docs/usage.md, "Weights"), on AWS-shaped reports. */
import { describe, expect, it } from 'vitest';
import { roleUsageFacts, unusedWeight } from '../../src/analysis/unused-access.js';
import type { CapabilityRecord } from '../../src/iam/explain.js';
import type { AccessAdvisorEntry } from '../../src/iam/usage.js';

const OLD_ROLE = '2024-01-01T00:00:00Z';
const NOW = '2026-11-29T00:00:00Z';
const report = (services: AccessAdvisorEntry['servicesLastAccessed']): AccessAdvisorEntry => ({
  status: 'COMPLETED',
  jobCompletionDate: NOW,
  servicesLastAccessed: services,
});
const never = (namespace: string) => ({ ServiceNamespace: namespace });
const passRoleEscalation: CapabilityRecord = {
  kind: 'privilege_escalation',
  method: 3,
  name: 'Pass a role to a new Lambda function',
  outcome: 'allowed',
  steps: [
    { action: 'iam:PassRole', resource: '*', outcome: 'allowed', grants: [], denials: [] },
    { action: 'lambda:CreateFunction', resource: '*', outcome: 'allowed', grants: [], denials: [] },
  ],
};

describe('unusedWeight', () => {
  it.each([
    ['iam', true, 'high'],
    ['iam', false, 'medium'],
    ['sts', true, 'high'],
    ['dynamodb', true, 'medium'],
    ['dynamodb', false, 'low'],
    ['logs', true, 'info'],
    ['xray', false, 'info'],
    ['cloudformation', true, 'low'],
  ] as const)('unused %s on a role exposed=%s weighs %s', (namespace, exposed, weight) => {
    expect(unusedWeight({ namespace, action: null, lastUsed: null }, exposed)).toBe(weight);
  });
});

describe('roleUsageFacts', () => {
  const base = {
    createDate: OLD_ROLE,
    roleLastUsed: '2026-11-28T00:00:00Z',
    effectiveTier: 'privilege_escalation' as const,
    capabilities: [passRoleEscalation],
    exposed: true,
  };

  it('an exposed role with unused iam:PassRole and logs: high, and the toxic capability marked unused', () => {
    const facts = roleUsageFacts(
      {
        ...base,
        accessAdvisor: report([
          {
            ServiceNamespace: 'iam',
            LastAuthenticated: '2026-11-27T00:00:00Z',
            TrackedActionsLastAccessed: [{ ActionName: 'PassRole' }],
          },
          never('logs'),
        ]),
      },
      90,
      NOW,
    );
    expect(facts).toEqual({
      usageStatus: 'known',
      usageReason: null,
      usageDataAt: '2026-11-29T00:00:00.000Z',
      usageTrackedSince: '2025-10-25T00:00:00.000Z',
      unusedServices: ['logs'],
      unusedActions: ['iam:PassRole'],
      unusedWeight: 'high',
      capabilityUsageJson: JSON.stringify([
        {
          kind: 'privilege_escalation',
          name: 'Pass a role to a new Lambda function',
          actions: [
            { action: 'iam:PassRole', level: 'action', status: 'unused', lastUsed: null, daysUnused: 400 },
            {
              action: 'lambda:CreateFunction',
              level: 'service',
              status: 'unknown',
              lastUsed: null,
              daysUnused: null,
            },
          ],
        },
      ]),
      unusedRoleDays: null,
    });
  });

  it('only unused logs: info', () => {
    const facts = roleUsageFacts({ ...base, accessAdvisor: report([never('logs')]) }, 90, NOW);
    expect(facts.unusedWeight).toBe('info');
  });

  it('a failed job: nothing claimed, the reason kept', () => {
    const facts = roleUsageFacts(
      { ...base, accessAdvisor: { status: 'TIMED_OUT', error: 'still IN_PROGRESS' } },
      90,
      NOW,
    );
    expect(facts).toMatchObject({
      usageStatus: 'unknown',
      usageReason: 'Access Advisor job TIMED_OUT: still IN_PROGRESS',
      unusedServices: [],
      unusedActions: [],
      unusedWeight: null,
    });
  });

  it('no --usage: not collected; RoleLastUsed still finds an unused privileged role', () => {
    const facts = roleUsageFacts(
      { ...base, accessAdvisor: null, roleLastUsed: '2026-05-01T00:00:00Z' },
      90,
      NOW,
    );
    expect(facts).toMatchObject({
      usageStatus: 'not_collected',
      capabilityUsageJson: null,
      unusedRoleDays: 212,
    });
  });

  it.each(['scoped', 'basic', 'broad_write', null] as const)('an unused %s role is not reported', (tier) => {
    const facts = roleUsageFacts(
      { ...base, effectiveTier: tier, accessAdvisor: null, roleLastUsed: null },
      90,
      NOW,
    );
    expect(facts.unusedRoleDays).toBeNull();
  });
});
