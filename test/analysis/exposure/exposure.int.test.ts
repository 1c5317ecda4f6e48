/**
 * The exposure analysis against a real Neo4j: a snapshot of the fixture estate (AWS shapes) is loaded
 * with the loader, analyzed, and the derived EXPOSES / REACHES / exposure facts are asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExposure } from '../../../src/analysis/exposure.js';
import { loadSnapshot } from '../../../src/graph/load-snapshot.js';
import { createLogger } from '../../../src/log.js';
import { REST_API_ID } from '../../fixtures/exposure/api-gateway-rest.js';
import { API_ID } from '../../fixtures/exposure/api-gateway-v2.js';
import { LB_ARN, LISTENER_ARN } from '../../fixtures/exposure/elbv2.js';
import {
  ALB_WEB_ACL_ARN,
  DISTRIBUTION_ARN,
  ESTATE_FUNCTIONS as F,
  INTERNAL_LISTENER_ARN,
  INTRANET_LISTENER_ARN,
  PRIVATE_REST_API_ID,
  STAGE_WEB_ACL_ARN,
  UNCOLLECTED_WEB_ACL_ARN,
  writeEstateSnapshot,
} from '../../fixtures/exposure/estate.js';
import { REGION } from '../../fixtures/exposure/lambda.js';
import { cypher, testDriver } from '../../support/graph.js';

const logger = createLogger('silent');
const NOW = new Date('2026-11-28T12:00:00Z');
const V2_API = `arn:aws:apigateway:${REGION}::/apis/${API_ID}`;
const REST_API = `arn:aws:apigateway:${REGION}::/restapis/${REST_API_ID}`;

interface Exposed {
  entry: string;
  labels: string[];
  exposure: string;
  entryKind: string;
  authentication: string;
  blockedBy: string | null;
  grantsCodeUpdate: boolean;
  evidence: { text: string; source: string }[];
  reaches: string[];
  entryExposure: string | null;
}

async function exposures(): Promise<Map<string, Exposed[]>> {
  const rows = await cypher<Exposed & { evidenceJson: string }>(
    `MATCH (:Internet {id: 'internet'})-[e:EXPOSES]->(entry)
     RETURN entry.id AS entry, labels(entry) AS labels, e.exposure AS exposure, e.entryKind AS entryKind,
       e.authentication AS authentication, e.blockedBy AS blockedBy, e.grantsCodeUpdate AS grantsCodeUpdate,
       e.evidenceJson AS evidenceJson, entry.exposure AS entryExposure,
       COLLECT { MATCH (entry)-[:REACHES]->(t) RETURN t.id ORDER BY t.id } AS reaches
     ORDER BY entry, exposure`,
  );
  const byEntry = new Map<string, Exposed[]>();
  for (const row of rows) {
    byEntry.set(row.entry, [
      ...(byEntry.get(row.entry) ?? []),
      { ...row, evidence: JSON.parse(row.evidenceJson) },
    ]);
  }
  return byEntry;
}

async function single(entry: string): Promise<Exposed> {
  const list = (await exposures()).get(entry);
  expect(list, `EXPOSES for ${entry}`).toHaveLength(1);
  return list![0]!;
}

describe('analyzeExposure', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-exposure-'));
    await writeEstateSnapshot(dir);
    const loaded = await loadSnapshot(testDriver(), 'neo4j', dir, logger);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.failed).toEqual([]);
    await analyzeExposure(testDriver(), { database: 'neo4j', now: NOW });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one Internet node', async () => {
    expect(await cypher('MATCH (i:Internet) RETURN i.id AS id')).toEqual([{ id: 'internet' }]);
  });

  it('function URL with both public grants: public, reaches its function, with evidence', async () => {
    const url = await single(F.publicUrl);
    expect(url).toMatchObject({
      exposure: 'public_unauthenticated',
      entryKind: 'function_url',
      entryExposure: 'public_unauthenticated',
      reaches: [F.publicUrl],
    });
    expect(url.labels).toContain('LambdaFunctionUrl');
    expect(url.evidence.map((e) => e.text).join('\n')).toMatch(/FunctionURLAllowPublicAccess/);
  });

  it('look-alike: function URL without a grant is not exposed', async () => {
    expect(await single(F.noGrantUrl)).toMatchObject({
      exposure: 'not_exposed',
      blockedBy: 'no_public_url_grant',
    });
  });

  it('alias URL judged against the alias policy reaches the alias', async () => {
    expect(await single(`${F.aliasUrl}:live`)).toMatchObject({
      exposure: 'public_unauthenticated',
      reaches: [`${F.aliasUrl}:live`],
    });
  });

  it('resource policies: public Invoke and cross-account code update on the function itself', async () => {
    expect(await single(F.publicInvoke)).toMatchObject({
      exposure: 'public_weak_auth',
      entryKind: 'resource_policy',
      entryExposure: null,
      reaches: [],
    });
    expect(await single(F.crossAccount)).toMatchObject({ exposure: 'cross_account', grantsCodeUpdate: true });
  });

  it('HTTP API: $default NONE is public, the JWT route is authenticated', async () => {
    expect(await single(`${V2_API}/routes/rdefault`)).toMatchObject({
      exposure: 'public_unauthenticated',
      entryKind: 'http_api_route',
      reaches: [F.httpApi],
    });
    expect(await single(`${V2_API}/routes/rme`)).toMatchObject({
      exposure: 'public_authenticated',
      reaches: [F.httpApi],
    });
  });

  it('HTTP API: the stage-variable integration reaches the alias', async () => {
    expect(await single(`${V2_API}/routes/rorders`)).toMatchObject({
      exposure: 'public_unauthenticated',
      reaches: [`${F.stageVariable}:live`],
    });
  });

  it('REST: the regional method is public, the PRIVATE one is not', async () => {
    expect(await single(`${REST_API}/resources/res001/methods/GET`)).toMatchObject({
      exposure: 'public_unauthenticated',
      entryKind: 'rest_api_method',
      reaches: [F.restApi],
    });
    const privateApi = `arn:aws:apigateway:${REGION}::/restapis/${PRIVATE_REST_API_ID}`;
    expect(await single(`${privateApi}/resources/res002/methods/GET`)).toMatchObject({
      exposure: 'not_exposed',
      blockedBy: 'private_endpoint',
    });
  });

  it('ALB: internet-facing default rule is public, the internal one is not', async () => {
    const [publicRule] = await cypher<{ id: string }>(
      'MATCH (:ELBV2Listener {id: $l})-[:HAS_RULE]->(r) RETURN r.id AS id',
      { l: LISTENER_ARN },
    );
    expect(await single(publicRule!.id)).toMatchObject({
      exposure: 'public_unauthenticated',
      entryKind: 'alb_rule',
      reaches: [F.alb],
    });
    const [internalRule] = await cypher<{ id: string }>(
      'MATCH (:ELBV2Listener {id: $l})-[:HAS_RULE]->(r) RETURN r.id AS id',
      {
        l: INTERNAL_LISTENER_ARN,
      },
    );
    expect(await single(internalRule!.id)).toMatchObject({
      exposure: 'not_exposed',
      blockedBy: 'internal_scheme',
    });
  });

  it('web ACLs on the ALB and on REST stages are mitigation evidence: the classes stay as they were', async () => {
    expect(
      await cypher(
        `MATCH (w:WAFv2WebACL:WAFv2RegionalWebACL)-[:PROTECTS]->(lb:LoadBalancerV2) RETURN w.id AS acl, lb.id AS lb
         UNION ALL
         MATCH (s:APIGatewayRestStage)-[:PROTECTED_BY]->(w) RETURN w.id AS acl, s.id AS lb ORDER BY acl`,
      ),
    ).toEqual([
      { acl: ALB_WEB_ACL_ARN, lb: LB_ARN },
      { acl: STAGE_WEB_ACL_ARN, lb: `${REST_API}/stages/prod` },
      {
        acl: UNCOLLECTED_WEB_ACL_ARN,
        lb: `arn:aws:apigateway:${REGION}::/restapis/${PRIVATE_REST_API_ID}/stages/prod`,
      },
    ]);
    const mitigation = 'may block or rate-limit requests; a WAF is a mitigation, not authentication';
    const [publicRule] = await cypher<{ id: string }>(
      'MATCH (:ELBV2Listener {id: $l})-[:HAS_RULE]->(r) RETURN r.id AS id',
      { l: LISTENER_ARN },
    );
    const rule = await single(publicRule!.id);
    expect(rule).toMatchObject({ exposure: 'public_unauthenticated', authentication: 'none' });
    expect(rule.evidence).toContainEqual({
      text: `web ACL public-web-acl (default action Allow; rules: rate-limit-per-ip) ${mitigation}`,
      source: `web ACL of ${LB_ARN}`,
    });
    const method = await single(`${REST_API}/resources/res001/methods/GET`);
    expect(method.exposure).toBe('public_unauthenticated');
    expect(method.evidence).toContainEqual({
      text: `web ACL invoices-acl (default action Block; rules: allow-partner-ranges) ${mitigation}`,
      source: `webAclArn of stage prod (${REST_API}/stages/prod)`,
    });
    const privateApi = `arn:aws:apigateway:${REGION}::/restapis/${PRIVATE_REST_API_ID}`;
    expect((await single(`${privateApi}/resources/res002/methods/GET`)).evidence).toContainEqual({
      text: `web ACL ${UNCOLLECTED_WEB_ACL_ARN} filters requests (not collected); a WAF is a mitigation, not authentication`,
      source: `webAclArn of stage prod (${privateApi}/stages/prod)`,
    });
    // The internal ALB has no web ACL: nothing is said about one.
    const internal = await single(`${INTERNAL_LISTENER_ARN}/rule/default`);
    expect(internal.evidence.filter((e) => e.text.includes('web ACL'))).toEqual([]);
  });

  it('CloudFront origins: a custom domain reaches its API, a DNS name its ALB, an origin group every member', async () => {
    const behavior = (pattern: string) => `${DISTRIBUTION_ARN}/behaviors/${pattern}`;
    const fronts = await cypher<{ behavior: string; entry: string; exposure: string }>(
      `MATCH (b:CloudFrontCacheBehavior)-[f:FRONTS]->(e)
       RETURN b.id AS behavior, e.id AS entry, f.exposure AS exposure ORDER BY behavior, entry`,
    );
    const [albRule] = await cypher<{ id: string }>(
      'MATCH (:ELBV2Listener {id: $l})-[:HAS_RULE]->(r) RETURN r.id AS id',
      { l: LISTENER_ARN },
    );
    // api.example.com maps the HTTP API: each of its routes that reaches a function is fronted, each
    // as exposed as the less exposed of the viewer (anyone) and the route (JWT: authenticated).
    expect(fronts).toEqual(
      [
        { behavior: behavior('/web/*'), entry: albRule!.id, exposure: 'public_unauthenticated' },
        {
          behavior: behavior('default'),
          entry: `${V2_API}/routes/rdefault`,
          exposure: 'public_unauthenticated',
        },
        { behavior: behavior('default'), entry: `${V2_API}/routes/rme`, exposure: 'public_authenticated' },
        {
          behavior: behavior('default'),
          entry: `${V2_API}/routes/rorders`,
          exposure: 'public_unauthenticated',
        },
      ].sort((a, b) => `${a.behavior} ${a.entry}`.localeCompare(`${b.behavior} ${b.entry}`)),
    );
    // The failover group's other member names nothing collected: unknown, never "not exposed".
    const web = await single(behavior('/web/*'));
    expect(web).toMatchObject({ exposure: 'public_unauthenticated', reaches: [F.alb] });
    const unresolved = await cypher<{ pattern: string; origins: string[] | null; confidence: string }>(
      `MATCH (:Internet)-[e:EXPOSES]->(b:CloudFrontCacheBehavior)
       RETURN b.pathPattern AS pattern, e.unresolvedOrigins AS origins, e.confidence AS confidence ORDER BY pattern`,
    );
    expect(unresolved).toEqual([
      { pattern: '*', origins: null, confidence: 'high' },
      { pattern: '/assets/*', origins: null, confidence: 'high' },
      { pattern: '/web/*', origins: ['origin legacy.example.com'], confidence: 'low' },
    ]);
    expect(web.evidence.map((e) => e.text)).toContain(
      'origin legacy.example.com resolves to nothing the scan collected: what it runs is unknown, not "not exposed"',
    );
    // An S3 bucket serves objects: the behaviour reaches no function, and that is known.
    expect(await single(behavior('/assets/*'))).toMatchObject({
      exposure: 'public_unauthenticated',
      reaches: [],
    });
    expect((await single(behavior('default'))).reaches).toEqual([F.httpApi, `${F.stageVariable}:live`]);
  });

  it('an internal ALB behind an unauthenticated HTTP API VPC-link route is public through the route', async () => {
    expect(await single(`${V2_API}/routes/rintranet`)).toMatchObject({
      exposure: 'public_unauthenticated',
      reaches: [],
    });
    const rule = await single(`${INTRANET_LISTENER_ARN}/rule/default`);
    expect(rule).toMatchObject({
      exposure: 'public_unauthenticated',
      entryKind: 'alb_rule',
      reaches: [F.intranet],
    });
    expect(rule.authentication).toMatch(/at HTTP API orders route ANY \/intranet/);
  });

  it('is idempotent: a second run replaces the derived facts with the same ones', async () => {
    const count = async () =>
      (
        await cypher<{ exposes: number; reaches: number; internet: number }>(
          `RETURN COUNT { ()-[:EXPOSES]->() } AS exposes, COUNT { ()-[:REACHES]->() } AS reaches, COUNT { (:Internet) } AS internet`,
        )
      )[0];
    const before = await count();
    const summary = await analyzeExposure(testDriver(), { database: 'neo4j', now: NOW });
    expect(await count()).toEqual(before);
    expect(summary.entryPoints).toBe(before!.exposes);
    expect(summary.reaches).toBe(before!.reaches);
  });

  it('drops facts the estate no longer supports', async () => {
    await cypher('MATCH (f:LambdaFunction {id: $id}) SET f.resourcePolicyJson = null', {
      id: F.publicInvoke,
    });
    await analyzeExposure(testDriver(), { database: 'neo4j', now: NOW });
    expect((await exposures()).get(F.publicInvoke)).toBeUndefined();
  });
});
