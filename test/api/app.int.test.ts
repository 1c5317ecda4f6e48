/**
 * The REST API and the web UI against a real Neo4j holding the demo estate (src/demo/estate.ts). Expected
 * verdicts come from the demo's declared expectations (DEMO_EXPECTATIONS) and the contract, never from the
 * query layer under test.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppOptions, buildApp } from '../../src/api/app.js';
import { loadAndAnalyze } from '../../src/cli/pipeline.js';
import { buildDemoEstate, DEMO_EXPECTATIONS } from '../../src/demo/estate.js';
import { loadDetections } from '../../src/findings/detections.js';
import { type Finding, SEVERITIES } from '../../src/findings/finding.js';
import { nodeByIdClause } from '../../src/graph/cypher.js';
import { createDriver } from '../../src/graph/driver.js';
import { createLogger } from '../../src/log.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { launchChromium, watchedPage } from '../support/browser.js';
import { cypher, testDriver } from '../support/graph.js';

const logger = createLogger('silent');
const DEMO_ACCOUNT = '111111111111';
const EVIL_NAME = '<img src=x onerror=alert(1)>';
const EVIL_ID = 'e0e0e0e0e0e0e0e0e0e0e0e0';
const artifacts = path.resolve(import.meta.dirname, '../../test-artifacts');

let app: FastifyInstance;

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url, headers });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body,
    json: () => response.json(),
  };
}

function appFor(driver: Driver, tokens: string[] = [], extra: Partial<AppOptions> = {}) {
  return buildApp({
    driver,
    database: 'neo4j',
    logger,
    tokens,
    version: 'test',
    rateLimitPerMinute: 100_000,
    // Entries are kept, but the analysis stamp is read on every request: a finding planted (and stamped)
    // by a test shows at once.
    findingsCache: { checkEveryMs: 0, maxPages: 256, maxFindings: 1_000 },
    ...extra,
  });
}

/** A finding whose names are markup: what anyone who can name an AWS resource could write. */
async function plantHostileFinding(): Promise<void> {
  await plantFinding();
  // As an analysis does once it stored its findings (src/findings/history.ts): readers' caches go stale.
  await cypher('MATCH (s:Scan) SET s.findingsRecordedAt = toString(datetime.realtime())');
}

async function plantFinding(id = EVIL_ID): Promise<void> {
  const fn = `arn:aws:lambda:us-east-1:${DEMO_ACCOUNT}:function:evil`;
  const pathJson = JSON.stringify([
    { id: 'internet', labels: ['Internet'], name: 'internet' },
    { id: fn, labels: ['LambdaFunction'], name: EVIL_NAME },
  ]);
  await cypher(
    `CREATE (:Finding {id: $id, detection: 'function-url-privileged-role', severity: 'critical', severityRank: 0,
       title: $title, exposure: 'public_unauthenticated', privilege: 'admin', status: 'new',
       entryPointJson: '{"kind":"function_url","arn":null,"name":null}', functionArn: $fn,
       functionJson: $functionJson, accountId: $account, region: 'us-east-1', pathJson: $pathJson,
       evidenceJson: '[]', remediation: 'none', firstSeen: '2026-11-28T02:00:00.000Z',
       lastSeen: '2026-11-28T02:00:00.000Z', confidence: 'high'})`,
    {
      id,
      title: `Public function URL runs as a privileged role: ${EVIL_NAME}`,
      fn,
      functionJson: JSON.stringify({ arn: fn, name: EVIL_NAME, qualifier: null }),
      account: DEMO_ACCOUNT,
      pathJson,
    },
  );
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-api-demo-'));
  try {
    const estate = buildDemoEstate();
    await writeSnapshot(dir, estate.manifest, estate.units as never);
    await loadAndAnalyze(testDriver(), 'neo4j', dir, logger, { urlInvokeRuleDate: undefined });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  app = await appFor(testDriver());
});

afterAll(async () => {
  await app?.close();
});

