/**
 * SCPs in the normal pipeline: a snapshot whose Organizations unit attaches an SCP denying `iam:*` at the
 * root, loaded and analyzed like `toxgraph load` does. The same escalating role loses its tier in a member
 * account and keeps it in the management account, which SCPs do not restrict.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadSnapshot } from '../../src/graph/load-snapshot.js';
import { TIERS, type Tier } from '../../src/iam/capabilities.js';
import { createLogger } from '../../src/log.js';
import type { Manifest, ServiceName } from '../../src/snapshot/format.js';
import { type UnitFileOf, writeSnapshot } from '../../src/snapshot/write.js';
import { dumpGraph } from '../graph/dump.js';
import { cypher, testDriver } from '../support/graph.js';

const logger = createLogger('silent');
const MANAGEMENT = '999999999999';
const MEMBER = '111111111111';
const ORG = 'o-abc123';
const ROOT = 'r-abcd';
const OU = 'ou-abcd-11111111';
const COLLECTED = '2026-11-28T12:00:00.000Z';

const document = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const fullAccess = {
  Id: 'p-FullAWSAccess',
  Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  Name: 'FullAWSAccess',
  Type: 'SERVICE_CONTROL_POLICY' as const,
  AwsManaged: true,
};
const denyIam = {
  Id: 'p-denyiam1',
  Arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG}/service_control_policy/p-denyiam1`,
  Name: 'deny-iam',
  Type: 'SERVICE_CONTROL_POLICY' as const,
  AwsManaged: false,
};
const roleArn = (account: string) => `arn:aws:iam::${account}:role/escalator`;

/** An account whose only role may attach any policy to any role: privilege escalation, SCPs aside. */
function iamUnit(accountId: string): UnitFileOf<'iam'> {
  return {
    unit: { accountId, region: 'global', service: 'iam' },
    collectedAt: COLLECTED,
    data: {
      authorizationDetails: {
        UserDetailList: [],
        GroupDetailList: [],
        Policies: [],
        RoleDetailList: [
          {
            Arn: roleArn(accountId),
            RoleName: 'escalator',
            RoleId: `AROA${accountId}`,
            Path: '/',
            CreateDate: new Date('2026-01-01T00:00:00Z'),
            AssumeRolePolicyDocument: encodeURIComponent(
              document({
                Effect: 'Allow',
                Principal: { Service: 'lambda.amazonaws.com' },
                Action: 'sts:AssumeRole',
              }),
            ),
            RolePolicyList: [
              {
                PolicyName: 'attach',
                PolicyDocument: encodeURIComponent(
                  document({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' }),
                ),
              },
            ],
            AttachedManagedPolicies: [],
            InstanceProfileList: [],
            Tags: [],
          },
        ],
      },
    },
  };
}

const organizationsUnit: UnitFileOf<'organizations'> = {
  unit: { accountId: MANAGEMENT, region: 'global', service: 'organizations' },
  collectedAt: COLLECTED,
  data: {
    accounts: [
      { Id: MANAGEMENT, Name: 'management', Email: 'm@example.com', Status: 'ACTIVE' },
      { Id: MEMBER, Name: 'workload', Email: 'w@example.com', Status: 'ACTIVE' },
    ],
    roots: [{ Id: ROOT, Arn: `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/${ROOT}`, Name: 'Root' }],
    organizationalUnits: [
      { Id: OU, Arn: `arn:aws:organizations::${MANAGEMENT}:ou/${ORG}/${OU}`, Name: 'workloads' },
    ],
    policies: [
      { PolicySummary: fullAccess, Content: document({ Effect: 'Allow', Action: '*', Resource: '*' }) },
      { PolicySummary: denyIam, Content: document({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }) },
    ],
    policiesForTarget: {
      [ROOT]: [fullAccess, denyIam],
      [OU]: [fullAccess],
      [MANAGEMENT]: [fullAccess],
      [MEMBER]: [fullAccess],
    },
    parents: { [OU]: ROOT, [MANAGEMENT]: ROOT, [MEMBER]: OU },
    managementAccountId: MANAGEMENT,
  },
};

const files: UnitFileOf<ServiceName>[] = [iamUnit(MANAGEMENT), iamUnit(MEMBER), organizationsUnit];
const manifest: Manifest = {
  tool: 'toxgraph',
  version: '0.1.0',
  createdAt: '2026-11-28T11:59:00.000Z',
  scanId: 'scan-scp-1',
  callerIdentity: { Account: MANAGEMENT },
  accounts: [MEMBER, MANAGEMENT],
  regions: [],
  units: files.map((file) => ({ ...file.unit, status: 'ok' as const })),
  gaps: [],
};

async function tier(account: string): Promise<string | null> {
  const [row] = await cypher<{ tier: string | null }>('MATCH (r:AWSRole {id: $id}) RETURN r.tier AS tier', {
    id: roleArn(account),
  });
  return row?.tier ?? null;
}

describe('SCPs collected by Organizations reach the privilege analysis', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-scp-'));
    await writeSnapshot(dir, manifest, files);
    const summary = await loadSnapshot(testDriver(), 'neo4j', dir, logger);
    expect(summary.status).toBe('complete');
    await analyze(testDriver(), { database: 'neo4j', logger });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the OU tree and where each SCP is attached', async () => {
    const rows = await cypher(
      `MATCH (s:AWSOrganizationPolicy)-[:APPLIES_TO]->(t) RETURN s.name AS scp, t.id AS target ORDER BY scp, target`,
    );
    expect(rows).toEqual([
      { scp: 'FullAWSAccess', target: MEMBER },
      { scp: 'FullAWSAccess', target: MANAGEMENT },
      { scp: 'FullAWSAccess', target: `arn:aws:organizations::${MANAGEMENT}:ou/${ORG}/${OU}` },
      { scp: 'FullAWSAccess', target: `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/${ROOT}` },
      { scp: 'deny-iam', target: `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/${ROOT}` },
    ]);
    const [chain] = await cypher<{ ids: string[] }>(
      'MATCH p = (:AWSOrganizationRoot)-[:CONTAINS*]->(:AWSAccount {id: $id}) RETURN [n IN nodes(p) | n.id] AS ids',
      { id: MEMBER },
    );
    expect(chain?.ids).toHaveLength(3);
    const accounts = await cypher(
      'MATCH (a:AWSAccount) RETURN a.id AS id, a.isManagementAccount AS management ORDER BY id',
    );
    expect(accounts).toEqual([
      { id: MEMBER, management: false },
      { id: MANAGEMENT, management: true },
    ]);
  });

  // iam:AttachRolePolicy on `*` lets the role attach AdministratorAccess to itself: the engine ranks that
  // escalation `admin` (method 5), above `privilege_escalation`.
  it('keeps the escalation of the role in the management account, which SCPs do not restrict', async () => {
    expect(await tier(MANAGEMENT)).toBe('admin');
  });

  it("drops the member account's escalating role below any escalation tier", async () => {
    const member = await tier(MEMBER);
    expect(member).not.toBeNull();
    expect(TIERS.indexOf(member as Tier)).toBeGreaterThan(TIERS.indexOf('privilege_escalation'));
  });

  it('changes nothing when the same snapshot is loaded and analyzed again', async () => {
    const before = await dumpGraph();
    await loadSnapshot(testDriver(), 'neo4j', dir, logger);
    await analyze(testDriver(), { database: 'neo4j', logger });
    expect(await dumpGraph()).toEqual(before);
  });
});
