/**
 * Small helpers that create AWS resources in moto through the real AWS SDK v3 clients (the endpoint comes
 * from AWS_ENDPOINT_URL, set by integration-setup.ts). They return what AWS returned, so tests can assert
 * against real identifiers.
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateAuthorizerCommand as CreateRestAuthorizerCommand,
  CreateStageCommand as CreateRestStageCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand as CreateV2StageCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  DescribeManagedPrefixListsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  type Action,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  type AddPermissionCommandInput,
  type Cors,
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  type FunctionUrlAuthType,
  LambdaClient,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

/** maxAttempts 1: an operation moto lacks answers 500, and retries would only slow the failure. */
const clientConfig = () => ({ region: process.env.AWS_REGION ?? REGION, maxAttempts: 1 });

export const aws = {
  iam: () => new IAMClient(clientConfig()),
  lambda: () => new LambdaClient(clientConfig()),
  apigatewayv2: () => new ApiGatewayV2Client(clientConfig()),
  apigateway: () => new APIGatewayClient(clientConfig()),
  elbv2: () => new ElasticLoadBalancingV2Client(clientConfig()),
  ec2: () => new EC2Client(clientConfig()),
};

export const lambdaTrustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export interface RoleSpec {
  name: string;
  trust?: object;
  inline?: Record<string, object>;
  managed?: Record<string, object>;
  boundaryArn?: string;
}

export async function createRole(spec: RoleSpec): Promise<string> {
  const iam = aws.iam();
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: spec.name,
      AssumeRolePolicyDocument: JSON.stringify(spec.trust ?? lambdaTrustPolicy),
      PermissionsBoundary: spec.boundaryArn,
    }),
  );
  for (const [policyName, document] of Object.entries(spec.inline ?? {})) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: spec.name,
        PolicyName: policyName,
        PolicyDocument: JSON.stringify(document),
      }),
    );
  }
  for (const [policyName, document] of Object.entries(spec.managed ?? {})) {
    const arn = await createManagedPolicy(policyName, document);
    await iam.send(new AttachRolePolicyCommand({ RoleName: spec.name, PolicyArn: arn }));
  }
  return Role!.Arn!;
}

export async function createManagedPolicy(name: string, document: object): Promise<string> {
  const { Policy } = await aws
    .iam()
    .send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(document) }));
  return Policy!.Arn!;
}

export async function createFunction(
  name: string,
  roleArn: string,
  options: {
    environment?: Record<string, string>;
    runtime?: string;
    vpc?: { subnetIds: string[]; securityGroupIds: string[] };
    /** Default: the test region. */
    region?: string;
  } = {},
): Promise<string> {
  const client = options.region
    ? new LambdaClient({ ...clientConfig(), region: options.region })
    : aws.lambda();
  const result = await client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: roleArn,
      Runtime: (options.runtime ?? 'nodejs20.x') as never,
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]) },
      Environment: options.environment ? { Variables: options.environment } : undefined,
      VpcConfig: options.vpc
        ? { SubnetIds: options.vpc.subnetIds, SecurityGroupIds: options.vpc.securityGroupIds }
        : undefined,
    }),
  );
  return result.FunctionArn!;
}

export async function createFunctionUrl(name: string, authType: FunctionUrlAuthType, qualifier?: string) {
  return aws
    .lambda()
    .send(
      new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: authType, Qualifier: qualifier }),
    );
}

export async function addPermission(input: AddPermissionCommandInput) {
  return aws.lambda().send(new AddPermissionCommand(input));
}

/** moto creates a default VPC with one subnet per availability zone; load balancers need two of them. */
export async function defaultSubnets(): Promise<string[]> {
  const { Subnets } = await aws.ec2().send(new DescribeSubnetsCommand({}));
  return (Subnets ?? []).map((subnet) => subnet.SubnetId!);
}

// ---------------------------------------------------------------------------------------------------
// Scenario helpers (test/scenarios): aliases, concurrency, API Gateway (HTTP, WebSocket, REST) and
// Application Load Balancers, each in the few calls a scenario needs.

