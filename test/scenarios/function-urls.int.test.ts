/**
 * Scenarios on function URLs and resource policies, end to end against moto: seeded through the SDK,
 * `toxgraph scan`, `toxgraph findings --format json`. Each detection has a positive case and a safe
 * look-alike that must not be reported as critical or high.
 */
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DeleteFunctionUrlConfigCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import {
  ACCOUNT_ID,
  addPermission,
  aws,
  createFunction,
  createFunctionUrl,
  createManagedPolicy,
  createPublicFunctionUrl,
  createRole,
  defaultSubnets,
  putReservedConcurrency,
  REGION,
} from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';
import { ADMIN, ATTACH_ANY_POLICY, DENY_IAM, LOGS_ONLY, READ_ALL_BUCKETS } from './policies.js';
import {
  detectionsAbout,
  expectLookAlike,
  expectNotCriticalOrHigh,
  findingsAbout,
  functionArn,
  pathOf,
  roleArn,
  scanAndListFindings,
  theFinding,
} from './scenario.js';

const OTHER_ACCOUNT = '210987654321';
async function defaultSecurityGroup(): Promise<string> {
  const { SecurityGroups = [] } = await aws
    .ec2()
    .send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }));
  return SecurityGroups[0]!.GroupId!;
}
// AWS turns an account id principal into {"AWS": "arn:aws:iam::<id>:root"}; moto keeps the bare id, which
// is no valid policy principal, so the scenarios pass the root ARN, which both store the same way.
const OTHER_ACCOUNT_ROOT = `arn:aws:iam::${OTHER_ACCOUNT}:root`;
let findings: Finding[];

