/**
 * Access Advisor reading, on the report's AWS shape (test/fixtures/aws/iam-get-service-last-accessed-details.json):
 * expected values follow docs/usage.md (400-day tracking period, never a claim longer than what AWS tracked).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AccessAdvisorEntry,
  actionUsage,
  roleUnusedDays,
  trackingWindow,
  unusedGrants,
} from '../../src/iam/usage.js';

const report = JSON.parse(
  readFileSync(
    new URL('../fixtures/aws/iam-get-service-last-accessed-details.json', import.meta.url),
    'utf8',
  ),
) as { JobCompletionDate: string; ServicesLastAccessed: AccessAdvisorEntry['servicesLastAccessed'] };
const completed: AccessAdvisorEntry = {
  status: 'COMPLETED',
  jobCompletionDate: report.JobCompletionDate,
  servicesLastAccessed: report.ServicesLastAccessed,
};
const OLD_ROLE = '2024-01-01T00:00:00Z';

describe('trackingWindow', () => {
  it.each([
    ['an old role: the 400 days AWS tracks', OLD_ROLE, '2025-10-25T00:00:00.000Z', 400],
    ['a role created 59 days before the report', '2026-10-01T00:00:00Z', '2026-10-01T00:00:00.000Z', 59],
    ['no creation date: the 400 days', null, '2025-10-25T00:00:00.000Z', 400],
  ])('%s', (_, created, since, days) => {
    expect(trackingWindow('2026-11-29T00:00:00Z', created)).toEqual({
      dataAt: '2026-11-29T00:00:00.000Z',
      trackedSince: since,
      days,
    });
  });
});

describe('unusedGrants', () => {
  it('lists never-used services and tracked actions of used services, at N = 90', () => {
    const verdict = unusedGrants(completed, OLD_ROLE, 90);
    expect(verdict).toEqual({
      status: 'known',
      window: { dataAt: '2026-11-29T00:00:00.000Z', trackedSince: '2025-10-25T00:00:00.000Z', days: 400 },
      unused: [
        { namespace: 'iam', action: 'iam:PassRole', lastUsed: null },
        { namespace: 'dynamodb', action: null, lastUsed: null },
      ],
      usedServices: ['iam', 'logs'],
    });
  });

  it('at N = 5, a service last used 9 days before the report is unused as a whole', () => {
    const verdict = unusedGrants(completed, OLD_ROLE, 5);
    expect(verdict.status === 'known' && verdict.unused).toEqual([
      { namespace: 'iam', action: null, lastUsed: '2026-11-20T10:00:00Z' },
      { namespace: 'dynamodb', action: null, lastUsed: null },
    ]);
  });

  it.each<[string, AccessAdvisorEntry | null, string, string]>([
    ['no report (scan without --usage)', null, OLD_ROLE, 'usage not collected (scan without --usage)'],
    ['a failed job', { status: 'FAILED', error: 'boom' }, OLD_ROLE, 'Access Advisor job FAILED: boom'],
    ['a timed-out job', { status: 'TIMED_OUT' }, OLD_ROLE, 'Access Advisor job TIMED_OUT'],
    [
      'a role younger than N days',
      completed,
      '2026-10-01T00:00:00Z',
      'AWS tracked 59 day(s) for this role, fewer than the 90 asked about',
    ],
  ])('claims nothing for %s', (_, entry, created, reason) => {
    const verdict = unusedGrants(entry, created, 90);
    expect(verdict.status).toBe('unknown');
    expect(verdict.status === 'unknown' && verdict.reason).toBe(reason);
  });
});

describe('actionUsage', () => {
  it.each([
    [
      'a tracked action never used',
      'iam:PassRole',
      { level: 'action', status: 'unused', lastUsed: null, daysUnused: 400 },
    ],
    [
      'a tracked action used',
      'iam:GetRole',
      { level: 'action', status: 'used', lastUsed: '2026-11-20T10:00:00Z', daysUnused: 8 },
    ],
    [
      'an untracked action of a used service: service level',
      'iam:CreatePolicyVersion',
      { level: 'service', status: 'used', lastUsed: '2026-11-20T10:00:00Z', daysUnused: 8 },
    ],
    [
      'an action of a never-used service',
      'dynamodb:Scan',
      { level: 'service', status: 'unused', lastUsed: null, daysUnused: 400 },
    ],
    [
      'a service absent from the report',
      'lambda:CreateFunction',
      { level: 'service', status: 'unknown', lastUsed: null, daysUnused: null },
    ],
  ])('%s', (_, action, expected) => {
    expect(actionUsage(action, completed, OLD_ROLE)).toEqual({ action, ...expected });
  });

  it('is unknown when the job failed', () => {
    expect(actionUsage('iam:PassRole', { status: 'FAILED' }, OLD_ROLE).status).toBe('unknown');
  });
});

describe('roleUnusedDays (RoleLastUsed)', () => {
  const now = '2026-11-29T00:00:00Z';
  it.each([
    ['last used 120 days ago', '2026-08-01T00:00:00Z', OLD_ROLE, 120],
    ['last used 30 days ago', '2026-10-30T00:00:00Z', OLD_ROLE, null],
    ['never used, created 59 days ago: window too short', null, '2026-10-01T00:00:00Z', null],
    ['never used, old role: the 400 tracked days', null, OLD_ROLE, 400],
    ['never used, no creation date', null, null, null],
  ])('%s', (_, lastUsed, created, expected) => {
    expect(roleUnusedDays(lastUsed, created, now, 90)).toBe(expected);
  });
});
