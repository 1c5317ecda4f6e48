/**
 * Region-pinned grants end to end (docs/iam.md "Regions and partitions"): roles created in moto, a scan
 * of two regions (us-east-1 and eu-west-1), the privilege analysis, and the tier and evidence read back.
 * A role is global: a grant on every secret of its account in eu-west-1 is sensitive data, whichever
 * region the analysis would have picked before; the same grant on another account's secrets is not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePrivileges } from '../../src/analysis/privilege.js';
import { loadSnapshot } from '../../src/graph/load-snapshot.js';
import { createLogger } from '../../src/log.js';
import { ACCOUNT_ID, createFunction, createRole } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { cypher, testDriver } from '../support/graph.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const SECOND_REGION = 'eu-west-1';
const OTHER_ACCOUNT = '210987654321';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
const readSecrets = (resource: string) => ({
  read: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: resource }],
  },
});

interface Capability {
  kind: string;
  steps: { action: string; resource: string; standIn?: { account: string; region: string | null } }[];
}

async function principal(name: string): Promise<{ tier: string; capabilities: Capability[] }> {
  const [row] = await cypher<{ tier: string; caps: string }>(
    'MATCH (r:AWSRole {id: $id}) RETURN r.tier AS tier, r.capabilitiesJson AS caps',
    { id: roleArn(name) },
  );
  expect(row, `role ${name} in the graph`).toBeDefined();
  return { tier: row!.tier, capabilities: JSON.parse(row!.caps) };
}

describe('a grant pinned to a second region, scanned end to end', () => {
  let dir: string;

  beforeAll(async () => {
    const pinned = await createRole({
      name: 'eu-secrets-reader',
      inline: readSecrets(`arn:aws:secretsmanager:${SECOND_REGION}:${ACCOUNT_ID}:secret:*`),
    });
    await createFunction('eu-reader-fn', pinned, { region: SECOND_REGION });
    await createRole({
      name: 'eu-any-secrets-reader',
      inline: readSecrets(`arn:aws:secretsmanager:eu-*:${ACCOUNT_ID}:secret:*`),
    });
    await createRole({
      name: 'ap-any-secrets-reader',
      inline: readSecrets(`arn:aws:secretsmanager:ap-*:${ACCOUNT_ID}:secret:*`),
    });
    await createRole({
      name: 'other-account-secrets-reader',
      inline: readSecrets(`arn:aws:secretsmanager:${SECOND_REGION}:${OTHER_ACCOUNT}:secret:*`),
    });

    dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-privilege-regions-'));
    const collected = await runCli(['collect', '--out', dir, '--regions', `us-east-1,${SECOND_REGION}`]);
    expect(collected.code, collected.stderr).toBe(0);
    const loaded = await loadSnapshot(testDriver(), 'neo4j', dir, createLogger('silent'));
    expect(loaded.rejected).toEqual([]);
    await analyzePrivileges(testDriver(), 'neo4j', loaded.scanId, { now: NOW });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the function of the second region is in the graph (the scan covers it)', async () => {
    const rows = await cypher<{ region: string }>(
      'MATCH (f:LambdaFunction) WHERE f.id ENDS WITH ":function:eu-reader-fn" RETURN f.region AS region',
    );
    expect(rows).toEqual([{ region: SECOND_REGION }]);
  });

  it.each([
    ['eu-secrets-reader', 'sensitive_data'],
    ['eu-any-secrets-reader', 'sensitive_data'],
    ['ap-any-secrets-reader', 'scoped'],
    ['other-account-secrets-reader', 'scoped'],
  ])('%s has tier %s', async (name, tier) => {
    expect((await principal(name)).tier).toBe(tier);
  });

  it('the evidence names the account and region the grant covers, as a stand-in', async () => {
    for (const name of ['eu-secrets-reader', 'eu-any-secrets-reader']) {
      const data = (await principal(name)).capabilities.find(
        (capability) => capability.kind === 'sensitive_data',
      );
      expect(data?.steps[0]).toMatchObject({
        action: 'secretsmanager:GetSecretValue',
        standIn: { account: ACCOUNT_ID, region: SECOND_REGION },
      });
      expect(
        data?.steps[0]?.resource.startsWith(`arn:aws:secretsmanager:${SECOND_REGION}:${ACCOUNT_ID}:secret:`),
      ).toBe(true);
    }
  });
});