/** Publishes a version and points a new alias at it; returns the alias ARN. */
export async function createAlias(functionName: string, aliasName: string): Promise<string> {
  const lambda = aws.lambda();
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: functionName }));
  const { AliasArn } = await lambda.send(
    new CreateAliasCommand({ FunctionName: functionName, Name: aliasName, FunctionVersion: Version }),
  );
  return AliasArn!;
}

export async function putReservedConcurrency(functionName: string, reserved: number): Promise<void> {
  await aws.lambda().send(
    new PutFunctionConcurrencyCommand({
      FunctionName: functionName,
      ReservedConcurrentExecutions: reserved,
    }),
  );
}

/**
 * A public function URL the way the console makes one: AuthType NONE, lambda:InvokeFunctionUrl for
 * anyone, and (since October 2025) lambda:InvokeFunction for anyone with InvokedViaFunctionUrl.
 */
export async function createPublicFunctionUrl(
  functionName: string,
  options: { cors?: Cors; invokeFunctionGrant?: boolean } = {},
) {
  const url = await aws.lambda().send(
    new CreateFunctionUrlConfigCommand({
      FunctionName: functionName,
      AuthType: 'NONE',
      Cors: options.cors,
    }),
  );
  await addPermission({
    FunctionName: functionName,
    StatementId: 'FunctionURLAllowPublicAccess',
    Action: 'lambda:InvokeFunctionUrl',
    Principal: '*',
    FunctionUrlAuthType: 'NONE',
  });
  if (options.invokeFunctionGrant !== false) {
    await addPermission({
      FunctionName: functionName,
      StatementId: 'FunctionURLInvokeAllowPublicAccess',
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
    });
  }
  return url;
}

