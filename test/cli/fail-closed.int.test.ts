/**
 * Never fail open (issue 9 items 1-3, docs/architecture.md §4), through the CLI with the demo estate: an
 * unreadable IAM policy and an unreadable Lambda resource policy make what depends on them unknown, and a
 * scan that collected nothing is no success. The demo's critical findings are the ones that must not turn
 * resolved: s3-notify (its role's inline policy `admin` grants iam:AttachRolePolicy) and feedback-form (its
 * public function URL, granted by its resource policy).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoEstate, type DemoEstate } from '../../src/demo/estate.js';
import type { Finding } from '../../src/findings/finding.js';
import type { IamData, LambdaData } from '../../src/snapshot/format.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';

let root: string;
const FIRST = '2026-11-28T02:00:00.000Z';

async function snapshot(name: string, collectedAt: string, change: (estate: DemoEstate) => void) {
  const estate = buildDemoEstate(`fail-closed-${name}`);
  estate.manifest.createdAt = collectedAt;
  for (const unit of estate.units) unit.collectedAt = collectedAt;
  change(estate);
  const dir = path.join(root, name);
  await writeSnapshot(dir, estate.manifest, estate.units as never);
  return dir;
}

const findings = async (): Promise<Finding[]> => {
  const result = await runCli(['findings', '--format', 'json', '--include-resolved']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Finding[];
};
const criticalOf = (list: Finding[], fn: string) =>
  list.find((finding) => finding.function?.name === fn && finding.severity === 'critical');

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'toxgraph-fail-closed-'));
  await cypher('MATCH (n) DETACH DELETE n');
  const first = await runCli(['load', await snapshot('first', FIRST, () => {})]);
  expect(first.code, first.stdout + first.stderr).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await cypher('MATCH (n) DETACH DELETE n');
});

describe('unreadable policies (IAM inline policy, Lambda resource policy)', () => {
  const SECOND = '2026-11-29T02:00:00.000Z';
  let result: Awaited<ReturnType<typeof runCli>>;
  let before: Finding[];

  beforeAll(async () => {
    before = await findings();
    const dir = await snapshot('second', SECOND, (estate) => {
      for (const unit of estate.units) {
        if (unit.unit.service === 'iam') {
          const role = (unit.data as IamData).authorizationDetails.RoleDetailList?.find(
            (candidate) => candidate.RoleName === 's3-notify-role',
          );
          if (role?.RolePolicyList?.[0]) role.RolePolicyList[0].PolicyDocument = 'this is not a policy';
        }
        if (unit.unit.service === 'lambda') {
          const policies = (unit.data as LambdaData).policies;
          for (const arn of Object.keys(policies)) {
            if (arn.endsWith(':function:feedback-form')) policies[arn] = '{"Statement": [';
          }
        }
      }
    });
    result = await runCli(['load', dir]);
  });

  it('loads every unit (none rejected), reports what was not evaluated, exits 1, scan partial', async () => {
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).not.toContain('Rejected:');
    expect(result.stdout).toMatch(
      /Not evaluated: .*s3-notify-role inline policy admin: .*s3-notify-role not evaluated/,
    );
    expect(result.stdout).toMatch(
      /Not evaluated: resource policy of arn:aws:lambda:[^ ]+:function:feedback-form: the document is not a JSON object/,
    );
    const [scan] = await cypher<{ status: string; problems: string }>(
      "MATCH (s:Scan {id: 'fail-closed-second'}) RETURN s.status AS status, s.evaluationProblemsJson AS problems",
    );
    expect(scan!.status).toBe('partial');
    expect(JSON.parse(scan!.problems).map((problem: { source: string }) => problem.source)).toEqual(
      expect.arrayContaining([expect.stringContaining('s3-notify-role inline policy admin')]),
    );
  });

  it('keeps the critical findings that depended on them open, not re-verified, lastSeen unchanged', async () => {
    const after = await findings();
    for (const fn of ['s3-notify', 'feedback-form']) {
      const previous = criticalOf(before, fn);
      expect(previous, `the first scan finds ${fn} critical`).toBeDefined();
      const now = after.find((finding) => finding.id === previous!.id);
      expect(now).toMatchObject({ status: 'new', lastSeen: FIRST, verifiedInScan: false });
    }
  });

  it('re-verifies the rest of the estate (lastSeen moves)', async () => {
    const billing = criticalOf(await findings(), 'billing-webhook');
    expect(billing).toMatchObject({ status: 'persisting', lastSeen: SECOND, verifiedInScan: true });
  });
});

describe('a scan that collected nothing', () => {
  it('exits 1 without --strict, says so, and re-verifies no finding', async () => {
    const before = await findings();
    const dir = await snapshot('nothing', '2026-11-30T02:00:00.000Z', (estate) => {
      estate.manifest.gaps = estate.manifest.units.map((unit) => ({
        accountId: unit.accountId,
        region: unit.region,
        service: unit.service,
        api: 'ListFunctions',
        error: 'connect ECONNREFUSED 127.0.0.1:1',
      }));
      estate.manifest.units = estate.manifest.units.map(({ file: _file, ...unit }) => ({
        ...unit,
        status: 'failed' as const,
      }));
      estate.units = [];
    });
    const result = await runCli(['load', dir]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('Nothing was loaded: every unit failed or was rejected');
    const after = await findings();
    const open = before.filter((finding) => finding.status !== 'resolved');
    expect(open.length).toBeGreaterThan(0);
    for (const finding of open) {
      expect(after.find((candidate) => candidate.id === finding.id)).toMatchObject({
        status: finding.status,
        lastSeen: finding.lastSeen,
        verifiedInScan: false,
      });
    }
  });
});
