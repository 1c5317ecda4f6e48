/**
 * New access since the baseline, end to end against moto: two scans, the baseline set on the first, one
 * role's policy widened in between. Exactly one new-access finding, naming the capability added and the
 * policy change that caused it; the unchanged role (the look-alike) gets none. docs/usage.md, "Drift".
 */
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { aws, createFunction, createRole } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { ATTACH_ANY_POLICY, LOGS_ONLY } from './policies.js';
import { roleArn, scanAndListFindings } from './scenario.js';

let before: Finding[];
let after: Finding[];
let baselineOutput: string;
let shownOutput: string;

beforeAll(async () => {
  await createFunction('drift-fn', await createRole({ name: 'drift-role', inline: { logs: LOGS_ONLY } }));
  await createFunction('steady-fn', await createRole({ name: 'steady-role', inline: { logs: LOGS_ONLY } }));
  const none = await runCli(['baseline', 'show']);
  expect(none.stdout).toContain('No baseline');
  before = await scanAndListFindings();
  const set = await runCli(['baseline', 'set']);
  expect(set.code, set.stderr).toBe(0);
  baselineOutput = set.stdout;
  shownOutput = (await runCli(['baseline', 'show'])).stdout;
  await aws.iam().send(
    new PutRolePolicyCommand({
      RoleName: 'drift-role',
      PolicyName: 'widen',
      PolicyDocument: JSON.stringify(ATTACH_ANY_POLICY),
    }),
  );
  after = await scanAndListFindings();
});

describe('baseline and new-access', () => {
  it('sets the latest complete scan as the baseline and shows it', () => {
    expect(baselineOutput).toMatch(/^Baseline: scan \S+ \(complete, started /);
    const scanId = /scan (\S+)/.exec(baselineOutput)![1];
    expect(shownOutput).toContain(`Baseline: scan ${scanId} (complete`);
  });

  it('reports nothing before anything grew', () => {
    expect(before.filter((f) => f.detection === 'new-access')).toEqual([]);
  });

  it('reports exactly one new-access finding, on the widened role, naming the capability and the policy change', () => {
    const drift = after.filter((f) => f.detection === 'new-access');
    expect(drift.map((f) => f.role?.arn)).toEqual([roleArn('drift-role')]);
    const [finding] = drift;
    // Attaching AdministratorAccess to its own role is method 5, admin (docs/iam-escalation.md).
    expect(finding!.severity).toBe('high');
    expect(finding!.evidence[0]!.text).toContain('admin: Attach AdministratorAccess to its own role');
    const policyLine = finding!.evidence.find((e) => e.text.startsWith('policy '));
    expect(policyLine?.text).toBe(
      `policy ${roleArn('drift-role')}/inline/widen: attached since the baseline: ${JSON.stringify(ATTACH_ANY_POLICY.Statement[0])}`,
    );
    expect(finding!.function).toBeNull();
    expect(finding!.accountId).toBe(roleArn('drift-role').split(':')[4]);
  });

  it('setting a scan that does not exist is bad input (exit 2) naming the scan', async () => {
    const result = await runCli(['baseline', 'set', 'no-such-scan']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no scan no-such-scan in the graph');
  });
});
