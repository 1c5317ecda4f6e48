/**
 * The privilege analysis end to end: roles created in moto through the AWS SDK, collected by
 * `toxgraph collect`, loaded by the loader, analyzed; tiers, capabilities and CAN_* edges are read back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePrivileges } from '../../src/analysis/privilege.js';
import { loadSnapshot } from '../../src/graph/load-snapshot.js';
import { createLogger } from '../../src/log.js';
import { ACCOUNT_ID, createFunction, createManagedPolicy, createRole } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { cypher, testDriver } from '../support/graph.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
const functionArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${name}`;
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const logs = { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' };
const lambdaAndAccountTrust = policy({
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com', AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
  Action: 'sts:AssumeRole',
});

interface RoleFacts {
  id: string;
  tier: string;
  effectiveTier: string;
  effectivePath: { edge: string; to: string }[];
  capabilities: { kind: string; method: number | null }[];
}

async function role(name: string): Promise<RoleFacts> {
  const [row] = await cypher<{ id: string; tier: string; effectiveTier: string; path: string; caps: string }>(
    'MATCH (r:AWSRole {id: $id}) RETURN r.id AS id, r.tier AS tier, r.effectiveTier AS effectiveTier, r.effectivePathJson AS path, r.capabilitiesJson AS caps',
    { id: roleArn(name) },
  );
  expect(row, `role ${name} in the graph`).toBeDefined();
  return { ...row!, effectivePath: JSON.parse(row!.path), capabilities: JSON.parse(row!.caps) };
}

describe('analyzePrivileges on roles loaded from moto', () => {
  let dir: string;

  beforeAll(async () => {
    const admin = await createRole({
      name: 'admin-role',
      trust: lambdaAndAccountTrust,
      managed: { 'admin-policy': policy({ Effect: 'Allow', Action: '*', Resource: '*' }) },
    });
    await createFunction('admin-fn', admin);
    const web = await createRole({
      name: 'web-fn-role',
      inline: {
        app: policy(logs, {
          Effect: 'Allow',
          Action: 'lambda:UpdateFunctionCode',
          Resource: functionArn('admin-fn'),
        }),
      },
    });
    await createFunction('web-fn', web);
    const boundary = await createManagedPolicy('logs-only-boundary', policy(logs));
    await createRole({
      name: 'capped-role',
      boundaryArn: boundary,
      inline: { all: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) },
    });
    await createRole({
      name: 'denied-role',
      inline: {
        iam: policy(
          { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
        ),
      },
    });
    await createRole({
      name: 'policy-editor-role',
      inline: {
        edit: policy({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: roleArn('web-fn-role') }),
      },
    });
    await createRole({
      name: 'reader-role',
      inline: { read: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    });

    dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-privilege-'));
    const collected = await runCli(['collect', '--out', dir]);
    expect(collected.code, collected.stderr).toBe(0);
    const loaded = await loadSnapshot(testDriver(), 'neo4j', dir, createLogger('silent'));
    expect(loaded.rejected).toEqual([]);
    await analyzePrivileges(testDriver(), 'neo4j', loaded.scanId, { now: NOW });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['admin-role', 'admin'],
    ['capped-role', 'basic'],
    ['denied-role', 'basic'],
    ['reader-role', 'sensitive_data'],
    ['web-fn-role', 'scoped'],
  ])('%s has tier %s', async (name, tier) => {
    expect((await role(name)).tier).toBe(tier);
  });

  it('keeps the method and evidence of each capability', async () => {
    const admin = await role('admin-role');
    expect(admin.capabilities).toContainEqual(expect.objectContaining({ kind: 'admin', method: 1 }));
  });

  it('a role that can update the code of a function running as admin is effectively admin, with the path', async () => {
    const web = await role('web-fn-role');
    expect(web.effectiveTier).toBe('admin');
    expect(web.effectivePath.map((hop) => [hop.edge, hop.to])).toEqual([
      ['CAN_UPDATE_CODE', functionArn('admin-fn')],
      ['EXECUTION_ROLE', roleArn('admin-role')],
    ]);
    const [edge] = await cypher<{ evidence: string; confidence: string }>(
      'MATCH (:AWSRole {id: $from})-[e:CAN_UPDATE_CODE]->(:LambdaFunction {id: $to}) RETURN e.evidenceJson AS evidence, e.confidence AS confidence',
      { from: roleArn('web-fn-role'), to: functionArn('admin-fn') },
    );
    expect(edge?.confidence).toBe('high');
    expect(JSON.parse(edge!.evidence)[0]).toMatchObject({
      policy: 'app',
      statementIndex: 1,
      action: 'lambda:UpdateFunctionCode',
    });
    expect((await role('reader-role')).effectiveTier).toBe('sensitive_data');
  });

  it('writes assume, modify and access edges, and nothing for capped or denied roles', async () => {
    const edges = await cypher<{ type: string; from: string; to: string }>(
      'MATCH (a:AWSPrincipal)-[e:CAN_ASSUME|CAN_MODIFY_POLICY|CAN_ACCESS|CAN_PASS_ROLE]->(b) RETURN type(e) AS type, a.id AS from, b.id AS to',
    );
    expect(edges).toContainEqual({
      type: 'CAN_MODIFY_POLICY',
      from: roleArn('policy-editor-role'),
      to: roleArn('web-fn-role'),
    });
    // Only the role its policy names.
    expect(
      edges.filter((e) => e.from === roleArn('policy-editor-role') && e.type === 'CAN_MODIFY_POLICY'),
    ).toHaveLength(1);
    // An admin is already the strongest: no per-target escalation edges are built from it.
    expect(
      edges.filter(
        (e) => e.from === roleArn('admin-role') && e.type !== 'CAN_ACCESS' && e.type !== 'CAN_ASSUME',
      ),
    ).toEqual([]);
    expect(edges).toContainEqual({ type: 'CAN_ACCESS', from: roleArn('reader-role'), to: ACCOUNT_ID });
    expect(
      edges.filter((edge) => [roleArn('capped-role'), roleArn('denied-role')].includes(edge.from)),
    ).toEqual([]);
  });

  it('running it again changes nothing', async () => {
    const count = async () =>
      (
        await cypher<{ n: number }>(
          'MATCH ()-[e:CAN_ASSUME|CAN_UPDATE_CODE|CAN_PASS_ROLE|CAN_MODIFY_POLICY|CAN_ACCESS]->() RETURN count(e) AS n',
        )
      )[0]?.n;
    const before = await count();
    await analyzePrivileges(testDriver(), 'neo4j', undefined, { now: NOW });
    expect(await count()).toEqual(before);
  });
});