describe('GET /findings', () => {
  it('lists the demo findings most severe first, critical ones exactly for the functions the demo declares critical', async () => {
    const all = await get('/findings?limit=200');
    expect(all.status).toBe(200);
    const page = all.json() as { total: number; items: Finding[] };
    expect(page.items).toHaveLength(page.total);
    const ranks = page.items.map((finding) => SEVERITIES.indexOf(finding.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(page.items.map((finding) => finding.status))).toEqual(new Set(['new']));

    const critical = (await get('/findings?severity=critical&limit=200')).json() as { items: Finding[] };
    const criticalFunctions = new Set(critical.items.map((finding) => finding.function?.name));
    expect([...criticalFunctions].sort()).toEqual(
      DEMO_EXPECTATIONS.filter((e) => e.severity === 'critical')
        .map((e) => e.function)
        .sort(),
    );
    expect(critical.items.every((finding) => finding.severity === 'critical')).toBe(true);
  });

  it('filters by minimum severity, exposure, privilege, detection, account and region', async () => {
    const cases: [string, (finding: Finding) => boolean][] = [
      ['minSeverity=high', (f) => f.severity === 'critical' || f.severity === 'high'],
      ['exposure=public_unauthenticated', (f) => f.exposure === 'public_unauthenticated'],
      [
        'privilege=admin&privilege=sensitive_data',
        (f) => f.privilege === 'admin' || f.privilege === 'sensitive_data',
      ],
      ['detection=function-url-privileged-role', (f) => f.detection === 'function-url-privileged-role'],
      ['account=222222222222', (f) => f.accountId === '222222222222'],
      ['region=us-east-1', (f) => f.region === 'us-east-1'],
    ];
    const everything = ((await get('/findings?limit=200')).json() as { items: Finding[] }).items;
    for (const [query, holds] of cases) {
      const response = await get(`/findings?${query}&limit=200`);
      expect(response.status, query).toBe(200);
      const items = (response.json() as { items: Finding[] }).items;
      expect(items.map((f) => f.id).sort(), query).toEqual(
        everything
          .filter(holds)
          .map((f) => f.id)
          .sort(),
      );
    }
    const none = (await get('/findings?region=ap-south-2')).json() as { total: number; items: Finding[] };
    expect(none).toMatchObject({ total: 0, items: [] });
  });

  it('pages through every finding once, in order, and refuses pages beyond the hard maximum', async () => {
    const everything = ((await get('/findings?limit=200')).json() as { items: Finding[] }).items;
    const paged: string[] = [];
    for (let offset = 0; offset < everything.length; offset += 4) {
      const page = (await get(`/findings?offset=${offset}&limit=4`)).json() as {
        total: number;
        items: Finding[];
      };
      expect(page.total).toBe(everything.length);
      paged.push(...page.items.map((finding) => finding.id));
    }
    expect(paged).toEqual(everything.map((finding) => finding.id));

    for (const [query, field] of [
      ['limit=201', 'query.limit'],
      ['limit=0', 'query.limit'],
      ['offset=100001', 'query.offset'],
      ['offset=-1', 'query.offset'],
      ['limit=ten', 'query.limit'],
      ['severity=urgent', 'query.severity.0'],
      ['minSeverity=worst', 'query.minSeverity'],
      ['account=12345', 'query.account'],
      ['region=moon', 'query.region'],
      ['sort=title', 'query.sort'],
    ]) {
      const response = await get(`/findings?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json(), query).toMatchObject({ status: 400, field });
      expect(response.body).not.toMatch(/\bat .*\.js:\d+/);
    }
  });
});

describe('GET /findings/{id}', () => {
  it('returns the finding with its path from the internet and evidence per hop; 404 and 400 otherwise', async () => {
    const [first] = ((await get('/findings?severity=critical&limit=1')).json() as { items: Finding[] }).items;
    const one = await get(`/findings/${first!.id}`);
    expect(one.status).toBe(200);
    const finding = one.json() as Finding;
    expect(finding).toEqual(first);
    expect(finding.path[0]).toMatchObject({ id: 'internet', labels: ['Internet'] });
    expect(finding.path.at(-1)?.labels).toEqual(['Capability']);
    expect(finding.evidence.length).toBeGreaterThan(0);

    const unknown = await get('/findings/0123456789abcdef01234567');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, field: 'params.id' });
    expect((await get('/findings/not-an-id')).json()).toMatchObject({ status: 400, field: 'params.id' });
  });
});

describe('graph routes', () => {
  const billing = `arn:aws:lambda:us-east-1:${DEMO_ACCOUNT}:function:billing-webhook`;
  const billingRole = `arn:aws:iam::${DEMO_ACCOUNT}:role/billing-webhook-role`;

  it('GET /functions lists exposed functions, the admin ones first, and filters by tier', async () => {
    const page = (await get('/functions?limit=200')).json() as {
      items: { arn: string; name: string; tier: string; exposure: string }[];
    };
    const entry = page.items.find((fn) => fn.arn === billing);
    // The demo: billing-webhook has a public URL (NONE + both grants) and runs as AdministratorAccess.
    expect(entry).toMatchObject({ tier: 'admin', exposure: 'public_unauthenticated' });
    expect(page.items.every((fn) => fn.exposure !== 'not_exposed')).toBe(true);
    const firstNonAdmin = page.items.findIndex((fn) => fn.tier !== 'admin');
    expect(page.items.slice(firstNonAdmin).some((fn) => fn.tier === 'admin')).toBe(false);
    const admins = (await get('/functions?tier=admin&limit=200')).json() as { items: { tier: string }[] };
    expect(admins.items.length).toBe(firstNonAdmin === -1 ? page.items.length : firstNonAdmin);
  });

  it('GET /functions/{arn} gives the entry point with its authentication, the role and the findings', async () => {
    const response = await get(`/functions/${encodeURIComponent(billing)}`);
    expect(response.status).toBe(200);
    const view = response.json();
    expect(view.role).toMatchObject({ arn: billingRole, effectiveTier: 'admin' });
    expect(view.entryPoints).toContainEqual(
      expect.objectContaining({
        labels: ['LambdaFunctionUrl'],
        exposure: 'public_unauthenticated',
        authentication: expect.stringMatching(/^none\b/),
      }),
    );
    expect(view.findings.map((f: Finding) => f.detection)).toContain('function-url-privileged-role');
    const missing = await get(`/functions/${encodeURIComponent(`${billing}-gone`)}`);
    expect(missing.status).toBe(404);
  });

  it('GET /roles/{arn} gives capabilities, controllers and the functions running as the role', async () => {
    const view = (await get(`/roles/${encodeURIComponent(billingRole)}`)).json();
    expect(view).toMatchObject({ arn: billingRole, tier: 'admin', effectiveTier: 'admin' });
    expect(view.capabilities.length).toBeGreaterThan(0);
    expect(view.functions).toEqual([{ arn: billing, name: 'billing-webhook' }]);
    expect((await get(`/roles/${encodeURIComponent(`${billingRole}-gone`)}`)).status).toBe(404);
  });

  it('GET /paths from the internet lists finding paths at least as privileged as asked; from a role, its reach', async () => {
    const fromInternet = (await get('/paths?minTier=admin&limit=200')).json();
    expect(fromInternet.items.length).toBeGreaterThan(0);
    expect(fromInternet.items.every((item: { privilege: string }) => item.privilege === 'admin')).toBe(true);
    const fromRole = (await get(`/paths?from=${encodeURIComponent(billingRole)}`)).json();
    expect(fromRole.principal).toMatchObject({ principal: billingRole, effectiveTier: 'admin' });
    expect((await get('/paths?from=arn:aws:iam::999999999999:role/none')).status).toBe(404);
  });

  it("GET /roles/{arn} names who can assume or pass the role and who can replace its functions' code", async () => {
    // Demo declarations (src/demo/estate.ts): chat-connect-role may lambda:UpdateFunctionCode on
    // payments-processor, which runs as payments-processor-role; orders-api-role may iam:PassRole on
    // role/* of the account; ops-admin trusts legacy-upload-role, whose policy allows sts:AssumeRole on it.
    const role = (name: string) => `arn:aws:iam::${DEMO_ACCOUNT}:role/${name}`;
    const payments = (await get(`/roles/${encodeURIComponent(role('payments-processor-role'))}`)).json();
    expect(payments.codeUpdaters).toContainEqual(
      expect.objectContaining({
        principal: role('chat-connect-role'),
        type: 'CAN_UPDATE_CODE',
        function: {
          arn: `arn:aws:lambda:us-east-1:${DEMO_ACCOUNT}:function:payments-processor`,
          name: 'payments-processor',
        },
      }),
    );
    expect(payments.controlledBy).toContainEqual(
      expect.objectContaining({ principal: role('orders-api-role'), type: 'CAN_PASS_ROLE' }),
    );
    const opsAdmin = (await get(`/roles/${encodeURIComponent(role('ops-admin'))}`)).json();
    expect(opsAdmin.controlledBy).toContainEqual(
      expect.objectContaining({ principal: role('legacy-upload-role'), type: 'CAN_ASSUME' }),
    );
    // Nobody may update the billing function's code: the list is there, empty.
    expect((await get(`/roles/${encodeURIComponent(billingRole)}`)).json().codeUpdaters).toEqual([]);
  });

  it('finds the start of a neighbourhood through the id constraints, never by reading every node', async () => {
    const { summary } = await testDriver().executeQuery(
      `EXPLAIN ${nodeByIdClause('start')} RETURN start`,
      { id: billing },
      { database: 'neo4j' },
    );
    const operators: string[] = [];
    const walk = (plan: { operatorType: string; children: unknown[] }) => {
      operators.push(plan.operatorType.replace(/@.*/, ''));
      for (const child of plan.children) walk(child as typeof plan);
    };
    walk(summary.plan as unknown as { operatorType: string; children: unknown[] });
    expect(operators).toContain('NodeUniqueIndexSeek');
    expect(operators.filter((op) => /AllNodesScan|NodeByLabelScan/.test(op))).toEqual([]);
  });

  it('GET /graph/neighborhood is bounded and names its nodes', async () => {
    const around = (await get(`/graph/neighborhood?id=${encodeURIComponent(billing)}`)).json();
    expect(around.nodes).toContainEqual({
      id: billingRole,
      labels: ['AWSPrincipal', 'AWSRole'],
      name: 'billing-webhook-role',
    });
    expect(around.edges).toContainEqual({ source: billing, target: billingRole, type: 'EXECUTION_ROLE' });
    const small = (await get(`/graph/neighborhood?id=${encodeURIComponent(billing)}&depth=2&limit=2`)).json();
    expect(small.edges).toHaveLength(2);
    expect(small.truncated).toBe(true);
    expect((await get('/graph/neighborhood?id=nothing-here')).status).toBe(404);
    expect((await get('/graph/neighborhood?id=x&depth=3')).status).toBe(400);
  });

  it('GET /detections and /detections/{id} serve the cypher/detections files', async () => {
    const files = await loadDetections();
    const listed = (await get('/detections')).json() as { id: string }[];
    expect(listed.map((d) => d.id)).toEqual(files.map((d) => d.id));
    const one = (await get('/detections/function-url-privileged-role')).json();
    expect(one.query).toBe(files.find((d) => d.id === 'function-url-privileged-role')!.query);
    expect((await get('/detections/no-such-rule')).status).toBe(404);
  });

  it('GET /scans and /scans/{id} show the demo scan, complete and without gaps', async () => {
    const scans = (await get('/scans')).json();
    expect(scans.items.map((scan: { id: string }) => scan.id)).toContain('demo-2026-11-28');
    const scan = (await get('/scans/demo-2026-11-28')).json();
    expect(scan).toMatchObject({ id: 'demo-2026-11-28', status: 'complete', gaps: [] });
    expect((await get('/scans/no-such-scan')).status).toBe(404);
    const diff = await get('/diff?from=demo-2026-11-28&to=demo-2026-11-28');
    expect(diff.status).toBe(200);
    expect(diff.json()).toMatchObject({ new: [], resolved: [], changed: [] });
    expect((await get('/diff?from=demo-2026-11-28&to=missing')).status).toBe(404);
  });

  it('POST /scans answers 501 on an app built without a scan runner', async () => {
    const response = await app.inject({ method: 'POST', url: '/scans', payload: {} });
    expect(response.statusCode).toBe(501);
  });
});

describe('hostile input', () => {
  const payloads = [
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    '`) DETACH DELETE n //',
    '$id',
    EVIL_NAME,
    '\u202e\u0000\u001b[31m',
    'x'.repeat(3000),
  ];
  const routes = [
    (p: string) => `/findings/${encodeURIComponent(p)}`,
    (p: string) => `/findings?detection=${encodeURIComponent(p)}`,
    (p: string) => `/findings?account=${encodeURIComponent(p)}`,
    (p: string) => `/findings?region=${encodeURIComponent(p)}`,
    (p: string) => `/findings?status=${encodeURIComponent(p)}`,
    (p: string) => `/functions/${encodeURIComponent(p)}`,
    (p: string) => `/functions/${encodeURIComponent(`arn:aws:lambda:${p}`)}`,
    (p: string) => `/roles/${encodeURIComponent(`arn:aws:iam::${p}`)}`,
    (p: string) => `/paths?from=${encodeURIComponent(`arn:aws:iam::${p}`)}`,
    (p: string) => `/graph/neighborhood?id=${encodeURIComponent(p)}`,
    (p: string) => `/detections/${encodeURIComponent(p)}`,
    (p: string) => `/scans/${encodeURIComponent(p)}`,
    (p: string) => `/diff?from=${encodeURIComponent(p)}&to=demo-2026-11-28`,
  ];

  it('refuses or misses every injection attempt in every string parameter, and the graph is unchanged', async () => {
    const [before] = await cypher<{ nodes: number }>('MATCH (n) RETURN count(n) AS nodes');
    for (const route of routes) {
      for (const payload of payloads) {
        const url = route(payload);
        const response = await get(url);
        // 414: a path parameter longer than the router accepts.
        expect([400, 404, 414], url).toContain(response.status);
        expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
        expect(response.body, url).not.toContain('<img');
      }
    }
    const [after] = await cypher<{ nodes: number }>('MATCH (n) RETURN count(n) AS nodes');
    expect(after).toEqual(before);
  });

  it('refuses bodies over the limit and unknown body fields', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/scans',
      payload: { regions: ['x'.repeat(20_000)] },
    });
    expect(big.statusCode).toBe(413);
    const unknown = await app.inject({ method: 'POST', url: '/scans', payload: { script: 'rm -rf /' } });
    expect(unknown.json()).toMatchObject({ status: 400, field: 'body.script' });
  });
});

