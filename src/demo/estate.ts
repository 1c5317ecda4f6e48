/**
 * The bundled demo estate: a small, realistic organization of two accounts with about 35 functions that
 * cover every entry kind. Several are true toxic combinations; several are look-alikes that are safe and
 * must not be reported as critical or high. `toxgraph demo` writes it as a snapshot and loads it like any
 * other. The expected verdicts are listed in DEMO_EXPECTATIONS, which the demo test checks.
 */
import type { Api, Authorizer, Stage } from '@aws-sdk/client-apigatewayv2';
import type { Listener, LoadBalancer, Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { FunctionUrlConfig } from '@aws-sdk/client-lambda';
import type { Exposure, Severity } from '../findings/finding.js';
import type { ServiceLastAccessedEntry } from '../iam/usage.js';
import type { DataStoresData } from '../snapshot/datastores-format.js';
import type {
  ApiGatewayRestData,
  ApiGatewayV2Data,
  CloudFrontData,
  Ec2Data,
  Elbv2Data,
  IamData,
  LambdaData,
  Manifest,
  ServiceData,
  ServiceName,
  UnitFile,
} from '../snapshot/format.js';
import { unitFilePath } from '../snapshot/format.js';
import {
  allow,
  deny,
  type FunctionSpec,
  functionArn,
  httpRoute,
  lambdaFunction,
  lambdaIntegration,
  managedPolicy,
  permission,
  policy,
  publicUrlGrants,
  type RoleSpec,
  resourcePolicy,
  roleArn,
  roleDetail,
} from './builders.js';

export const PROD = '111111111111';
export const DATA = '222222222222';
const REGION = 'us-east-1';
const COLLECTED_AT = '2026-11-28T02:00:00.000Z';
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const BASIC_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const fn = (name: string, account = PROD) => functionArn(REGION, account, name);
// The customer managed key (alias/prod-data) of the Stripe secret and the database password: reading them
// also needs kms:Decrypt on it (docs/data-stores.md).
const DEMO_KEY_ID = '7f3c2a10-5d4e-4b8a-9c61-2e0f1d3b4a59';
const DEMO_KEY_ARN = `arn:aws:kms:${REGION}:${PROD}:key/${DEMO_KEY_ID}`;

const basicLogs = policy(allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']));

// Cases for four detections: an internet-facing ALB rule that lets anonymous requests through to a role
// reading every secret, a WebSocket API without $connect authorization in front of a role reading every
// table, a public webhook whose role may pass an admin role to a new function, and a public URL whose CORS
// allows every origin; with safe look-alikes of the WebSocket and pass-role cases.

const ALB_CASE_FUNCTION = 'partner-portal';
const passToLambda = { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } };
/** A webhook that builds preview environments: it creates a function running as `runtimeRole` and calls it. */
const previewBuilder = (runtimeRole: string) =>
  policy(
    allow('iam:PassRole', roleArn(PROD, runtimeRole), passToLambda),
    allow(['lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:DeleteFunction']),
  );

function detectionCaseRoles(): RoleSpec[] {
  return [
    {
      name: 'partner-portal-role',
      inline: {
        // Meant for the portal's own API keys, granted on every secret of the account.
        data: policy(
          allow('s3:GetObject', 'arn:aws:s3:::acme-partner-contracts/*'),
          allow('secretsmanager:GetSecretValue'),
        ),
      },
    },
    {
      name: 'support-agent-role',
      inline: { tickets: policy(allow(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'])) },
    },
    {
      name: 'preview-deploy-hook-role',
      inline: { previews: previewBuilder('preview-env-role'), logs: basicLogs },
    },
    // Given AdministratorAccess "for the previews"; no function runs as it yet.
    { name: 'preview-env-role', managedArns: [ADMIN_ARN] },
    { name: 'rates-feed-role', managedArns: [BASIC_ARN] },
    // Scoped to two named stores, both sensitive, and the key of the parameter (docs/data-stores.md): no
    // account-wide data tier.
    {
      name: 'export-download-role',
      inline: {
        data: policy(
          allow('s3:GetObject', 'arn:aws:s3:::acme-customer-exports/*'),
          allow('ssm:GetParameter', `arn:aws:ssm:${REGION}:${PROD}:parameter/prod/db/password`),
          allow('kms:Decrypt', DEMO_KEY_ARN),
        ),
      },
    },
    // Runs on every upload to acme-upload-inbox, a bucket anyone may write (docs/data-stores.md).
    { name: 'upload-processor-role', managedArns: [ADMIN_ARN] },
    // Look-alikes.
    { name: 'deploy-status-role', managedArns: [ADMIN_ARN] },
    {
      name: 'docs-preview-hook-role',
      inline: { previews: previewBuilder('docs-preview-runtime-role'), logs: basicLogs },
    },
    { name: 'docs-preview-runtime-role', managedArns: [BASIC_ARN] },
  ];
}

function detectionCaseFunctions(): FunctionSpec[] {
  return [
    { name: ALB_CASE_FUNCTION, role: 'partner-portal-role', vpc: true },
    { name: 'support-agent', role: 'support-agent-role' },
    { name: 'preview-deploy-hook', role: 'preview-deploy-hook-role' },
    { name: 'rates-feed', role: 'rates-feed-role' },
    { name: 'export-download', role: 'export-download-role', vpc: true },
    { name: 'upload-processor', role: 'upload-processor-role' },
    { name: 'deploy-status-feed', role: 'deploy-status-role' },
    { name: 'docs-preview-hook', role: 'docs-preview-hook-role' },
  ];
}

function detectionCaseLambda(): Pick<LambdaData, 'urlConfigs' | 'policies' | 'reservedConcurrency'> {
  const publicUrl = (name: string) => resourcePolicy(...publicUrlGrants(fn(name)));
  return {
    urlConfigs: {
      [fn('preview-deploy-hook')]: [url('preview-deploy-hook', 'NONE')],
      [fn('docs-preview-hook')]: [url('docs-preview-hook', 'NONE')],
      // A public price feed that browsers read from any site: no credentials.
      [fn('rates-feed')]: [
        url('rates-feed', 'NONE', { AllowOrigins: ['*'], AllowMethods: ['GET'], MaxAge: 300 }),
      ],
      [fn('export-download')]: [url('export-download', 'NONE')],
    },
    policies: {
      [fn('preview-deploy-hook')]: publicUrl('preview-deploy-hook'),
      [fn('docs-preview-hook')]: publicUrl('docs-preview-hook'),
      [fn('rates-feed')]: publicUrl('rates-feed'),
      [fn('export-download')]: publicUrl('export-download'),
      [fn('support-agent')]: resourcePolicy(apiInvoke('support-agent', SUPPORT_WS_API)),
      [fn('deploy-status-feed')]: resourcePolicy(apiInvoke('deploy-status-feed', DEPLOY_STATUS_WS_API)),
      [fn(ALB_CASE_FUNCTION)]: resourcePolicy(
        permission(
          fn(ALB_CASE_FUNCTION),
          'alb',
          'lambda:InvokeFunction',
          { Service: 'elasticloadbalancing.amazonaws.com' },
          { ArnLike: { 'AWS:SourceArn': tgArn(ALB_CASE_FUNCTION) } },
        ),
      ),
    },
    // Capped, so that the only finding about them is the one of their own case.
    reservedConcurrency: {
      [fn('rates-feed')]: 20,
      [fn('docs-preview-hook')]: 5,
      [fn('export-download')]: 10,
    },
  };
}

const SUPPORT_WS_API = 's5u6p7p8r9';
const DEPLOY_STATUS_WS_API = 'd3p1o2y3s4';

/** Two WebSocket APIs; every route inherits the authorization of `$connect` (none, then AWS_IAM). */
function detectionCaseWebSockets() {
  const wsIntegration = (id: string, name: string) =>
    lambdaIntegration(
      id,
      `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn(name)}/invocations`,
    );
  return {
    apis: [
      { id: SUPPORT_WS_API, name: 'support' },
      { id: DEPLOY_STATUS_WS_API, name: 'deploy-status' },
    ],
    routes: {
      [SUPPORT_WS_API]: [
        httpRoute('s1', '$connect', 'si1'),
        httpRoute('s2', 'sendMessage', 'si1'),
        httpRoute('s3', '$default', 'si1'),
      ],
      [DEPLOY_STATUS_WS_API]: [
        httpRoute('d1', '$connect', 'di1', { AuthorizationType: 'AWS_IAM' }),
        httpRoute('d2', '$default', 'di1'),
      ],
    },
    integrations: {
      [SUPPORT_WS_API]: [wsIntegration('si1', 'support-agent')],
      [DEPLOY_STATUS_WS_API]: [wsIntegration('di1', 'deploy-status-feed')],
    },
  };
}

/** Sign-in is offered, not required: OnUnauthenticatedRequest allow lets anonymous requests through. */
function detectionCaseAlbRule(listener: string): Rule {
  return {
    RuleArn: `${listener.replace(':listener/', ':listener-rule/')}/r-partners`,
    Priority: '30',
    IsDefault: false,
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/partners/*'] } }],
    Actions: [
      {
        Type: 'authenticate-cognito',
        Order: 1,
        AuthenticateCognitoConfig: {
          UserPoolArn: `arn:aws:cognito-idp:${REGION}:${PROD}:userpool/${REGION}_PaRtNeRs1`,
          UserPoolClientId: '4partnerportalclient0',
          UserPoolDomain: 'acme-partners',
          OnUnauthenticatedRequest: 'allow',
        },
      },
      { Type: 'forward', Order: 2, TargetGroupArn: tgArn(ALB_CASE_FUNCTION) },
    ],
  };
}

const prodRoles: RoleSpec[] = [
  // True toxic combinations.
  { name: 'billing-webhook-role', managedArns: [ADMIN_ARN] },
  {
    name: 'orders-api-role',
    inline: {
      deploy: policy(
        allow('iam:PassRole', `arn:aws:iam::${PROD}:role/*`),
        allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*'),
        allow(['dynamodb:PutItem', 'dynamodb:GetItem'], `arn:aws:dynamodb:${REGION}:${PROD}:table/orders`),
      ),
    },
  },
  {
    name: 'report-export-role',
    inline: {
      data: policy(allow('s3:*'), allow('secretsmanager:GetSecretValue'), allow('kms:Decrypt', DEMO_KEY_ARN)),
    },
  },
  {
    name: 'legacy-upload-role',
    inline: { hop: policy(allow('sts:AssumeRole', roleArn(PROD, 'ops-admin'))) },
  },
  {
    name: 'ops-admin',
    trust: policy({
      Effect: 'Allow',
      Principal: { AWS: roleArn(PROD, 'legacy-upload-role') },
      Action: 'sts:AssumeRole',
    }),
    managedArns: [ADMIN_ARN],
  },
  {
    name: 'chat-connect-role',
    inline: {
      deploy: policy(allow(['lambda:UpdateFunctionCode', 'lambda:GetFunction'], fn('payments-processor'))),
    },
  },
  { name: 'payments-processor-role', managedArns: [ADMIN_ARN] },
  {
    name: 'analytics-api-role',
    inline: { crossAccount: policy(allow('sts:AssumeRole', roleArn(DATA, 'data-lake-admin'))) },
  },
  { name: 'partner-sync-role', inline: { logs: basicLogs } },
  {
    name: 'image-resize-role',
    inline: { data: policy(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::acme-images/*')) },
  },
  { name: 's3-notify-role', inline: { admin: policy(allow('iam:AttachRolePolicy')) } },
  { name: 'feedback-form-role', inline: { data: policy(allow('dynamodb:*')) } },
  {
    name: 'orders-shared-role',
    inline: { data: policy(allow(['sqs:SendMessage'], `arn:aws:sqs:${REGION}:${PROD}:orders`)) },
  },
  { name: 'auth-token-authorizer-role', inline: { data: policy(allow('secretsmanager:GetSecretValue')) } },
  // Look-alikes that are safe.
  { name: 'internal-metrics-role', managedArns: [ADMIN_ARN] },
  { name: 'status-page-role', managedArns: [ADMIN_ARN] },
  { name: 'internal-tools-role', managedArns: [ADMIN_ARN] },
  { name: 'admin-console-role', managedArns: [ADMIN_ARN] },
  { name: 'profile-api-role', managedArns: [ADMIN_ARN] },
  {
    name: 'thumbnailer-role',
    inline: { iam: policy(allow('iam:*'), deny('iam:*')), logs: basicLogs },
  },
  {
    name: 'search-api-role',
    managedArns: [ADMIN_ARN],
    boundaryArn: `arn:aws:iam::${PROD}:policy/search-boundary`,
  },
  { name: 'nightly-batch-role', managedArns: [ADMIN_ARN] },
  { name: 'disabled-endpoint-role', managedArns: [ADMIN_ARN] },
  { name: 'private-rest-role', managedArns: [ADMIN_ARN] },
  { name: 'iam-url-role', managedArns: [ADMIN_ARN] },
  { name: 'old-preview-role', managedArns: [BASIC_ARN] },
  { name: 'geo-lookup-role', managedArns: [ADMIN_ARN] },
  ...detectionCaseRoles(),
];

const prodFunctions: FunctionSpec[] = [
  { name: 'billing-webhook', role: 'billing-webhook-role', envNames: ['STAGE', 'LOG_LEVEL'] },
  { name: 'orders-api', role: 'orders-shared-role' },
  { name: 'orders-create', role: 'orders-api-role' },
  { name: 'orders-reconcile', role: 'orders-shared-role' },
  { name: 'report-export', role: 'report-export-role', runtime: 'python3.12', vpc: true },
  { name: 'legacy-upload', role: 'legacy-upload-role', runtime: 'python3.9' },
  { name: 'chat-connect', role: 'chat-connect-role' },
  { name: 'payments-processor', role: 'payments-processor-role', vpc: true },
  { name: 'analytics-api', role: 'analytics-api-role' },
  { name: 'partner-sync', role: 'partner-sync-role' },
  { name: 'image-resize', role: 'image-resize-role' },
  { name: 's3-notify', role: 's3-notify-role' },
  {
    name: 'feedback-form',
    role: 'feedback-form-role',
    envNames: ['TABLE_NAME', 'STRIPE_SECRET_KEY', 'AWS_ACCESS_KEY_ID_BACKUP'],
    secretLooking: ['STRIPE_SECRET_KEY', 'AWS_ACCESS_KEY_ID_BACKUP'],
  },
  { name: 'auth-token-authorizer', role: 'auth-token-authorizer-role' },
  { name: 'internal-metrics', role: 'internal-metrics-role' },
  { name: 'status-page', role: 'status-page-role' },
  { name: 'internal-tools', role: 'internal-tools-role', vpc: true },
  { name: 'admin-console', role: 'admin-console-role' },
  { name: 'profile-api', role: 'profile-api-role' },
  { name: 'thumbnailer', role: 'thumbnailer-role' },
  { name: 'search-api', role: 'search-api-role' },
  { name: 'nightly-batch', role: 'nightly-batch-role' },
  { name: 'disabled-endpoint', role: 'disabled-endpoint-role' },
  { name: 'private-rest', role: 'private-rest-role' },
  { name: 'iam-url', role: 'iam-url-role' },
  { name: 'old-preview', role: 'old-preview-role' },
  { name: 'geo-lookup', role: 'geo-lookup-role' },
  ...detectionCaseFunctions(),
];

function prodIam(): IamData {
  return {
    authorizationDetails: {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [...prodRoles, ...cloudFrontRoles].map((spec) => roleDetail(PROD, spec)),
      Policies: [
        managedPolicy(ADMIN_ARN, policy(allow('*'))),
        managedPolicy(BASIC_ARN, basicLogs),
        managedPolicy(
          `arn:aws:iam::${PROD}:policy/search-boundary`,
          policy(
            allow(
              ['dynamodb:Query', 'dynamodb:GetItem'],
              `arn:aws:dynamodb:${REGION}:${PROD}:table/search-index`,
            ),
          ),
        ),
      ],
    },
  };
}

function dataIam(): IamData {
  const roles: RoleSpec[] = [
    {
      name: 'data-lake-admin',
      trust: policy({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${PROD}:root` },
        Action: 'sts:AssumeRole',
      }),
      managedArns: [ADMIN_ARN],
    },
    {
      name: 'etl-runner-role',
      inline: { data: policy(allow(['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::acme-lake*')) },
    },
  ];
  return {
    authorizationDetails: {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: roles.map((spec) => roleDetail(DATA, spec)),
      Policies: [managedPolicy(ADMIN_ARN, policy(allow('*')))],
    },
  };
}

function url(
  name: string,
  authType: 'NONE' | 'AWS_IAM',
  cors?: FunctionUrlConfig['Cors'],
): FunctionUrlConfig {
  const id = Buffer.from(name).toString('hex').slice(0, 32).padEnd(32, '0');
  return {
    FunctionUrl: `https://${id}.lambda-url.${REGION}.on.aws/`,
    FunctionArn: fn(name),
    AuthType: authType,
    Cors: cors,
    CreationTime: '2026-06-01T10:00:00.000Z',
    LastModifiedTime: '2026-06-01T10:00:00.000Z',
    InvokeMode: 'BUFFERED',
  };
}

const HTTP_API = 'a1b2c3d4e5';
const WS_API = 'w1s2o3c4k5';
const ANALYTICS_API = 'an4lyt1cs0';
const httpSourceArn = (apiId: string) => `arn:aws:execute-api:${REGION}:${PROD}:${apiId}/*/*`;
const apiInvoke = (name: string, apiId: string) =>
  permission(
    fn(name),
    `apigw-${apiId}`,
    'lambda:InvokeFunction',
    { Service: 'apigateway.amazonaws.com' },
    {
      ArnLike: { 'AWS:SourceArn': httpSourceArn(apiId) },
    },
  );

function prodLambda(): LambdaData {
  const functions = [...prodFunctions, ...cloudFrontFunctions].map((spec) =>
    lambdaFunction(REGION, PROD, spec),
  );
  const cases = detectionCaseLambda();
  const urls: Record<string, FunctionUrlConfig[]> = {
    [fn('billing-webhook')]: [url('billing-webhook', 'NONE')],
    [fn('feedback-form')]: [
      url('feedback-form', 'NONE', { AllowOrigins: ['*'], AllowCredentials: true, AllowMethods: ['POST'] }),
    ],
    [fn('internal-metrics')]: [url('internal-metrics', 'NONE')],
    [fn('status-page')]: [url('status-page', 'NONE')],
    [fn('thumbnailer')]: [url('thumbnailer', 'NONE')],
    [fn('disabled-endpoint')]: [url('disabled-endpoint', 'NONE')],
    [fn('iam-url')]: [url('iam-url', 'AWS_IAM')],
    [fn('geo-lookup')]: [url('geo-lookup', 'NONE')],
    ...cases.urlConfigs,
    ...cloudFrontUrls(),
  };
  const policies: Record<string, string> = {
    [fn('billing-webhook')]: resourcePolicy(...publicUrlGrants(fn('billing-webhook'))),
    [fn('feedback-form')]: resourcePolicy(...publicUrlGrants(fn('feedback-form'))),
    [fn('thumbnailer')]: resourcePolicy(...publicUrlGrants(fn('thumbnailer'))),
    [fn('disabled-endpoint')]: resourcePolicy(...publicUrlGrants(fn('disabled-endpoint'))),
    // Only the old single grant: since the 2026-11-01 enforcement the URL no longer answers.
    [fn('status-page')]: resourcePolicy(publicUrlGrants(fn('status-page'))[0]!),
    // The public statements stayed after the URL was deleted.
    [fn('old-preview')]: resourcePolicy(...publicUrlGrants(fn('old-preview'))),
    // A grant restricted to the organization: not public.
    [fn('geo-lookup')]: resourcePolicy(
      permission(fn('geo-lookup'), 'org-only', 'lambda:InvokeFunctionUrl', '*', {
        StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE', 'aws:PrincipalOrgID': 'o-acme12345' },
      }),
      permission(fn('geo-lookup'), 'org-only-invoke', 'lambda:InvokeFunction', '*', {
        StringEquals: { 'aws:PrincipalOrgID': 'o-acme12345' },
      }),
    ),
    [fn('iam-url')]: resourcePolicy(
      permission(
        fn('iam-url'),
        'same-account',
        'lambda:InvokeFunctionUrl',
        { AWS: `arn:aws:iam::${PROD}:root` },
        {
          StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' },
        },
      ),
    ),
    [fn('orders-api')]: resourcePolicy(apiInvoke('orders-api', HTTP_API)),
    [fn('orders-create')]: resourcePolicy(apiInvoke('orders-create', HTTP_API)),
    [fn('profile-api')]: resourcePolicy(apiInvoke('profile-api', HTTP_API)),
    [fn('search-api')]: resourcePolicy(apiInvoke('search-api', HTTP_API)),
    [fn('chat-connect')]: resourcePolicy(apiInvoke('chat-connect', WS_API)),
    [fn('analytics-api')]: resourcePolicy(apiInvoke('analytics-api', ANALYTICS_API)),
    [fn('report-export')]: resourcePolicy(apiInvoke('report-export', 'r3p0rtapi1')),
    [fn('private-rest')]: resourcePolicy(apiInvoke('private-rest', 'pr1v4t3ap1')),
    [fn('auth-token-authorizer')]: resourcePolicy(apiInvoke('auth-token-authorizer', HTTP_API)),
    [fn('legacy-upload')]: resourcePolicy(
      permission(
        fn('legacy-upload'),
        'alb',
        'lambda:InvokeFunction',
        { Service: 'elasticloadbalancing.amazonaws.com' },
        {
          ArnLike: {
            'AWS:SourceArn': `arn:aws:elasticloadbalancing:${REGION}:${PROD}:targetgroup/legacy-upload/*`,
          },
        },
      ),
    ),
    [fn('internal-tools')]: resourcePolicy(
      permission(fn('internal-tools'), 'alb', 'lambda:InvokeFunction', {
        Service: 'elasticloadbalancing.amazonaws.com',
      }),
    ),
    [fn('admin-console')]: resourcePolicy(
      permission(fn('admin-console'), 'alb', 'lambda:InvokeFunction', {
        Service: 'elasticloadbalancing.amazonaws.com',
      }),
    ),
    [fn('image-resize')]: resourcePolicy(
      permission(fn('image-resize'), 'anyone', 'lambda:InvokeFunction', '*'),
    ),
    [fn('s3-notify')]: resourcePolicy(
      permission(fn('s3-notify'), 's3-events', 'lambda:InvokeFunction', { Service: 's3.amazonaws.com' }),
    ),
    [fn('partner-sync')]: resourcePolicy(
      permission(fn('partner-sync'), 'partner-deploy', 'lambda:UpdateFunctionCode', {
        AWS: 'arn:aws:iam::999988887777:root',
      }),
      permission(fn('partner-sync'), 'partner-invoke', 'lambda:InvokeFunction', {
        AWS: 'arn:aws:iam::999988887777:root',
      }),
    ),
    ...cases.policies,
    ...cloudFrontGrants(),
  };
  return {
    functions,
    aliases: {},
    urlConfigs: urls,
    policies,
    reservedConcurrency: {
      [fn('disabled-endpoint')]: 0,
      [fn('billing-webhook')]: 50,
      ...cases.reservedConcurrency,
    },
  };
}

function prodApiGatewayV2(): ApiGatewayV2Data {
  const api = (ApiId: string, Name: string, ProtocolType: 'HTTP' | 'WEBSOCKET'): Api => ({
    ApiId,
    Name,
    ProtocolType,
    ApiEndpoint:
      ProtocolType === 'HTTP'
        ? `https://${ApiId}.execute-api.${REGION}.amazonaws.com`
        : `wss://${ApiId}.execute-api.${REGION}.amazonaws.com`,
    DisableExecuteApiEndpoint: false,
    RouteSelectionExpression:
      ProtocolType === 'HTTP' ? '$request.method $request.path' : '$request.body.action',
    CreatedDate: new Date('2026-01-10T10:00:00Z'),
  });
  const stage = (StageName: string): Stage => ({ StageName, AutoDeploy: true, DeploymentId: 'dep1' });
  const jwt: Authorizer = {
    AuthorizerId: 'jwt01',
    AuthorizerType: 'JWT',
    Name: 'cognito',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: {
      Issuer: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_AbCdEf123`,
      Audience: ['7example23client'],
    },
  };
  const lambdaAuthorizer: Authorizer = {
    AuthorizerId: 'lam01',
    AuthorizerType: 'REQUEST',
    Name: 'token-check',
    AuthorizerPayloadFormatVersion: '2.0',
    AuthorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn('auth-token-authorizer')}/invocations`,
    IdentitySource: ['$request.header.Authorization'],
  };
  const sockets = detectionCaseWebSockets();
  return {
    apis: [
      api(HTTP_API, 'orders', 'HTTP'),
      api(WS_API, 'chat', 'WEBSOCKET'),
      api(ANALYTICS_API, 'analytics', 'HTTP'),
      ...sockets.apis.map(({ id, name }) => api(id, name, 'WEBSOCKET')),
    ],
    routes: {
      [HTTP_API]: [
        httpRoute('r1', 'POST /orders', 'i1'),
        httpRoute('r2', 'GET /orders/{id}', 'i2'),
        httpRoute('r3', 'GET /profile', 'i3', {
          AuthorizationType: 'JWT',
          AuthorizerId: 'jwt01',
          AuthorizationScopes: ['profile/read'],
        }),
        httpRoute('r4', 'GET /search', 'i4', {
          AuthorizationType: 'CUSTOM',
          AuthorizerId: 'lam01',
        }),
      ],
      [WS_API]: [httpRoute('w1', '$connect', 'wi1'), httpRoute('w2', '$default', 'wi1')],
      [ANALYTICS_API]: [httpRoute('a1', '$default', 'ai1')],
      ...sockets.routes,
    },
    integrations: {
      [HTTP_API]: [
        lambdaIntegration('i1', fn('orders-create')),
        lambdaIntegration('i2', fn('orders-api')),
        lambdaIntegration('i3', fn('profile-api')),
        lambdaIntegration('i4', fn('search-api')),
      ],
      [WS_API]: [
        lambdaIntegration(
          'wi1',
          `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn('chat-connect')}/invocations`,
        ),
      ],
      [ANALYTICS_API]: [lambdaIntegration('ai1', fn('analytics-api'))],
      ...sockets.integrations,
    },
    authorizers: { [HTTP_API]: [jwt, lambdaAuthorizer] },
    stages: {
      [HTTP_API]: [stage('$default')],
      [WS_API]: [stage('production')],
      [ANALYTICS_API]: [stage('$default')],
      ...Object.fromEntries(sockets.apis.map(({ id }) => [id, [stage('production')]])),
    },
    domainNames: [],
    apiMappings: {},
  };
}

function prodApiGatewayRest(): ApiGatewayRestData {
  const methods = (authorizationType: string, apiKeyRequired: boolean, functionName: string) => ({
    GET: {
      httpMethod: 'GET',
      authorizationType,
      apiKeyRequired,
      methodIntegration: {
        type: 'AWS_PROXY',
        httpMethod: 'POST',
        uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn(functionName)}/invocations`,
      },
    },
  });
  return {
    restApis: [
      {
        id: 'r3p0rtapi1',
        name: 'reports',
        endpointConfiguration: { types: ['REGIONAL'] },
        apiKeySource: 'HEADER',
        disableExecuteApiEndpoint: false,
        createdDate: new Date('2025-09-01T10:00:00Z'),
      },
      {
        id: 'pr1v4t3ap1',
        name: 'private-admin',
        endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0demo'] },
        policy: JSON.stringify(
          policy({
            Effect: 'Allow',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0demo' } },
          }),
        ),
        disableExecuteApiEndpoint: false,
        createdDate: new Date('2025-09-01T10:00:00Z'),
      },
    ],
    resources: {
      r3p0rtapi1: [
        { id: 'root1', path: '/' },
        {
          id: 'res1',
          parentId: 'root1',
          pathPart: 'reports',
          path: '/reports',
          resourceMethods: methods('NONE', true, 'report-export'),
        },
      ],
      pr1v4t3ap1: [
        { id: 'root2', path: '/' },
        {
          id: 'res2',
          parentId: 'root2',
          pathPart: 'admin',
          path: '/admin',
          resourceMethods: methods('NONE', false, 'private-rest'),
        },
      ],
    } as ApiGatewayRestData['resources'],
    authorizers: {},
    stages: {
      r3p0rtapi1: [{ stageName: 'prod', deploymentId: 'd1' }],
      pr1v4t3ap1: [{ stageName: 'prod', deploymentId: 'd2' }],
    },
  };
}

const LB_PUBLIC = `arn:aws:elasticloadbalancing:${REGION}:${PROD}:loadbalancer/app/legacy-public/50dc6c495c0c9188`;
const LB_INTERNAL = `arn:aws:elasticloadbalancing:${REGION}:${PROD}:loadbalancer/app/internal-tools/6d0ecf831eec9f09`;
const tgArn = (name: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${PROD}:targetgroup/${name}/943f017f100becff`;
const listenerArn = (lb: string, id: string) => `${lb.replace(':loadbalancer/', ':listener/')}/${id}`;

function prodElbv2(): Elbv2Data {
  const lb = (
    LoadBalancerArn: string,
    name: string,
    Scheme: 'internet-facing' | 'internal',
    sg: string,
  ): LoadBalancer => ({
    LoadBalancerArn,
    LoadBalancerName: name,
    DNSName: `${name}-1234567890.${REGION}.elb.amazonaws.com`,
    Scheme,
    Type: 'application',
    VpcId: 'vpc-0demo0001',
    SecurityGroups: [sg],
    State: { Code: 'active' },
    IpAddressType: 'ipv4',
  });
  const tg = (name: string): TargetGroup => ({
    TargetGroupArn: tgArn(name),
    TargetGroupName: name,
    TargetType: 'lambda',
    LoadBalancerArns: [],
  });
  const publicListener = listenerArn(LB_PUBLIC, 'f2f7dc8efc522ab2');
  const internalListener = listenerArn(LB_INTERNAL, '1a2b3c4d5e6f7a8b');
  const listener = (ListenerArn: string, LoadBalancerArn: string, Port: number): Listener => ({
    ListenerArn,
    LoadBalancerArn,
    Port,
    Protocol: Port === 443 ? 'HTTPS' : 'HTTP',
    DefaultActions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404' } }],
  });
  const rules: Record<string, Rule[]> = {
    [publicListener]: [
      {
        RuleArn: `${publicListener.replace(':listener/', ':listener-rule/')}/r-admin`,
        Priority: '10',
        IsDefault: false,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/admin/*'] } }],
        Actions: [
          {
            Type: 'authenticate-oidc',
            Order: 1,
            AuthenticateOidcConfig: {
              Issuer: 'https://login.acme.example',
              AuthorizationEndpoint: 'https://login.acme.example/authorize',
              TokenEndpoint: 'https://login.acme.example/token',
              UserInfoEndpoint: 'https://login.acme.example/userinfo',
              ClientId: 'alb-admin',
              OnUnauthenticatedRequest: 'authenticate',
            },
          },
          { Type: 'forward', Order: 2, TargetGroupArn: tgArn('admin-console') },
        ],
      },
      {
        RuleArn: `${publicListener.replace(':listener/', ':listener-rule/')}/r-upload`,
        Priority: '20',
        IsDefault: false,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/upload*'] } }],
        Actions: [
          {
            Type: 'forward',
            Order: 1,
            ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn('legacy-upload'), Weight: 1 }] },
          },
        ],
      },
      detectionCaseAlbRule(publicListener),
      {
        RuleArn: `${publicListener.replace(':listener/', ':listener-rule/')}/default`,
        Priority: 'default',
        IsDefault: true,
        Conditions: [],
        Actions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404' } }],
      },
    ],
    [internalListener]: [
      {
        RuleArn: `${internalListener.replace(':listener/', ':listener-rule/')}/default`,
        Priority: 'default',
        IsDefault: true,
        Conditions: [],
        Actions: [{ Type: 'forward', Order: 1, TargetGroupArn: tgArn('internal-tools') }],
      },
    ],
  };
  const target = (name: string) => [
    { Target: { Id: fn(name) }, TargetHealth: { State: 'healthy' as const } },
  ];
  return {
    loadBalancers: [
      lb(LB_PUBLIC, 'legacy-public', 'internet-facing', 'sg-0public443'),
      lb(LB_INTERNAL, 'internal-tools', 'internal', 'sg-0internal1'),
    ],
    listeners: {
      [LB_PUBLIC]: [listener(publicListener, LB_PUBLIC, 443)],
      [LB_INTERNAL]: [listener(internalListener, LB_INTERNAL, 80)],
    },
    rules,
    targetGroups: [tg('admin-console'), tg('legacy-upload'), tg('internal-tools'), tg(ALB_CASE_FUNCTION)],
    targetHealth: {
      [tgArn('admin-console')]: target('admin-console'),
      [tgArn('legacy-upload')]: target('legacy-upload'),
      [tgArn('internal-tools')]: target('internal-tools'),
      [tgArn(ALB_CASE_FUNCTION)]: target(ALB_CASE_FUNCTION),
    },
  };
}

function prodEc2(): Ec2Data {
  return {
    securityGroups: [
      {
        GroupId: 'sg-0public443',
        GroupName: 'legacy-public-alb',
        OwnerId: PROD,
        VpcId: 'vpc-0demo0001',
        Description: 'public ALB',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          },
        ],
      },
      {
        GroupId: 'sg-0internal1',
        GroupName: 'internal-tools-alb',
        OwnerId: PROD,
        VpcId: 'vpc-0demo0001',
        Description: 'internal ALB',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
      },
    ],
  };
}

function dataLambda(): LambdaData {
  return {
    functions: [lambdaFunction(REGION, DATA, { name: 'etl-runner', role: 'etl-runner-role' })],
    aliases: {},
    urlConfigs: {},
    policies: {},
    reservedConcurrency: {},
  };
}

const emptyV2: ApiGatewayV2Data = {
  apis: [],
  routes: {},
  integrations: {},
  authorizers: {},
  stages: {},
  domainNames: [],
  apiMappings: {},
};
const emptyRest: ApiGatewayRestData = { restApis: [], resources: {}, authorizers: {}, stages: {} };
const emptyElb: Elbv2Data = {
  loadBalancers: [],
  listeners: {},
  rules: {},
  targetGroups: [],
  targetHealth: {},
};

// ---------------------------------------------------------------------------------------------------
// CloudFront in front (issue 13): one distribution, `shop`, with a web ACL. Its default behaviour serves
// function URL storefront-api (AuthType AWS_IAM, signed through origin access control, granted to this
// distribution): public through CloudFront, to an admin role. `/members/*` serves members-api the same way
// but only with signed URLs or cookies (trusted key group), and runs Lambda@Edge edge-auth on origin
// requests: both are reached by authenticated viewers only. A second distribution, `assets`, serves an S3
// bucket and runs Lambda@Edge edge-router on every viewer request, before any check: it runs as a role
// that may rewrite its own policy (privilege escalation), so anyone on the internet drives privileged code.
// (Two distributions: the edge functions of one distribution share its single Lambda@Edge entry point.)

const SHOP_DISTRIBUTION = `arn:aws:cloudfront::${PROD}:distribution/E1SHOPDEMO0001`;
const SHOP_OAC = 'E2SHOPLAMBDAOAC';
const SHOP_STATIC_OAC = 'E3SHOPSTATICOAC';
const SHOP_STATIC_BUCKET = `shop-static-assets.s3.${REGION}.amazonaws.com`;
/** What the demo's distributions share: enabled, default certificate, no geo restriction. */
const DISTRIBUTION_SETTINGS = {
  CustomErrorResponses: { Quantity: 0 },
  PriceClass: 'PriceClass_100',
  Enabled: true,
  ViewerCertificate: { CloudFrontDefaultCertificate: true },
  Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
  HttpVersion: 'http2',
  IsIPV6Enabled: true,
  Staging: false,
} as const;
const lambdaAndEdgeTrust = policy({
  Effect: 'Allow',
  Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] },
  Action: 'sts:AssumeRole',
});
const SHOP_WEB_ACL = `arn:aws:wafv2:${REGION}:${PROD}:global/webacl/shop-edge/5f1c2b7e-0d4a-4c9e-9a43-1a2b3c4d5e6f`;

const cloudFrontRoles: RoleSpec[] = [
  { name: 'storefront-api-role', managedArns: [ADMIN_ARN] },
  { name: 'members-api-role', managedArns: [ADMIN_ARN] },
  { name: 'edge-auth-role', inline: { data: policy(allow('secretsmanager:GetSecretValue')) } },
  {
    name: 'edge-router-role',
    trust: lambdaAndEdgeTrust,
    inline: { 'self-managed': policy(allow('iam:PutRolePolicy', roleArn(PROD, 'edge-router-role'))) },
  },
];

const cloudFrontFunctions: FunctionSpec[] = [
  { name: 'storefront-api', role: 'storefront-api-role' },
  { name: 'members-api', role: 'members-api-role' },
  { name: 'edge-auth', role: 'edge-auth-role' },
  { name: 'edge-router', role: 'edge-router-role' },
];

function cloudFrontUrls(): Record<string, FunctionUrlConfig[]> {
  return {
    [fn('storefront-api')]: [url('storefront-api', 'AWS_IAM')],
    [fn('members-api')]: [url('members-api', 'AWS_IAM')],
  };
}

/** The two statements AWS documents for a URL behind origin access control, pinned to the distribution. */
function cloudFrontGrants(): Record<string, string> {
  const grants = (name: string) =>
    resourcePolicy(
      ...['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'].map((action) =>
        permission(
          fn(name),
          `cloudfront-${action.split(':')[1]}`,
          action,
          { Service: 'cloudfront.amazonaws.com' },
          { ArnLike: { 'AWS:SourceArn': SHOP_DISTRIBUTION } },
        ),
      ),
    );
  return { [fn('storefront-api')]: grants('storefront-api'), [fn('members-api')]: grants('members-api') };
}

function prodCloudFront(): CloudFrontData {
  const origin = (name: string) => ({
    Id: name,
    DomainName: new URL(url(name, 'AWS_IAM').FunctionUrl!).hostname,
    OriginPath: '',
    CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' as const },
    OriginAccessControlId: SHOP_OAC,
  });
  const behavior = (originId: string, keyGroups: string[] = []) => ({
    TargetOriginId: originId,
    ViewerProtocolPolicy: 'redirect-to-https' as const,
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: keyGroups.length > 0, Quantity: keyGroups.length, Items: keyGroups },
    FunctionAssociations: { Quantity: 0 },
    LambdaFunctionAssociations: { Quantity: 0 },
  });
  return {
    distributions: [
      {
        Id: 'E1SHOPDEMO0001',
        ARN: SHOP_DISTRIBUTION,
        Status: 'Deployed',
        LastModifiedTime: new Date('2026-10-01T09:00:00.000Z'),
        DomainName: 'd1shopdemo0001.cloudfront.net',
        Aliases: { Quantity: 1, Items: ['shop.example.com'] },
        Origins: { Quantity: 2, Items: [origin('storefront-api'), origin('members-api')] },
        DefaultCacheBehavior: behavior('storefront-api'),
        CacheBehaviors: {
          Quantity: 1,
          Items: [
            {
              PathPattern: '/members/*',
              ...behavior('members-api', ['0f3c5a9e-members-keys']),
              LambdaFunctionAssociations: {
                Quantity: 1,
                Items: [{ LambdaFunctionARN: `${fn('edge-auth')}:4`, EventType: 'origin-request' }],
              },
            },
          ],
        },
        ...DISTRIBUTION_SETTINGS,
        Comment: 'shop front door',
        WebACLId: SHOP_WEB_ACL,
      },
      assetsDistribution(behavior),
    ],
    originAccessControls: [
      {
        Id: SHOP_OAC,
        Name: 'shop-lambda-urls',
        Description: 'signs requests to the shop function URLs',
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 'lambda',
      },
      {
        Id: SHOP_STATIC_OAC,
        Name: 'shop-static-bucket',
        Description: 'signs requests to the static assets bucket',
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 's3',
      },
    ],
    webAcls: {
      [SHOP_WEB_ACL]: {
        ARN: SHOP_WEB_ACL,
        Id: '5f1c2b7e-0d4a-4c9e-9a43-1a2b3c4d5e6f',
        Name: 'shop-edge',
        DefaultAction: { Allow: {} },
        Rules: [
          { Name: 'AWS-AWSManagedRulesCommonRuleSet', Priority: 0 },
          { Name: 'rate-limit-per-ip', Priority: 1 },
        ],
      },
    },
  };
}

/** `assets`: static files from S3, with Lambda@Edge edge-router rewriting every viewer request. */
function assetsDistribution(
  behavior: (
    originId: string,
  ) => NonNullable<CloudFrontData['distributions'][number]['DefaultCacheBehavior']>,
): CloudFrontData['distributions'][number] {
  return {
    Id: 'E2ASSETSDEMO0002',
    ARN: `arn:aws:cloudfront::${PROD}:distribution/E2ASSETSDEMO0002`,
    Status: 'Deployed',
    LastModifiedTime: new Date('2026-10-01T09:00:00.000Z'),
    DomainName: 'd2assetsdemo0002.cloudfront.net',
    Aliases: { Quantity: 1, Items: ['assets.example.com'] },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'static-assets',
          DomainName: SHOP_STATIC_BUCKET,
          OriginPath: '',
          S3OriginConfig: { OriginAccessIdentity: '' },
          OriginAccessControlId: SHOP_STATIC_OAC,
        },
      ],
    },
    DefaultCacheBehavior: {
      ...behavior('static-assets'),
      LambdaFunctionAssociations: {
        Quantity: 1,
        Items: [{ LambdaFunctionARN: `${fn('edge-router')}:7`, EventType: 'viewer-request' }],
      },
    },
    CacheBehaviors: { Quantity: 0 },
    ...DISTRIBUTION_SETTINGS,
    Comment: 'static assets',
    WebACLId: '',
  };
}

