import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/snapshot/index.js';
import { ACCOUNT_ID, REGION } from '../support/aws.js';
import { runCli } from '../support/cli.js';

const dirs: string[] = [];
async function outDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-collect-'));
  dirs.push(dir);
  return dir;
}
let memberAccount: string;

beforeAll(async () => {
  const organizations = new OrganizationsClient({ region: REGION, maxAttempts: 1 });
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const { CreateAccountStatus } = await organizations.send(
    new CreateAccountCommand({ AccountName: 'workload', Email: 'workload@example.com' }),
  );
  memberAccount = CreateAccountStatus!.AccountId!;
});
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('collect --org and --regions all', () => {
  it('--org collects every account of the organization through the assumed role, Organizations once', async () => {
    const dir = await outDir();
    const run = await runCli(['collect', '--out', dir, '--org', '--assume-role', 'toxgraph-reader']);
    expect(run.code, run.stderr).toBe(0);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest.accounts).toEqual([ACCOUNT_ID, memberAccount].sort());
    expect(snapshot.manifest.gaps).toEqual([]);
    const iamAccounts = snapshot.units.filter((unit) => unit.service === 'iam').map((unit) => unit.accountId);
    expect(iamAccounts.sort()).toEqual([ACCOUNT_ID, memberAccount].sort());
    const organizations = snapshot.units.filter((unit) => unit.service === 'organizations');
    expect(organizations.map((unit) => unit.accountId)).toEqual([ACCOUNT_ID]);
  });

  it('--regions all collects every region the account has enabled', async () => {
    const dir = await outDir();
    const run = await runCli(['collect', '--out', dir, '--regions', 'all']);
    expect(run.code, run.stderr).toBe(0);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest.regions.length).toBeGreaterThan(10);
    expect(snapshot.manifest.regions).toEqual(
      expect.arrayContaining(['us-east-1', 'eu-west-1', 'ap-southeast-2']),
    );
    const lambdaRegions = snapshot.units
      .filter((unit) => unit.service === 'lambda')
      .map((unit) => unit.region);
    expect(lambdaRegions.sort()).toEqual(snapshot.manifest.regions);
    expect(snapshot.manifest.awsCalls?.['ec2:DescribeRegions']).toBe(1);
  });

  it('stops with exit 1 and says what to check when the caller cannot be identified', async () => {
    const run = await runCli(['collect', '--out', await outDir()], {
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /cannot identify the AWS caller \(sts:GetCallerIdentity in us-east-1\).*Check the credentials/,
    );
  });
});
