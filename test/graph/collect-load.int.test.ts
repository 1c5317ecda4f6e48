/**
 * `toxgraph collect` then `toxgraph load` against moto seeded through the SDK with every resource kind
 * (test/aws/estate.ts): the graph holds what AWS returned, loading twice changes nothing, no secret
 * value reaches the graph.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Estate, PLANTED_SECRETS, seedEstate } from '../aws/estate.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';
import { dumpGraph } from './dump.js';

let estate: Estate;
let dir: string;

beforeAll(async () => {
  estate = await seedEstate();
  dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-collect-load-'));
  const collect = await runCli(['collect', '--out', dir]);
  expect(collect.code, collect.stdout + collect.stderr).toBe(0);
  const load = await runCli(['load', dir]);
  expect(load.code, load.stdout + load.stderr).toBe(0);
  // Seven regional units and the account's global CloudFront unit.
  expect(load.stdout).toMatch(/: complete; 10 units loaded/);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  // test/support's wipeGraph fails on a non-empty graph; leave it empty for the next file.
  await cypher('MATCH (n) DETACH DELETE n');
});

describe('collect then load', () => {
  it('writes every label', async () => {
    const rows = await cypher<{ label: string; n: number }>(
      'MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label',
    );
    const labels = rows.map((row) => row.label);
    for (const label of [
      'AWSRole',
      'AWSUser',
      'AWSGroup',
      'AWSPolicy',
      'LambdaFunction',
      'LambdaAlias',
      'LambdaFunctionUrl',
      'APIGatewayV2Api',
      'APIGatewayV2Route',
      'APIGatewayV2Integration',
      'APIGatewayV2Authorizer',
      'APIGatewayV2Stage',
      'APIGatewayDomainName',
      'APIGatewayRestApi',
      'APIGatewayResource',
      'APIGatewayMethod',
      'APIGatewayRestAuthorizer',
      'APIGatewayRestStage',
      'LoadBalancerV2',
      'ELBV2Listener',
      'ELBV2Rule',
      'ELBV2TargetGroup',
      'EC2SecurityGroup',
      'Scan',
    ]) {
      expect(labels, label).toContain(label);
    }
  });

  // moto keeps one URL per function (it ignores the qualifier), so alias URLs are covered by the fixture
  // test (load.int.test.ts) only.
  it('links the function to its role, alias and URL', async () => {
    const rows = await cypher(
      `MATCH (f:LambdaFunction {id: $fn})-[:EXECUTION_ROLE]->(r:AWSRole)
       MATCH (f)-[:HAS_URL]->(own:LambdaFunctionUrl)
       MATCH (f)-[:HAS_ALIAS]->(a:LambdaAlias)
       RETURN r.id AS role, f.reservedConcurrency AS reserved, own.authType AS own, own.qualifier AS qualifier,
              a.id AS alias, a.resourcePolicyJson IS NOT NULL AS aliasPolicy`,
      { fn: estate.functionArn },
    );
    expect(rows).toEqual([
      {
        role: estate.roleArn,
        reserved: 7,
        own: 'NONE',
        qualifier: null,
        alias: estate.aliasArn,
        aliasPolicy: true,
      },
    ]);
  });

  it('keeps route authorization types, through to the function', async () => {
    const rows = await cypher(
      `MATCH (api:APIGatewayV2Api)-[:HAS_ROUTE]->(r:APIGatewayV2Route)
       OPTIONAL MATCH (r)-[:TARGETS]->(:APIGatewayV2Integration)-[:INVOKES]->(f)
       RETURN api.protocolType AS protocol, r.routeKey AS route, r.authorizationType AS type, f.id AS target
       ORDER BY protocol, route`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { protocol: 'HTTP', route: 'GET /public', type: 'NONE', target: estate.functionArn },
        { protocol: 'HTTP', route: 'POST /orders', type: 'JWT', target: estate.functionArn },
        expect.objectContaining({ protocol: 'WEBSOCKET', route: '$connect', type: 'CUSTOM' }),
      ]),
    );
  });

  it('keeps listener rules in priority order with ordered actions, through to the function', async () => {
    const rows = await cypher<{ priority: number | null; actions: string; target: string | null }>(
      `MATCH (:LoadBalancerV2 {id: $lb})-[:HAS_LISTENER]->(:ELBV2Listener)-[:HAS_RULE]->(r:ELBV2Rule)
       OPTIONAL MATCH (r)-[:FORWARDS_TO]->(:ELBV2TargetGroup)-[:HAS_TARGET]->(f:LambdaFunction)
       RETURN r.priority AS priority, r.actionsJson AS actions, f.id AS target ORDER BY r.priority`,
      { lb: estate.loadBalancerArn },
    );
    expect(rows.map((row) => row.priority)).toEqual([5, 20, null]);
    const types = rows.map((row) => JSON.parse(row.actions).map((action: { Type: string }) => action.Type));
    expect(types).toEqual([['forward'], ['authenticate-oidc', 'forward'], ['fixed-response']]);
    expect(JSON.parse(rows[1]!.actions)[0].AuthenticateOidcConfig.OnUnauthenticatedRequest).toBe('allow');
    expect(rows.map((row) => row.target)).toEqual([estate.functionArn, estate.functionArn, null]);
  });

  it('keeps trust conditions on TRUSTS edges', async () => {
    const rows = await cypher(
      `MATCH (:AWSRole {id: $role})-[t:TRUSTS]->(p)
       RETURN p.id AS principal, t.conditionsJson AS conditions ORDER BY principal`,
      { role: estate.roleArn },
    );
    expect(rows).toEqual([
      { principal: '210987654321', conditions: '{"StringEquals":{"sts:ExternalId":"partner-42"}}' },
      { principal: 'lambda.amazonaws.com', conditions: null },
    ]);
  });

  it('stores no environment variable value', async () => {
    const dump = JSON.stringify(await dumpGraph());
    for (const value of Object.values(PLANTED_SECRETS)) expect(dump).not.toContain(value.slice(0, 12));
    const [fn] = await cypher<{ names: string[] }>(
      'MATCH (f:LambdaFunction {id: $fn}) RETURN f.envVarNames AS names',
      {
        fn: estate.functionArn,
      },
    );
    expect(fn!.names).toEqual(expect.arrayContaining(Object.keys(PLANTED_SECRETS)));
  });

  it('changes nothing when the same snapshot is loaded again', async () => {
    const before = await dumpGraph();
    const again = await runCli(['load', dir]);
    expect(again.code).toBe(0);
    expect(await dumpGraph()).toEqual(before);
  });
});
