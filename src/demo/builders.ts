/**
 * Small builders that produce AWS API response shapes for the demo estate. They write what AWS writes
 * (URL-encoded IAM documents, GetPolicy's JSON string with the real Condition forms), so the demo exercises
 * the same parsing paths as a real scan.
 */
import type { Integration, Route } from '@aws-sdk/client-apigatewayv2';
import type { ManagedPolicyDetail, RoleDetail } from '@aws-sdk/client-iam';
import type { SnapshotFunction } from '../snapshot/format.js';

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

export const policy = (...statements: Record<string, unknown>[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

export const allow = (action: string | string[], resource: string | string[] = '*', extra = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

export const deny = (action: string | string[], resource: string | string[] = '*', extra = {}) => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});

/** GetAccountAuthorizationDetails sends every policy document URL-encoded. */
const encode = (document: object) => encodeURIComponent(JSON.stringify(document));

const CREATED = new Date('2025-03-01T09:00:00Z');

export const lambdaTrust = policy({
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: 'sts:AssumeRole',
});

export interface RoleSpec {
  name: string;
  trust?: PolicyDocument;
  inline?: Record<string, PolicyDocument>;
  managedArns?: string[];
  boundaryArn?: string;
  tags?: Record<string, string>;
}

export function roleDetail(accountId: string, spec: RoleSpec): RoleDetail {
  return {
    Path: '/',
    RoleName: spec.name,
    RoleId: `AROA${accountId}${spec.name.length.toString().padStart(4, '0')}`.slice(0, 21).toUpperCase(),
    Arn: roleArn(accountId, spec.name),
    CreateDate: CREATED,
    AssumeRolePolicyDocument: encode(spec.trust ?? lambdaTrust),
    InstanceProfileList: [],
    RolePolicyList: Object.entries(spec.inline ?? {}).map(([PolicyName, document]) => ({
      PolicyName,
      PolicyDocument: encode(document),
    })),
    AttachedManagedPolicies: (spec.managedArns ?? []).map((arn) => ({
      PolicyArn: arn,
      PolicyName: arn.split('/').pop(),
    })),
    PermissionsBoundary: spec.boundaryArn
      ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: spec.boundaryArn }
      : undefined,
    Tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    RoleLastUsed: { LastUsedDate: new Date('2026-11-27T22:10:00Z'), Region: 'us-east-1' },
  };
}

export function managedPolicy(arn: string, document: PolicyDocument): ManagedPolicyDetail {
  const name = arn.split('/').pop()!;
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 21),
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    CreateDate: CREATED,
    UpdateDate: CREATED,
    PolicyVersionList: [
      { Document: encode(document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: CREATED },
    ],
  };
}

export const roleArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:role/${name}`;
export const functionArn = (region: string, accountId: string, name: string) =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`;

export interface FunctionSpec {
  name: string;
  role: string;
  runtime?: string;
  envNames?: string[];
  secretLooking?: string[];
  vpc?: boolean;
}

export function lambdaFunction(region: string, accountId: string, spec: FunctionSpec): SnapshotFunction {
  return {
    FunctionName: spec.name,
    FunctionArn: functionArn(region, accountId, spec.name),
    Runtime: (spec.runtime ?? 'nodejs20.x') as SnapshotFunction['Runtime'],
    Role: roleArn(accountId, spec.role),
    Handler: 'index.handler',
    CodeSize: 48213,
    Description: '',
    Timeout: 15,
    MemorySize: 256,
    LastModified: '2026-10-14T08:12:45.000+0000',
    Version: '$LATEST',
    PackageType: 'Zip',
    Architectures: ['arm64'],
    Environment: spec.envNames
      ? { VariableNames: spec.envNames, SecretLookingNames: spec.secretLooking ?? [] }
      : undefined,
    VpcConfig: spec.vpc
      ? { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0fn000001'], VpcId: 'vpc-0demo0001' }
      : undefined,
  };
}

/** A resource-policy statement in the shape GetPolicy returns after AddPermission. */
export function permission(
  resource: string,
  sid: string,
  action: string,
  principal: unknown,
  condition?: Record<string, Record<string, string>>,
) {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    Resource: resource,
    ...(condition ? { Condition: condition } : {}),
  };
}

export const resourcePolicy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });

/** The two statements the console adds for a public URL since October 2025. */
export function publicUrlGrants(resource: string) {
  return [
    permission(resource, 'FunctionURLAllowPublicAccess', 'lambda:InvokeFunctionUrl', '*', {
      StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' },
    }),
    permission(resource, 'FunctionURLInvokeAllowPublicAccess', 'lambda:InvokeFunction', '*', {
      Bool: { 'lambda:InvokedViaFunctionUrl': 'true' },
    }),
  ];
}

export function httpRoute(routeId: string, routeKey: string, integrationId: string, auth = {}): Route {
  return {
    ApiKeyRequired: false,
    AuthorizationType: 'NONE',
    RouteId: routeId,
    RouteKey: routeKey,
    Target: `integrations/${integrationId}`,
    ApiGatewayManaged: false,
    ...auth,
  } as Route;
}

export function lambdaIntegration(integrationId: string, functionArnOrUri: string): Integration {
  return {
    IntegrationId: integrationId,
    IntegrationType: 'AWS_PROXY',
    IntegrationMethod: 'POST',
    IntegrationUri: functionArnOrUri,
    PayloadFormatVersion: '2.0',
    TimeoutInMillis: 30000,
    ConnectionType: 'INTERNET',
  };
}