beforeAll(async () => {
  const admin = await createRole({ name: 'admin-role', managed: { 'admin-policy': ADMIN } });
  const privesc = await createRole({ name: 'privesc-role', inline: { attach: ATTACH_ANY_POLICY } });
  const data = await createRole({ name: 'data-role', inline: { read: READ_ALL_BUCKETS } });
  const basic = await createRole({ name: 'basic-role', inline: { logs: LOGS_ONLY } });
  const denied = await createRole({
    name: 'denied-role',
    inline: { attach: ATTACH_ANY_POLICY, 'deny-iam': DENY_IAM },
  });
  const boundary = await createManagedPolicy('logs-boundary', LOGS_ONLY);
  const bounded = await createRole({
    name: 'bounded-role',
    managed: { 'bounded-admin': ADMIN },
    boundaryArn: boundary,
  });
  const shared = await createRole({ name: 'shared-role', inline: { logs: LOGS_ONLY } });
  const internalShared = await createRole({ name: 'internal-shared-role', inline: { logs: LOGS_ONLY } });

  // function-url-privileged-role: public URL (both grants) on admin, privilege-escalation, data roles.
  await createFunction('url-admin', admin);
  await createPublicFunctionUrl('url-admin');
  await createFunction('url-privesc', privesc);
  await createPublicFunctionUrl('url-privesc');
  await putReservedConcurrency('url-privesc', 5);
  await createFunction('url-data', data);
  await createPublicFunctionUrl('url-data');

  // Look-alikes: URL NONE without any grant; a public grant pinned by a condition; no InvokeFunction grant.
  await createFunction('url-no-grant', admin);
  await createFunctionUrl('url-no-grant', 'NONE');
  await createFunction('url-conditioned', admin);
  await createFunctionUrl('url-conditioned', 'NONE');
  await addPermission({
    FunctionName: 'url-conditioned',
    StatementId: 'FunctionURLAllowPublicAccess',
    Action: 'lambda:InvokeFunctionUrl',
    Principal: '*',
    FunctionUrlAuthType: 'NONE',
    SourceAccount: OTHER_ACCOUNT,
  });
  // Look-alike: the public grants are limited to one organization: anonymous callers are no member.
  await createFunction('url-org-only', admin);
  await createFunctionUrl('url-org-only', 'NONE');
  for (const [StatementId, Action] of [
    ['org-url', 'lambda:InvokeFunctionUrl'],
    ['org-invoke', 'lambda:InvokeFunction'],
  ] as const) {
    await addPermission({
      FunctionName: 'url-org-only',
      StatementId,
      Action,
      Principal: '*',
      PrincipalOrgID: 'o-a1b2c3d4e5',
      FunctionUrlAuthType: Action === 'lambda:InvokeFunctionUrl' ? 'NONE' : undefined,
      InvokedViaFunctionUrl: Action === 'lambda:InvokeFunction' ? true : undefined,
    });
  }
  await createFunction('url-no-invoke-grant', admin);
  await createPublicFunctionUrl('url-no-invoke-grant', { invokeFunctionGrant: false });
  // Look-alikes: public URLs whose role's allow is cancelled by a deny, or capped by a boundary.
  await createFunction('url-denied', denied);
  await createPublicFunctionUrl('url-denied');
  await putReservedConcurrency('url-denied', 2);
  await createFunction('url-bounded', bounded);
  await createPublicFunctionUrl('url-bounded');
  await putReservedConcurrency('url-bounded', 2);
  // Sensitive data in a VPC: no exfiltration amplifier; with an AWS access key in its environment, the
  // second credential set is one (docs/exposure.md, severity amplifiers).
  const vpc = {
    subnetIds: (await defaultSubnets()).slice(0, 1),
    securityGroupIds: [await defaultSecurityGroup()],
  };
  await createFunction('url-data-vpc', data, { vpc });
  await createPublicFunctionUrl('url-data-vpc');
  await putReservedConcurrency('url-data-vpc', 2);
  await createFunction('url-data-vpc-key', data, {
    vpc,
    environment: { UPSTREAM_ID: 'AKIAZZPLANTEDKEY0001' },
  });
  await createPublicFunctionUrl('url-data-vpc-key');
  await putReservedConcurrency('url-data-vpc-key', 2);
  // Look-alike: a public URL on an admin function throttled to zero (reserved concurrency 0).
  await createFunction('url-throttled', admin);
  await createPublicFunctionUrl('url-throttled');
  await putReservedConcurrency('url-throttled', 0);
  // AWS_IAM URL that any AWS account may call (Principal "*"): weak authentication.
  await createFunction('url-iam-any', admin);
  await createFunctionUrl('url-iam-any', 'AWS_IAM');
  await addPermission({
    FunctionName: 'url-iam-any',
    StatementId: 'any-account-url',
    Action: 'lambda:InvokeFunctionUrl',
    Principal: '*',
    FunctionUrlAuthType: 'AWS_IAM',
  });
  await addPermission({
    FunctionName: 'url-iam-any',
    StatementId: 'any-account-invoke',
    Action: 'lambda:InvokeFunction',
    Principal: '*',
    InvokedViaFunctionUrl: true,
  });
  await putReservedConcurrency('url-iam-any', 2);
  // Look-alike: a privileged role on a function nobody can reach.
  await createFunction('unreachable-admin', admin, { environment: { DB_PASSWORD: 'planted-password-1' } });

  // CORS: any origin (medium), any origin with credentials (high), a pinned origin (nothing).
  await createFunction('url-cors', basic);
  await createPublicFunctionUrl('url-cors', { cors: { AllowOrigins: ['*'] } });
  await createFunction('url-cors-credentials', basic);
  await createPublicFunctionUrl('url-cors-credentials', {
    cors: { AllowOrigins: ['*'], AllowCredentials: true },
  });
  await createFunction('url-cors-pinned', basic);
  await createPublicFunctionUrl('url-cors-pinned', {
    cors: { AllowOrigins: ['https://app.example.com'], AllowCredentials: true },
  });
  for (const name of ['url-cors', 'url-cors-credentials', 'url-cors-pinned']) {
    await putReservedConcurrency(name, 3);
  }

  // Secret-looking environment variables on a public function (the internal look-alike is unreachable-admin).
  await createFunction('url-secrets', basic, {
    environment: { DB_PASSWORD: 'planted-password-2', STAGE: 'prod' },
  });
  await createPublicFunctionUrl('url-secrets');
  await putReservedConcurrency('url-secrets', 3);

  // public-invoke-policy: Principal "*" may call Invoke; look-alike: the same pinned to a source ARN.
  await createFunction('invoke-public', admin);
  await addPermission({
    FunctionName: 'invoke-public',
    StatementId: 'anyone',
    Action: 'lambda:InvokeFunction',
    Principal: '*',
  });
  await createFunction('invoke-pinned', admin);
  await addPermission({
    FunctionName: 'invoke-pinned',
    StatementId: 'anyone-from-my-bucket',
    Action: 'lambda:InvokeFunction',
    Principal: '*',
    SourceArn: 'arn:aws:s3:::my-bucket',
    SourceAccount: ACCOUNT_ID,
  });

  // confused-deputy-service-grant: S3 may invoke with no source; look-alike: source ARN and account set.
  await createFunction('deputy-open', admin);
  await addPermission({
    FunctionName: 'deputy-open',
    StatementId: 's3-any',
    Action: 'lambda:InvokeFunction',
    Principal: 's3.amazonaws.com',
  });
  // A SourceArn of every bucket (arn:aws:s3:::*) pins nobody: still a confused deputy.
  await createFunction('deputy-wildcard', admin);
  await addPermission({
    FunctionName: 'deputy-wildcard',
    StatementId: 's3-every-bucket',
    Action: 'lambda:InvokeFunction',
    Principal: 's3.amazonaws.com',
    SourceArn: 'arn:aws:s3:::*',
  });
  await createFunction('deputy-pinned', admin);
  await addPermission({
    FunctionName: 'deputy-pinned',
    StatementId: 's3-mine',
    Action: 'lambda:InvokeFunction',
    Principal: 's3.amazonaws.com',
    SourceArn: 'arn:aws:s3:::my-bucket',
    SourceAccount: ACCOUNT_ID,
  });

  // cross-account-code-update: another account may replace the code of an admin function; look-alike:
  // another account may only invoke a function whose role writes logs.
  await createFunction('xacct-update', admin);
  await addPermission({
    FunctionName: 'xacct-update',
    StatementId: 'partner-deploys',
    Action: 'lambda:UpdateFunctionCode',
    Principal: OTHER_ACCOUNT_ROOT,
  });
  // Anyone with AWS credentials may replace the code of a function whose role only writes logs.
  await createFunction('anyone-update', basic);
  await addPermission({
    FunctionName: 'anyone-update',
    StatementId: 'anyone-deploys',
    Action: 'lambda:UpdateFunctionCode',
    Principal: '*',
  });
  // Secret-looking variables on a function another account may invoke: medium, not high.
  await createFunction('xacct-secrets', basic, { environment: { API_TOKEN: 'planted-token-3' } });
  await addPermission({
    FunctionName: 'xacct-secrets',
    StatementId: 'partner-invokes',
    Action: 'lambda:InvokeFunction',
    Principal: OTHER_ACCOUNT_ROOT,
  });
  await createFunction('xacct-invoke', basic);
  await addPermission({
    FunctionName: 'xacct-invoke',
    StatementId: 'partner-invokes',
    Action: 'lambda:InvokeFunction',
    Principal: OTHER_ACCOUNT_ROOT,
  });

  // stale-public-url-policy: the URL is gone, its public grants stay.
  await createFunction('url-deleted', basic);
  await createPublicFunctionUrl('url-deleted');
  await aws.lambda().send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'url-deleted' }));

  // shared-execution-role: one role behind a public URL and an internal function; look-alike: two internal.
  await createFunction('shared-public', shared);
  await createPublicFunctionUrl('shared-public');
  await putReservedConcurrency('shared-public', 3);
  await createFunction('shared-internal', shared);
  await createFunction('internal-one', internalShared);
  await createFunction('internal-two', internalShared);

  findings = await scanAndListFindings();
}, 300_000);

