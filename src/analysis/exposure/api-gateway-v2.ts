/**
 * Exposure of API Gateway v2 routes: HTTP APIs (each route its own authorization, `$default` included)
 * and WebSocket APIs (the `$connect` route's authorization covers every route), plus the Lambda
 * authorizers they run before authentication (docs/exposure.md "API Gateway HTTP and WebSocket APIs").
 */
import type { Api, Authorizer, Integration, Route, Stage } from '@aws-sdk/client-apigatewayv2';
import {
  type Authentication,
  apiEntryExposure,
  authorizerFunctionExposure,
  behindMutualTls,
  integrationReach,
  methodArnTails,
  mutualTlsOnlyDomains,
  type StageMapping,
  stageAddresses,
} from './api-gateway.js';
import {
  type Confidence,
  type EntryExposure,
  type Evidence,
  lowerConfidence,
  notExposed,
} from './exposure-class.js';
import type { FunctionPolicies } from './invoke-permission.js';

export interface ApiGatewayV2Facts {
  readonly accountId: string;
  readonly region: string;
  readonly api: Api;
  readonly routes: readonly Route[];
  readonly integrations: readonly Integration[];
  readonly authorizers: readonly Authorizer[];
  readonly stages: readonly Stage[];
  readonly mappings: readonly StageMapping[];
}

export interface ApiGatewayV2Exposure {
  /** Keyed by RouteId. */
  readonly routes: ReadonlyMap<string, EntryExposure>;
  /** Keyed by AuthorizerId: Lambda (REQUEST) authorizers that internet callers trigger. */
  readonly authorizers: ReadonlyMap<string, EntryExposure>;
}

const CONNECT = '$connect';

interface LiveStage {
  readonly stage: Stage;
  readonly addresses: readonly string[];
  readonly confidence: Confidence;
}

export function apiGatewayV2Exposure(
  facts: ApiGatewayV2Facts,
  policies: FunctionPolicies,
): ApiGatewayV2Exposure {
  const { api } = facts;
  const apiSource = `GetApis ${api.ApiId}`;
  const addresses = stageAddresses(
    api.ApiEndpoint ?? `https://${api.ApiId}.execute-api.${facts.region}.amazonaws.com`,
    api.DisableExecuteApiEndpoint === true,
    facts.stages.map((stage) => stage.StageName ?? ''),
    facts.mappings,
  );
  const live = facts.stages.flatMap((stage): LiveStage[] => {
    const via = addresses.get(stage.StageName ?? '') ?? [];
    if (via.length === 0 || (!stage.AutoDeploy && !stage.DeploymentId)) return [];
    // Without auto-deploy the stage serves its last deployment, which may predate the current routes.
    return [{ stage, addresses: via, confidence: stage.AutoDeploy ? 'high' : 'medium' }];
  });
  const unreachable = (): EntryExposure =>
    api.DisableExecuteApiEndpoint && facts.mappings.length === 0
      ? notExposed('execute_api_endpoint_disabled', 'not evaluated', [
          {
            text: 'the default execute-api endpoint is disabled and no custom domain maps the API',
            source: apiSource,
          },
        ])
      : notExposed('no_deployed_stage', 'not evaluated', [
          { text: 'no deployed stage is served by a reachable address', source: `GetStages ${api.ApiId}` },
        ]);

  const clientCertificateDomains = mutualTlsOnlyDomains(
    api.DisableExecuteApiEndpoint === true,
    live.map((l) => l.stage.StageName ?? ''),
    facts.mappings,
  );
  const websocket = api.ProtocolType === 'WEBSOCKET';
  const connect = facts.routes.find((route) => route.RouteKey === CONNECT);
  const routes = new Map<string, EntryExposure>();
  for (const route of facts.routes) {
    if (live.length === 0) {
      routes.set(route.RouteId ?? '', unreachable());
      continue;
    }
    const authentication = behindMutualTls(
      websocket ? websocketAuthentication(connect, facts) : routeAuthentication(route, facts),
      clientCertificateDomains,
    );
    routes.set(route.RouteId ?? '', routeExposure(route, authentication, live, facts, policies));
  }
  return { routes, authorizers: authorizerExposures(facts, live, policies) };
}

