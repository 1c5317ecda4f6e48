/**
 * End to end on the demo estate: `toxgraph load` (the real loader), `toxgraph analyze` (the real
 * privilege and exposure analyses and every detection), `toxgraph findings` in JSON and as a table. Then a second scan shows what was fixed and what is new.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoEstate, DEMO_EXPECTATIONS, PROD } from '../../src/demo/estate.js';
import type { Finding } from '../../src/findings/finding.js';
import type { LambdaData } from '../../src/snapshot/format.js';
import { writeSnapshot } from '../../src/snapshot/index.js';
import { runCli } from '../support/cli.js';
import { CONTRACT_FINDING_KEYS } from '../support/contract.js';
import { cypher } from '../support/graph.js';

const dirs: string[] = [];
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${PROD}:function:${name}`;

/** Each scan observes the estate one day after the previous one: findings are dated by their scan. */
let scansLoaded = 0;
async function loadScan(scanId: string, edit: (lambda: LambdaData) => void = () => {}): Promise<void> {
  const estate = buildDemoEstate(scanId);
  estate.manifest.createdAt = new Date(
    Date.parse('2026-11-28T02:00:00Z') + scansLoaded++ * 86_400_000,
  ).toISOString();
  const lambda = estate.units.find((u) => u.unit.accountId === PROD && u.unit.service === 'lambda')!;
  edit(lambda.data as LambdaData);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-findings-demo-'));
  dirs.push(dir);
  await writeSnapshot(dir, estate.manifest, estate.units as never);
  const loaded = await runCli(['load', dir]);
  expect(loaded.stderr).not.toMatch(/toxgraph: /);
  expect(loaded.code).toBe(0);
}

async function analyzeAndList(...args: string[]): Promise<Finding[]> {
  const analyzed = await runCli(['analyze']);
  expect(analyzed.stderr).not.toMatch(/toxgraph: /);
  expect(analyzed.code).toBe(0);
  const listed = await runCli(['findings', '--format', 'json', ...args]);
  expect(listed.code).toBe(0);
  return JSON.parse(listed.stdout) as Finding[];
}

const RANK = ['critical', 'high', 'medium', 'low', 'info'];
const strongest = (findings: Finding[], name: string) =>
  findings
    .filter((f) => f.function?.name === name)
    .map((f) => f.severity)
    .sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0] ?? 'none';

let first: Finding[];

