/**
 * Scenarios on API Gateway entry points (HTTP API routes, WebSocket $connect, REST methods, Lambda
 * authorizers), end to end against moto: seeded through the SDK, `toxgraph scan`, `toxgraph findings
 * --format json`. Each detection has a positive case and a safe look-alike (a JWT route, an IAM-authorized
 * $connect, a PRIVATE REST API, an API without the invoke permission) that must not be critical or high.
 */
import { CreateApiMappingCommand, CreateDomainNameCommand } from '@aws-sdk/client-apigatewayv2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import {
  ACCOUNT_ID,
  addPermission,
  allowApiGateway,
  aws,
  createAlias,
  createFunction,
  createRestApi,
  createRole,
  createV2Api,
  putReservedConcurrency,
  REGION,
  updateRole,
} from '../support/aws.js';
import { ADMIN, ATTACH_ANY_POLICY, LOGS_ONLY } from './policies.js';
import {
  detectionsAbout,
  expectLookAlike,
  functionArn,
  pathOf,
  roleArn,
  scanAndListFindings,
  theFinding,
} from './scenario.js';

let findings: Finding[];
const api: Record<string, string> = {};
const PARTNER_ACCOUNT = '210987654321';

beforeAll(async () => {
  const admin = await createRole({ name: 'admin-role', managed: { 'admin-policy': ADMIN } });
  const privesc = await createRole({ name: 'privesc-role', inline: { attach: ATTACH_ANY_POLICY } });
  const basic = await createRole({ name: 'basic-role', inline: { logs: LOGS_ONLY } });

  const fn: Record<string, string> = {};
  for (const [name, role] of [
    ['route-admin', admin],
    ['route-alias', admin],
    ['route-jwt', admin],
    ['route-no-permission', admin],
    ['ws-admin', admin],
    ['ws-iam', admin],
    ['rest-admin', admin],
    ['rest-api-key', privesc],
    ['rest-private', admin],
    ['authorizer-admin', admin],
    ['behind-authorizer', basic],
    ['route-stagevar', admin],
    ['route-disabled', admin],
    ['token-authorizer-admin', admin],
    ['behind-token', basic],
    ['route-other-api', admin],
    ['route-other-route', admin],
    ['rest-account-only', admin],
    ['route-catch-all', admin],
    ['rest-iam-any', admin],
    ['route-domain', admin],
    ['route-throttled', admin],
    ['rest-stagevar', admin],
    ['rest-ip-allow-list', admin],
    ['route-iam', admin],
    ['ws-authorizer-admin', admin],
    ['ws-guarded', basic],
  ] as const) {
    fn[name] = await createFunction(name, role);
    await putReservedConcurrency(name, 5);
  }
  fn['rest-iam-partner'] = await createFunction('rest-iam-partner', basic, {
    environment: { DB_PASSWORD: 'planted-partner-password' },
  });
  await putReservedConcurrency('rest-iam-partner', 5);
  const liveAlias = await createAlias('route-alias', 'live');

  // HTTP API: an open route on admin, an open route on an alias, a JWT route (look-alike), and a Lambda
  // REQUEST authorizer whose function is admin guarding a basic function.
  const http = await createV2Api({
    name: 'shop-http',
    protocol: 'HTTP',
    authorizers: [
      { name: 'jwt', type: 'JWT', issuerOrFunctionArn: 'https://idp.example.com' },
      { name: 'lambda', type: 'REQUEST', issuerOrFunctionArn: fn['authorizer-admin']! },
    ],
    routes: [
      { routeKey: 'GET /admin', target: fn['route-admin'] },
      { routeKey: 'GET /live', target: liveAlias },
      {
        routeKey: 'POST /orders',
        target: fn['route-jwt'],
        authorizationType: 'JWT',
        authorizerId: 'jwt',
        scopes: ['orders/write'],
      },
      {
        routeKey: 'GET /guarded',
        target: fn['behind-authorizer'],
        authorizationType: 'CUSTOM',
        authorizerId: 'lambda',
      },
    ],
  });
  api.http = http.apiId;
  for (const name of ['route-admin', 'route-jwt', 'authorizer-admin', 'behind-authorizer']) {
    await allowApiGateway(name, http.apiId);
  }
  await allowApiGateway('route-alias', http.apiId, 'live');
  // Look-alike: an open route whose function never granted API Gateway the invoke permission (500s).
  const unpermitted = await createV2Api({
    name: 'broken-http',
    protocol: 'HTTP',
    routes: [{ routeKey: 'GET /broken', target: fn['route-no-permission'] }],
  });
  api.broken = unpermitted.apiId;
  // A route whose integration names the alias through a stage variable.
  await createAlias('route-stagevar', 'live');
  const vars = await createV2Api({
    name: 'vars-http',
    protocol: 'HTTP',
    stageVariables: { alias: 'live' },
    routes: [{ routeKey: 'GET /var', target: `${fn['route-stagevar']}:\${stageVariables.alias}` }],
  });
  api.vars = vars.apiId;
  await allowApiGateway('route-stagevar', vars.apiId, 'live');
  // Look-alikes: open routes whose invoke permission names another API, or another route of this API.
  const scoped = await createV2Api({
    name: 'scoped-http',
    protocol: 'HTTP',
    routes: [
      { routeKey: 'GET /a', target: fn['route-other-api'] },
      { routeKey: 'GET /b', target: fn['route-other-route'] },
    ],
  });
  await allowApiGateway('route-other-api', http.apiId);
  await addPermission({
    FunctionName: 'route-other-route',
    StatementId: 'only-get-other',
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${scoped.apiId}/*/GET/other`,
  });
  // The $default (catch-all) route without authorization.
  const catchAll = await createV2Api({
    name: 'catch-all-http',
    protocol: 'HTTP',
    routes: [{ routeKey: '$default', target: fn['route-catch-all'] }],
  });
  await allowApiGateway('route-catch-all', catchAll.apiId);
  // A WebSocket $connect guarded by a Lambda REQUEST authorizer that runs as admin.
  const wsGuarded = await createV2Api({
    name: 'guarded-ws',
    protocol: 'WEBSOCKET',
    authorizers: [{ name: 'connect', type: 'REQUEST', issuerOrFunctionArn: fn['ws-authorizer-admin']! }],
    routes: [
      {
        routeKey: '$connect',
        target: fn['ws-guarded'],
        authorizationType: 'CUSTOM',
        authorizerId: 'connect',
      },
      { routeKey: 'sendmessage', target: fn['ws-guarded'] },
    ],
  });
  await allowApiGateway('ws-authorizer-admin', wsGuarded.apiId);
  await allowApiGateway('ws-guarded', wsGuarded.apiId);
  // Aliases whose version runs another role than $LATEST: the alias runs its version's role.
  await createFunction('alias-admin-version', admin);
  await createFunction('alias-basic-version', basic);
  await putReservedConcurrency('alias-admin-version', 5);
  await putReservedConcurrency('alias-basic-version', 5);
  const adminVersionAlias = await createAlias('alias-admin-version', 'live');
  const basicVersionAlias = await createAlias('alias-basic-version', 'live');
  await updateRole('alias-admin-version', basic);
  await updateRole('alias-basic-version', admin);
  const versions = await createV2Api({
    name: 'versions-http',
    protocol: 'HTTP',
    routes: [
      { routeKey: 'GET /admin-version', target: adminVersionAlias },
      { routeKey: 'GET /basic-version', target: basicVersionAlias },
    ],
  });
  await allowApiGateway('alias-admin-version', versions.apiId, 'live');
  await allowApiGateway('alias-basic-version', versions.apiId, 'live');
  // The execute-api endpoint is disabled, but a custom domain maps the API: still open.
  const viaDomain = await createV2Api({
    name: 'domain-http',
    protocol: 'HTTP',
    disableExecuteApiEndpoint: true,
    routes: [{ routeKey: 'GET /admin', target: fn['route-domain'] }],
  });
  await allowApiGateway('route-domain', viaDomain.apiId);
  const v2 = aws.apigatewayv2();
  await v2.send(new CreateDomainNameCommand({ DomainName: 'api.example.com' }));
  await v2.send(
    new CreateApiMappingCommand({ DomainName: 'api.example.com', ApiId: viaDomain.apiId, Stage: '$default' }),
  );
  // Look-alike: a route authorized by IAM (SigV4, same account).
  const iamRoute = await createV2Api({
    name: 'iam-http',
    protocol: 'HTTP',
    routes: [{ routeKey: 'GET /admin', target: fn['route-iam'], authorizationType: 'AWS_IAM' }],
  });
  await allowApiGateway('route-iam', iamRoute.apiId);
  // Look-alike: an open route on an API whose execute-api endpoint is disabled and no domain maps it.
  const disabled = await createV2Api({
    name: 'disabled-http',
    protocol: 'HTTP',
    disableExecuteApiEndpoint: true,
    routes: [{ routeKey: 'GET /admin', target: fn['route-disabled'] }],
  });
  await allowApiGateway('route-disabled', disabled.apiId);

  // WebSocket: $connect without authorization (every route open); look-alike: $connect with AWS_IAM.
  const ws = await createV2Api({
    name: 'chat-ws',
    protocol: 'WEBSOCKET',
    routes: [
      { routeKey: '$connect', target: fn['ws-admin'] },
      { routeKey: '$default', target: fn['ws-admin'] },
    ],
  });
  api.ws = ws.apiId;
  await allowApiGateway('ws-admin', ws.apiId);
  const wsIam = await createV2Api({
    name: 'chat-ws-iam',
    protocol: 'WEBSOCKET',
    routes: [
      { routeKey: '$connect', target: fn['ws-iam'], authorizationType: 'AWS_IAM' },
      { routeKey: 'sendmessage', target: fn['ws-iam'] },
    ],
  });
  api.wsIam = wsIam.apiId;
  await allowApiGateway('ws-iam', wsIam.apiId);

  // REST: an open REGIONAL method (admin); an API key alone (weak) on privilege escalation; a PRIVATE API.
  api.rest = await createRestApi({
    name: 'shop-rest',
    methods: [
      { path: '/admin', httpMethod: 'GET', functionArn: fn['rest-admin']! },
      { path: '/keyed', httpMethod: 'GET', functionArn: fn['rest-api-key']!, apiKeyRequired: true },
    ],
  });
  await allowApiGateway('rest-admin', api.rest);
  await allowApiGateway('rest-api-key', api.rest);
  api.private = await createRestApi({
    name: 'internal-rest',
    endpointType: 'PRIVATE',
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
        },
      ],
    },
    methods: [{ path: '/admin', httpMethod: 'GET', functionArn: fn['rest-private']! }],
  });
  await allowApiGateway('rest-private', api.private);
  // AWS_IAM methods whose resource policy admits Principal "*": any AWS account (weak).
  api.iamAny = await createRestApi({
    name: 'iam-any-rest',
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      ],
    },
    methods: [
      { path: '/admin', httpMethod: 'GET', functionArn: fn['rest-iam-any']!, authorizationType: 'AWS_IAM' },
    ],
  });
  await allowApiGateway('rest-iam-any', api.iamAny);
  // An AWS_IAM method whose resource policy admits one other account, named by its bare id (AWS reads it
  // as that account's root): reached by that account, not from the internet.
  api.partner = await createRestApi({
    name: 'partner-rest',
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: PARTNER_ACCOUNT },
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
        },
      ],
    },
    methods: [
      {
        path: '/sync',
        httpMethod: 'POST',
        functionArn: fn['rest-iam-partner']!,
        authorizationType: 'AWS_IAM',
      },
    ],
  });
  await allowApiGateway('rest-iam-partner', api.partner);
  // A REST method whose integration names the alias through a stage variable.
  await createAlias('rest-stagevar', 'live');
  api.restVars = await createRestApi({
    name: 'vars-rest',
    stageVariables: { alias: 'live' },
    methods: [
      { path: '/var', httpMethod: 'GET', functionArn: `${fn['rest-stagevar']}:\${stageVariables.alias}` },
    ],
  });
  await allowApiGateway('rest-stagevar', api.restVars, 'live');
  // Look-alike: the resource policy denies every caller outside one address range.
  api.ipAllowList = await createRestApi({
    name: 'ip-rest',
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        },
      ],
    },
    methods: [{ path: '/admin', httpMethod: 'GET', functionArn: fn['rest-ip-allow-list']! }],
  });
  await allowApiGateway('rest-ip-allow-list', api.ipAllowList);
  // Look-alike: an open route to a function throttled to zero.
  await putReservedConcurrency('route-throttled', 0);
  const throttled = await createV2Api({
    name: 'throttled-http',
    protocol: 'HTTP',
    routes: [{ routeKey: 'GET /admin', target: fn['route-throttled'] }],
  });
  await allowApiGateway('route-throttled', throttled.apiId);
  // Look-alike: an open method whose resource policy admits only IAM principals of the account.
  api.accountOnly = await createRestApi({
    name: 'account-rest',
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
        },
      ],
    },
    methods: [{ path: '/admin', httpMethod: 'GET', functionArn: fn['rest-account-only']! }],
  });
  await allowApiGateway('rest-account-only', api.accountOnly);
  // A REST TOKEN authorizer running as admin, guarding a basic function.
  api.token = await createRestApi({
    name: 'token-rest',
    authorizers: { token: fn['token-authorizer-admin']! },
    methods: [{ path: '/orders', httpMethod: 'GET', functionArn: fn['behind-token']!, authorizer: 'token' }],
  });
  await allowApiGateway('token-authorizer-admin', api.token);
  await allowApiGateway('behind-token', api.token);

  findings = await scanAndListFindings();
}, 300_000);

const labels = (finding: Finding) => finding.path.map((p) => p.labels.at(-1));

describe('http-api-route-privileged-role', () => {
  it('reports an open route on the $default stage to an admin function as critical, with its path', () => {
    const finding = theFinding(findings, 'http-api-route-privileged-role', 'route-admin');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'http_api_route' },
      function: { arn: functionArn('route-admin'), qualifier: null },
      role: { arn: roleArn('admin-role') },
      accountId: ACCOUNT_ID,
      region: REGION,
    });
    expect(labels(finding)).toEqual([
      'Internet',
      'APIGatewayV2Route',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
    expect(finding.path[1]!.name).toMatch(/GET \/admin/);
  });

  it('follows a route integrated with an alias through the alias to the function', () => {
    const finding = theFinding(findings, 'http-api-route-privileged-role', 'route-alias');
    expect(finding).toMatchObject({ severity: 'critical', function: { qualifier: 'live' } });
    expect(labels(finding)).toEqual([
      'Internet',
      'APIGatewayV2Route',
      'LambdaAlias',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
  });

  it('resolves a stage variable in the integration URI to the alias it names', () => {
    const finding = theFinding(findings, 'http-api-route-privileged-role', 'route-stagevar');
    expect(finding).toMatchObject({ severity: 'critical', function: { qualifier: 'live' } });
    expect(pathOf(finding).slice(2, 4)).toEqual(['LambdaAlias:live', 'LambdaFunction:route-stagevar']);
  });

  it('reports the $default catch-all route without authorization', () => {
    expect(theFinding(findings, 'http-api-route-privileged-role', 'route-catch-all')).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
    });
  });

  // A published version keeps the role it was published with: the alias runs that one, not $LATEST's.
  it('rates an alias by the role of the version it runs (admin version, basic $LATEST)', () => {
    const finding = theFinding(findings, 'http-api-route-privileged-role', 'alias-admin-version');
    expect(finding).toMatchObject({
      severity: 'critical',
      function: { qualifier: 'live' },
      privilege: 'admin',
      role: { arn: roleArn('admin-role') },
    });
    expect(pathOf(finding).slice(2)).toEqual([
      'LambdaAlias:live',
      'LambdaFunction:alias-admin-version',
      'AWSRole:admin-role',
      'Capability:admin',
    ]);
  });

  it('look-alike: an alias whose version runs a basic role, with an admin $LATEST', async () => {
    await expectLookAlike(findings, 'alias-basic-version', ['public_unauthenticated']);
  });

  it('look-alike: open routes whose invoke permission names another API or another route', async () => {
    for (const name of ['route-other-api', 'route-other-route']) {
      await expectLookAlike(findings, name, ['not_exposed']);
    }
  });

  it('reports an open route served through a custom domain although execute-api is disabled', () => {
    expect(theFinding(findings, 'http-api-route-privileged-role', 'route-domain')).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
    });
  });

  it('look-alike: a route authorized by IAM is authenticated', async () => {
    await expectLookAlike(findings, 'route-iam', ['public_authenticated']);
  });

  it('look-alike: an open route on an API whose execute-api endpoint is disabled, with no domain', async () => {
    await expectLookAlike(findings, 'route-disabled', ['not_exposed']);
  });

  it('look-alike: a JWT route with scopes is authenticated, not reported as critical or high', async () => {
    await expectLookAlike(findings, 'route-jwt', ['public_authenticated']);
  });

  it('look-alike: an open route without the invoke permission cannot call the function', async () => {
    await expectLookAlike(findings, 'route-no-permission', ['not_exposed']);
  });
});

describe('authorizer-function-privileged-role', () => {
  it('reports a Lambda authorizer running as admin, reached before authentication', () => {
    const finding = theFinding(findings, 'authorizer-function-privileged-role', 'authorizer-admin');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      role: { arn: roleArn('admin-role') },
    });
    expect(labels(finding)).toEqual([
      'Internet',
      'APIGatewayV2Authorizer',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
  });

  it('reports a REST TOKEN authorizer running as admin', () => {
    const finding = theFinding(findings, 'authorizer-function-privileged-role', 'token-authorizer-admin');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
    });
    expect(labels(finding)).toEqual([
      'Internet',
      'APIGatewayRestAuthorizer',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
    expect(finding.entryPoint.arn).toContain(`/restapis/${api.token}/authorizers/`);
  });

  it('look-alike: the basic function behind the TOKEN authorizer is authenticated', async () => {
    await expectLookAlike(findings, 'behind-token', ['public_authenticated']);
  });

  it('reports a WebSocket $connect Lambda authorizer running as admin', () => {
    const finding = theFinding(findings, 'authorizer-function-privileged-role', 'ws-authorizer-admin');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
    });
  });

  it('look-alike: every route behind the authorized $connect is authenticated', async () => {
    await expectLookAlike(findings, 'ws-guarded', ['public_authenticated']);
  });

  it('look-alike: the basic function behind the authorizer is authenticated', async () => {
    await expectLookAlike(findings, 'behind-authorizer', ['public_authenticated']);
  });
});

describe('websocket-api-privileged-role', () => {
  it('reports a WebSocket API whose $connect has no authorization, on an admin function, as critical', () => {
    const ws = findings.filter(
      (f) => f.detection === 'websocket-api-privileged-role' && f.function?.name === 'ws-admin',
    );
    expect(ws.length).toBeGreaterThanOrEqual(1);
    for (const finding of ws) {
      expect(finding).toMatchObject({
        severity: 'critical',
        exposure: 'public_unauthenticated',
        privilege: 'admin',
        entryPoint: { kind: 'websocket_api' },
      });
      expect(labels(finding)).toEqual([
        'Internet',
        'APIGatewayV2Route',
        'LambdaFunction',
        'AWSRole',
        'Capability',
      ]);
    }
  });

  it('look-alike: $connect with AWS_IAM covers every route of the API', async () => {
    await expectLookAlike(findings, 'ws-iam', ['public_authenticated']);
  });
});

describe('rest-api-method-privileged-role', () => {
  it('reports an open method of a REGIONAL REST API on an admin function as critical', () => {
    const finding = theFinding(findings, 'rest-api-method-privileged-role', 'rest-admin');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'rest_api_method' },
    });
    expect(labels(finding)).toEqual([
      'Internet',
      'APIGatewayMethod',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
  });

  it('rates an API key alone as weak authentication: weak × admin = critical', () => {
    // The role may attach any policy, so it reaches admin (AdministratorAccess on itself).
    const finding = theFinding(findings, 'rest-api-method-privileged-role', 'rest-api-key');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_weak_auth',
      privilege: 'admin',
      role: { arn: roleArn('privesc-role') },
    });
    expect(
      finding.evidence
        .filter((e) => e.hop === 0)
        .map((e) => e.text)
        .join(' '),
    ).toMatch(/API key/i);
  });

  it('rates an AWS_IAM method open to Principal "*" as weak authentication: critical on admin', () => {
    expect(theFinding(findings, 'rest-api-method-privileged-role', 'rest-iam-any')).toMatchObject({
      severity: 'critical',
      exposure: 'public_weak_auth',
      privilege: 'admin',
    });
  });

  it('starts the path of a method open to another account (resource policy) at that account', () => {
    const finding = theFinding(findings, 'exposed-function-secret-env-vars', 'rest-iam-partner');
    expect(finding).toMatchObject({ severity: 'medium', exposure: 'cross_account' });
    expect(finding.path[0]).toEqual({
      id: PARTNER_ACCOUNT,
      labels: ['AWSAccount'],
      name: `account ${PARTNER_ACCOUNT}`,
    });
    expect(labels(finding)).toEqual(['AWSAccount', 'APIGatewayMethod', 'LambdaFunction']);
    expect(finding.path[1]!.id).toMatch(new RegExp(`/restapis/${api.partner}/resources/\\w+/methods/POST$`));
    expect(JSON.stringify(findings)).not.toMatch(/planted-partner-password/);
  });

  it('resolves a REST stage variable in the integration URI to the alias it names', () => {
    const finding = theFinding(findings, 'rest-api-method-privileged-role', 'rest-stagevar');
    expect(finding).toMatchObject({ severity: 'critical', function: { qualifier: 'live' } });
    expect(pathOf(finding).slice(2, 4)).toEqual(['LambdaAlias:live', 'LambdaFunction:rest-stagevar']);
  });

  it('look-alike: a resource policy that denies every caller outside one address range', async () => {
    // 203.0.113.0/24 is an allow-list of public addresses: the network stands in for authentication.
    await expectLookAlike(findings, 'rest-ip-allow-list', ['public_authenticated']);
  });

  it('look-alike: an open route to a function throttled to zero', async () => {
    await expectLookAlike(findings, 'route-throttled', ['not_exposed']);
  });

  it('look-alike: an open method whose resource policy admits only IAM principals of the account', async () => {
    await expectLookAlike(findings, 'rest-account-only', ['not_exposed']);
  });

  it('look-alike: a PRIVATE REST API is not internet-facing', async () => {
    await expectLookAlike(findings, 'rest-private', ['not_exposed']);
    // Its admin role is shared with exposed functions (shared-execution-role); nothing about the API.
    expect(detectionsAbout(findings, 'rest-private')).not.toContain('rest-api-method-privileged-role');
    expect(findings.filter((f) => f.entryPoint.arn?.includes(`/restapis/${api.private}/`))).toEqual([]);
  });
});

it('every toxic finding runs from the Internet to a capability, one evidence entry per hop at least', () => {
  const toxic = findings.filter((f) => f.role !== null && f.privilege !== null);
  expect(toxic.length).toBeGreaterThanOrEqual(6);
  for (const finding of toxic) {
    expect(pathOf(finding)[0]).toBe('Internet:internet');
    expect(labels(finding).at(-1)).toBe('Capability');
    const hops = new Set(finding.evidence.map((e) => e.hop));
    for (let hop = 0; hop < finding.path.length - 2; hop++)
      expect(hops.has(hop), `${finding.detection} hop ${hop}`).toBe(true);
  }
});