describe('function-url-privileged-role', () => {
  it('reports a public URL on an admin role as critical, from the Internet to the admin capability', () => {
    const finding = theFinding(findings, 'function-url-privileged-role', 'url-admin');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'function_url' },
      function: { arn: functionArn('url-admin'), name: 'url-admin', qualifier: null },
      role: { arn: roleArn('admin-role') },
      accountId: ACCOUNT_ID,
      region: REGION,
    });
    expect(finding.path.map((p) => p.labels.at(-1))).toEqual([
      'Internet',
      'LambdaFunctionUrl',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
    expect(finding.path[2]!.id).toBe(functionArn('url-admin'));
    expect(finding.path[3]!.id).toBe(roleArn('admin-role'));
    const urlEvidence = finding.evidence.filter((e) => e.hop === 0).map((e) => e.text);
    expect(urlEvidence.join(' ')).toMatch(/AuthType NONE/);
    expect(urlEvidence.join(' ')).toMatch(/anyone/);
  });

  it('reports a role that can attach any policy as admin: it attaches AdministratorAccess to itself', () => {
    const finding = theFinding(findings, 'function-url-privileged-role', 'url-privesc');
    // The privilege is the strongest reached (contract): privilege escalation on its own role is admin.
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      role: { arn: roleArn('privesc-role') },
    });
    expect(pathOf(finding).slice(2)).toEqual([
      'LambdaFunction:url-privesc',
      'AWSRole:privesc-role',
      'Capability:admin',
    ]);
    const last = finding.evidence.filter((e) => e.hop === 3).map((e) => e.text);
    expect(last.join(' ')).toMatch(/iam:AttachRolePolicy/);
  });

  it('reports sensitive data as high, raised to critical because the function is in no VPC', () => {
    // E3 × sensitive data is high; a function outside a VPC with data access is an amplifier (docs/exposure.md, severity).
    expect(theFinding(findings, 'function-url-privileged-role', 'url-data')).toMatchObject({
      severity: 'critical',
      privilege: 'sensitive_data',
      exposure: 'public_unauthenticated',
      role: { arn: roleArn('data-role') },
    });
  });

  it('does not expose a URL NONE without a public grant: info finding, nothing high', async () => {
    await expectLookAlike(findings, 'url-no-grant', ['not_exposed']);
    expect(theFinding(findings, 'function-url-unreachable-grant', 'url-no-grant')).toMatchObject({
      severity: 'info',
      exposure: 'not_exposed',
      entryPoint: { kind: 'function_url' },
    });
  });

  it('does not expose a URL whose public grant is restricted by a condition', async () => {
    await expectLookAlike(findings, 'url-conditioned', ['not_exposed']);
  });

  it('does not expose a URL NONE whose grants require an organization', async () => {
    // The organization's InvokeFunction grant is scoped to URL calls: it opens no direct Invoke either.
    await expectLookAlike(findings, 'url-org-only', ['not_exposed']);
  });

  it('does not expose a URL without the lambda:InvokeFunction grant after 2026-11-01', async () => {
    await expectLookAlike(findings, 'url-no-invoke-grant', ['not_exposed']);
    const info = theFinding(findings, 'function-url-unreachable-grant', 'url-no-invoke-grant');
    expect(info.severity).toBe('info');
    expect(info.evidence.map((e) => e.text).join(' ')).toMatch(/InvokeFunction/);
  });

  it('does not rate a public URL high when the role allow is cancelled by a deny', async () => {
    await expectLookAlike(findings, 'url-denied', ['public_unauthenticated']);
    expect(detectionsAbout(findings, 'url-denied')).not.toContain('function-url-privileged-role');
  });

  it('does not rate a public URL high when the role is capped by a permission boundary', async () => {
    await expectLookAlike(findings, 'url-bounded', ['public_unauthenticated']);
    expect(detectionsAbout(findings, 'url-bounded')).not.toContain('function-url-privileged-role');
  });

  it('rates an AWS_IAM URL that any AWS account may call as weak authentication: critical on admin', () => {
    const finding = theFinding(findings, 'function-url-privileged-role', 'url-iam-any');
    expect(finding).toMatchObject({ severity: 'critical', exposure: 'public_weak_auth', privilege: 'admin' });
    // The InvokeFunction grant is limited to URL calls: no public-invoke-policy finding.
    expect(detectionsAbout(findings, 'url-iam-any')).not.toContain('public-invoke-policy');
  });

  it('rates sensitive data in a VPC as plain E3 × data: high', () => {
    expect(theFinding(findings, 'function-url-privileged-role', 'url-data-vpc')).toMatchObject({
      severity: 'high',
      privilege: 'sensitive_data',
    });
  });

  // The key id is a second credential set: an amplifier (docs/exposure.md, severity).
  it('raises sensitive data to critical when an AWS access key sits in the environment', () => {
    expect(theFinding(findings, 'function-url-privileged-role', 'url-data-vpc-key')).toMatchObject({
      severity: 'critical',
      privilege: 'sensitive_data',
    });
  });

  it('does not expose a public URL on a function throttled to zero', async () => {
    await expectLookAlike(findings, 'url-throttled', ['not_exposed']);
  });

  it('reports nothing about an admin function nobody can reach', () => {
    expect(findingsAbout(findings, 'unreachable-admin')).toEqual([]);
  });
});