describe('authentication', () => {
  let secured: FastifyInstance;
  beforeAll(async () => {
    secured = await appFor(testDriver(), ['first-secret', 'second-secret']);
  });
  afterAll(async () => secured?.close());

  const call = (url: string, authorization?: string) =>
    secured.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  it('refuses data without a token or with a wrong one, accepts every configured token', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong',
      'Bearer first-secre',
      'Basic Zmlyc3Qtc2VjcmV0',
      'first-secret',
    ]) {
      const response = await call('/findings', authorization);
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.body).not.toContain('secret');
    }
    expect((await call('/findings', 'Bearer first-secret')).statusCode).toBe(200);
    expect((await call('/findings', 'bearer second-secret')).statusCode).toBe(200);
    expect((await call(`/findings/${EVIL_ID}`)).statusCode).toBe(401);
    expect((await call('/nowhere')).statusCode).toBe(401);
  });

  it('serves the health check, the UI files and the API documents without a token', async () => {
    for (const url of ['/health', '/ui/', '/ui/app.js', '/openapi.json', '/docs/']) {
      expect((await call(url)).statusCode, url).toBe(200);
    }
  });

  it('without configured tokens (loopback dev mode) the API is open', async () => {
    expect((await get('/findings')).status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends a Content-Security-Policy without inline script, and no CORS headers', async () => {
    const response = await get('/ui/', { origin: 'https://evil.example' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1, lists every route, and its schemas compile and describe real responses', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const expected = [
      '/health',
      '/findings',
      '/findings/{id}',
      '/functions',
      '/functions/{arn}',
      '/roles/{arn}',
      '/paths',
      '/graph/neighborhood',
      '/detections',
      '/detections/{id}',
      '/scans',
      '/scans/{id}',
      '/scan-jobs/{id}',
      '/diff',
    ];
    expect(Object.keys(doc.paths).sort()).toEqual(expected.sort());
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, 'openapi');
    for (const [route, operations] of Object.entries(doc.paths) as [
      string,
      Record<string, { responses: Record<string, unknown> }>,
    ][]) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.responses, `${method} ${route}`).toBeDefined();
        for (const status of Object.keys(operation.responses)) {
          const pointer = `openapi#/paths/${route.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${status}/content/application~1json/schema`;
          expect(() => ajv.compile({ $ref: pointer }), pointer).not.toThrow();
        }
      }
    }
    const validatePage = ajv.compile({
      $ref: 'openapi#/paths/~1findings/get/responses/200/content/application~1json/schema',
    });
    expect(validatePage((await get('/findings?limit=5')).json()), JSON.stringify(validatePage.errors)).toBe(
      true,
    );
  });
});

