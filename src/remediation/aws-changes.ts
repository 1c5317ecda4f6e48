/**
 * The SDK calls behind each change kind of ./change.ts: `check` reads AWS and says how it differs from
 * what the graph holds (the plan was made on that state; if AWS moved on, the plan is stale), `apply`
 * performs the change, `undo` restores the state the change replaced. Every call is one of
 * docs/iam/remediation-policy.json.
 */
import { GetRouteCommand, UpdateRouteCommand } from '@aws-sdk/client-apigatewayv2';
import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  PutFunctionConcurrencyCommand,
  RemovePermissionCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import type { ClientFactory } from '../aws/clients.js';
import { type Change, DENY_ALL_DOCUMENT } from './change.js';
import { permissionFields, sameStatement } from './permission.js';

type Of<T extends Change['type']> = Extract<Change, { type: T }>;

interface ChangeCalls<C extends Change> {
  /** Undefined when AWS holds what the graph says; otherwise what differs. */
  readonly check: (change: C, aws: AwsSide) => Promise<string | undefined>;
  readonly apply: (change: C, aws: AwsSide) => Promise<void>;
  readonly undo: (change: C, aws: AwsSide) => Promise<void>;
}

export interface AwsSide {
  readonly clients: ClientFactory;
  readonly region: string;
}

const notFound = (error: unknown) =>
  error instanceof Error &&
  /NotFound|NoSuchEntity/.test(`${error.name} ${(error as { Code?: string }).Code ?? ''}`);

async function orUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

const qualifier = (value: string | null) => (value === null ? {} : { Qualifier: value });

async function statementNow(change: Of<'remove_permission'>, { clients, region }: AwsSide) {
  const answer = await orUndefined(() =>
    clients('lambda', region).send(
      new GetPolicyCommand({ FunctionName: change.functionName, ...qualifier(change.qualifier) }),
    ),
  );
  const statements = (JSON.parse(answer?.Policy ?? '{"Statement":[]}') as { Statement?: unknown[] })
    .Statement;
  return (statements ?? []).find((statement) => (statement as { Sid?: string }).Sid === change.statementId);
}

async function inlineDocumentNow(roleName: string, policyName: string, { clients, region }: AwsSide) {
  const answer = await orUndefined(() =>
    clients('iam', region).send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
  );
  return answer?.PolicyDocument === undefined
    ? undefined
    : JSON.parse(decodeURIComponent(answer.PolicyDocument));
}