// ---- Demo usage data (issue 14): IAM Access Advisor reports and RoleLastUsed, as a scan with --usage
// collects them. DEMO DATA, invented for the demo like the rest of this estate, in AWS's own shapes
// (GetServiceLastAccessedDetails with ACTION_LEVEL granularity; RoleLastUsed of
// GetAccountAuthorizationDetails). Every date is a number of days before the demo's collection instant,
// which is the clock the analysis judges the demo by (the scan's start): "not used in 400 days" never ages.
// AWS lists every service a role's policies allow; the reports below are abridged to the services the
// demo's story needs (docs/least-privilege.md says what a missing service means).

const DAY_MS = 86_400_000;
const daysBeforeCollection = (days: number) =>
  new Date(Date.parse(COLLECTED_AT) - days * DAY_MS).toISOString();

type DemoService = ServiceLastAccessedEntry & { TotalAuthenticatedEntities?: number };
/** One service of a report: last used `days` before collection (undefined: not used in the window). */
const demoService = (
  namespace: string,
  name: string,
  days: number | undefined,
  tracked?: Record<string, number | undefined>,
): DemoService => ({
  ServiceNamespace: namespace,
  ServiceName: name,
  ...(days === undefined ? {} : { LastAuthenticated: daysBeforeCollection(days) }),
  TotalAuthenticatedEntities: days === undefined ? 0 : 1,
  ...(tracked
    ? {
        TrackedActionsLastAccessed: Object.entries(tracked).map(([ActionName, ago]) => ({
          ActionName,
          ...(ago === undefined ? {} : { LastAccessedTime: daysBeforeCollection(ago) }),
        })),
      }
    : {}),
});