/** Lets API Gateway invoke the function for one API (SourceArn `<api>/*`), as the console does. */
export async function allowApiGateway(functionName: string, apiId: string, qualifier?: string) {
  return addPermission({
    FunctionName: functionName,
    Qualifier: qualifier,
    StatementId: `apigateway-${apiId}`,
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${apiId}/*`,
  });
}

/** Lets Elastic Load Balancing invoke the function (or one alias) for one target group. */
export async function allowLoadBalancer(functionName: string, targetGroupArn: string, qualifier?: string) {
  return addPermission({
    FunctionName: functionName,
    Qualifier: qualifier,
    StatementId: `elb-${targetGroupArn.split('/').at(-1)}`,
    Action: 'lambda:InvokeFunction',
    Principal: 'elasticloadbalancing.amazonaws.com',
    SourceArn: targetGroupArn,
  });
}

export const lambdaInvocationUri = (functionArn: string) =>
  `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;

export interface V2RouteSpec {
  routeKey: string;
  /** The function (or alias) ARN the route integrates; absent for a route without a target. */
  target?: string;
  authorizationType?: 'NONE' | 'JWT' | 'AWS_IAM' | 'CUSTOM';
  authorizerId?: string;
  scopes?: string[];
}

export interface V2AuthorizerSpec {
  name: string;
  type: 'JWT' | 'REQUEST';
  /** JWT issuer, or the Lambda authorizer's function ARN. */
  issuerOrFunctionArn: string;
}

/**
 * An HTTP or WebSocket API with its authorizers, one AWS_PROXY integration per distinct target, the
 * routes, and one stage. Routes name authorizers by their spec name (`authorizerId: 'jwt'`).
 */
export async function createV2Api(spec: {
  name: string;
  protocol: 'HTTP' | 'WEBSOCKET';
  authorizers?: V2AuthorizerSpec[];
  routes: V2RouteSpec[];
  stage?: string;
  stageVariables?: Record<string, string>;
  disableExecuteApiEndpoint?: boolean;
}): Promise<{ apiId: string; authorizerIds: Record<string, string>; routeIds: Record<string, string> }> {
  const client = aws.apigatewayv2();
  const api = await client.send(
    new CreateApiCommand({
      Name: spec.name,
      ProtocolType: spec.protocol,
      RouteSelectionExpression: spec.protocol === 'WEBSOCKET' ? '$request.body.action' : undefined,
      DisableExecuteApiEndpoint: spec.disableExecuteApiEndpoint,
    }),
  );
  const apiId = api.ApiId!;
  const authorizerIds: Record<string, string> = {};
  for (const authorizer of spec.authorizers ?? []) {
    const created = await client.send(
      new CreateAuthorizerCommand(
        authorizer.type === 'JWT'
          ? {
              ApiId: apiId,
              Name: authorizer.name,
              AuthorizerType: 'JWT',
              IdentitySource: ['$request.header.Authorization'],
              JwtConfiguration: { Issuer: authorizer.issuerOrFunctionArn, Audience: ['app'] },
            }
          : {
              ApiId: apiId,
              Name: authorizer.name,
              AuthorizerType: 'REQUEST',
              AuthorizerUri: lambdaInvocationUri(authorizer.issuerOrFunctionArn),
              IdentitySource: [
                spec.protocol === 'HTTP' ? '$request.header.Authorization' : 'route.request.header.Auth',
              ],
              AuthorizerPayloadFormatVersion: spec.protocol === 'HTTP' ? '2.0' : undefined,
            },
      ),
    );
    authorizerIds[authorizer.name] = created.AuthorizerId!;
  }
  const integrations = new Map<string, string>();
  const routeIds: Record<string, string> = {};
  for (const route of spec.routes) {
    let target: string | undefined;
    if (route.target) {
      let integrationId = integrations.get(route.target);
      if (!integrationId) {
        const integration = await client.send(
          new CreateIntegrationCommand({
            ApiId: apiId,
            IntegrationType: 'AWS_PROXY',
            IntegrationUri: route.target,
            PayloadFormatVersion: spec.protocol === 'HTTP' ? '2.0' : undefined,
          }),
        );
        integrationId = integration.IntegrationId!;
        integrations.set(route.target, integrationId);
      }
      target = `integrations/${integrationId}`;
    }
    const created = await client.send(
      new CreateRouteCommand({
        ApiId: apiId,
        RouteKey: route.routeKey,
        Target: target,
        AuthorizationType: route.authorizationType ?? 'NONE',
        AuthorizerId: route.authorizerId ? authorizerIds[route.authorizerId] : undefined,
        AuthorizationScopes: route.scopes,
      }),
    );
    routeIds[route.routeKey] = created.RouteId!;
  }
  // A stage serves the API once deployed. moto's apigatewayv2 has no CreateDeployment and drops a stage's
  // DeploymentId, so every stage here auto-deploys, WebSocket ones too (test/README.md).
  await client.send(
    new CreateV2StageCommand({
      ApiId: apiId,
      StageName: spec.stage ?? (spec.protocol === 'HTTP' ? '$default' : 'prod'),
      AutoDeploy: true,
      StageVariables: spec.stageVariables,
    }),
  );
  return { apiId, authorizerIds, routeIds };
}

export interface RestMethodSpec {
  path: string;
  httpMethod: string;
  functionArn: string;
  authorizationType?: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';
  apiKeyRequired?: boolean;
  /** Name of a TOKEN authorizer of the spec (sets AuthorizationType CUSTOM). */
  authorizer?: string;
}

/** A REST API with one resource per path (under the root), its methods and Lambda proxy integrations, deployed. */
export async function createRestApi(spec: {
  name: string;
  endpointType?: 'REGIONAL' | 'EDGE' | 'PRIVATE';
  policy?: object;
  /** Lambda TOKEN authorizers: name → function ARN. */
  authorizers?: Record<string, string>;
  methods: RestMethodSpec[];
  stage?: string;
  stageVariables?: Record<string, string>;
}): Promise<string> {
  const client = aws.apigateway();
  const api = await client.send(
    new CreateRestApiCommand({
      name: spec.name,
      endpointConfiguration: { types: [spec.endpointType ?? 'REGIONAL'] },
      policy: spec.policy ? JSON.stringify(spec.policy) : undefined,
    }),
  );
  const restApiId = api.id!;
  const { items = [] } = await client.send(new GetResourcesCommand({ restApiId }));
  const rootId = items.find((item) => item.path === '/')!.id!;
  const authorizerIds: Record<string, string> = {};
  for (const [name, functionArn] of Object.entries(spec.authorizers ?? {})) {
    const created = await client.send(
      new CreateRestAuthorizerCommand({
        restApiId,
        name,
        type: 'TOKEN',
        authorizerUri: lambdaInvocationUri(functionArn),
        identitySource: 'method.request.header.Authorization',
      }),
    );
    authorizerIds[name] = created.id!;
  }
  const resources = new Map<string, string>();
  for (const method of spec.methods) {
    let resourceId = resources.get(method.path);
    if (!resourceId) {
      const created = await client.send(
        new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: method.path.replace(/^\//, '') }),
      );
      resourceId = created.id!;
      resources.set(method.path, resourceId);
    }
    await client.send(
      new PutMethodCommand({
        restApiId,
        resourceId,
        httpMethod: method.httpMethod,
        authorizationType: method.authorizer ? 'CUSTOM' : (method.authorizationType ?? 'NONE'),
        authorizerId: method.authorizer ? authorizerIds[method.authorizer] : undefined,
        apiKeyRequired: method.apiKeyRequired,
      }),
    );
    await client.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId,
        httpMethod: method.httpMethod,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: lambdaInvocationUri(method.functionArn),
      }),
    );
  }
  const deployment = await client.send(new CreateDeploymentCommand({ restApiId }));
  await client.send(
    new CreateRestStageCommand({
      restApiId,
      stageName: spec.stage ?? 'prod',
      deploymentId: deployment.id!,
      variables: spec.stageVariables,
    }),
  );
  return restApiId;
}

/** A security group of the default VPC with the given TCP ports open to the world (IPv4, or IPv6 only). */
export async function createOpenSecurityGroup(
  name: string,
  ports: number[],
  family: 'ipv4' | 'ipv6' = 'ipv4',
): Promise<string> {
  const ec2 = aws.ec2();
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: Vpcs[0]!.VpcId }),
  );
  if (ports.length > 0) {
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId,
        IpPermissions: ports.map((port) => ({
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
          IpRanges: family === 'ipv4' ? [{ CidrIp: '0.0.0.0/0' }] : undefined,
          Ipv6Ranges: family === 'ipv6' ? [{ CidrIpv6: '::/0' }] : undefined,
        })),
      }),
    );
  }
  return GroupId!;
}

/** A security group admitting TCP `port` from the given ranges and prefix lists (by id or by name). */
export async function createSecurityGroup(
  name: string,
  port: number,
  from: { cidrs?: string[]; prefixListNames?: string[] },
): Promise<string> {
  const ec2 = aws.ec2();
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: Vpcs[0]!.VpcId }),
  );
  const { PrefixLists = [] } = await ec2.send(new DescribeManagedPrefixListsCommand({}));
  const listIds = (from.prefixListNames ?? []).map(
    (listName) => PrefixLists.find((list) => list.PrefixListName === listName)!.PrefixListId!,
  );
  // One rule per range, so that split ranges only add up across rules.
  const IpPermissions = [
    ...(from.cidrs ?? []).map((cidr) => ({
      IpProtocol: 'tcp',
      FromPort: port,
      ToPort: port,
      ...(cidr.includes(':') ? { Ipv6Ranges: [{ CidrIpv6: cidr }] } : { IpRanges: [{ CidrIp: cidr }] }),
    })),
    ...listIds.map((PrefixListId) => ({
      IpProtocol: 'tcp',
      FromPort: port,
      ToPort: port,
      PrefixListIds: [{ PrefixListId }],
    })),
  ];
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions }));
  return GroupId!;
}

/** A customer-managed prefix list with these entries; returns its name. */
export async function createPrefixList(name: string, cidrs: string[]): Promise<string> {
  await aws.ec2().send(
    new CreateManagedPrefixListCommand({
      PrefixListName: name,
      AddressFamily: 'IPv4',
      MaxEntries: 10,
      Entries: cidrs.map((Cidr) => ({ Cidr })),
    }),
  );
  return name;
}

export interface AlbRuleSpec {
  priority: number;
  pathPattern: string;
  /** Actions before the forward (authenticate-oidc / authenticate-cognito), in order. */
  before?: Action[];
  /** Forward through ForwardConfig with this weight (default: a plain TargetGroupArn forward). */
  weight?: number;
  /** Conditions besides the path pattern (source-ip, http-header, ...). */
  conditions?: RuleCondition[];
}

/**
 * An Application Load Balancer in two default subnets with one HTTP listener (default action 404), a
 * Lambda target group holding `functionArn` (with the ELB invoke permission), and one forwarding rule per
 * spec. Returns the ARNs.
 */
export async function createLambdaAlb(spec: {
  name: string;
  scheme: 'internet-facing' | 'internal';
  securityGroupId: string;
  port?: number;
  functionName: string;
  functionArn: string;
  rules: AlbRuleSpec[];
  /** The listener's default action forwards to the Lambda target group (instead of a fixed 404). */
  defaultForward?: boolean;
  /** Register this alias of the function as the target instead of the function. */
  qualifier?: string;
}): Promise<{ loadBalancerArn: string; listenerArn: string; targetGroupArn: string; ruleArns: string[] }> {
  const elbv2 = aws.elbv2();
  const subnets = await defaultSubnets();
  const { LoadBalancers = [] } = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: spec.name,
      Subnets: subnets.slice(0, 2),
      SecurityGroups: [spec.securityGroupId],
      Scheme: spec.scheme,
      Type: 'application',
    }),
  );
  const loadBalancerArn = LoadBalancers[0]!.LoadBalancerArn!;
  const { TargetGroups = [] } = await elbv2.send(
    new CreateTargetGroupCommand({ Name: `${spec.name}-tg`, TargetType: 'lambda' }),
  );
  const targetGroupArn = TargetGroups[0]!.TargetGroupArn!;
  await allowLoadBalancer(spec.functionName, targetGroupArn, spec.qualifier);
  const target = spec.qualifier ? `${spec.functionArn}:${spec.qualifier}` : spec.functionArn;
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: target }] }));
  const { Listeners = [] } = await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Port: spec.port ?? 80,
      Protocol: 'HTTP',
      DefaultActions: spec.defaultForward
        ? [{ Type: 'forward', TargetGroupArn: targetGroupArn }]
        : [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    }),
  );
  const listenerArn = Listeners[0]!.ListenerArn!;
  const ruleArns: string[] = [];
  for (const rule of spec.rules) {
    const before = (rule.before ?? []).map((action, index) => ({ ...action, Order: index + 1 }));
    const { Rules = [] } = await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: rule.priority,
        Conditions: [{ Field: 'path-pattern', Values: [rule.pathPattern] }, ...(rule.conditions ?? [])],
        Actions: [
          ...before,
          rule.weight === undefined
            ? { Type: 'forward', Order: before.length + 1, TargetGroupArn: targetGroupArn }
            : {
                Type: 'forward',
                Order: before.length + 1,
                ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: rule.weight }] },
              },
        ],
      }),
    );
    ruleArns.push(Rules[0]!.RuleArn!);
  }
  return { loadBalancerArn, listenerArn, targetGroupArn, ruleArns };
}

/** An authenticate-oidc action with the given behaviour for unauthenticated requests. */
export function oidcAction(onUnauthenticated: 'deny' | 'allow' | 'authenticate'): Action {
  return {
    Type: 'authenticate-oidc',
    AuthenticateOidcConfig: {
      Issuer: 'https://idp.example.com',
      AuthorizationEndpoint: 'https://idp.example.com/authorize',
      TokenEndpoint: 'https://idp.example.com/token',
      UserInfoEndpoint: 'https://idp.example.com/userinfo',
      ClientId: 'client',
      ClientSecret: 'not-a-secret',
      OnUnauthenticatedRequest: onUnauthenticated,
    },
  };
}

/** Changes the execution role of $LATEST (published versions keep theirs). */
export async function updateRole(functionName: string, roleArn: string): Promise<void> {
  await aws
    .lambda()
    .send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Role: roleArn }));
}
