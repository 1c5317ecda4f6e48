/**
 * A sample estate with every resource kind the collectors read, created in moto through the real SDK:
 * IAM (roles with trust conditions, inline and managed policies with two versions, a user in a group),
 * Lambda (a function with secrets in its environment, a version, an alias, a URL, resource policies on
 * the function and the alias, reserved concurrency), an HTTP API (JWT and open routes, Lambda integration,
 * stage, custom domain), a WebSocket API ($connect with a Lambda authorizer), a REST API (resource, method,
 * authorizer, stage), an internet-facing ALB (security group open to the world, rules with
 * authenticate-oidc and weighted forward, a Lambda target group) and an organization with an SCP.
 * Integration tests of other parts may seed it too.
 */
import {
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
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateAuthorizerCommand,
  CreateDomainNameCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateScpCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  ACCOUNT_ID,
  addPermission,
  aws,
  createFunction,
  createFunctionUrl,
  createManagedPolicy,
  createRole,
  defaultSubnets,
  REGION,
} from '../support/aws.js';

/** Planted in a Lambda environment: must never appear in a snapshot or a log. */
export const PLANTED_SECRETS = {
  DB_PASSWORD: 'hunter2-planted-password-value',
  UPSTREAM: 'AKIAZZPLANTEDKEY0001',
  SIGNING_KEY: '-----BEGIN RSA PRIVATE KEY-----\nMIIplantedplantedplanted\n-----END RSA PRIVATE KEY-----',
  SESSION: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlcGxhbnRlZA',
};
export const PLAIN_ENVIRONMENT = { STAGE: 'prod', LOG_LEVEL: 'info' };

const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const readLogs = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
};

export interface Estate {
  roleArn: string;
  functionArn: string;
  aliasArn: string;
  httpApiId: string;
  webSocketApiId: string;
  jwtAuthorizerId: string;
  restApiId: string;
  loadBalancerArn: string;
  listenerArn: string;
  targetGroupArn: string;
  securityGroupId: string;
  managedPolicyArn: string;
  scpId: string;
  ouId: string;
}

export async function seedEstate(options: { organizations?: boolean } = {}): Promise<Estate> {
  const iam = await seedIam();
  const lambda = await seedLambda(iam.roleArn);
  const apis = await seedApiGatewayV2(lambda.functionArn);
  const restApiId = await seedRestApi(lambda.functionArn);
  const elb = await seedLoadBalancer(lambda.functionArn);
  const org = options.organizations === false ? { scpId: '', ouId: '' } : await seedOrganization();
  return { ...iam, ...lambda, ...apis, restApiId, ...elb, ...org };
}

async function seedIam() {
  const roleArn = await createRole({
    name: 'orders-role',
    trust: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::210987654321:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' } },
        },
      ],
    },
    inline: { 'admin-inline': allowAll },
  });
  const managedPolicyArn = await createManagedPolicy('orders-logs', readLogs);
  await aws.iam().send(
    new CreatePolicyVersionCommand({
      PolicyArn: managedPolicyArn,
      PolicyDocument: JSON.stringify(allowAll),
      SetAsDefault: true,
    }),
  );
  await aws.iam().send(new CreateUserCommand({ UserName: 'deployer' }));
  await aws.iam().send(new CreateGroupCommand({ GroupName: 'deployers' }));
  await aws.iam().send(new AddUserToGroupCommand({ GroupName: 'deployers', UserName: 'deployer' }));
  await aws.iam().send(
    new PutGroupPolicyCommand({
      GroupName: 'deployers',
      PolicyName: 'update-code',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: '*' },
      }),
    }),
  );
  return { roleArn, managedPolicyArn };
}