const CALLS: { readonly [T in Change['type']]: ChangeCalls<Of<T>> | undefined } = {
  remove_permission: {
    check: async (change, aws) => {
      const now = await statementNow(change, aws);
      if (now === undefined)
        return `statement ${change.statementId} is no longer in the resource policy of ${change.functionName}`;
      return sameStatement(now, change.statement)
        ? undefined
        : `statement ${change.statementId} of ${change.functionName} changed since the scan`;
    },
    apply: async (change, { clients, region }) => {
      await clients('lambda', region).send(
        new RemovePermissionCommand({
          FunctionName: change.functionName,
          StatementId: change.statementId,
          ...qualifier(change.qualifier),
        }),
      );
    },
    undo: async (change, { clients, region }) => {
      const fields = permissionFields(change.statement);
      if (typeof fields === 'string') throw new Error(`statement ${change.statementId}: ${fields}`);
      await clients('lambda', region).send(
        new AddPermissionCommand({
          FunctionName: change.functionName,
          StatementId: change.statementId,
          ...qualifier(change.qualifier),
          ...fields,
        }),
      );
    },
  },
  set_url_auth_type: {
    check: async (change, { clients, region }) => {
      const config = await orUndefined(() =>
        clients('lambda', region).send(
          new GetFunctionUrlConfigCommand({
            FunctionName: change.functionName,
            ...qualifier(change.qualifier),
          }),
        ),
      );
      if (!config) return `${change.functionName} has no function URL any more`;
      return config.AuthType === change.from
        ? undefined
        : `the URL of ${change.functionName} has AuthType ${config.AuthType}, the graph says ${change.from}`;
    },
    apply: (change, aws) => setUrlAuthType(change, change.to, aws),
    undo: (change, aws) => setUrlAuthType(change, change.from, aws),
  },
  set_route_authorization: {
    check: async (change, { clients, region }) => {
      const route = await orUndefined(() =>
        clients('apigatewayv2', region).send(
          new GetRouteCommand({ ApiId: change.apiId, RouteId: change.routeId }),
        ),
      );
      if (!route) return `route ${change.routeKey} of API ${change.apiId} no longer exists`;
      const now = route.AuthorizationType ?? 'NONE';
      return now === change.from
        ? undefined
        : `route ${change.routeKey} has AuthorizationType ${now}, the graph says ${change.from}`;
    },
    apply: (change, aws) => setRouteAuthorization(change, change.to, aws),
    undo: (change, aws) => setRouteAuthorization(change, change.from, aws),
  },
  set_method_authorization: undefined,
  add_rule_authentication: undefined,
  detach_role_policy: {
    check: async (change, { clients, region }) => {
      const attached = await clients('iam', region).send(
        new ListAttachedRolePoliciesCommand({ RoleName: change.roleName, MaxItems: 1000 }),
      );
      return (attached.AttachedPolicies ?? []).some((policy) => policy.PolicyArn === change.policyArn)
        ? undefined
        : `${change.policyArn} is no longer attached to role ${change.roleName}`;
    },
    apply: async (change, { clients, region }) => {
      await clients('iam', region).send(
        new DetachRolePolicyCommand({ RoleName: change.roleName, PolicyArn: change.policyArn }),
      );
    },
    undo: async (change, { clients, region }) => {
      await clients('iam', region).send(
        new AttachRolePolicyCommand({ RoleName: change.roleName, PolicyArn: change.policyArn }),
      );
    },
  },
  remove_inline_statements: {
    check: async (change, aws) => {
      const now = await inlineDocumentNow(change.roleName, change.policyName, aws);
      if (now === undefined)
        return `inline policy ${change.policyName} of role ${change.roleName} no longer exists`;
      return sameStatement(now, JSON.parse(change.before))
        ? undefined
        : `inline policy ${change.policyName} of role ${change.roleName} changed since the scan`;
    },
    apply: (change, aws) => putOrDelete(change.roleName, change.policyName, change.after, aws),
    undo: (change, aws) => putOrDelete(change.roleName, change.policyName, change.before, aws),
  },
  set_reserved_concurrency: {
    check: async (change, { clients, region }) => {
      const answer = await clients('lambda', region).send(
        new GetFunctionConcurrencyCommand({ FunctionName: change.functionName }),
      );
      const now = answer.ReservedConcurrentExecutions ?? null;
      return now === change.from
        ? undefined
        : `reserved concurrency of ${change.functionName} is ${now ?? 'unreserved'}, the graph says ${change.from ?? 'unreserved'}`;
    },
    apply: (change, aws) => setConcurrency(change.functionName, change.to, aws),
    undo: (change, aws) => setConcurrency(change.functionName, change.from, aws),
  },
  put_deny_all_policy: {
    check: async (change, aws) =>
      (await inlineDocumentNow(change.roleName, change.policyName, aws)) === undefined
        ? undefined
        : `role ${change.roleName} already has an inline policy named ${change.policyName}`,
    apply: (change, aws) => putOrDelete(change.roleName, change.policyName, DENY_ALL_DOCUMENT, aws),
    undo: (change, aws) => putOrDelete(change.roleName, change.policyName, null, aws),
  },
};

async function setUrlAuthType(
  change: Of<'set_url_auth_type'>,
  authType: string,
  { clients, region }: AwsSide,
) {
  await clients('lambda', region).send(
    new UpdateFunctionUrlConfigCommand({
      FunctionName: change.functionName,
      ...qualifier(change.qualifier),
      AuthType: authType as 'NONE' | 'AWS_IAM',
    }),
  );
}

async function setRouteAuthorization(
  change: Of<'set_route_authorization'>,
  authorizationType: string,
  { clients, region }: AwsSide,
) {
  await clients('apigatewayv2', region).send(
    new UpdateRouteCommand({
      ApiId: change.apiId,
      RouteId: change.routeId,
      AuthorizationType: authorizationType as 'NONE' | 'AWS_IAM',
    }),
  );
}

async function putOrDelete(
  roleName: string,
  policyName: string,
  document: string | null,
  { clients, region }: AwsSide,
) {
  const iam = clients('iam', region);
  if (document === null)
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
  else
    await iam.send(
      new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }),
    );
}

async function setConcurrency(functionName: string, reserved: number | null, { clients, region }: AwsSide) {
  const lambda = clients('lambda', region);
  if (reserved === null)
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: functionName }));
  else
    await lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: functionName,
        ReservedConcurrentExecutions: reserved,
      }),
    );
}

function callsOf<C extends Change>(change: C): ChangeCalls<C> {
  const calls = CALLS[change.type] as unknown as ChangeCalls<C> | undefined;
  if (!calls) throw new Error(`${change.type} is not performed by toxgraph`);
  return calls;
}

export const checkChange = (change: Change, aws: AwsSide) => callsOf(change).check(change, aws);
export const applyChange = (change: Change, aws: AwsSide) => callsOf(change).apply(change, aws);
export const undoChange = (change: Change, aws: AwsSide) => callsOf(change).undo(change, aws);
