import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot, type Snapshot, type SnapshotUnit } from '../../src/snapshot/index.js';
import { ACCOUNT_ID, REGION } from '../support/aws.js';
import { type CliResult, runCli } from '../support/cli.js';
import { policyAllows } from './collector-policy.js';
import { type Estate, PLAIN_ENVIRONMENT, PLANTED_SECRETS, seedEstate } from './estate.js';

let estate: Estate;
let dir: string;
let run: CliResult;
let snapshot: Snapshot;

function unit<S extends SnapshotUnit['service']>(service: S, region = REGION) {
  const found = snapshot.units.find(
    (entry) =>
      entry.service === service &&
      entry.region === (service === 'iam' || service === 'organizations' ? 'global' : region),
  );
  if (!found) throw new Error(`no ${service} unit`);
  return found as Extract<SnapshotUnit, { service: S }>;
}

beforeAll(async () => {
  estate = await seedEstate();
  dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-collect-'));
  // trace: every log line the collector can write, so that the secret test sees them all.
  run = await runCli(['collect', '--out', dir], { TOXGRAPH_LOG_LEVEL: 'trace' });
  snapshot = await readSnapshot(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('toxgraph collect on an estate with every resource kind', () => {
  it('writes a valid snapshot: every unit collected, none rejected, no gaps', () => {
    expect(run.stderr).not.toMatch(/"level":(40|50)/);
    expect(run.code).toBe(0);
    expect(snapshot.rejected).toEqual([]);
    expect(snapshot.manifest.gaps).toEqual([]);
    expect(snapshot.units.map((entry) => `${entry.region}/${entry.service}`).sort()).toEqual([
      'global/cloudfront',
      'global/iam',
      'global/organizations',
      `${REGION}/apigateway`,
      `${REGION}/apigatewayv2`,
      `${REGION}/datastores`,
      `${REGION}/ec2`,
      `${REGION}/elbv2`,
      `${REGION}/lambda`,
      `${REGION}/wafv2`,
    ]);
    expect(snapshot.manifest.callerIdentity.Account).toBe(ACCOUNT_ID);
    expect(snapshot.manifest.regions).toEqual([REGION]);
    expect(run.stdout).toMatch(/Units: 10 collected, 0 failed {3}AWS calls: \d+/);
    expect(run.stdout).toMatch(/Gaps: none/);
  });

  it('collects IAM: trust conditions, inline policies, every managed policy version, group membership', () => {
    const { authorizationDetails } = unit('iam').data;
    const role = authorizationDetails.RoleDetailList.find((entry) => entry.RoleName === 'orders-role')!;
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
    expect(trust.Statement[1].Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'partner-42' } });
    expect(role.RolePolicyList?.map((policy) => policy.PolicyName)).toEqual(['admin-inline']);
    const managed = authorizationDetails.Policies.find((policy) => policy.Arn === estate.managedPolicyArn)!;
    expect(managed.PolicyName).toBe('orders-logs');
    expect(managed.DefaultVersionId).toBe('v2');
    expect(
      managed.PolicyVersionList?.map((version) => [version.VersionId, version.IsDefaultVersion]),
    ).toEqual(
      expect.arrayContaining([
        ['v1', false],
        ['v2', true],
      ]),
    );
    const user = authorizationDetails.UserDetailList.find((entry) => entry.UserName === 'deployer')!;
    expect(user.GroupList).toEqual(['deployers']);
    expect(authorizationDetails.GroupDetailList[0]?.GroupPolicyList?.[0]?.PolicyName).toBe('update-code');
  });

  it('collects Lambda: versions, alias, URL, policies per qualifier, reserved concurrency, env names only', () => {
    const { data } = unit('lambda');
    const fn = data.functions.find((entry) => entry.FunctionName === 'orders')!;
    expect(fn.FunctionArn).toBe(estate.functionArn);
    expect(fn.Role).toBe(estate.roleArn);
    expect(fn.Environment?.VariableNames.sort()).toEqual(
      [...Object.keys(PLANTED_SECRETS), ...Object.keys(PLAIN_ENVIRONMENT)].sort(),
    );
    expect(fn.Environment?.SecretLookingNames.sort()).toEqual(Object.keys(PLANTED_SECRETS).sort());
    expect(data.versions?.[estate.functionArn]?.map((version) => version.Version)).toEqual(['1']);
    expect(data.aliases[estate.functionArn]?.map((alias) => [alias.Name, alias.FunctionVersion])).toEqual([
      ['live', '1'],
    ]);
    expect(data.urlConfigs[estate.functionArn]?.map((url) => [url.FunctionArn, url.AuthType])).toEqual([
      [estate.functionArn, 'NONE'],
    ]);
    expect(JSON.parse(data.policies[estate.functionArn]!).Statement[0].Sid).toBe('public-url');
    // moto keeps one policy per function whatever the qualifier; AWS keeps one per qualifier. Either way the
    // alias's own key must hold the alias's statement.
    const aliasPolicy = JSON.parse(data.policies[estate.aliasArn]!);
    expect(aliasPolicy.Statement).toContainEqual(
      expect.objectContaining({ Sid: 'apigw-live', Principal: { Service: 'apigateway.amazonaws.com' } }),
    );
    const quiet = data.functions.find((entry) => entry.FunctionName === 'quiet')!;
    expect(data.urlConfigs[quiet.FunctionArn!]).toEqual([]);
    expect(data.policies[quiet.FunctionArn!]).toBeUndefined();
    expect(data.reservedConcurrency).toEqual({ [estate.functionArn]: 7 });
  });

  it('collects HTTP and WebSocket APIs: route authorization, authorizers, integrations, stages, mappings', () => {
    const { data } = unit('apigatewayv2');
    const routes = data.routes[estate.httpApiId]!;
    expect(routes.map((route) => [route.RouteKey, route.AuthorizationType ?? 'NONE']).sort()).toEqual([
      ['GET /public', 'NONE'],
      ['POST /orders', 'JWT'],
    ]);
    const jwtRoute = routes.find((route) => route.AuthorizationType === 'JWT')!;
    expect(jwtRoute.AuthorizerId).toBe(estate.jwtAuthorizerId);
    expect(jwtRoute.AuthorizationScopes).toEqual(['orders/write']);
    expect(data.authorizers[estate.httpApiId]?.[0]?.JwtConfiguration).toEqual({
      Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool',
      Audience: ['app'],
    });
    expect(data.integrations[estate.httpApiId]?.[0]).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: estate.functionArn,
    });
    expect(data.stages[estate.httpApiId]?.[0]).toMatchObject({ StageName: '$default', AutoDeploy: true });
    const connect = data.routes[estate.webSocketApiId]?.find((route) => route.RouteKey === '$connect');
    expect(connect?.AuthorizationType).toBe('CUSTOM');
    expect(data.authorizers[estate.webSocketApiId]?.[0]?.AuthorizerType).toBe('REQUEST');
    expect(data.stages[estate.webSocketApiId]?.[0]?.StageVariables).toEqual({ fn: 'orders' });
    expect(data.apis.map((api) => api.ProtocolType).sort()).toEqual(['HTTP', 'WEBSOCKET']);
    expect(data.apiMappings['api.example.com']).toEqual([
      expect.objectContaining({ ApiId: estate.httpApiId, Stage: '$default', ApiMappingKey: 'v1' }),
    ]);
  });

  it('collects REST APIs: methods embedded with authorization, API keys and integrations; authorizers; stages', () => {
    const { data } = unit('apigateway');
    expect(JSON.parse(data.restApis[0]!.policy!.replace(/\\"/g, '"')).Statement[0].Principal).toBe('*');
    const orders = data.resources[estate.restApiId]?.find((resource) => resource.path === '/orders');
    expect(orders?.resourceMethods?.GET).toMatchObject({ authorizationType: 'NONE', apiKeyRequired: true });
    expect(orders?.resourceMethods?.POST).toMatchObject({ authorizationType: 'CUSTOM' });
    expect(orders?.resourceMethods?.POST?.methodIntegration?.uri).toContain(estate.functionArn);
    expect(data.authorizers[estate.restApiId]?.[0]).toMatchObject({ type: 'TOKEN', name: 'token' });
    expect(data.stages[estate.restApiId]?.[0]).toMatchObject({
      stageName: 'prod',
      variables: { alias: 'live' },
    });
  });

  it('collects ELBv2: rules in priority order with actions in order, target health, security groups', () => {
    const { data } = unit('elbv2');
    expect(data.loadBalancers[0]).toMatchObject({
      Scheme: 'internet-facing',
      SecurityGroups: [estate.securityGroupId],
    });
    const rules = data.rules[estate.listenerArn]!;
    expect(rules.map((rule) => rule.Priority)).toEqual(['5', '20', 'default']);
    expect(rules[1]?.Actions?.map((action) => action.Type)).toEqual(['authenticate-oidc', 'forward']);
    expect(rules[1]?.Actions?.[0]?.AuthenticateOidcConfig?.OnUnauthenticatedRequest).toBe('allow');
    expect(rules[0]?.Actions?.[0]?.ForwardConfig?.TargetGroups).toEqual([
      expect.objectContaining({ TargetGroupArn: estate.targetGroupArn, Weight: 100 }),
    ]);
    expect(data.targetHealth[estate.targetGroupArn]?.map((entry) => entry.Target?.Id)).toEqual([
      estate.functionArn,
    ]);
    const ec2 = unit('ec2').data;
    expect(ec2.securityGroups.map((group) => group.GroupId)).toEqual([estate.securityGroupId]);
    expect(ec2.securityGroups[0]?.IpPermissions?.[0]).toMatchObject({
      FromPort: 443,
      IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })],
      Ipv6Ranges: [expect.objectContaining({ CidrIpv6: '::/0' })],
    });
  });

  it('collects Organizations: accounts, roots, OUs and their parents, SCPs with content and targets', () => {
    const { data } = unit('organizations');
    expect(data.accounts.map((account) => account.Id)).toContain(ACCOUNT_ID);
    expect(data.managementAccountId).toBe(ACCOUNT_ID);
    expect(data.organizationalUnits.map((ou) => ou.Name)).toEqual(['workloads']);
    expect(data.parents[estate.ouId]).toBe(data.roots[0]?.Id);
    expect(data.parents[ACCOUNT_ID]).toBe(data.roots[0]?.Id);
    const scp = data.policies.find((policy) => policy.PolicySummary?.Id === estate.scpId)!;
    expect(JSON.parse(scp.Content!).Statement[0].Action).toBe('organizations:LeaveOrganization');
    expect(data.policiesForTarget[estate.ouId]?.map((policy) => policy.Id)).toContain(estate.scpId);
  });

  it('never writes an environment variable value to the snapshot, stdout or the logs', async () => {
    const files = await readdir(dir, { recursive: true });
    const bytes = (
      await Promise.all(
        files.filter((file) => file.endsWith('.json')).map((file) => readFile(path.join(dir, file), 'utf8')),
      )
    ).join('\n');
    expect(bytes.length).toBeGreaterThan(1000);
    for (const value of [...Object.values(PLANTED_SECRETS), 'hunter2', 'PLANTEDKEY', 'MIIplanted']) {
      expect(bytes).not.toContain(value);
      expect(run.stdout).not.toContain(value);
      expect(run.stderr).not.toContain(value);
    }
    expect(bytes).not.toMatch(/"Variables"/);
  });

  it('sends only calls the least-privilege policy allows, and counts them', () => {
    const calls = snapshot.manifest.awsCalls ?? {};
    expect(Object.keys(calls)).toEqual(
      expect.arrayContaining([
        'iam:GetAccountAuthorizationDetails',
        'lambda:ListFunctions',
        'lambda:GetPolicy',
        'apigateway:GET /apis/*/routes',
        'apigateway:GET /restapis/*/resources',
        'elasticloadbalancing:DescribeRules',
        'ec2:DescribeSecurityGroups',
        'organizations:ListTargetsForPolicy',
      ]),
    );
    expect(Object.keys(calls).filter((permission) => !policyAllows(permission, REGION))).toEqual([]);
    const total = Object.values(calls).reduce((sum, count) => sum + count, 0);
    expect(run.stdout).toContain(`AWS calls: ${total}`);
    console.info(`AWS calls for the sample estate: ${total}`, calls);
  });
});