describe('findings kept in memory', () => {
  it('keeps an answer until an analysis stamps its scan, then serves the new findings without a restart', async () => {
    const id = 'f0f0f0f0f0f0f0f0f0f0f0f0';
    const stamp = () => cypher('MATCH (s:Scan) SET s.findingsRecordedAt = toString(datetime.realtime())');
    expect((await get(`/findings/${id}`)).status).toBe(404);
    await plantFinding(id);
    // Written outside an analysis (no stamp): the kept answer stands.
    expect((await get(`/findings/${id}`)).status).toBe(404);
    await stamp();
    expect((await get(`/findings/${id}`)).status).toBe(200);
    await cypher('MATCH (f:Finding {id: $id}) DETACH DELETE f', { id });
    await stamp();
    expect((await get(`/findings/${id}`)).status).toBe(404);
  });
});

describe('read-only Cypher endpoint', () => {
  const token = 'cypher-test-token-0123456789';
  let cypherApp: FastifyInstance;
  const post = (query: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    cypherApp.inject({ method: 'POST', url: '/cypher', payload: { query }, headers });
  const nodeCount = async () => (await cypher<{ n: number }>('MATCH (n) RETURN count(n) AS n'))[0]!.n;

  beforeAll(async () => {
    cypherApp = await appFor(testDriver(), [token], { cypher: { timeoutMs: 1_000, maxRows: 5 } });
  });
  afterAll(async () => {
    await cypherApp?.close();
  });

  it('is off unless enabled: no such route', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/cypher', payload: { query: 'RETURN 1' } })).statusCode,
    ).toBe(404);
    expect(Object.keys((await get('/openapi.json')).json().paths)).not.toContain('/cypher');
  });

  it('runs reads, caps the rows, and needs the token like every data route', async () => {
    const read = await post("MATCH (r:AWSRole {name: 'billing-webhook-role'}) RETURN r.name AS name, r");
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      columns: ['name', 'r'],
      rows: [['billing-webhook-role', { labels: expect.arrayContaining(['AWSRole']) }]],
      truncated: false,
    });
    const many = (await post('UNWIND range(1, 100) AS n RETURN n')).json();
    expect(many).toEqual({ columns: ['n'], rows: [[1], [2], [3], [4], [5]], truncated: true });
    expect((await post('CALL db.labels()')).statusCode).toBe(200);
    expect((await post('RETURN 1', {})).statusCode).toBe(401);
    expect((await post('RETURN 1', { authorization: 'Bearer wrong' })).statusCode).toBe(401);
  });

  it('refuses writes, writing or administrative procedures, files and server commands, and writes nothing', async () => {
    const before = await nodeCount();
    const refused: [string, number][] = [
      ["CREATE (n:Planted {id: 'x'}) RETURN n", 403],
      ["MERGE (n:Planted {id: 'x'}) RETURN n", 403],
      ['MATCH (n:Finding) DETACH DELETE n', 403],
      ["MATCH (n:Finding) SET n.status = 'resolved'", 403],
      ['MATCH (n:Finding) REMOVE n.status', 403],
      ["CALL db.createLabel('Planted')", 403],
      ['CALL db.clearQueryCaches()', 403],
      ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 403],
      ["CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})", 400],
      ["CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')", 400],
      ['TERMINATE TRANSACTIONS "neo4j-transaction-1"', 403],
      ['SHOW TRANSACTIONS', 403],
      ['MATCH (n RETURN n', 400],
    ];
    for (const [query, status] of refused) {
      const response = await post(query);
      expect(response.statusCode, query).toBe(status);
      expect(response.json(), query).toMatchObject({ status, field: 'body.query' });
      expect(response.body, query).not.toMatch(/\bat .*\.js:\d+/);
    }
    expect(await nodeCount()).toBe(before);
  });

  it('stops a query at its timeout', async () => {
    const slow = await post('UNWIND range(1, 1000000000) AS n WITH n WHERE n < 0 RETURN count(n) AS c');
    expect(slow.statusCode).toBe(408);
    expect(slow.json()).toMatchObject({ title: 'Query timed out' });
  });

  it('is in the OpenAPI document when enabled', async () => {
    const doc = (await cypherApp.inject({ url: '/openapi.json' })).json();
    expect(doc.paths['/cypher'].post.requestBody.content['application/json'].schema.required).toEqual([
      'query',
    ]);
    expect(Object.keys(doc.paths['/cypher'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '408']),
    );
  });
});

