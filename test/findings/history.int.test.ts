import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { readFindings, recordFindings } from '../../src/findings/history.js';
import { ensureSchema } from '../../src/graph/constraints.js';
import { cypher, testDriver } from '../support/graph.js';

const fnArn = 'arn:aws:lambda:us-east-1:111122223333:function:orders';
const roleArn = 'arn:aws:iam::111122223333:role/orders-role';

const finding = (id: string, severity: Finding['severity'], overrides: Partial<Finding> = {}): Finding => ({
  id,
  detection: 'function-url-privileged-role',
  severity,
  title: `finding ${id}`,
  exposure: 'public_unauthenticated',
  privilege: 'admin',
  entryPoint: { kind: 'function_url', arn: `${fnArn}:live`, name: 'https://x.lambda-url.us-east-1.on.aws/' },
  function: { arn: fnArn, name: 'orders', qualifier: 'live' },
  role: { arn: roleArn },
  accountId: '111122223333',
  region: 'us-east-1',
  path: [
    { id: 'internet', labels: ['Internet'], name: 'internet' },
    { id: `${fnArn}:live`, labels: ['LambdaFunctionUrl'], name: 'https://x.lambda-url.us-east-1.on.aws/' },
    { id: `${fnArn}:live`, labels: ['LambdaAlias'], name: 'live' },
    { id: fnArn, labels: ['LambdaFunction'], name: 'orders' },
    { id: roleArn, labels: ['AWSPrincipal', 'AWSRole'], name: 'orders-role' },
    { id: `${roleArn}#capability/admin`, labels: ['Capability'], name: 'admin' },
  ],
  evidence: [{ hop: 0, text: 'AuthType NONE', source: 'FunctionUrlConfig' }],
  remediation: 'Require authentication.',
  status: 'new',
  firstSeen: 'ignored',
  lastSeen: 'ignored',
  confidence: 'high',
  ...overrides,
});

const record = (findings: Finding[], now: string, scanId?: string) =>
  recordFindings(testDriver(), findings, { database: 'neo4j', now, scanId });
const read = (options: { minSeverity?: Finding['severity']; includeResolved?: boolean } = {}) =>
  readFindings(testDriver(), { database: 'neo4j', ...options });
const statusOf = async (id: string) =>
  (await read({ includeResolved: true })).find((f) => f.id === id)?.status;

beforeAll(async () => {
  await ensureSchema(testDriver(), 'neo4j');
  await cypher(
    `
    CREATE (:Scan {id: 's1', startedAt: '2026-11-01T00:00:00Z'}), (:Scan {id: 's2', startedAt: '2026-11-02T00:00:00Z'})
    CREATE (f:LambdaFunction {id: $fn})-[:HAS_ALIAS]->(a:LambdaAlias {id: $alias})-[:HAS_URL]->(:LambdaFunctionUrl {id: $alias})
    CREATE (f)-[:EXECUTION_ROLE]->(:AWSRole:AWSPrincipal {id: $role})`,
    { fn: fnArn, alias: `${fnArn}:live`, role: roleArn },
  );
});

