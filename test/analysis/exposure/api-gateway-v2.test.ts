import type { Api, Authorizer, Integration, Route, Stage } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import type { StageMapping } from '../../../src/analysis/exposure/api-gateway.js';
import { apiGatewayV2Exposure } from '../../../src/analysis/exposure/api-gateway-v2.js';
import {
  executeApiSource,
  httpApi,
  jwtAuthorizer,
  lambdaIntegration,
  requestAuthorizer,
  route,
  stage,
  websocketApi,
} from '../../fixtures/exposure/api-gateway-v2.js';
import {
  ACCOUNT,
  ALIAS_ARN,
  FUNCTION_ARN,
  getPolicy,
  REGION,
  serviceGrant,
} from '../../fixtures/exposure/lambda.js';

const AUTHORIZER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:token-check`;
const apiGrant = (tail = '*/*', resource = FUNCTION_ARN) =>
  serviceGrant('apigateway.amazonaws.com', { sourceArn: executeApiSource(tail), resource });

interface Case {
  name: string;
  api?: Api;
  routes?: Route[];
  routeId?: string;
  integrations?: Integration[];
  authorizers?: Authorizer[];
  stages?: Stage[];
  mappings?: StageMapping[];
  policies?: [string, string | null][];
  exposure: string;
  reaches?: string[];
  blockedBy?: string;
  confidence?: string;
  evidence?: RegExp;
}

const grantedFunction: [string, string | null][] = [[FUNCTION_ARN, getPolicy(apiGrant()).Policy]];

const cases: Case[] = [
  {
    name: 'quick-create: $default route, NONE, auto-deployed $default stage, permission on */$default',
    routes: [route('$default')],
    policies: [[FUNCTION_ARN, getPolicy(apiGrant('*/$default')).Policy]],
    exposure: 'public_unauthenticated',
    reaches: [FUNCTION_ARN],
    confidence: 'high',
  },
  {
    name: 'GET /orders with NONE and a permission for */*/orders',
    routes: [route('GET /orders')],
    policies: [[FUNCTION_ARN, getPolicy(apiGrant('*/*/orders')).Policy]],
    exposure: 'public_unauthenticated',
    reaches: [FUNCTION_ARN],
  },
  {
    name: 'ANY /orders matches a permission scoped to GET',
    routes: [route('ANY /orders')],
    policies: [[FUNCTION_ARN, getPolicy(apiGrant('*/GET/orders')).Policy]],
    exposure: 'public_unauthenticated',
    reaches: [FUNCTION_ARN],
  },
  {
    name: 'look-alike: permission scoped to another route: the integration cannot call the function',
    routes: [route('GET /orders')],
    policies: [[FUNCTION_ARN, getPolicy(apiGrant('*/*/admin')).Policy]],
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_permission',
    evidence: /no statement lets apigateway/,
  },
  {
    name: 'look-alike: no resource policy at all',
    routes: [route('GET /orders')],
    policies: [[FUNCTION_ARN, null]],
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_permission',
  },
  {
    name: 'integration with CredentialsArn needs no resource policy',
    routes: [route('GET /orders')],
    integrations: [
      lambdaIntegration(FUNCTION_ARN, { CredentialsArn: `arn:aws:iam::${ACCOUNT}:role/apigw-invoke` }),
    ],
    policies: [[FUNCTION_ARN, null]],
    exposure: 'public_unauthenticated',
    confidence: 'medium',
  },
  {
    name: 'look-alike: JWT route is authenticated',
    routes: [
      route('GET /orders', {
        AuthorizationType: 'JWT',
        AuthorizerId: 'jwt1',
        AuthorizationScopes: ['orders/read'],
      }),
    ],
    authorizers: [jwtAuthorizer()],
    exposure: 'public_authenticated',
    confidence: 'high',
    evidence: /cognito-idp/,
  },
  {
    name: 'JWT without scopes is authenticated with medium confidence',
    routes: [route('GET /orders', { AuthorizationType: 'JWT', AuthorizerId: 'jwt1' })],
    authorizers: [jwtAuthorizer()],
    exposure: 'public_authenticated',
    confidence: 'medium',
  },
  {
    name: 'look-alike: AWS_IAM route is authenticated',
    routes: [route('GET /orders', { AuthorizationType: 'AWS_IAM' })],
    exposure: 'public_authenticated',
  },
  {
    name: 'look-alike: default endpoint disabled and no custom domain',
    api: httpApi({ DisableExecuteApiEndpoint: true }),
    routes: [route('$default')],
    exposure: 'not_exposed',
    blockedBy: 'execute_api_endpoint_disabled',
  },
  {
    name: 'default endpoint disabled but a custom domain maps the stage',
    api: httpApi({ DisableExecuteApiEndpoint: true }),
    routes: [route('$default')],
    mappings: [{ domainName: 'api.example.com', stage: '$default' }],
    exposure: 'public_unauthenticated',
    evidence: /custom domain api\.example\.com/,
  },
  {
    name: 'look-alike: only served on a custom domain requiring a client certificate (mTLS) is authenticated',
    api: httpApi({ DisableExecuteApiEndpoint: true }),
    routes: [route('$default')],
    mappings: [{ domainName: 'partners.example.com', stage: '$default', mutualTls: true }],
    exposure: 'public_authenticated',
    evidence: /client certificate/,
  },
  {
    name: 'an mTLS custom domain does not help while the default endpoint stays enabled',
    routes: [route('$default')],
    mappings: [{ domainName: 'partners.example.com', stage: '$default', mutualTls: true }],
    exposure: 'public_unauthenticated',
  },
  {
    name: 'look-alike: stage never deployed',
    routes: [route('$default')],
    stages: [stage('prod', { AutoDeploy: false, DeploymentId: undefined })],
    exposure: 'not_exposed',
    blockedBy: 'no_deployed_stage',
  },
  {
    name: 'manually deployed stage: live with medium confidence',
    routes: [route('$default')],
    stages: [stage('prod', { AutoDeploy: false })],
    exposure: 'public_unauthenticated',
    confidence: 'medium',
  },
  {
    name: 'stage variable resolves the integration to an alias, judged against the alias policy',
    routes: [route('GET /orders')],
    integrations: [lambdaIntegration(`${FUNCTION_ARN}:\${stageVariables.alias}`)],
    stages: [stage('prod', { StageVariables: { alias: 'live' } })],
    policies: [
      [FUNCTION_ARN, null],
      [ALIAS_ARN, getPolicy(apiGrant('*/*/orders', ALIAS_ARN)).Policy],
    ],
    exposure: 'public_unauthenticated',
    reaches: [ALIAS_ARN],
  },
  {
    name: 'look-alike: stage variable missing in the stage',
    routes: [route('GET /orders')],
    integrations: [lambdaIntegration(`${FUNCTION_ARN}:\${stageVariables.alias}`)],
    stages: [stage('prod')],
    exposure: 'public_unauthenticated',
    reaches: [],
    evidence: /does not define stage variable alias/,
  },
  {
    name: 'HTTP proxy integration: the route is public but reaches no function',
    routes: [route('GET /orders')],
    integrations: [
      { IntegrationId: 'int1', IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://example.com' },
    ],
    exposure: 'public_unauthenticated',
    reaches: [],
  },
  {
    name: 'function outside the scan: reachable with low confidence',
    routes: [route('GET /orders')],
    policies: [],
    exposure: 'public_unauthenticated',
    confidence: 'low',
  },
  // WebSocket
  {
    name: 'WebSocket: sendMessage inherits $connect NONE',
    api: websocketApi(),
    routes: [route('$connect', { Target: 'integrations/other' }), route('sendMessage')],
    routeId: 'sendMessage',
    policies: [[FUNCTION_ARN, getPolicy(apiGrant('*/sendMessage')).Policy]],
    exposure: 'public_unauthenticated',
    reaches: [FUNCTION_ARN],
    evidence: /inherits \$connect/,
  },
  {
    name: 'WebSocket without $connect route is unauthenticated for every route',
    api: websocketApi(),
    routes: [route('$default')],
    exposure: 'public_unauthenticated',
    evidence: /no \$connect route/,
  },
  {
    name: 'look-alike: WebSocket $connect with AWS_IAM covers $default even though $default says NONE',
    api: websocketApi(),
    routes: [route('$connect', { AuthorizationType: 'AWS_IAM' }), route('$default')],
    routeId: 'default',
    exposure: 'public_authenticated',
  },
  {
    name: 'WebSocket $connect NONE with an API key only is weak',
    api: websocketApi(),
    routes: [route('$connect', { ApiKeyRequired: true }), route('$default')],
    routeId: 'default',
    exposure: 'public_weak_auth',
  },
];

describe('apiGatewayV2Exposure: routes', () => {
  it.each(cases)('$name', (c) => {
    const routes = c.routes ?? [route('$default')];
    const result = apiGatewayV2Exposure(
      {
        accountId: ACCOUNT,
        region: REGION,
        api: c.api ?? httpApi(),
        routes,
        integrations: c.integrations ?? [lambdaIntegration()],
        authorizers: c.authorizers ?? [],
        stages: c.stages ?? [stage('$default')],
        mappings: c.mappings ?? [],
      },
      new Map(c.policies ?? grantedFunction),
    );
    const exposure = result.routes.get(c.routeId ?? routes.at(-1)!.RouteId!)!;
    expect(exposure.exposure).toBe(c.exposure);
    expect(exposure.blockedBy).toBe(c.blockedBy);
    if (c.reaches) expect(exposure.reaches).toEqual(c.reaches);
    if (c.confidence) expect(exposure.confidence).toBe(c.confidence);
    if (c.evidence) expect(exposure.evidence.map((e) => e.text).join('\n')).toMatch(c.evidence);
  });
});

describe('apiGatewayV2Exposure: Lambda authorizers', () => {
  const facts = (routes: Route[], api = httpApi()) => ({
    accountId: ACCOUNT,
    region: REGION,
    api,
    routes,
    integrations: [lambdaIntegration()],
    authorizers: [requestAuthorizer(AUTHORIZER_ARN)],
    stages: [stage('$default')],
    mappings: [],
  });
  const policies = new Map<string, string | null>([
    [FUNCTION_ARN, getPolicy(apiGrant()).Policy],
    [
      AUTHORIZER_ARN,
      getPolicy(
        serviceGrant('apigateway.amazonaws.com', {
          sourceArn: executeApiSource('authorizers/lam1'),
          resource: AUTHORIZER_ARN,
        }),
      ).Policy,
    ],
  ]);

  it('the authorizer function of a served route is exposed without authentication', () => {
    const result = apiGatewayV2Exposure(
      facts([route('GET /orders', { AuthorizationType: 'CUSTOM', AuthorizerId: 'lam1' })]),
      policies,
    );
    const authorizer = result.authorizers.get('lam1')!;
    expect(authorizer.exposure).toBe('public_unauthenticated');
    expect(authorizer.reaches).toEqual([AUTHORIZER_ARN]);
    expect(authorizer.evidence[0]!.text).toMatch(/runs before authentication on GET \/orders/);
    expect(result.routes.get('GETorders')!.exposure).toBe('public_authenticated');
  });

  it('look-alike: an authorizer no route uses is not an entry point', () => {
    const result = apiGatewayV2Exposure(facts([route('GET /orders')]), policies);
    expect(result.authorizers.size).toBe(0);
  });

  it('look-alike: an authorizer whose function API Gateway may not invoke', () => {
    const result = apiGatewayV2Exposure(
      facts([route('GET /orders', { AuthorizationType: 'CUSTOM', AuthorizerId: 'lam1' })]),
      new Map([[AUTHORIZER_ARN, null]]),
    );
    expect(result.authorizers.get('lam1')!.blockedBy).toBe('missing_invoke_permission');
  });
});

/**
 * API Gateway presents `arn:<partition>:execute-api:...` as aws:SourceArn, the partition of the API's
 * region (https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html): a
 * grant written for another partition never matches.
 */
describe('apiGatewayV2Exposure: partitions', () => {
  const partitionCases = [
    { region: 'cn-north-1', partition: 'aws-cn', granted: 'aws-cn', exposure: 'public_unauthenticated' },
    {
      region: 'us-gov-west-1',
      partition: 'aws-us-gov',
      granted: 'aws-us-gov',
      exposure: 'public_unauthenticated',
    },
    { region: 'eu-west-1', partition: 'aws', granted: 'aws', exposure: 'public_unauthenticated' },
    // Look-alikes: a grant in the commercial partition does not admit an API in China or GovCloud.
    { region: 'cn-north-1', partition: 'aws-cn', granted: 'aws', exposure: 'not_exposed' },
    { region: 'us-gov-east-1', partition: 'aws-us-gov', granted: 'aws', exposure: 'not_exposed' },
  ];
  it.each(partitionCases)('$region with a grant for $granted: $exposure', (c) => {
    const functionArn = `arn:${c.partition}:lambda:${c.region}:${ACCOUNT}:function:orders-api`;
    const sourceArn = `arn:${c.granted}:execute-api:${c.region}:${ACCOUNT}:a1b2c3d4e5/*/$default`;
    const result = apiGatewayV2Exposure(
      {
        accountId: ACCOUNT,
        region: c.region,
        api: httpApi({ ApiEndpoint: `https://a1b2c3d4e5.execute-api.${c.region}.amazonaws.com` }),
        routes: [route('$default')],
        integrations: [
          lambdaIntegration(functionArn, {
            IntegrationUri: `arn:${c.partition}:apigateway:${c.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
          }),
        ],
        authorizers: [],
        stages: [stage('$default')],
        mappings: [],
      },
      new Map([
        [
          functionArn,
          getPolicy(serviceGrant('apigateway.amazonaws.com', { sourceArn, resource: functionArn })).Policy,
        ],
      ]),
    );
    const exposure = [...result.routes.values()][0]!;
    expect(exposure.exposure).toBe(c.exposure);
    expect(exposure.blockedBy).toBe(c.exposure === 'not_exposed' ? 'missing_invoke_permission' : undefined);
  });
});
