import { beforeAll, describe, expect, it } from 'vitest';
import { loadExplorations } from '../../src/findings/browser-kit.js';
import { type Detection, loadDetections } from '../../src/findings/detections.js';
import type { Finding } from '../../src/findings/finding.js';
import { runDetections } from '../../src/findings/run.js';
import { rateSeverity } from '../../src/findings/severity.js';
import { cypher, testDriver } from '../support/graph.js';
import { fnArn, loadEstate, roleArn } from './estate.js';

let detections: Detection[];
let findings: Finding[];

beforeAll(async () => {
  await loadEstate();
  detections = await loadDetections();
  findings = await runDetections(testDriver(), detections, {
    database: 'neo4j',
    rateSeverity,
    now: '2026-11-28T00:00:00.000Z',
  });
});

const byDetection = (id: string) => findings.filter((finding) => finding.detection === id);
const subjects = (id: string) =>
  byDetection(id)
    .map((f) => f.function?.name ?? f.role?.arn.split('/').pop())
    .sort();
const pathNames = (finding: Finding | undefined) => finding?.path.map((element) => element.name);

describe('detections on the fixture estate', () => {
  it('report each toxic combination once, by the rule of its entry kind or chain', () => {
    expect(subjects('function-url-privileged-role')).toEqual(['orders']);
    expect(subjects('http-api-route-privileged-role')).toEqual(['reports']);
    expect(subjects('websocket-api-privileged-role')).toEqual([]);
    expect(subjects('exposed-assume-role-chain')).toEqual(['chat']);
    expect(subjects('exposed-code-update-chain')).toEqual(['legacy']);
    expect(subjects('exposed-pass-role-chain')).toEqual(['alb-fn']);
    expect(subjects('public-invoke-policy')).toEqual(['open-invoke']);
    expect(subjects('confused-deputy-service-grant')).toEqual(['deputy']);
    expect(subjects('cross-account-code-update')).toEqual(['shared-code']);
    expect(subjects('authorizer-function-privileged-role')).toEqual(['token-check']);
  });

  it('rate toxic combinations with the severity matrix, its code-update row and its amplifiers', () => {
    const severity = (detection: string) => byDetection(detection).map((f) => f.severity);
    expect(severity('function-url-privileged-role')).toEqual(['critical']);
    // public × sensitive data is high; outside a VPC the data leaves freely: one band up.
    expect(severity('http-api-route-privileged-role')).toEqual(['critical']);
    expect(severity('public-invoke-policy')).toEqual(['critical']);
    expect(severity('exposed-assume-role-chain')).toEqual(['critical']);
    expect(severity('exposed-code-update-chain')).toEqual(['critical']);
    expect(severity('exposed-pass-role-chain')).toEqual(['critical']);
    expect(severity('cross-account-code-update')).toEqual(['critical']);
    // Inside a VPC, public × sensitive data stays high; the authorizer is no contract entry kind.
    expect(byDetection('authorizer-function-privileged-role')[0]).toMatchObject({
      severity: 'high',
      entryPoint: { kind: null, name: 'token-check' },
    });
    // weak auth × basic role.
    expect(severity('confused-deputy-service-grant')).toEqual(['low']);
  });

  it('never report the safe look-alikes as toxic: authenticated route, no entry point, blocked URL, internal ALB', () => {
    const toxic = findings.filter((f) => f.privilege !== null && ['critical', 'high'].includes(f.severity));
    const toxicFunctions = toxic.map((f) => f.function?.name);
    for (const safe of ['jwt-fn', 'admin-internal', 'blocked-url', 'internal-alb', 'internal-worker']) {
      expect(toxicFunctions).not.toContain(safe);
    }
    expect(findings.map((f) => f.function?.name)).not.toContain('admin-internal');
    expect(findings.map((f) => f.function?.name)).not.toContain('internal-alb');
  });

  it('walk an alias URL from the Internet to the capability, with evidence for every hop', () => {
    const [orders] = byDetection('function-url-privileged-role');
    expect(orders).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'function_url', name: 'https://orders.lambda-url.us-east-1.on.aws/' },
      function: { arn: fnArn('orders'), name: 'orders', qualifier: 'live' },
      role: { arn: roleArn('admin-role') },
      accountId: '111122223333',
      region: 'us-east-1',
    });
    expect(pathNames(orders)).toEqual([
      'internet',
      'https://orders.lambda-url.us-east-1.on.aws/',
      'live',
      'orders',
      'admin-role',
      'admin',
    ]);
    const hops = new Set(orders!.evidence.map((e) => e.hop));
    expect([...hops].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(orders!.evidence.at(-1)).toEqual({
      hop: 4,
      text: 'Full administrator: * on *',
      source: 'arn:aws:iam::aws:policy/AdministratorAccess, statement 0',
    });
  });

  it('follow the chains hop by hop, with the lowest hop confidence', () => {
    const [chat] = byDetection('exposed-assume-role-chain');
    expect(chat).toMatchObject({
      entryPoint: { kind: 'websocket_api' },
      privilege: 'admin',
      confidence: 'medium',
    });
    expect(pathNames(chat)).toEqual([
      'internet',
      '$default',
      'chat',
      'chat-role',
      'mid-role',
      'ops-admin',
      'admin',
    ]);
    expect(chat!.evidence.filter((e) => e.hop === 4)[0]!.text).toBe(
      'Allow sts:AssumeRole on arn:aws:iam::111122223333:role/ops-admin if StringEquals sts:ExternalId ["x"]',
    );

    const [legacy] = byDetection('exposed-code-update-chain');
    expect(legacy).toMatchObject({ entryPoint: { kind: 'rest_api_method' }, exposure: 'public_weak_auth' });
    expect(pathNames(legacy)).toEqual([
      'internet',
      legacy!.entryPoint.arn,
      'legacy',
      'legacy-role',
      'deployer',
      'ops-admin',
      'admin',
    ]);
    expect(legacy!.evidence.find((e) => e.hop === 3)?.text).toBe('lambda:UpdateFunctionCode on deployer');

    const [alb] = byDetection('exposed-pass-role-chain');
    expect(alb).toMatchObject({ entryPoint: { kind: 'alb_rule' }, severity: 'critical' });
    expect(pathNames(alb)).toEqual([
      'internet',
      alb!.entryPoint.arn,
      'alb-fn',
      'alb-role',
      'admin-role',
      'admin',
    ]);
  });

  it('rate cross-account code update itself: critical when the role is admin', () => {
    const [shared] = byDetection('cross-account-code-update');
    expect(shared).toMatchObject({
      severity: 'critical',
      exposure: 'cross_account',
      entryPoint: { kind: 'resource_policy', arn: fnArn('shared-code') },
    });
    expect(pathNames(shared)).toEqual(['internet', 'shared-code', 'admin-role', 'admin']);
  });

  it('report hygiene problems of exposed functions only, with fields that do not apply as null', () => {
    expect(subjects('function-url-cors-wildcard')).toEqual(['orders']);
    expect(subjects('function-url-cors-wildcard-credentials')).toEqual(['cred-cors']);
    expect(byDetection('function-url-cors-wildcard-credentials')[0]).toMatchObject({
      severity: 'high',
      role: null,
      privilege: null,
    });
    expect(subjects('exposed-function-no-reserved-concurrency')).toEqual(['orders']);
    // jwt-fn is exposed with authentication: medium; orders is public: high.
    expect(
      byDetection('exposed-function-secret-env-vars')
        .map((f) => [f.function?.name, f.severity])
        .sort(),
    ).toEqual([
      ['jwt-fn', 'medium'],
      ['orders', 'high'],
    ]);
    expect(
      byDetection('exposed-function-secret-env-vars')
        .find((f) => f.function?.name === 'orders')
        ?.evidence.at(-1)?.text,
    ).toBe('environment variables that look like secrets: DB_PASSWORD');
    // admin-role and basic-role also run public functions beside functions nobody can reach.
    expect(subjects('shared-execution-role')).toEqual(['admin-role', 'basic-role', 'shared-role']);
    const shared = byDetection('shared-execution-role').find((f) => f.role?.arn === roleArn('shared-role'));
    expect(shared).toMatchObject({ severity: 'low', function: null, privilege: null });
    expect(shared!.evidence.at(-1)?.text).toBe(
      'the role runs public functions (cred-cors) and internal functions (internal-worker)',
    );
    expect(pathNames(shared)).toEqual([
      'internet',
      'https://credcors.lambda-url.us-east-1.on.aws/',
      'cred-cors',
      'shared-role',
      'internal-worker',
    ]);
    expect(subjects('function-url-unreachable-grant')).toEqual(['blocked-url']);
    expect(byDetection('function-url-unreachable-grant')[0]).toMatchObject({
      severity: 'info',
      exposure: 'not_exposed',
    });
    expect(subjects('stale-public-url-policy')).toEqual(['stale']);
  });

  it('chain a bucket anyone may write to the privileged function its notifications call, and no look-alike', () => {
    // partner-drop (written by one named role) and public-site (public read only) call the same kind of role.
    expect(subjects('public-bucket-triggers-privileged-function')).toEqual(['ingest']);
    const [ingest] = byDetection('public-bucket-triggers-privileged-function');
    // Anonymous write (bucket policy) × admin: critical, like every public_unauthenticated admin path.
    expect(ingest).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'resource_policy', arn: 'arn:aws:s3:::upload-inbox', name: 'upload-inbox' },
      function: { arn: fnArn('ingest'), name: 'ingest', qualifier: 'live' },
      role: { arn: roleArn('ingest-role') },
    });
    expect(pathNames(ingest)).toEqual(['internet', 'upload-inbox', 'live', 'ingest', 'ingest-role', 'admin']);
    expect(ingest!.evidence.filter((e) => e.hop <= 3).map((e) => [e.hop, e.text])).toEqual([
      [0, 'anyone may write objects through resource_policy'],
      [
        1,
        'upload-inbox invokes arn:aws:lambda:us-east-1:111122223333:function:ingest:live on s3:ObjectCreated:*',
      ],
      [2, 'live is an alias of ingest'],
      [3, 'ingest runs with the credentials of ingest-role'],
    ]);
  });

  it('list the findings most severe first, one per id', () => {
    const ranks = findings.map((f) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
  });
});