function routeExposure(
  route: Route,
  authentication: Authentication,
  live: readonly LiveStage[],
  facts: ApiGatewayV2Facts,
  policies: FunctionPolicies,
): EntryExposure {
  const integrationId = route.Target?.replace(/^integrations\//, '');
  const integration = facts.integrations.find((candidate) => candidate.IntegrationId === integrationId);
  const servedOn: Evidence = {
    text: `served on stages ${live.map((l) => `${l.stage.StageName} (${l.addresses.join(', ')})`).join('; ')}`,
    source: `GetStages ${facts.api.ApiId}`,
  };
  const stageCalls = live.map(({ stage }) => ({
    stageName: stage.StageName ?? '',
    variables: stage.StageVariables,
    sourceArnTails: routeArnTails(route, stage, facts),
  }));
  const reach = integrationReach(
    {
      ...callOf(facts),
      uri: integration?.IntegrationUri,
      credentialsArn: integration?.CredentialsArn,
      source: `GetIntegrations ${facts.api.ApiId} ${integrationId}`,
    },
    stageCalls,
    policies,
  );
  return apiEntryExposure(authentication, servedOn, reach, worstConfidence(live));
}

function callOf(facts: ApiGatewayV2Facts) {
  return { accountId: facts.accountId, region: facts.region, apiId: facts.api.ApiId ?? '' };
}

/** The parts of the execute-api ARN after the API id that API Gateway may present when invoking the route. */
function routeArnTails(route: Route, stage: Stage, facts: ApiGatewayV2Facts): string[] {
  const stageName = stage.StageName ?? '';
  const key = route.RouteKey ?? '';
  if (facts.api.ProtocolType === 'WEBSOCKET' || key === '$default') return [`${stageName}/${key}`];
  const [method = '', path = ''] = key.split(' ');
  return methodArnTails(stageName, method, path);
}

function worstConfidence(live: readonly LiveStage[]): Confidence {
  return live.reduce<Confidence>((worst, l) => lowerConfidence(worst, l.confidence), 'high');
}

function routeAuthentication(route: Route, facts: ApiGatewayV2Facts): Authentication {
  const source = `GetRoutes ${facts.api.ApiId} route ${route.RouteId} (${route.RouteKey})`;
  const type = route.AuthorizationType ?? 'NONE';
  const authorizer = facts.authorizers.find((candidate) => candidate.AuthorizerId === route.AuthorizerId);
  switch (type) {
    case 'JWT': {
      const scopes = route.AuthorizationScopes ?? [];
      const jwt = authorizer?.JwtConfiguration;
      const description = `JWT authorizer ${authorizer?.Name ?? route.AuthorizerId} (issuer ${jwt?.Issuer}, audience ${(jwt?.Audience ?? []).join(', ')}${scopes.length ? `, scopes ${scopes.join(' ')}` : ''})`;
      return {
        exposure: 'public_authenticated',
        description,
        // AWS: without scopes any JWT of the issuer passes, ID tokens included.
        confidence: scopes.length ? 'high' : 'medium',
        evidence: {
          text: `route ${route.RouteKey} requires a ${description}${scopes.length ? '' : ' and no authorization scopes'}`,
          source,
        },
      };
    }
    case 'AWS_IAM':
      return {
        exposure: 'public_authenticated',
        description: 'AWS_IAM (SigV4; identity policies of the API account decide)',
        confidence: 'high',
        evidence: { text: `route ${route.RouteKey} requires SigV4-signed requests`, source },
      };
    case 'CUSTOM':
      return customAuthentication(route, authorizer, source);
    default:
      return {
        exposure: 'public_unauthenticated',
        description: 'none',
        confidence: 'high',
        evidence: { text: `route ${route.RouteKey} has AuthorizationType NONE`, source },
      };
  }
}

function customAuthentication(
  route: Route,
  authorizer: Authorizer | undefined,
  source: string,
): Authentication {
  return {
    exposure: 'public_authenticated',
    description: `Lambda authorizer ${authorizer?.Name ?? route.AuthorizerId} (its decision logic is not visible)`,
    confidence: 'medium',
    evidence: {
      text: `route ${route.RouteKey} is guarded by Lambda authorizer ${authorizer?.Name ?? route.AuthorizerId}`,
      source,
    },
  };
}

/** WebSocket: authorization exists only on $connect and applies to the whole API. */
function websocketAuthentication(connect: Route | undefined, facts: ApiGatewayV2Facts): Authentication {
  if (connect === undefined) {
    return {
      exposure: 'public_unauthenticated',
      description: 'none (no $connect route)',
      confidence: 'high',
      evidence: {
        text: 'the WebSocket API has no $connect route, so connections are not authorized',
        source: `GetRoutes ${facts.api.ApiId}`,
      },
    };
  }
  const own = routeAuthentication(connect, facts);
  const text = `every route of the WebSocket API inherits $connect: ${own.evidence.text}`;
  if (own.exposure === 'public_unauthenticated' && connect.ApiKeyRequired) {
    return {
      exposure: 'public_weak_auth',
      description: 'API key only',
      confidence: 'high',
      evidence: {
        text: `${text}; an API key is required, which is not authentication`,
        source: own.evidence.source,
      },
    };
  }
  return { ...own, evidence: { ...own.evidence, text } };
}

/** REQUEST authorizers guarding at least one route (WebSocket: only $connect carries one). */
function authorizerExposures(
  facts: ApiGatewayV2Facts,
  live: readonly LiveStage[],
  policies: FunctionPolicies,
): Map<string, EntryExposure> {
  const exposures = new Map<string, EntryExposure>();
  for (const authorizer of facts.authorizers) {
    if (authorizer.AuthorizerType !== 'REQUEST' || live.length === 0) continue;
    const guarded = facts.routes.filter(
      (route) =>
        route.AuthorizationType === 'CUSTOM' &&
        route.AuthorizerId === authorizer.AuthorizerId &&
        (facts.api.ProtocolType !== 'WEBSOCKET' || route.RouteKey === CONNECT),
    );
    if (guarded.length === 0) continue;
    const call = {
      ...callOf(facts),
      uri: authorizer.AuthorizerUri,
      credentialsArn: authorizer.AuthorizerCredentialsArn,
      source: `GetAuthorizers ${facts.api.ApiId} authorizer ${authorizer.AuthorizerId}`,
      authorizerId: authorizer.AuthorizerId ?? '',
      name: authorizer.Name,
    };
    const stages = live.map(({ stage }) => ({
      stageName: stage.StageName ?? '',
      variables: stage.StageVariables,
      sourceArnTails: [],
    }));
    exposures.set(
      call.authorizerId,
      authorizerFunctionExposure(
        call,
        guarded.map((route) => route.RouteKey ?? ''),
        stages,
        policies,
        worstConfidence(live),
      ),
    );
  }
  return exposures;
}