async function seedLambda(roleArn: string) {
  const functionArn = await createFunction('orders', roleArn, {
    environment: { ...PLANTED_SECRETS, ...PLAIN_ENVIRONMENT },
  });
  const lambda = aws.lambda();
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'orders' }));
  const { AliasArn } = await lambda.send(
    new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: Version }),
  );
  await createFunctionUrl('orders', 'NONE');
  await addPermission({
    FunctionName: 'orders',
    StatementId: 'public-url',
    Action: 'lambda:InvokeFunctionUrl',
    Principal: '*',
    FunctionUrlAuthType: 'NONE',
  });
  await addPermission({
    FunctionName: 'orders',
    Qualifier: 'live',
    StatementId: 'apigw-live',
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:*/*/*`,
  });
  await lambda.send(
    new PutFunctionConcurrencyCommand({ FunctionName: 'orders', ReservedConcurrentExecutions: 7 }),
  );
  // A second function, no URL, no policy, unreserved: the collector must not invent any of them.
  await createFunction('quiet', roleArn);
  return { functionArn, aliasArn: AliasArn! };
}

async function seedApiGatewayV2(functionArn: string) {
  const client = aws.apigatewayv2();
  const http = await client.send(new CreateApiCommand({ Name: 'orders-http', ProtocolType: 'HTTP' }));
  const httpApiId = http.ApiId!;
  const integration = await client.send(
    new CreateIntegrationCommand({
      ApiId: httpApiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: functionArn,
      PayloadFormatVersion: '2.0',
    }),
  );
  const jwt = await client.send(
    new CreateAuthorizerCommand({
      ApiId: httpApiId,
      Name: 'cognito',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool',
        Audience: ['app'],
      },
    }),
  );
  const target = `integrations/${integration.IntegrationId}`;
  await client.send(new CreateRouteCommand({ ApiId: httpApiId, RouteKey: 'GET /public', Target: target }));
  await client.send(
    new CreateRouteCommand({
      ApiId: httpApiId,
      RouteKey: 'POST /orders',
      Target: target,
      AuthorizationType: 'JWT',
      AuthorizerId: jwt.AuthorizerId,
      AuthorizationScopes: ['orders/write'],
    }),
  );
  await client.send(new CreateStageCommand({ ApiId: httpApiId, StageName: '$default', AutoDeploy: true }));

  const ws = await client.send(
    new CreateApiCommand({
      Name: 'orders-ws',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    }),
  );
  const webSocketApiId = ws.ApiId!;
  const wsAuthorizer = await client.send(
    new CreateAuthorizerCommand({
      ApiId: webSocketApiId,
      Name: 'ws-auth',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      IdentitySource: ['route.request.header.Auth'],
    }),
  );
  await client.send(
    new CreateRouteCommand({
      ApiId: webSocketApiId,
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: wsAuthorizer.AuthorizerId,
    }),
  );
  await client.send(
    new CreateStageCommand({ ApiId: webSocketApiId, StageName: 'prod', StageVariables: { fn: 'orders' } }),
  );
  await client.send(new CreateDomainNameCommand({ DomainName: 'api.example.com' }));
  await client.send(
    new CreateApiMappingCommand({
      DomainName: 'api.example.com',
      ApiId: httpApiId,
      Stage: '$default',
      ApiMappingKey: 'v1',
    }),
  );
  return { httpApiId, webSocketApiId, jwtAuthorizerId: jwt.AuthorizerId! };
}

async function seedRestApi(functionArn: string) {
  const client = aws.apigateway();
  const api = await client.send(
    new CreateRestApiCommand({
      name: 'orders-rest',
      endpointConfiguration: { types: ['REGIONAL'] },
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        ],
      }),
    }),
  );
  const restApiId = api.id!;
  const { items = [] } = await client.send(new GetResourcesCommand({ restApiId }));
  const root = items.find((item) => item.path === '/')!;
  const resource = await client.send(
    new CreateResourceCommand({ restApiId, parentId: root.id!, pathPart: 'orders' }),
  );
  const authorizer = await client.send(
    new CreateRestAuthorizerCommand({
      restApiId,
      name: 'token',
      type: 'TOKEN',
      authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      identitySource: 'method.request.header.Authorization',
    }),
  );
  await client.send(
    new PutMethodCommand({
      restApiId,
      resourceId: resource.id!,
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: true,
    }),
  );
  await client.send(
    new PutMethodCommand({
      restApiId,
      resourceId: resource.id!,
      httpMethod: 'POST',
      authorizationType: 'CUSTOM',
      authorizerId: authorizer.id,
    }),
  );
  for (const httpMethod of ['GET', 'POST']) {
    await client.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: resource.id!,
        httpMethod,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      }),
    );
  }
  const deployment = await client.send(new CreateDeploymentCommand({ restApiId }));
  await client.send(
    new CreateRestStageCommand({
      restApiId,
      stageName: 'prod',
      deploymentId: deployment.id!,
      variables: { alias: 'live' },
    }),
  );
  return restApiId;
}

async function seedLoadBalancer(functionArn: string) {
  const ec2 = aws.ec2();
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'alb-public', Description: 'world', VpcId: Vpcs[0]!.VpcId }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        },
      ],
    }),
  );
  const elbv2 = aws.elbv2();
  const subnets = await defaultSubnets();
  const { LoadBalancers = [] } = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: 'orders-alb',
      Subnets: subnets.slice(0, 2),
      SecurityGroups: [GroupId!],
      Scheme: 'internet-facing',
      Type: 'application',
    }),
  );
  const loadBalancerArn = LoadBalancers[0]!.LoadBalancerArn!;
  const { TargetGroups = [] } = await elbv2.send(
    new CreateTargetGroupCommand({ Name: 'orders-fn', TargetType: 'lambda' }),
  );
  const targetGroupArn = TargetGroups[0]!.TargetGroupArn!;
  await elbv2.send(
    new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: functionArn }] }),
  );
  const { Listeners = [] } = await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    }),
  );
  const listenerArn = Listeners[0]!.ListenerArn!;
  await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 20,
      Conditions: [{ Field: 'path-pattern', Values: ['/admin/*'] }],
      Actions: [
        {
          Type: 'authenticate-oidc',
          Order: 1,
          AuthenticateOidcConfig: {
            Issuer: 'https://idp.example.com',
            AuthorizationEndpoint: 'https://idp.example.com/authorize',
            TokenEndpoint: 'https://idp.example.com/token',
            UserInfoEndpoint: 'https://idp.example.com/userinfo',
            ClientId: 'client',
            OnUnauthenticatedRequest: 'allow',
          },
        },
        { Type: 'forward', Order: 2, TargetGroupArn: targetGroupArn },
      ],
    }),
  );
  await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: 5,
      Conditions: [{ Field: 'path-pattern', Values: ['/orders/*'] }],
      Actions: [
        {
          Type: 'forward',
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 100 }] },
        },
      ],
    }),
  );
  return { loadBalancerArn, listenerArn, targetGroupArn, securityGroupId: GroupId! };
}

async function seedOrganization() {
  const client = new OrganizationsClient({ region: REGION, maxAttempts: 1 });
  await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const { Roots = [] } = await client.send(new ListRootsCommand({}));
  const rootId = Roots[0]!.Id!;
  const { OrganizationalUnit } = await client.send(
    new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }),
  );
  const { Policy } = await client.send(
    new CreateScpCommand({
      Name: 'deny-leave',
      Description: 'no leaving',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
      }),
    }),
  );
  const scpId = Policy!.PolicySummary!.Id!;
  await client.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: OrganizationalUnit!.Id! }));
  return { scpId, ouId: OrganizationalUnit!.Id! };
}
