import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { ACCOUNT, fnArn, loadEstate, roleArn } from '../findings/estate.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';

const CONTRACT_KEYS = [
  'id',
  'detection',
  'severity',
  'title',
  'exposure',
  'privilege',
  'entryPoint',
  'function',
  'role',
  'accountId',
  'region',
  'path',
  'evidence',
  'remediation',
  'status',
  'firstSeen',
  'lastSeen',
];

async function findingsJson(...args: string[]): Promise<Finding[]> {
  const result = await runCli(['findings', '--format', 'json', ...args]);
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Finding[];
}

const ordersFinding = (findings: Finding[]) =>
  findings.find((f) => f.detection === 'function-url-privileged-role' && f.function?.name === 'orders');

beforeAll(async () => {
  await loadEstate();
  await cypher("CREATE (:Scan {id: 'scan-1', startedAt: '2026-11-27T00:00:00Z'})");
});

describe('toxgraph analyze, then toxgraph findings', () => {
  let first: Finding[];

  it('analyze stores the findings and says what it found', async () => {
    const result = await runCli(['analyze']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\d+ findings: \d+ critical/);
    expect(result.stdout).toMatch(/\d+ new, 0 persisting, 0 resolved/);
  });

  it('findings --format json prints an array of contract Findings, most severe first', async () => {
    first = await findingsJson();
    expect(first.length).toBeGreaterThan(10);
    for (const finding of first) {
      expect(Object.keys(finding)).toEqual(expect.arrayContaining(CONTRACT_KEYS));
      expect(finding.status).toBe('new');
      expect(finding.firstSeen).toBe(finding.lastSeen);
      expect(finding.path.length).toBeGreaterThan(0);
    }
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const ranks = first.map((f) => order.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ordersFinding(first)).toMatchObject({
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'function_url' },
      function: { arn: fnArn('orders'), qualifier: 'live' },
      role: { arn: roleArn('admin-role') },
      accountId: ACCOUNT,
    });
    expect(ordersFinding(first)!.path.at(-1)).toMatchObject({ labels: ['Capability'], name: 'admin' });
  });

  it('links each finding to its resources and to the scan', async () => {
    const id = ordersFinding(first)!.id;
    const [links] = await cypher<{ affected: string[]; scans: string[] }>(
      `MATCH (f:Finding {id: $id})
       RETURN [(f)-[:AFFECTS]->(r) | r.id] AS affected, [(f)-[:SEEN_IN]->(s:Scan) | s.id] AS scans`,
      { id },
    );
    expect([...links!.affected].sort()).toEqual(
      [fnArn('orders'), `${fnArn('orders')}:live`, `${fnArn('orders')}:live`, roleArn('admin-role')].sort(),
    );
    expect(links!.scans).toEqual(['scan-1']);
  });

  it('findings as a table fits 80 columns and filters by --min-severity', async () => {
    const table = await runCli(['findings']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^SEVERITY/);
    expect(lines[1]).toMatch(/^critical /);
    expect(lines.at(-1)).toMatch(new RegExp(`^${first.length} findings: `));

    const serious = await findingsJson('--min-severity', 'high');
    expect(serious.length).toBeGreaterThan(0);
    expect(serious.length).toBeLessThan(first.length);
    expect(new Set(serious.map((f) => f.severity))).toEqual(new Set(['critical', 'high']));
  });

  it('re-analysing the same scan keeps every status', async () => {
    expect((await runCli(['analyze'])).code).toBe(0);
    const again = await findingsJson();
    expect(again.map((f) => [f.id, f.status])).toEqual(first.map((f) => [f.id, 'new']));
  });

  it('a later scan shows what persisted, what was fixed and what is new', async () => {
    await cypher(
      `
      CREATE (:Scan {id: 'scan-2', startedAt: '2026-11-28T00:00:00Z'})
      WITH 1 AS one
      MATCH (:Internet {id: 'internet'})-[e:EXPOSES]->(:APIGatewayV2Route {routeKey: 'GET /reports'}) DELETE e
      WITH 1 AS one
      MATCH (internet:Internet {id: 'internet'}), (fn:LambdaFunction {id: $fn})
      CREATE (url:LambdaFunctionUrl {id: $fn, url: 'https://new.lambda-url.us-east-1.on.aws/', authType: 'NONE'})
      CREATE (fn)-[:HAS_URL]->(url), (url)-[:REACHES]->(fn),
        (internet)-[:EXPOSES {exposure: 'public_unauthenticated', authentication: 'none', evidenceJson: '[]'}]->(url)`,
      { fn: fnArn('admin-internal') },
    );
    const result = await runCli(['analyze']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/[1-9]\d* new, [1-9]\d* persisting, [1-9]\d* resolved/);

    const open = await findingsJson();
    const orders = ordersFinding(open)!;
    expect(orders.status).toBe('persisting');
    expect(orders.firstSeen).toBe(ordersFinding(first)!.firstSeen);
    expect(orders.lastSeen > orders.firstSeen).toBe(true);
    const added = open.find(
      (f) => f.function?.name === 'admin-internal' && f.detection === 'function-url-privileged-role',
    );
    expect(added?.status).toBe('new');
    expect(open.some((f) => f.function?.name === 'reports')).toBe(false);

    const all = await findingsJson('--include-resolved');
    const reports = all.find((f) => f.detection === 'http-api-route-privileged-role');
    expect(reports?.status).toBe('resolved');
    const [seen] = await cypher<{ scans: string[] }>(
      'MATCH (f:Finding {id: $id}) RETURN [(f)-[:SEEN_IN]->(s) | s.id] AS scans',
      { id: orders.id },
    );
    expect([...seen!.scans].sort()).toEqual(['scan-1', 'scan-2']);
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
