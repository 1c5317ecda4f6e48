import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { describeRejection, readSnapshot } from '../../src/snapshot/read.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { ACCOUNT, REGION, sampleFiles, sampleManifest } from './sample.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-snapshot-'));
  await writeSnapshot(dir, sampleManifest(), sampleFiles());
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const lambdaFile = () => path.join(dir, ACCOUNT, REGION, 'lambda.json');
async function editLambda(edit: (content: { unit: unknown; data: Record<string, unknown> }) => void) {
  const content = JSON.parse(await readFile(lambdaFile(), 'utf8'));
  edit(content);
  await writeFile(lambdaFile(), JSON.stringify(content));
}

describe('readSnapshot', () => {
  it('reads back every unit written, with file paths in the manifest and dates as ISO strings', async () => {
    const snapshot = await readSnapshot(dir);
    expect(snapshot.rejected).toEqual([]);
    expect(snapshot.units.map((unit) => `${unit.region}/${unit.service}`)).toEqual([
      'global/iam',
      'global/organizations',
      `${REGION}/lambda`,
      `${REGION}/apigatewayv2`,
      `${REGION}/apigateway`,
      `${REGION}/elbv2`,
      `${REGION}/ec2`,
      'global/cloudfront',
      `${REGION}/datastores`,
      `${REGION}/wafv2`,
    ]);
    expect(snapshot.manifest.units[0]?.file).toBe(`${ACCOUNT}/global/iam.json`);
    const iam = snapshot.units.find((unit) => unit.service === 'iam');
    if (iam?.service !== 'iam') throw new Error('no iam unit');
    expect(iam.data.authorizationDetails.RoleDetailList[0]?.CreateDate).toBe('2026-01-01T00:00:00.000Z');
    const elbv2 = snapshot.units.find((unit) => unit.service === 'elbv2');
    if (elbv2?.service !== 'elbv2') throw new Error('no elbv2 unit');
    expect(elbv2.data.rules['arn:listener']?.[0]?.Actions?.[0]?.Type).toBe('forward');
  });

  it('rejects only a truncated unit file, naming the file', async () => {
    const text = await readFile(lambdaFile(), 'utf8');
    await writeFile(lambdaFile(), text.slice(0, text.length / 2));
    const snapshot = await readSnapshot(dir);
    expect(snapshot.units).toHaveLength(9);
    expect(snapshot.rejected).toHaveLength(1);
    expect(snapshot.rejected[0]).toMatchObject({
      file: `${ACCOUNT}/${REGION}/lambda.json`,
      unit: { accountId: ACCOUNT, region: REGION, service: 'lambda' },
    });
    expect(snapshot.rejected[0]?.problems[0]?.expected).toMatch(/valid JSON/);
  });

  it('names the field at fault and what was expected', async () => {
    const content = JSON.parse(await readFile(path.join(dir, ACCOUNT, REGION, 'apigatewayv2.json'), 'utf8'));
    delete content.data.routes.a1[0].RouteKey;
    content.data.routes.a1[0].AuthorizationType = 'OPEN';
    await writeFile(path.join(dir, ACCOUNT, REGION, 'apigatewayv2.json'), JSON.stringify(content));
    const { rejected, units } = await readSnapshot(dir);
    expect(units.map((unit) => unit.service)).not.toContain('apigatewayv2');
    expect(rejected[0]?.problems.map((problem) => problem.field).sort()).toEqual([
      'data.routes.a1[0].AuthorizationType',
      'data.routes.a1[0].RouteKey',
    ]);
    const message = describeRejection(rejected[0]!);
    expect(message).toContain(`${ACCOUNT}/${REGION}/apigatewayv2.json`);
    expect(message).toMatch(/RouteKey: Invalid input: expected string/);
    expect(message).toMatch(/AuthorizationType: .*"NONE"/);
  });

  it('rejects a CloudFront unit whose signed-URL setting is not a boolean, naming the behaviour field', async () => {
    const file = path.join(dir, ACCOUNT, 'global', 'cloudfront.json');
    const content = JSON.parse(await readFile(file, 'utf8'));
    content.data.distributions[0].CacheBehaviors.Items[1].TrustedKeyGroups.Enabled = 'yes';
    await writeFile(file, JSON.stringify(content));
    const { rejected, units } = await readSnapshot(dir);
    expect(units.map((unit) => unit.service)).not.toContain('cloudfront');
    expect(rejected[0]?.problems.map((problem) => problem.field)).toEqual([
      'data.distributions[0].CacheBehaviors.Items[1].TrustedKeyGroups.Enabled',
    ]);
  });

  it('rejects a WAFv2 unit whose web ACL lists no load balancer array, naming the field', async () => {
    const file = path.join(dir, ACCOUNT, REGION, 'wafv2.json');
    const content = JSON.parse(await readFile(file, 'utf8'));
    content.data.webAcls[0].LoadBalancerArns = 'arn:lb';
    await writeFile(file, JSON.stringify(content));
    const { rejected, units } = await readSnapshot(dir);
    expect(units.map((unit) => unit.service)).not.toContain('wafv2');
    expect(rejected[0]?.problems.map((problem) => problem.field)).toEqual([
      'data.webAcls[0].LoadBalancerArns',
    ]);
  });

  it('rejects a Lambda unit that carries environment variable values', async () => {
    await editLambda((content) => {
      (content.data.functions as Array<Record<string, unknown>>)[0]!.Environment = {
        Variables: { TOKEN: 'value' },
        VariableNames: ['TOKEN'],
        SecretLookingNames: ['TOKEN'],
      };
    });
    const { rejected } = await readSnapshot(dir);
    expect(rejected[0]?.problems[0]?.field).toBe('data.functions[0].Environment');
    expect(rejected[0]?.problems[0]?.expected).toMatch(/Variables/);
  });

  it('keeps a unit whose resource policy is not a JSON document (the analysis reports it), like IAM', async () => {
    await editLambda((content) => {
      const policies = content.data.policies as Record<string, string>;
      for (const key of Object.keys(policies)) policies[key] = '{"Statement": [';
    });
    const { rejected, units } = await readSnapshot(dir);
    expect(rejected).toEqual([]);
    expect(units.map((unit) => unit.service)).toContain('lambda');
  });

  it('still rejects a resource policy that is not a string', async () => {
    await editLambda((content) => {
      const policies = content.data.policies as Record<string, unknown>;
      for (const key of Object.keys(policies)) policies[key] = { Statement: [] };
    });
    const { rejected } = await readSnapshot(dir);
    expect(rejected[0]?.problems[0]?.field).toBe(
      `data.policies["arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders"]`,
    );
  });

  it('rejects a file whose unit is not the one the manifest names', async () => {
    await editLambda((content) => {
      content.unit = { accountId: '210987654321', region: REGION, service: 'lambda' };
    });
    const { rejected } = await readSnapshot(dir);
    expect(rejected[0]?.problems[0]?.field).toBe('unit');
    expect(rejected[0]?.problems[0]?.expected).toMatch(/account 123456789012.*found account 210987654321/);
  });

  it('reports a missing file, and lists failed units apart without reading them', async () => {
    const manifest = sampleManifest();
    manifest.units.push({ accountId: ACCOUNT, region: 'eu-west-1', service: 'lambda', status: 'failed' });
    await writeSnapshot(dir, manifest, sampleFiles());
    await rm(lambdaFile());
    const snapshot = await readSnapshot(dir);
    expect(snapshot.failed).toEqual([
      { accountId: ACCOUNT, region: 'eu-west-1', service: 'lambda', status: 'failed' },
    ]);
    expect(snapshot.rejected[0]?.problems[0]?.expected).toMatch(/readable file.*ENOENT/);
  });

  it('refuses a directory without a valid manifest (exit 2), naming the field', async () => {
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ ...sampleManifest(), tool: 'other' }));
    const error = await readSnapshot(dir).catch((caught) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/manifest\.json: not a toxgraph snapshot manifest: tool: /);
    await rm(path.join(dir, 'manifest.json'));
    await expect(readSnapshot(dir)).rejects.toThrow(/cannot read the snapshot manifest/);
  });

  it('refuses a manifest file path that leaves the snapshot directory', async () => {
    const manifest = sampleManifest();
    await writeSnapshot(dir, manifest, sampleFiles());
    const written = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    written.units[2].file = '../../etc/passwd';
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(written));
    const { rejected } = await readSnapshot(dir);
    expect(rejected[0]?.problems[0]?.expected).toMatch(/inside the snapshot directory/);
  });
});
