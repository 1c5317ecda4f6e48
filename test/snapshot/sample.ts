/**
 * A small snapshot in the shapes the AWS SDK returns (one unit per service), for the reader's tests and
 * for anyone who needs a valid snapshot without running a collection.
 */
import {
  GLOBAL_SERVICES,
  type Manifest,
  type ServiceData,
  type ServiceName,
} from '../../src/snapshot/format.js';
import type { UnitFileOf } from '../../src/snapshot/write.js';
import { dataStoresData } from '../fixtures/aws/datastores.js';
import { cloudFrontData } from '../fixtures/cloudfront/estate.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
const COLLECTED_AT = '2026-11-28T12:00:00.000Z';
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/orders-role`;

export const sampleData: ServiceData = {
  iam: {
    authorizationDetails: {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [
        {
          RoleName: 'orders-role',
          Arn: ROLE_ARN,
          RoleId: 'AROAEXAMPLE',
          Path: '/',
          CreateDate: new Date('2026-01-01T00:00:00Z'),
          AssumeRolePolicyDocument: encodeURIComponent(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
          ),
          RolePolicyList: [
            {
              PolicyName: 'all',
              PolicyDocument: encodeURIComponent(
                '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
              ),
            },
          ],
          AttachedManagedPolicies: [],
        },
      ],
      Policies: [],
    },
  },
  organizations: {
    accounts: [
      { Id: ACCOUNT, Arn: `arn:aws:organizations::${ACCOUNT}:account/o-abc/${ACCOUNT}`, Name: 'main' },
    ],
    roots: [{ Id: 'r-abcd', Name: 'Root' }],
    organizationalUnits: [],
    policies: [
      {
        PolicySummary: {
          Id: 'p-FullAWSAccess',
          Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
        },
        Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      },
    ],
    policiesForTarget: { 'r-abcd': [{ Id: 'p-FullAWSAccess' }] },
    parents: { [ACCOUNT]: 'r-abcd' },
    managementAccountId: ACCOUNT,
  },
  lambda: {
    functions: [
      {
        FunctionName: 'orders',
        FunctionArn: FUNCTION_ARN,
        Role: ROLE_ARN,
        Runtime: 'nodejs20.x',
        Environment: { VariableNames: ['STRIPE_API_KEY', 'STAGE'], SecretLookingNames: ['STRIPE_API_KEY'] },
      },
    ],
    aliases: { [FUNCTION_ARN]: [{ AliasArn: `${FUNCTION_ARN}:live`, Name: 'live', FunctionVersion: '1' }] },
    urlConfigs: {
      [FUNCTION_ARN]: [
        {
          FunctionArn: FUNCTION_ARN,
          FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/',
          AuthType: 'NONE',
          CreationTime: COLLECTED_AT,
          LastModifiedTime: COLLECTED_AT,
        },
      ],
    },
    policies: {
      [FUNCTION_ARN]:
        '{"Version":"2012-10-17","Statement":[{"Sid":"url","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"x"}]}',
    },
    reservedConcurrency: { [FUNCTION_ARN]: 5 },
  },
  apigatewayv2: {
    apis: [
      {
        ApiId: 'a1',
        Name: 'http',
        ProtocolType: 'HTTP',
        RouteSelectionExpression: '$request.method $request.path',
      },
    ],
    routes: {
      a1: [{ RouteId: 'r1', RouteKey: 'GET /orders', AuthorizationType: 'NONE', Target: 'integrations/i1' }],
    },
    integrations: {
      a1: [{ IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: FUNCTION_ARN }],
    },
    authorizers: { a1: [] },
    stages: { a1: [{ StageName: '$default', AutoDeploy: true }] },
    domainNames: [{ DomainName: 'api.example.com' }],
    apiMappings: { 'api.example.com': [{ ApiMappingId: 'm1', ApiId: 'a1', Stage: '$default' }] },
  },
  apigateway: {
    restApis: [{ id: 'rest1', name: 'rest', endpointConfiguration: { types: ['REGIONAL'] } }],
    resources: {
      rest1: [
        {
          id: 'res1',
          path: '/',
          resourceMethods: { GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false } },
        },
      ],
    },
    authorizers: { rest1: [] },
    stages: { rest1: [{ stageName: 'prod' }] },
  },
  elbv2: {
    loadBalancers: [
      { LoadBalancerArn: 'arn:lb', Scheme: 'internet-facing', Type: 'application', SecurityGroups: ['sg-1'] },
    ],
    listeners: {
      'arn:lb': [
        {
          ListenerArn: 'arn:listener',
          LoadBalancerArn: 'arn:lb',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }],
        },
      ],
    },
    rules: {
      'arn:listener': [
        {
          RuleArn: 'arn:rule',
          Priority: 'default',
          IsDefault: true,
          Conditions: [],
          Actions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }],
        },
      ],
    },
    targetGroups: [{ TargetGroupArn: 'arn:tg', TargetType: 'lambda' }],
    targetHealth: { 'arn:tg': [{ Target: { Id: FUNCTION_ARN }, TargetHealth: { State: 'healthy' } }] },
  },
  ec2: {
    securityGroups: [
      {
        GroupId: 'sg-1',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ],
  },
  cloudfront: cloudFrontData(),
  datastores: dataStoresData,
  wafv2: {
    webAcls: [
      {
        ARN: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/api-edge/3f6c1d2e-8a4b-4c5d-9e0f-1a2b3c4d5e6f`,
        Id: '3f6c1d2e-8a4b-4c5d-9e0f-1a2b3c4d5e6f',
        Name: 'api-edge',
        DefaultAction: { Allow: {} },
        Rules: [{ Name: 'rate-limit-per-ip', Priority: 0 }],
        LoadBalancerArns: ['arn:lb'],
      },
    ],
  },
};

export function sampleFiles(): UnitFileOf<ServiceName>[] {
  return (Object.keys(sampleData) as ServiceName[]).map((service) => ({
    unit: {
      accountId: ACCOUNT,
      region: GLOBAL_SERVICES.includes(service) ? 'global' : REGION,
      service,
    },
    collectedAt: COLLECTED_AT,
    data: sampleData[service],
  })) as UnitFileOf<ServiceName>[];
}

export function sampleManifest(): Manifest {
  return {
    tool: 'toxgraph',
    version: '0.1.0',
    createdAt: COLLECTED_AT,
    scanId: 'scan-sample',
    callerIdentity: { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/reader`, UserId: 'AIDAEXAMPLE' },
    accounts: [ACCOUNT],
    regions: [REGION],
    units: sampleFiles().map((file) => ({ ...file.unit, status: 'ok' as const })),
    gaps: [],
  };
}
