/**
 * The loader's node properties (docs/architecture.md §2, src/graph/schema.ts) turned back into the AWS
 * API shapes the classifiers read. Pure: the queries that fetch these records live in ../exposure.ts.
 */
import type {
  Method,
  Resource,
  RestApi,
  Authorizer as RestAuthorizer,
  Stage as RestStage,
} from '@aws-sdk/client-api-gateway';
import type { Api, Authorizer, Integration, Route, Stage } from '@aws-sdk/client-apigatewayv2';
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import type { Listener, LoadBalancer, Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { PrefixListFacts } from './network.js';

/** A node's properties as the driver returns them (integers as numbers, lists as arrays). */
export type Props = Readonly<Record<string, unknown>>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const strs = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map(String) : undefined);

/** A `*Json` property: null or absent stays undefined. */
export function fromJson<T>(value: unknown): T | undefined {
  return typeof value === 'string' && value !== '' ? (JSON.parse(value) as T) : undefined;
}

export function v2Api(p: Props): Api {
  return {
    ApiId: str(p.apiId),
    Name: str(p.name),
    ProtocolType: str(p.protocolType) as Api['ProtocolType'],
    ApiEndpoint: str(p.apiEndpoint),
    DisableExecuteApiEndpoint: bool(p.disableExecuteApiEndpoint),
    RouteSelectionExpression: str(p.routeSelectionExpression) ?? '',
  };
}

export function v2Route(p: Props): Route {
  return {
    RouteId: str(p.routeId),
    RouteKey: str(p.routeKey),
    AuthorizationType: (str(p.authorizationType) ?? 'NONE') as Route['AuthorizationType'],
    AuthorizerId: str(p.authorizerId),
    AuthorizationScopes: strs(p.authorizationScopes),
    ApiKeyRequired: bool(p.apiKeyRequired),
    Target: str(p.target),
  };
}

export function v2Integration(p: Props): Integration {
  return {
    IntegrationId: str(p.integrationId),
    IntegrationType: str(p.integrationType) as Integration['IntegrationType'],
    IntegrationUri: str(p.integrationUri),
    CredentialsArn: str(p.credentialsArn),
  };
}

export function v2Authorizer(p: Props): Authorizer {
  return {
    AuthorizerId: str(p.authorizerId),
    Name: str(p.name),
    AuthorizerType: str(p.authorizerType) as Authorizer['AuthorizerType'],
    AuthorizerUri: str(p.authorizerUri),
    AuthorizerCredentialsArn: str(p.authorizerCredentialsArn),
    JwtConfiguration: { Issuer: str(p.jwtIssuer), Audience: strs(p.jwtAudience) },
  };
}

export function v2Stage(p: Props): Stage {
  return {
    StageName: str(p.stageName),
    AutoDeploy: bool(p.autoDeploy),
    DeploymentId: str(p.deploymentId),
    StageVariables: fromJson(p.stageVariablesJson),
  };
}

export function restApi(p: Props): RestApi {
  return {
    id: str(p.restApiId),
    name: str(p.name),
    endpointConfiguration: {
      types: strs(p.endpointTypes) as ('EDGE' | 'REGIONAL' | 'PRIVATE')[] | undefined,
    },
    policy: str(p.policyJson),
    disableExecuteApiEndpoint: bool(p.disableExecuteApiEndpoint),
  };
}

export interface RestMethodRecord {
  readonly resource: Props;
  readonly method: Props;
}

/** Resources with their methods, as GetResources(embed=methods) returns them. */
export function restResources(records: readonly RestMethodRecord[]): Resource[] {
  const byId = new Map<string, Resource>();
  for (const { resource, method } of records) {
    const id = str(resource.resourceId) ?? '';
    const entry = byId.get(id) ?? { id, path: str(resource.path), resourceMethods: {} };
    const verb = str(method.httpMethod) ?? '';
    entry.resourceMethods![verb] = restMethod(method);
    byId.set(id, entry);
  }
  return [...byId.values()];
}

function restMethod(p: Props): Method {
  return {
    httpMethod: str(p.httpMethod),
    authorizationType: str(p.authorizationType),
    authorizerId: str(p.authorizerId),
    apiKeyRequired: bool(p.apiKeyRequired),
    authorizationScopes: strs(p.authorizationScopes),
    methodIntegration: {
      type: str(p.integrationType) as never,
      uri: str(p.integrationUri),
      credentials: str(p.integrationCredentials),
    },
  };
}

export function restAuthorizer(p: Props): RestAuthorizer {
  return {
    id: str(p.authorizerId),
    name: str(p.name),
    type: str(p.type) as RestAuthorizer['type'],
    authorizerUri: str(p.authorizerUri),
    providerARNs: strs(p.providerARNs),
    authorizerCredentials: str(p.authorizerCredentials),
  };
}

export function restStage(p: Props): RestStage {
  return {
    stageName: str(p.stageName),
    deploymentId: str(p.deploymentId),
    variables: fromJson(p.variablesJson),
  };
}

export function loadBalancer(p: Props): LoadBalancer {
  return {
    LoadBalancerArn: str(p.id),
    LoadBalancerName: str(p.name),
    Scheme: str(p.scheme) as LoadBalancer['Scheme'],
    Type: str(p.type) as LoadBalancer['Type'],
    SecurityGroups: strs(p.securityGroupIds),
  };
}

export function listener(p: Props): Listener {
  return {
    ListenerArn: str(p.id),
    Port: typeof p.port === 'number' ? p.port : undefined,
    Protocol: str(p.protocol) as Listener['Protocol'],
    DefaultActions: fromJson(p.defaultActionsJson),
  };
}

/** The loader stores the default rule's priority as null so that it sorts last. */
export function rule(p: Props): Rule {
  return {
    RuleArn: str(p.id),
    Priority: p.priority === null || p.priority === undefined ? 'default' : String(p.priority),
    IsDefault: bool(p.isDefault),
    Conditions: fromJson(p.conditionsJson) ?? [],
    Actions: fromJson(p.actionsJson) ?? [],
  };
}

export function prefixList(p: Props): PrefixListFacts {
  return {
    prefixListId: str(p.prefixListId) ?? '',
    name: str(p.name),
    cidrs: p.entriesCollected === true && Array.isArray(p.cidrs) ? p.cidrs.map(String) : undefined,
  };
}

export function securityGroup(p: Props): SecurityGroup {
  return { GroupId: str(p.groupId), IpPermissions: fromJson(p.ingressJson) ?? [] };
}