/** Access Advisor reports of the production account's roles, by role name (demo data). */
function demoAccessAdvisorReports(): Record<string, DemoService[]> {
  const iamNeverUsed = demoService('iam', 'AWS Identity and Access Management', undefined, {
    AttachRolePolicy: undefined,
    CreateUser: undefined,
    PassRole: undefined,
    PutRolePolicy: undefined,
  });
  return {
    // AdministratorAccess on a Stripe webhook that only ever writes logs and queues billing events.
    'billing-webhook-role': [
      demoService('logs', 'Amazon CloudWatch Logs', 0),
      demoService('sqs', 'Amazon SQS', 1),
      demoService('s3', 'Amazon S3', 212, { ListAllMyBuckets: 212, PutBucketPolicy: undefined }),
      demoService('ec2', 'Amazon EC2', undefined, { RunInstances: undefined }),
      iamNeverUsed,
      demoService('sts', 'AWS Security Token Service', undefined),
    ],
    // The orders API passes roles to new functions "for deploys" it never makes.
    'orders-api-role': [
      demoService('dynamodb', 'Amazon DynamoDB', 0),
      demoService('lambda', 'AWS Lambda', 2, { CreateFunction: undefined, InvokeFunction: 2 }),
      demoService('iam', 'AWS Identity and Access Management', undefined, { PassRole: undefined }),
    ],
  };
}