describe('findings history in the graph', () => {
  it('stores a finding that reads back exactly as built, linked to its resources and scan', async () => {
    const summary = await record([finding('a', 'critical')], '2026-11-01T01:00:00.000Z', 's1');
    expect(summary.summary).toEqual({ scanId: 's1', new: 1, persisting: 0, resolved: 0, notReverified: 0 });
    const [stored] = await read();
    expect(stored).toEqual(
      finding('a', 'critical', {
        firstSeen: '2026-11-01T01:00:00.000Z',
        lastSeen: '2026-11-01T01:00:00.000Z',
        verifiedInScan: true,
      }),
    );
    const [links] = await cypher<{ affected: string[]; scans: string[] }>(
      `MATCH (f:Finding {id: 'a'})
       RETURN [(f)-[:AFFECTS]->(r) | [l IN labels(r) WHERE l <> 'AWSPrincipal'][0] + ' ' + r.id] AS affected, [(f)-[:SEEN_IN]->(s) | s.id] AS scans`,
    );
    expect([...links!.affected].sort()).toEqual(
      [
        `AWSRole ${roleArn}`,
        `LambdaAlias ${fnArn}:live`,
        `LambdaFunction ${fnArn}`,
        `LambdaFunctionUrl ${fnArn}:live`,
      ].sort(),
    );
    expect(links!.scans).toEqual(['s1']);
  });

  it('keeps statuses within a scan, then persists, resolves and reopens across scans', async () => {
    await record([finding('a', 'critical'), finding('b', 'low')], '2026-11-01T02:00:00.000Z', 's1');
    expect(await statusOf('a')).toBe('new');
    expect(await statusOf('b')).toBe('new');

    const second = await record([finding('a', 'critical')], '2026-11-02T01:00:00.000Z', 's2');
    expect(second.summary).toEqual({ scanId: 's2', new: 0, persisting: 1, resolved: 1, notReverified: 0 });
    expect(await statusOf('a')).toBe('persisting');
    expect(await statusOf('b')).toBe('resolved');
    expect((await read()).map((f) => f.id)).toEqual(['a']);

    // Back in a later analysis: new again, first seen when it was first seen.
    await record([finding('a', 'critical'), finding('b', 'low')], '2026-11-03T00:00:00.000Z');
    const b = (await read()).find((f) => f.id === 'b')!;
    expect(b).toMatchObject({
      status: 'new',
      firstSeen: '2026-11-01T02:00:00.000Z',
      lastSeen: '2026-11-03T00:00:00.000Z',
    });
  });

  it('without a scan id, links to the latest Scan node', async () => {
    const { summary } = await record([finding('a', 'critical')], '2026-11-04T00:00:00.000Z');
    expect(summary.scanId).toBe('s2');
  });

  it('reads the open findings most severe first, at or above --min-severity', async () => {
    await record(
      [finding('c', 'medium'), finding('a', 'critical'), finding('d', 'info'), finding('e', 'high')],
      '2026-11-05T00:00:00.000Z',
    );
    expect((await read()).map((f) => f.severity)).toEqual(['critical', 'high', 'medium', 'info']);
    expect((await read({ minSeverity: 'high' })).map((f) => f.id)).toEqual(['a', 'e']);
    expect((await read({ includeResolved: true })).map((f) => f.id).sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
  });
});

describe('a finding the scan could not re-verify', () => {
  const fn = 'arn:aws:lambda:eu-west-1:444455556666:function:billing';
  const role = 'arn:aws:iam::444455556666:role/billing-role';
  const url = `${fn}:live`;
  const billing = (overrides: Partial<Finding> = {}) =>
    finding('billing', 'critical', {
      entryPoint: { kind: 'function_url', arn: url, name: 'https://b.lambda-url.eu-west-1.on.aws/' },
      function: { arn: fn, name: 'billing', qualifier: 'live' },
      role: { arn: role },
      path: [
        { id: 'internet', labels: ['Internet'], name: 'internet' },
        { id: url, labels: ['LambdaFunctionUrl'], name: 'https://b.lambda-url.eu-west-1.on.aws/' },
        { id: url, labels: ['LambdaAlias'], name: 'live' },
        { id: fn, labels: ['LambdaFunction'], name: 'billing' },
        { id: role, labels: ['AWSPrincipal', 'AWSRole'], name: 'billing-role' },
      ],
      ...overrides,
    });
  const stamp = (labels: string, id: string, scan: string) =>
    cypher(`MATCH (n:${labels} {id: $id}) SET n.lastScanId = $scan`, { id, scan });
  const stored = async () => (await read({ includeResolved: true })).find((f) => f.id === 'billing')!;

  beforeAll(async () => {
    await cypher(
      `CREATE (f:LambdaFunction {id: $fn, lastScanId: 'v1'})-[:HAS_ALIAS]->(a:LambdaAlias {id: $url, lastScanId: 'v1'})
       CREATE (a)-[:HAS_URL]->(:LambdaFunctionUrl {id: $url, lastScanId: 'v1'})
       CREATE (f)-[:EXECUTION_ROLE]->(:AWSRole:AWSPrincipal {id: $role, lastScanId: 'v1'})`,
      { fn, url, role },
    );
    await record([billing()], '2026-11-10T00:00:00.000Z', 'v1');
  });

  it('is kept open with lastSeen unchanged when the unit holding a resource was not collected', async () => {
    // Scan v2 collected IAM (the role) but not the Lambda unit: the function, alias and URL still carry v1.
    await stamp('AWSRole', role, 'v2');
    const { summary } = await record([], '2026-11-11T00:00:00.000Z', 'v2');
    expect(summary).toMatchObject({ resolved: 0, notReverified: 1 });
    expect(await stored()).toMatchObject({
      status: 'new',
      lastSeen: '2026-11-10T00:00:00.000Z',
      verifiedInScan: false,
    });
  });

  it('produced again from stale data: neither lastSeen nor status move', async () => {
    const { summary } = await record([billing()], '2026-11-12T00:00:00.000Z', 'v3');
    expect(summary).toMatchObject({ new: 1, notReverified: 1 });
    expect(await stored()).toMatchObject({
      status: 'new',
      lastSeen: '2026-11-10T00:00:00.000Z',
      verifiedInScan: false,
    });
  });

  it('is kept open when a document it depends on could not be evaluated', async () => {
    for (const [labels, id] of [
      ['LambdaFunction', fn],
      ['LambdaAlias', url],
      ['LambdaFunctionUrl', url],
      ['AWSRole', role],
    ] as const) {
      await stamp(labels, id, 'v4');
    }
    const { summary } = await recordFindings(testDriver(), [], {
      database: 'neo4j',
      now: '2026-11-13T00:00:00.000Z',
      scanId: 'v4',
      unevaluated: new Set([role]),
    });
    expect(summary).toMatchObject({ resolved: 0, notReverified: 1 });
    expect(await stored()).toMatchObject({ status: 'new', verifiedInScan: false });
  });

  it('is re-verified (lastSeen moves) once every resource was collected and evaluated', async () => {
    const { summary } = await record([billing()], '2026-11-14T00:00:00.000Z', 'v4');
    expect(summary).toMatchObject({ persisting: 1, notReverified: 0 });
    expect(await stored()).toMatchObject({
      status: 'persisting',
      lastSeen: '2026-11-14T00:00:00.000Z',
      verifiedInScan: true,
    });
  });

  it('resolves when a resource is gone (its unit was collected and no longer has it)', async () => {
    await cypher('MATCH (f:LambdaFunction {id: $fn}) DETACH DELETE f', { fn });
    // The role's unit was not collected by v5, but the function is gone: the finding cannot hold any more.
    await stamp('LambdaAlias', url, 'v5');
    const { summary } = await record([], '2026-11-15T00:00:00.000Z', 'v5');
    expect(summary.resolved).toBeGreaterThanOrEqual(1);
    expect(await stored()).toMatchObject({ status: 'resolved' });
  });
});