describe('Neo4j down and back', () => {
  it('answers 503 with a clear body while the graph is unreachable, and recovers without a restart', async () => {
    const target = new URL(inject('neo4jUri'));
    const sockets = new Set<net.Socket>();
    const proxy = () =>
      net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => sockets.delete(socket));
        }
        client.pipe(upstream).pipe(client);
      });
    let server = proxy();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const driver = createDriver(
      { uri: `bolt://127.0.0.1:${port}`, username: undefined, password: undefined, database: 'neo4j' },
      { connectionTimeoutMs: 2_000, maxRetryTimeMs: 1_000 },
    );
    const flaky = await appFor(driver);
    try {
      expect((await flaky.inject('/health')).statusCode).toBe(200);
      // Drop the open connections first: close() waits for them.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));

      for (const url of ['/health', '/findings']) {
        const down = await flaky.inject(url);
        expect(down.statusCode, url).toBe(503);
        expect(down.json()).toMatchObject({ status: 503, title: 'Graph unavailable' });
        expect(down.body).not.toMatch(/\bat .*\.js:\d+/);
      }

      server = proxy();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      const back = await flaky.inject('/findings?limit=1');
      expect(back.statusCode).toBe(200);
    } finally {
      await flaky.close();
      await driver.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('web UI (chromium)', () => {
  it('filters to critical, opens a finding and draws its attack path; hostile names stay text', async () => {
    await plantHostileFinding();
    await mkdir(artifacts, { recursive: true });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await launchChromium();
    let problems: string[] = [];
    try {
      const watched = await watchedPage(browser, { width: 1280, height: 900 });
      const page = watched.page;
      problems = watched.problems;

      await page.goto(`${address}/ui/`);
      await page.waitForSelector('tbody tr');
      await page.selectOption('#f-severity', 'critical');
      await page.getByRole('button', { name: 'Apply' }).click();
      // Browser-side expressions as text: the test project is compiled without the DOM library. Polled
      // with page.evaluate (the debugging protocol): waitForFunction's page-side polling evaluates the text
      // in the page, which the UI's Content-Security-Policy (no unsafe-eval) rightly forbids.
      const inPage = (expression: string) =>
        expect.poll(() => page.evaluate(expression), { timeout: 15_000 });
      await inPage("location.hash.includes('severity=critical')").toBe(true);
      await inPage(
        "document.querySelectorAll('tbody tr').length > 0 && document.querySelectorAll('tbody tr .badge.sev-critical').length === document.querySelectorAll('tbody tr').length",
      ).toBe(true);
      const titles = await page.locator('tbody tr td:nth-child(3)').allTextContents();
      expect(titles).toContain(`Public function URL runs as a privileged role: ${EVIL_NAME}`);
      expect(await page.locator('main img').count()).toBe(0);

      await page
        .getByRole('link', { name: 'Public function URL runs as a privileged role: billing-webhook' })
        .click();
      await page.waitForSelector('#graph canvas');
      // The names cytoscape renders, from the instance it registers on its container.
      const nodeNames = (await page.evaluate(
        "document.getElementById('graph')._cyreg.cy.nodes().map((node) => node.data('name'))",
      )) as string[];
      // Internet → function URL → function → its role → the capability (domain: a public URL to an admin role).
      expect(nodeNames).toHaveLength(5);
      expect(nodeNames[1]).toMatch(/^https:\/\/[a-z0-9]+\.lambda-url\.us-east-1\.on\.aws\/$/);
      expect([nodeNames[0], ...nodeNames.slice(2)]).toEqual([
        'internet',
        'billing-webhook',
        'billing-webhook-role',
        'admin',
      ]);
      expect(page.url()).toMatch(/#\/findings\/[0-9a-f]{24}$/);
      await page.screenshot({ path: path.join(artifacts, 'finding.png'), fullPage: true });

      await page.goto(`${address}/ui/#/findings/${EVIL_ID}`);
      await page.waitForSelector('#graph canvas');
      await expect.poll(() => page.locator('h1').textContent()).toContain(EVIL_NAME);
      expect(await page.locator('main img').count()).toBe(0);
      await page.screenshot({ path: path.join(artifacts, 'hostile-finding.png'), fullPage: true });

      // The role page says who can replace the code of its functions (demo: chat-connect-role may
      // lambda:UpdateFunctionCode on payments-processor) and who can pass it (orders-api-role, iam:PassRole).
      const paymentsRole = `arn:aws:iam::${DEMO_ACCOUNT}:role/payments-processor-role`;
      await page.goto(`${address}/ui/#/roles/${encodeURIComponent(paymentsRole)}`);
      const updaters = page.locator('[data-section="code-updaters"] li');
      await expect
        .poll(() => updaters.allTextContents())
        .toContainEqual(
          expect.stringContaining('chat-connect-role may replace the code of payments-processor'),
        );
      expect(await page.locator('[data-section="CAN_PASS_ROLE"] li').allTextContents()).toContainEqual(
        expect.stringContaining('orders-api-role'),
      );
      await page.screenshot({ path: path.join(artifacts, 'role.png'), fullPage: true });
    } finally {
      await browser.close();
      await cypher('MATCH (f:Finding {id: $id}) DETACH DELETE f', { id: EVIL_ID });
    }
    expect(problems).toEqual([]);
  });
});