/** Roles the demo shows as dormant: RoleLastUsed empty (never used while AWS tracked), as AWS returns it. */
const DEMO_NEVER_USED_ROLES = new Set(['preview-env-role']);

function withDemoUsage(account: string, details: IamData): IamData {
  const reports = account === PROD ? demoAccessAdvisorReports() : {};
  const roles = details.authorizationDetails.RoleDetailList ?? [];
  return {
    ...details,
    authorizationDetails: {
      ...details.authorizationDetails,
      RoleDetailList: roles.map((role) =>
        DEMO_NEVER_USED_ROLES.has(role.RoleName ?? '') ? { ...role, RoleLastUsed: {} } : role,
      ),
    },
    accessAdvisor: Object.fromEntries(
      Object.entries(reports).map(([name, services]) => [
        roleArn(account, name),
        { status: 'COMPLETED' as const, jobCompletionDate: COLLECTED_AT, servicesLastAccessed: services },
      ]),
    ),
  };
}
// ---- End of the demo usage data.

export interface DemoEstate {
  manifest: Manifest;
  units: UnitFile<ServiceData[ServiceName]>[];
}

export function buildDemoEstate(scanId = 'demo-2026-11-28'): DemoEstate {
  const unit = <S extends ServiceName>(
    accountId: string,
    region: string,
    service: S,
    data: ServiceData[S],
  ) => ({
    unit: { accountId, region, service },
    collectedAt: COLLECTED_AT,
    data,
  });
  const units: UnitFile<ServiceData[ServiceName]>[] = [
    unit(PROD, 'global', 'iam', withDemoUsage(PROD, prodIam())),
    unit(PROD, REGION, 'lambda', prodLambda()),
    unit(PROD, REGION, 'apigatewayv2', prodApiGatewayV2()),
    unit(PROD, REGION, 'apigateway', prodApiGatewayRest()),
    unit(PROD, REGION, 'elbv2', prodElbv2()),
    unit(PROD, REGION, 'ec2', prodEc2()),
    unit(PROD, 'global', 'cloudfront', prodCloudFront()),
    unit(PROD, REGION, 'datastores', prodDataStores()),
    unit(DATA, 'global', 'iam', dataIam()),
    unit(DATA, REGION, 'lambda', dataLambda()),
    unit(DATA, REGION, 'apigatewayv2', emptyV2),
    unit(DATA, REGION, 'apigateway', emptyRest),
    unit(DATA, REGION, 'elbv2', emptyElb),
    unit(DATA, REGION, 'ec2', { securityGroups: [] }),
  ];
  return {
    manifest: {
      tool: 'toxgraph',
      version: 'demo',
      createdAt: COLLECTED_AT,
      scanId,
      callerIdentity: {
        Account: PROD,
        Arn: `arn:aws:sts::${PROD}:assumed-role/toxgraph-reader/nightly`,
        UserId: 'AROADEMO:nightly',
      },
      accounts: [PROD, DATA],
      regions: [REGION],
      units: units.map((u) => ({ ...u.unit, file: unitFilePath(u.unit), status: 'ok' as const })),
      gaps: [],
    },
    units,
  };
}

