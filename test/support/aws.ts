/**
 * Small helpers that create AWS resources in moto through the real AWS SDK v3 clients (the endpoint comes
 * from AWS_ENDPOINT_URL, set by integration-setup.ts). They return what AWS returned, so tests can assert
 * against real identifiers.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
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
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  type FunctionUrlAuthType,
  LambdaClient,
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
  options: { environment?: Record<string, string>; runtime?: string } = {},
): Promise<string> {
  const result = await aws.lambda().send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: roleArn,
      Runtime: (options.runtime ?? 'nodejs20.x') as never,
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]) },
      Environment: options.environment ? { Variables: options.environment } : undefined,
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