describe('detection plans', () => {
  it('start from an index: no detection scans all nodes', async () => {
    for (const detection of detections) {
      const { summary } = await testDriver().executeQuery(
        `EXPLAIN ${detection.query}`,
        {},
        { database: 'neo4j' },
      );
      const operators: string[] = [];
      const walk = (plan: { operatorType: string; children: unknown[] }) => {
        operators.push(plan.operatorType);
        for (const child of plan.children) walk(child as typeof plan);
      };
      walk(summary.plan as unknown as { operatorType: string; children: unknown[] });
      expect(
        operators.filter((op) => op.startsWith('AllNodesScan')),
        detection.id,
      ).toEqual([]);
      expect(
        operators.some((op) => /IndexSeek|ByLabelScan|RelationshipTypeScan|UnionNodeByLabelsScan/.test(op)),
        `${detection.id}: ${operators.join(', ')}`,
      ).toBe(true);
    }
  });
});

describe('the Neo4j Browser kit', () => {
  it('runs every exploration query as it is', async () => {
    for (const exploration of await loadExplorations()) {
      // With the `:param` examples of its header, evaluated by Neo4j as Browser evaluates them.
      const params: Record<string, unknown> = {};
      for (const param of exploration.params) {
        const [row] = await cypher<{ value: unknown }>(`RETURN ${param.example} AS value`);
        params[param.name] = row!.value;
      }
      const { records } = await testDriver().executeQuery(exploration.query, params, { database: 'neo4j' });
      expect(Array.isArray(records), exploration.title).toBe(true);
    }
    const exposure = (await loadExplorations()).find((e) => e.title.includes('every internet entry point'))!;
    const { records } = await testDriver().executeQuery(exposure.query, {}, { database: 'neo4j' });
    const entries = new Set(
      records.map(
        (record) =>
          (record.get('exposure') as { segments: { end: { properties: { name?: string; id: string } } }[] })
            .segments[0]!.end.properties.id,
      ),
    );
    // Public entry points of the fixture: orders, reports, chat, legacy, alb-fn, open-invoke, deputy,
    // cred-cors, token-check; the blocked URL and the internal rule (not_exposed) are not entry points.
    expect(entries.size).toBeGreaterThanOrEqual(9);
    expect(entries).toContain('arn:aws:lambda:us-east-1:111122223333:function:cred-cors');
    expect(entries).not.toContain('arn:aws:lambda:us-east-1:111122223333:function:blocked-url');
    expect(entries).not.toContain(
      'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/internal/1/2/3',
    );
  });
});