/**
 * What the demo must show, per function: its most severe finding and the exposure of its entry points,
 * exactly. The demo test reads this list.
 */
export const DEMO_EXPECTATIONS: {
  function: string;
  /** The most severe finding about the function, or 'none'. */
  severity: Severity | 'none';
  /** The strongest exposure of the entry points that reach the function, or 'none' (no entry point). */
  exposure: Exposure | 'none';
  /** A safe look-alike of a toxic combination: it must never be rated critical or high. */
  lookAlike: boolean;
  /** The path of its most severe finding as `toxgraph findings` prints it, where the case pins it. */
  path?: string;
  why: string;
}[] = [
  // Toxic combinations. Severity: the matrix of docs/exposure.md (exposure × privilege tier, amplifiers).
  {
    function: 'billing-webhook',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'public URL (NONE + both grants) → AdministratorAccess: E3 × admin',
  },
  {
    function: 'orders-create',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'HTTP API route without auth → PassRole + CreateFunction + Invoke: E3 × escalation',
  },
  {
    function: 'report-export',
    severity: 'high',
    exposure: 'public_weak_auth',
    lookAlike: false,
    why: 'REST method with an API key only → reads the confidential exports bucket, the Stripe secret and the key that encrypts them (blast radius named): E2 × data (in a VPC: no exfiltration amplifier)',
  },
  {
    function: 'legacy-upload',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'internet-facing ALB, open SG → assume ops-admin (admin): E3 × admin',
  },
  {
    function: 'chat-connect',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'WebSocket $connect without auth → UpdateFunctionCode of an admin function: E3 × admin',
  },
  {
    function: 'analytics-api',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'HTTP API $default without auth → assume data-lake-admin in the data account: E3 × admin',
  },
  {
    function: 'partner-sync',
    severity: 'high',
    exposure: 'cross_account',
    lookAlike: false,
    why: 'another account may update its code: the cross-account code-update row, basic role → high',
  },
  {
    function: 'image-resize',
    severity: 'medium',
    exposure: 'public_weak_auth',
    lookAlike: false,
    why: 'any AWS account may invoke it directly (Principal "*"); its role is scoped to one bucket: E2 × scoped',
  },
  {
    function: 's3-notify',
    severity: 'critical',
    exposure: 'public_weak_auth',
    lookAlike: false,
    why: 's3.amazonaws.com without SourceArn/SourceAccount → iam:AttachRolePolicy: E2 × admin',
  },
  {
    function: 'feedback-form',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'public URL, CORS * with credentials, secret-looking env vars → dynamodb:*: E3 × data + amplifiers',
  },
  {
    function: 'auth-token-authorizer',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'Lambda authorizer: runs on attacker input before authentication, reads every secret, not in a VPC',
  },
  // Safe look-alikes: the exact verdict of their entry point, so that a look-alike never passes because its
  // entry point was not collected at all.
  {
    function: 'internal-metrics',
    severity: 'info',
    exposure: 'not_exposed',
    lookAlike: true,
    why: 'URL NONE but no public grant (the unreachable-grant note is info)',
  },
  {
    function: 'status-page',
    severity: 'info',
    exposure: 'not_exposed',
    lookAlike: true,
    why: 'URL NONE without the InvokeFunction grant (info)',
  },
  { function: 'internal-tools', severity: 'none', exposure: 'none', lookAlike: true, why: 'internal ALB' },
  {
    function: 'admin-console',
    severity: 'none',
    exposure: 'public_authenticated',
    lookAlike: true,
    why: 'ALB rule behind authenticate-oidc',
  },
  {
    function: 'profile-api',
    severity: 'none',
    exposure: 'public_authenticated',
    lookAlike: true,
    why: 'JWT-authorized route',
  },
  {
    function: 'thumbnailer',
    severity: 'medium',
    exposure: 'public_unauthenticated',
    lookAlike: true,
    why: 'public URL; iam:* allowed but cancelled by an explicit deny (only the reserved-concurrency hygiene finding)',
  },
  {
    function: 'search-api',
    severity: 'none',
    exposure: 'public_authenticated',
    lookAlike: true,
    why: 'admin policy capped by a permission boundary, behind a Lambda authorizer',
  },
  {
    function: 'nightly-batch',
    severity: 'none',
    exposure: 'none',
    lookAlike: true,
    why: 'admin role, but nobody can reach the function',
  },
  {
    function: 'disabled-endpoint',
    severity: 'none',
    exposure: 'not_exposed',
    lookAlike: true,
    why: 'public URL, but reserved concurrency 0',
  },
  { function: 'private-rest', severity: 'none', exposure: 'none', lookAlike: true, why: 'PRIVATE REST API' },
  {
    function: 'iam-url',
    severity: 'none',
    exposure: 'public_authenticated',
    lookAlike: true,
    why: 'AWS_IAM URL granted to its own account only',
  },
  {
    function: 'geo-lookup',
    severity: 'info',
    exposure: 'cross_account',
    lookAlike: true,
    why: 'public URL grant restricted to the organization (its URL is unreachable from the internet: info)',
  },
  // The ALB, WebSocket, pass-role and CORS cases, then their look-alikes.
  {
    function: 'partner-portal',
    severity: 'high',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'internet-facing ALB rule, authenticate-cognito with OnUnauthenticatedRequest allow → every secret: E3 × data (in a VPC: no exfiltration amplifier)',
  },
  {
    function: 'support-agent',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'WebSocket $connect without auth → reads every DynamoDB table, outside a VPC: E3 × data, raised one band',
  },
  {
    function: 'preview-deploy-hook',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'public URL → may pass preview-env-role (admin) to a new function it creates and invokes: E3 × admin',
  },
  {
    function: 'rates-feed',
    severity: 'medium',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'public URL whose CORS allows every origin without credentials (medium); reserved concurrency set',
  },
  {
    function: 'export-download',
    severity: 'high',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'public URL → role scoped to the confidential exports bucket and the SecureString DB password: sensitive_data from named stores only (exposed-function-reaches-data), E3 × data in a VPC; reserved concurrency set',
  },
  {
    function: 'upload-processor',
    severity: 'critical',
    // No entry point reaches it: the bucket's notification invokes it, so the path starts at the bucket.
    exposure: 'none',
    lookAlike: false,
    path: 'internet → acme-upload-inbox → upload-processor → upload-processor-role → admin',
    why: 'anyone may write acme-upload-inbox (bucket policy Principal "*" s3:PutObject), whose notification invokes it as an admin role (public-bucket-triggers-privileged-function): E3 × admin',
  },
  {
    function: 'deploy-status-feed',
    severity: 'none',
    exposure: 'public_authenticated',
    lookAlike: true,
    why: 'admin role behind a WebSocket $default route without auth, but $connect requires AWS_IAM',
  },
  {
    function: 'docs-preview-hook',
    severity: 'none',
    exposure: 'public_unauthenticated',
    lookAlike: true,
    why: 'public URL whose role may pass a role to a new function, but only a basic one; reserved concurrency set',
  },
  // CloudFront in front (issue 13).
  {
    function: 'storefront-api',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    why: 'distribution shop, default behaviour without signed URLs → AWS_IAM URL signed by OAC and granted to the distribution → AdministratorAccess: E3 × admin (the web ACL is no authentication)',
  },
  {
    function: 'members-api',
    severity: 'none',
    exposure: 'public_authenticated',
    lookAlike: true,
    why: 'same admin role and OAC grant, but /members/* serves only signed URLs or cookies (trusted key group)',
  },
  {
    function: 'edge-auth',
    severity: 'none',
    exposure: 'public_authenticated',
    lookAlike: true,
    why: 'Lambda@Edge reading secrets, but on origin requests of /members/*: only signed viewers get there',
  },
  {
    function: 'edge-router',
    severity: 'critical',
    exposure: 'public_unauthenticated',
    lookAlike: false,
    path: 'internet → d2assetsdemo0002.cloudfront.net → edge-router → edge-router-role → admin',
    why: 'distribution assets runs Lambda@Edge on every viewer request (for anyone, before any check) → may rewrite its own role policy, so becomes admin: E3 × privilege escalation',
  },
];