describe('function URL hygiene', () => {
  it('function-url-cors-wildcard: any origin is medium; a pinned origin is not reported', () => {
    const cors = theFinding(findings, 'function-url-cors-wildcard', 'url-cors');
    expect(cors).toMatchObject({ severity: 'medium', exposure: 'public_unauthenticated' });
    expect(pathOf(cors)).toEqual([
      'Internet:internet',
      expect.stringMatching(/^LambdaFunctionUrl:/),
      'LambdaFunction:url-cors',
    ]);
    expect(detectionsAbout(findings, 'url-cors-pinned')).toEqual([]);
  });

  it('function-url-cors-wildcard-credentials: any origin with credentials is high', () => {
    expect(
      theFinding(findings, 'function-url-cors-wildcard-credentials', 'url-cors-credentials'),
    ).toMatchObject({
      severity: 'high',
      exposure: 'public_unauthenticated',
    });
    expect(detectionsAbout(findings, 'url-cors-credentials')).not.toContain('function-url-cors-wildcard');
  });

  it('exposed-function-no-reserved-concurrency: public and unreserved, not when reserved', () => {
    const unreserved = theFinding(findings, 'exposed-function-no-reserved-concurrency', 'url-admin');
    expect(unreserved).toMatchObject({ severity: 'medium', exposure: 'public_unauthenticated' });
    expect(unreserved.path.map((p) => p.labels.at(-1))).toEqual([
      'Internet',
      'LambdaFunctionUrl',
      'LambdaFunction',
    ]);
    expect(detectionsAbout(findings, 'url-privesc')).not.toContain(
      'exposed-function-no-reserved-concurrency',
    );
    // Not exposed: nothing to flood.
    expect(detectionsAbout(findings, 'url-no-grant')).not.toContain(
      'exposed-function-no-reserved-concurrency',
    );
    // Anyone may invoke it directly (resource policy): floodable.
    expect(detectionsAbout(findings, 'invoke-public')).toContain('exposed-function-no-reserved-concurrency');
    // Anyone may replace its code, nobody may invoke it: nothing to flood.
    expect(detectionsAbout(findings, 'anyone-update')).not.toContain(
      'exposed-function-no-reserved-concurrency',
    );
  });

  it('exposed-function-secret-env-vars: high on a public function, nothing on an unreachable one', () => {
    const secrets = theFinding(findings, 'exposed-function-secret-env-vars', 'url-secrets');
    expect(secrets).toMatchObject({ severity: 'high', exposure: 'public_unauthenticated' });
    expect(secrets.evidence.map((e) => e.text).join(' ')).toMatch(/DB_PASSWORD/);
    expect(JSON.stringify(findings)).not.toMatch(/planted-password/);
    expect(detectionsAbout(findings, 'unreachable-admin')).toEqual([]);
  });

  it('exposed-function-secret-env-vars: medium when only another account can invoke', () => {
    expect(theFinding(findings, 'exposed-function-secret-env-vars', 'xacct-secrets')).toMatchObject({
      severity: 'medium',
      exposure: 'cross_account',
    });
  });

  it('stale-public-url-policy: public URL grants left after the URL was deleted (low)', () => {
    const stale = theFinding(findings, 'stale-public-url-policy', 'url-deleted');
    expect(stale).toMatchObject({
      severity: 'low',
      exposure: 'not_exposed',
      entryPoint: { kind: 'resource_policy' },
    });
    // A URL that still exists is no leftover.
    expect(detectionsAbout(findings, 'url-admin')).not.toContain('stale-public-url-policy');
  });

  it('shared-execution-role: one role behind a public and an internal function; not two internal ones', () => {
    const roles = findings.filter((f) => f.detection === 'shared-execution-role').map((f) => f.role?.arn);
    expect(roles).toContain(roleArn('shared-role'));
    // Two internal functions share internal-shared-role: nothing public runs as it.
    expect(roles).not.toContain(roleArn('internal-shared-role'));
    const shared = findings.find(
      (f) => f.detection === 'shared-execution-role' && f.role?.arn === roleArn('shared-role'),
    )!;
    expect(shared.severity).toBe('low');
    expect(shared.evidence.map((e) => e.text).join(' ')).toMatch(/shared-public.*shared-internal/);
    expect(pathOf(shared)).toEqual([
      'Internet:internet',
      expect.stringMatching(/^LambdaFunctionUrl:/),
      'LambdaFunction:shared-public',
      'AWSRole:shared-role',
      'LambdaFunction:shared-internal',
    ]);
  });
});

