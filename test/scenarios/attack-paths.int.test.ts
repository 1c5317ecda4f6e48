/**
 * Multi-hop scenarios, end to end against moto: a public function URL on a role that is not privileged
 * itself but reaches a privileged role by assuming it, by rewriting a stronger function's code, or by
 * passing a stronger role to a new function. Each has a look-alike where the hop does not hold (the
 * target's trust does not name the role, a deny cancels the allow, the role does not trust Lambda).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import {
  ACCOUNT_ID,
  createFunction,
  createManagedPolicy,
  createPublicFunctionUrl,
  createRole,
  putReservedConcurrency,
  REGION,
} from '../support/aws.js';
import { ADMIN, assumeRole, LOGS_ONLY, trustRole } from './policies.js';
import {
  detectionsAbout,
  expectLookAlike,
  findingsAbout,
  pathOf,
  roleArn,
  scanAndListFindings,
  theFinding,
} from './scenario.js';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
let findings: Finding[];

beforeAll(async () => {
  // Assume-role chain: entry role → (sts:AssumeRole, trusted) → admin role. Look-alike: the admin role
  // trusts only Lambda, so the identity allow alone does not make the hop.
  await createRole({
    name: 'assume-entry-role',
    inline: { logs: LOGS_ONLY, assume: assumeRole(roleArn('vault-admin')) },
  });
  await createRole({
    name: 'vault-admin',
    trust: trustRole(roleArn('assume-entry-role')),
    managed: { 'vault-admin-policy': ADMIN },
  });
  await createRole({
    name: 'assume-untrusted-role',
    inline: { logs: LOGS_ONLY, assume: assumeRole(roleArn('locked-admin')) },
  });
  const lockedAdmin = await createRole({ name: 'locked-admin', managed: { 'locked-admin-policy': ADMIN } });

  // Code-update chain: entry role may update the code of a function running as admin. Look-alike: the
  // same allow, cancelled by a deny.
  await createFunction('payload-admin', lockedAdmin);
  await createRole({
    name: 'code-entry-role',
    inline: {
      logs: LOGS_ONLY,
      update: doc({ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: fnArn('payload-admin') }),
    },
  });
  await createRole({
    name: 'code-denied-role',
    inline: {
      logs: LOGS_ONLY,
      update: doc(
        { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: fnArn('payload-admin') },
        { Effect: 'Deny', Action: 'lambda:*', Resource: '*' },
      ),
    },
  });

  // Pass-role chain: entry role may pass an admin role that trusts Lambda to a new function and invoke
  // it. Look-alike: the admin role it may pass trusts only EC2, so Lambda cannot run as it.
  await createRole({ name: 'lambda-admin', managed: { 'lambda-admin-policy': ADMIN } });
  await createRole({
    name: 'ec2-admin',
    trust: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    managed: { 'ec2-admin-policy': ADMIN },
  });
  const passPolicy = (target: string) =>
    doc(
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn(target) },
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
    );
  await createRole({
    name: 'pass-entry-role',
    inline: { logs: LOGS_ONLY, pass: passPolicy('lambda-admin') },
  });
  await createRole({ name: 'pass-ec2-role', inline: { logs: LOGS_ONLY, pass: passPolicy('ec2-admin') } });

  // Trust conditions the analysis cannot resolve (sts:ExternalId): one such hop lowers confidence, two
  // lower severity one band (docs/exposure.md "Severity of a toxic combination").
  const externalTrust = (arn: string) =>
    doc({
      Effect: 'Allow',
      Principal: { AWS: arn },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' } },
    });
  await createRole({
    name: 'ext1-entry-role',
    inline: { logs: LOGS_ONLY, assume: assumeRole(roleArn('ext1-admin')) },
  });
  await createRole({
    name: 'ext1-admin',
    trust: externalTrust(roleArn('ext1-entry-role')),
    managed: { 'ext1-admin-policy': ADMIN },
  });
  await createRole({
    name: 'ext2-entry-role',
    inline: { logs: LOGS_ONLY, assume: assumeRole(roleArn('ext2-middle')) },
  });
  await createRole({
    name: 'ext2-middle',
    trust: externalTrust(roleArn('ext2-entry-role')),
    inline: { logs: LOGS_ONLY, assume: assumeRole(roleArn('ext2-admin')) },
  });
  await createRole({
    name: 'ext2-admin',
    trust: externalTrust(roleArn('ext2-middle')),
    managed: { 'ext2-admin-policy': ADMIN },
  });

  // Trust in the account root delegates to identity policies: sts:AssumeRole on "*" is enough.
  await createRole({
    name: 'root-entry-role',
    inline: { logs: LOGS_ONLY, assume: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) },
  });
  await createRole({
    name: 'root-trusting-admin',
    trust: trustRole(`arn:aws:iam::${ACCOUNT_ID}:root`),
    managed: { 'root-trusting-admin-policy': ADMIN },
  });
  // A boundary caps an admin role to logs, but also lets it delete its own boundary.
  const escapable = await createManagedPolicy(
    'escapable-boundary',
    doc(
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' },
    ),
  );
  await createRole({ name: 'escapable-role', managed: { 'escapable-admin': ADMIN }, boundaryArn: escapable });

  for (const [name, role] of [
    ['chain-root-trust', 'root-entry-role'],
    ['url-escapable-boundary', 'escapable-role'],
    ['chain-external-1', 'ext1-entry-role'],
    ['chain-external-2', 'ext2-entry-role'],
    ['chain-assume', 'assume-entry-role'],
    ['chain-assume-untrusted', 'assume-untrusted-role'],
    ['chain-code', 'code-entry-role'],
    ['chain-code-denied', 'code-denied-role'],
    ['chain-pass', 'pass-entry-role'],
    ['chain-pass-ec2', 'pass-ec2-role'],
  ] as const) {
    await createFunction(name, roleArn(role));
    await createPublicFunctionUrl(name);
    await putReservedConcurrency(name, 5);
  }
  findings = await scanAndListFindings();
}, 300_000);

const labels = (finding: Finding) => finding.path.map((p) => p.labels.at(-1));

describe('exposed-assume-role-chain', () => {
  it('reports the public function whose role assumes an admin role as critical, with every hop', () => {
    const finding = theFinding(findings, 'exposed-assume-role-chain', 'chain-assume');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'function_url' },
      role: { arn: roleArn('assume-entry-role') },
    });
    expect(labels(finding)).toEqual([
      'Internet',
      'LambdaFunctionUrl',
      'LambdaFunction',
      'AWSRole',
      'AWSRole',
      'Capability',
    ]);
    expect(pathOf(finding).slice(2)).toEqual([
      'LambdaFunction:chain-assume',
      'AWSRole:assume-entry-role',
      'AWSRole:vault-admin',
      'Capability:admin',
    ]);
    // The assume hop (role → role) carries the trust and the identity statements.
    const assumeHop = finding.evidence.filter((e) => e.hop === 3).map((e) => `${e.text} ${e.source}`);
    expect(assumeHop.join(' ')).toMatch(/sts:AssumeRole/);
    expect(assumeHop.join(' ')).toMatch(/trust/i);
  });

  it('follows a trust in the account root, delegated to an sts:AssumeRole on "*"', () => {
    const finding = theFinding(findings, 'exposed-assume-role-chain', 'chain-root-trust');
    expect(finding).toMatchObject({ severity: 'critical', privilege: 'admin' });
    expect(pathOf(finding).slice(3)).toEqual([
      'AWSRole:root-entry-role',
      'AWSRole:root-trusting-admin',
      'Capability:admin',
    ]);
  });

  it('look-alike: the admin role does not trust the entry role', async () => {
    await expectLookAlike(findings, 'chain-assume-untrusted', ['public_unauthenticated']);
    expect(detectionsAbout(findings, 'chain-assume-untrusted')).not.toContain('exposed-assume-role-chain');
  });
});

describe('assume-role hops with unresolved trust conditions', () => {
  it('one ExternalId hop keeps the severity and lowers the confidence', () => {
    const finding = theFinding(findings, 'exposed-assume-role-chain', 'chain-external-1');
    expect(finding).toMatchObject({ severity: 'critical', privilege: 'admin' });
    expect(finding.confidence).not.toBe('high');
    expect(pathOf(finding).slice(3)).toEqual([
      'AWSRole:ext1-entry-role',
      'AWSRole:ext1-admin',
      'Capability:admin',
    ]);
  });

  it('two ExternalId hops lower the severity one band', () => {
    const finding = theFinding(findings, 'exposed-assume-role-chain', 'chain-external-2');
    expect(finding).toMatchObject({ severity: 'high', privilege: 'admin' });
    expect(finding.confidence).toBe('low');
    expect(pathOf(finding).slice(3)).toEqual([
      'AWSRole:ext2-entry-role',
      'AWSRole:ext2-middle',
      'AWSRole:ext2-admin',
      'Capability:admin',
    ]);
  });
});

describe('permission boundaries', () => {
  it('a boundary the role may delete caps nothing: the public function is critical', () => {
    expect(theFinding(findings, 'function-url-privileged-role', 'url-escapable-boundary')).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      role: { arn: roleArn('escapable-role') },
    });
  });

  // Method 7 on its own boundary: the role is judged again without it, where Allow * on * makes it admin.
  it('a boundary the role may delete caps nothing: the privilege reached is admin', () => {
    expect(theFinding(findings, 'function-url-privileged-role', 'url-escapable-boundary').privilege).toBe(
      'admin',
    );
  });
});

describe('exposed-code-update-chain', () => {
  it('reports the public function whose role rewrites an admin function as critical, with every hop', () => {
    const finding = theFinding(findings, 'exposed-code-update-chain', 'chain-code');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      role: { arn: roleArn('code-entry-role') },
    });
    expect(pathOf(finding).slice(2)).toEqual([
      'LambdaFunction:chain-code',
      'AWSRole:code-entry-role',
      'LambdaFunction:payload-admin',
      'AWSRole:locked-admin',
      'Capability:admin',
    ]);
    expect(
      finding.evidence
        .filter((e) => e.hop === 3)
        .map((e) => e.text)
        .join(' '),
    ).toMatch(/UpdateFunctionCode/);
  });

  it('look-alike: the code update is cancelled by a deny', async () => {
    await expectLookAlike(findings, 'chain-code-denied', ['public_unauthenticated']);
    expect(detectionsAbout(findings, 'chain-code-denied')).not.toContain('exposed-code-update-chain');
  });
});

describe('exposed-pass-role-chain', () => {
  it('reports the public function whose role passes an admin role to a new function as critical', () => {
    const chain = findingsAbout(findings, 'chain-pass').filter((f) => f.severity === 'critical');
    expect(chain.map((f) => f.detection)).toContain('exposed-pass-role-chain');
    const finding = theFinding(findings, 'exposed-pass-role-chain', 'chain-pass');
    expect(finding).toMatchObject({
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      role: { arn: roleArn('pass-entry-role') },
    });
    expect(pathOf(finding).slice(2)).toEqual([
      'LambdaFunction:chain-pass',
      'AWSRole:pass-entry-role',
      'AWSRole:lambda-admin',
      'Capability:admin',
    ]);
    expect(
      finding.evidence
        .filter((e) => e.hop === 3)
        .map((e) => e.text)
        .join(' '),
    ).toMatch(/PassRole/);
  });

  it('look-alike: the admin role it may pass does not trust Lambda', async () => {
    await expectLookAlike(findings, 'chain-pass-ec2', ['public_unauthenticated']);
    expect(detectionsAbout(findings, 'chain-pass-ec2')).not.toContain('exposed-pass-role-chain');
  });
});