// ---------------------------------------------------------------------------------------------------------
// Data stores (issue 13, docs/data-stores.md): the production account's buckets, table, secret, parameter
// and key. report-export's role reads the confidential exports and the Stripe secret (a finding with a
// concrete blast radius); the public website bucket is a public-data-store finding of its own; the exports
// bucket denies image-resize's role in its bucket policy.
const STRIPE_SECRET = `arn:aws:secretsmanager:${REGION}:${PROD}:secret:prod/payments/stripe-key-Xy12Ab`;

function prodDataStores(): DataStoresData {
  const bucket = (Name: string) => ({
    Name,
    BucketRegion: REGION,
    CreationDate: new Date('2025-03-01T00:00:00Z'),
  });
  return {
    buckets: [
      bucket('acme-customer-exports'),
      bucket('acme-images'),
      bucket('acme-public-site'),
      bucket('acme-upload-inbox'),
    ],
    bucketPolicies: {
      'acme-customer-exports': JSON.stringify(
        policy({
          Sid: 'OnlyTheExportJob',
          Effect: 'Deny',
          Principal: { AWS: roleArn(PROD, 'image-resize-role') },
          Action: 's3:*',
          Resource: 'arn:aws:s3:::acme-customer-exports/*',
        }),
      ),
      'acme-public-site': JSON.stringify(
        policy({
          Sid: 'PublicWebsite',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::acme-public-site/*',
        }),
      ),
      // "Customers upload their files here": anyone may write, and each upload runs upload-processor.
      'acme-upload-inbox': JSON.stringify(
        policy({
          Sid: 'AnyoneMayUpload',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::acme-upload-inbox/*',
        }),
      ),
    },
    bucketLambdaNotifications: {
      'acme-upload-inbox': [
        {
          Id: 'process-new-uploads',
          LambdaFunctionArn: fn('upload-processor'),
          Events: ['s3:ObjectCreated:*'],
        },
      ],
    },
    // The account has no account-level block: the buckets are judged by their own.
    accountPublicAccessBlock: null,
    bucketPublicAccessBlocks: {
      'acme-customer-exports': {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    },
    bucketAclGrants: {},
    bucketEncryption: {
      'acme-customer-exports': [
        {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/prod-data' },
        },
      ],
    },
    bucketTags: { 'acme-customer-exports': [{ Key: 'data-classification', Value: 'confidential' }] },
    tables: [],
    tablePolicies: {},
    tableTags: {},
    secrets: [{ ARN: STRIPE_SECRET, Name: 'prod/payments/stripe-key', KmsKeyId: 'alias/prod-data' }],
    secretPolicies: {},
    parameters: [{ Name: '/prod/db/password', Type: 'SecureString', KeyId: 'alias/prod-data' }],
    keys: [{ KeyId: DEMO_KEY_ID, Arn: DEMO_KEY_ARN, KeyManager: 'CUSTOMER', KeyState: 'Enabled' }],
    keyPolicies: {
      // The default key policy: it delegates to the account's IAM policies.
      [DEMO_KEY_ARN]: JSON.stringify(
        policy({
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${PROD}:root` },
          Action: 'kms:*',
          Resource: '*',
        }),
      ),
    },
    keyAliases: [{ AliasName: 'alias/prod-data', TargetKeyId: DEMO_KEY_ID }],
    keyGrants: {},
  };
}

/** The data-store findings the demo must show (docs/data-stores.md); the demo test reads this list. */
export const DEMO_DATA_EXPECTATIONS = {
  /**
   * Findings that name these stores in their blast radius, most sensitive first (sensitive, then read before
   * write, then by ARN). report-export's role reads every bucket and secret (account-wide sensitive_data):
   * its finding stays with its entry point's rule; export-download's role is sensitive_data only through
   * the two named stores it is scoped to (and the key that decrypts the parameter).
   */
  blastRadius: [
    {
      function: 'report-export',
      detection: 'rest-api-method-privileged-role',
      top: [
        'arn:aws:s3:::acme-customer-exports',
        STRIPE_SECRET,
        // Decrypting comes after reading (docs/data-stores.md, blast radius).
        DEMO_KEY_ARN,
        'arn:aws:s3:::acme-images',
        // Anyone may write it (no write edge), but only the role may read it (s3:*).
        'arn:aws:s3:::acme-upload-inbox',
        // Anyone may read it (no read edge: public-data-store), but only the role may write it (s3:*).
        'arn:aws:s3:::acme-public-site',
      ],
    },
    {
      function: 'export-download',
      detection: 'exposed-function-reaches-data',
      top: [
        'arn:aws:s3:::acme-customer-exports',
        `arn:aws:ssm:${REGION}:${PROD}:parameter/prod/db/password`,
        DEMO_KEY_ARN,
      ],
    },
  ],
  /** Buckets open to everyone (public-data-store), with their severity. */
  publicStores: [
    // Writable by anyone: high (docs/data-stores.md); the most severe finding is listed first.
    { arn: 'arn:aws:s3:::acme-upload-inbox', severity: 'high' as Severity },
    { arn: 'arn:aws:s3:::acme-public-site', severity: 'medium' as Severity },
  ],
};