beforeAll(async () => {
  await loadScan('demo-scan-1');
  first = await analyzeAndList();
});
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('findings on the demo estate', () => {
  it('rates image-resize by the matrix: weak auth (E2) × scoped role = medium', () => {
    const [finding] = first.filter(
      (f) => f.function?.name === 'image-resize' && f.detection === 'public-invoke-policy',
    );
    expect(finding).toMatchObject({
      exposure: 'public_weak_auth',
      privilege: 'scoped',
      severity: 'medium',
      entryPoint: { kind: 'resource_policy' },
    });
  });

  it('rates every demo function exactly as DEMO_EXPECTATIONS says', () => {
    const got = DEMO_EXPECTATIONS.map((e) => ({
      function: e.function,
      severity: strongest(first, e.function),
    }));
    expect(got).toEqual(DEMO_EXPECTATIONS.map((e) => ({ function: e.function, severity: e.severity })));
  });

  it('shows the billing webhook from the Internet to AdministratorAccess, with the policy evidence', () => {
    const billing = first.find(
      (f) => f.detection === 'function-url-privileged-role' && f.function?.name === 'billing-webhook',
    );
    expect(billing).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'function_url' },
      role: { arn: `arn:aws:iam::${PROD}:role/billing-webhook-role` },
      status: 'new',
    });
    expect(billing!.path.map((p) => p.labels.at(-1))).toEqual([
      'Internet',
      'LambdaFunctionUrl',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
    expect(
      billing!.evidence
        .filter((e) => e.hop === 0)
        .map((e) => e.text)
        .join(' '),
    ).toMatch(/AuthType NONE/);
  });

  it('reports a chain up to its first privileged role only', () => {
    const chains = first.filter(
      (f) => f.function?.name === 'legacy-upload' && f.detection.endsWith('-chain'),
    );
    expect(chains.map((f) => f.detection)).toEqual(['exposed-assume-role-chain']);
    expect(chains[0]!.path.map((p) => p.name).slice(-3)).toEqual([
      'legacy-upload-role',
      'ops-admin',
      'admin',
    ]);
  });

  it('follows the cross-account assume-role hop of analytics-api into the data account', () => {
    const analytics = first.find((f) => f.detection === 'exposed-assume-role-chain');
    expect(analytics?.function?.name).toBe('analytics-api');
    expect(analytics?.path.map((p) => p.name).slice(-3)).toEqual([
      'analytics-api-role',
      'data-lake-admin',
      'admin',
    ]);
  });

  it('follows the pass-role hop of preview-deploy-hook to the admin role it may give a new function', () => {
    const chains = first.filter((f) => f.detection === 'exposed-pass-role-chain');
    expect(chains).toHaveLength(1);
    expect(chains[0]).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'function_url' },
      function: { name: 'preview-deploy-hook' },
      role: { arn: `arn:aws:iam::${PROD}:role/preview-deploy-hook-role` },
    });
    expect(chains[0]!.path.map((p) => p.name).slice(-3)).toEqual([
      'preview-deploy-hook-role',
      'preview-env-role',
      'admin',
    ]);
  });

  it('prints an array of contract Findings, most severe first, all new after the first scan', () => {
    expect(first.length).toBeGreaterThan(15);
    for (const finding of first) {
      expect(Object.keys(finding)).toEqual(expect.arrayContaining(CONTRACT_FINDING_KEYS));
      expect(finding.status).toBe('new');
      expect(finding.firstSeen).toBe(finding.lastSeen);
    }
    const ranks = first.map((f) => RANK.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(first.map((f) => f.id)).size).toBe(first.length);
  });

  it('links each finding to its resources and to the scan', async () => {
    const billing = first.find((f) => f.function?.name === 'billing-webhook' && f.role !== null)!;
    const [links] = await cypher<{ affected: string[]; scans: string[] }>(
      `MATCH (f:Finding {id: $id})
       RETURN [(f)-[:AFFECTS]->(r) | r.id] AS affected, [(f)-[:SEEN_IN]->(s:Scan) | s.id] AS scans`,
      { id: billing.id },
    );
    expect([...links!.affected].sort()).toEqual(
      [billing.entryPoint.arn, fnArn('billing-webhook'), billing.role!.arn].sort(),
    );
    expect(links!.scans).toEqual(['demo-scan-1']);
  });

  it('prints a table that fits 80 columns and filters by --min-severity', async () => {
    const table = await runCli(['findings']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^SEVERITY/);
    expect(lines[1]).toMatch(/^critical /);
    expect(lines.at(-1)).toMatch(new RegExp(`^${first.length} findings: \\d+ critical`));

    const serious = JSON.parse(
      (await runCli(['findings', '--format', 'json', '--min-severity', 'high'])).stdout,
    ) as Finding[];
    expect(serious.length).toBeGreaterThan(0);
    expect(serious.length).toBeLessThan(first.length);
    expect(new Set(serious.map((f) => f.severity))).toEqual(new Set(['critical', 'high']));
  });

  it('re-analysing the same scan keeps every status', async () => {
    const again = await analyzeAndList();
    expect(again.map((f) => [f.id, f.status])).toEqual(first.map((f) => [f.id, 'new']));
  });

  it('a second scan: the fixed URL is resolved, a new public URL is new, the rest persists', async () => {
    await loadScan('demo-scan-2', (lambda) => {
      delete lambda.urlConfigs[fnArn('billing-webhook')];
      delete lambda.policies[fnArn('billing-webhook')];
      const template = lambda.urlConfigs[fnArn('feedback-form')]![0]!;
      lambda.urlConfigs[fnArn('nightly-batch')] = [
        {
          ...template,
          FunctionArn: fnArn('nightly-batch'),
          FunctionUrl: 'https://nightly.lambda-url.us-east-1.on.aws/',
          Cors: undefined,
        },
      ];
      lambda.policies[fnArn('nightly-batch')] = lambda.policies[fnArn('feedback-form')]!.replaceAll(
        'feedback-form',
        'nightly-batch',
      );
    });
    const second = await analyzeAndList('--include-resolved');
    const status = (name: string, detection = 'function-url-privileged-role') =>
      second.find((f) => f.function?.name === name && f.detection === detection)?.status;
    expect(status('billing-webhook')).toBe('resolved');
    expect(status('nightly-batch')).toBe('new');
    expect(status('orders-create', 'http-api-route-privileged-role')).toBe('persisting');
    const billing = second.find(
      (f) => f.function?.name === 'billing-webhook' && f.detection === 'function-url-privileged-role',
    )!;
    const firstBilling = first.find((f) => f.id === billing.id)!;
    expect(billing.firstSeen).toBe(firstBilling.firstSeen);
    const orders = second.find((f) => f.detection === 'http-api-route-privileged-role')!;
    expect(orders.lastSeen > orders.firstSeen).toBe(true);
    const [seen] = await cypher<{ scans: string[] }>(
      'MATCH (f:Finding {id: $id}) RETURN [(f)-[:SEEN_IN]->(s) | s.id] AS scans',
      { id: orders.id },
    );
    expect([...seen!.scans].sort()).toEqual(['demo-scan-1', 'demo-scan-2']);
    const open = await runCli(['findings', '--format', 'json']);
    expect((JSON.parse(open.stdout) as Finding[]).some((f) => f.status === 'resolved')).toBe(false);
  });
});

describe('toxgraph findings: bad input and no graph', () => {
  it('exits 2 on a bad flag value, naming the accepted values', async () => {
    const format = await runCli(['findings', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('expected one of table, json, got "xml"');
    const severity = await runCli(['findings', '--min-severity', 'urgent']);
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain('critical, high, medium, low, info');
  });

  it('exits 1 with a clear message when Neo4j does not answer', async () => {
    const result = await runCli(['findings'], { NEO4J_URI: 'bolt://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach Neo4j at bolt://127.0.0.1:1');
  });
});