describe('resource policies', () => {
  it('public-invoke-policy: Principal "*" may invoke an admin function: critical', () => {
    const finding = theFinding(findings, 'public-invoke-policy', 'invoke-public');
    expect(finding).toMatchObject({
      severity: 'critical',
      privilege: 'admin',
      entryPoint: { kind: 'resource_policy' },
      role: { arn: roleArn('admin-role') },
    });
    expect(['public_unauthenticated', 'public_weak_auth']).toContain(finding.exposure);
    expect(finding.path.map((p) => p.labels.at(-1))).toEqual([
      'Internet',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
  });

  it('public-invoke-policy look-alike: Principal "*" pinned to a source ARN and account', async () => {
    await expectLookAlike(findings, 'invoke-pinned', []);
    expect(detectionsAbout(findings, 'invoke-pinned')).not.toContain('public-invoke-policy');
  });

  it('confused-deputy-service-grant: S3 without a source on an admin function is critical (E2 × admin)', () => {
    const finding = theFinding(findings, 'confused-deputy-service-grant', 'deputy-open');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_weak_auth',
      privilege: 'admin',
      entryPoint: { kind: 'resource_policy' },
    });
    expect(finding.path.map((p) => p.labels.at(-1))).toEqual([
      'Internet',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
  });

  it('confused-deputy-service-grant: S3 with SourceArn arn:aws:s3:::* pins nobody', async () => {
    expect(theFinding(findings, 'confused-deputy-service-grant', 'deputy-wildcard')).toMatchObject({
      severity: 'critical',
      exposure: 'public_weak_auth',
    });
    const [grant] = await cypher<{ services: string[] }>(
      'MATCH (:Internet)-[e:EXPOSES]->(:LambdaFunction {id: $arn}) RETURN e.unpinnedServices AS services',
      { arn: functionArn('deputy-wildcard') },
    );
    expect(grant).toEqual({ services: ['s3.amazonaws.com'] });
  });

  it('confused-deputy look-alike: S3 with SourceArn and SourceAccount', async () => {
    await expectLookAlike(findings, 'deputy-pinned', []);
    expect(detectionsAbout(findings, 'deputy-pinned')).not.toContain('confused-deputy-service-grant');
  });

  it('cross-account-code-update: another account may replace an admin function code: critical', () => {
    const finding = theFinding(findings, 'cross-account-code-update', 'xacct-update');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'cross_account',
      privilege: 'admin',
      entryPoint: { kind: 'resource_policy' },
      role: { arn: roleArn('admin-role') },
    });
    expect(finding.evidence.map((e) => e.text).join(' ')).toMatch(OTHER_ACCOUNT);
    // Not reached from the internet: the path starts at the account the grant names.
    expect(finding.path[0]).toEqual({
      id: OTHER_ACCOUNT,
      labels: ['AWSAccount'],
      name: `account ${OTHER_ACCOUNT}`,
    });
    expect(pathOf(finding)).toEqual([
      `AWSAccount:account ${OTHER_ACCOUNT}`,
      'LambdaFunction:xacct-update',
      'AWSRole:admin-role',
      'Capability:admin',
    ]);
  });

  it('cross-account-code-update: anyone may replace the code, on a basic role: high, not below the one-account case', () => {
    // docs/exposure.md, code-update row: a code-update grant to another account is high even on a basic role; Principal "*"
    // (every AWS account) is no less.
    const finding = theFinding(findings, 'cross-account-code-update', 'anyone-update');
    expect(finding).toMatchObject({ severity: 'high', exposure: 'public_weak_auth', privilege: 'basic' });
    // Nobody may invoke it: no "any AWS account may invoke" finding.
    expect(detectionsAbout(findings, 'anyone-update')).not.toContain('public-invoke-policy');
  });

  it('cross-account look-alike: another account may only invoke a function that writes logs', async () => {
    await expectLookAlike(findings, 'xacct-invoke', ['cross_account']);
    expect(detectionsAbout(findings, 'xacct-invoke')).not.toContain('cross-account-code-update');
  });
});

describe('a second scan after the public grants of url-admin are removed', () => {
  let second: Finding[];
  let resolved: Finding[];
  beforeAll(async () => {
    for (const StatementId of ['FunctionURLAllowPublicAccess', 'FunctionURLInvokeAllowPublicAccess']) {
      await aws.lambda().send(new RemovePermissionCommand({ FunctionName: 'url-admin', StatementId }));
    }
    second = await scanAndListFindings();
    const listed = await runCli(['findings', '--format', 'json', '--include-resolved']);
    expect(listed.code).toBe(0);
    resolved = (JSON.parse(listed.stdout) as Finding[]).filter((f) => f.status === 'resolved');
  }, 300_000);

  it('resolves the fixed toxic combination and keeps its id', () => {
    const before = theFinding(findings, 'function-url-privileged-role', 'url-admin');
    expect(second.map((f) => f.id)).not.toContain(before.id);
    expect(resolved.find((f) => f.id === before.id)).toMatchObject({
      detection: 'function-url-privileged-role',
      status: 'resolved',
      firstSeen: before.firstSeen,
    });
    expectNotCriticalOrHigh(second, 'url-admin');
  });

  it('reports the URL left without grants as new info, and the rest as persisting with the same ids', () => {
    expect(theFinding(second, 'function-url-unreachable-grant', 'url-admin')).toMatchObject({
      severity: 'info',
      status: 'new',
    });
    const before = theFinding(findings, 'function-url-privileged-role', 'url-privesc');
    const after = theFinding(second, 'function-url-privileged-role', 'url-privesc');
    expect(after).toMatchObject({ id: before.id, status: 'persisting', firstSeen: before.firstSeen });
    expect(after.lastSeen > before.lastSeen).toBe(true);
  });
});
