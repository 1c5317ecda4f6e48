/**
 * Exposure of API Gateway REST API methods: endpoint type (PRIVATE is not internet-facing), the API's
 * resource policy, the method's authorization (an API key alone is weak), and the Lambda authorizers
 * that run before authentication (docs/exposure.md "API Gateway REST APIs").
 */
import type {
  Method,
  Resource,
  RestApi,
  Authorizer as RestAuthorizer,
  Stage as RestStage,
} from '@aws-sdk/client-api-gateway';
import { dnsSuffixOfRegion } from '../../iam/partition.js';
import type { Policy } from '../../iam/policy.js';
import {
  type Authentication,
  apiEntryExposure,
  authorizerFunctionExposure,
  behindMutualTls,
  executeApiArn,
  integrationReach,
  methodArnTails,
  mutualTlsOnlyDomains,
  type StageCall,
  type StageMapping,
  stageAddresses,
} from './api-gateway.js';
import {
  type EntryExposure,
  type Evidence,
  lowerConfidence,
  moreExposed,
  notExposed,
} from './exposure-class.js';
import type { FunctionPolicies } from './invoke-permission.js';
import { withinReach } from './network.js';
import { iamCallersOutside, resourcePolicyReach, restResourcePolicy } from './rest-api-policy.js';

export interface RestApiFacts {
  readonly accountId: string;
  readonly region: string;
  readonly api: RestApi;
  /** GetResources with embed=methods: each resource's resourceMethods carry methodIntegration. */
  readonly resources: readonly Resource[];
  readonly authorizers: readonly RestAuthorizer[];
  readonly stages: readonly RestStage[];
  readonly mappings: readonly StageMapping[];
}

export interface RestApiExposure {
  /** Keyed by `<resource id> <HTTP method>`. */
  readonly methods: ReadonlyMap<string, EntryExposure>;
  /** Keyed by authorizer id: TOKEN/REQUEST authorizers internet callers trigger. */
  readonly authorizers: ReadonlyMap<string, EntryExposure>;
}

export function restMethodKey(resourceId: string, httpMethod: string): string {
  return `${resourceId} ${httpMethod}`;
}

export function restApiExposure(facts: RestApiFacts, policies: FunctionPolicies): RestApiExposure {
  const { api } = facts;
  const methods = new Map<string, EntryExposure>();
  const blocked = apiLevelBlock(facts);
  const addresses = stageAddresses(
    `https://${api.id}.execute-api.${facts.region}.${dnsSuffixOfRegion(facts.region)}`,
    api.disableExecuteApiEndpoint === true,
    facts.stages.map((stage) => stage.stageName ?? ''),
    facts.mappings,
  );
  const live = facts.stages.filter((stage) => (addresses.get(stage.stageName ?? '') ?? []).length > 0);
  const resourcePolicy = restResourcePolicy(api, facts.region);
  const guardedBy = new Map<string, string[]>();
  for (const resource of facts.resources) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      const key = restMethodKey(resource.id ?? '', verb);
      const label = `${verb} ${resource.path}`;
      if (method.authorizationType === 'CUSTOM' && method.authorizerId) {
        guardedBy.set(method.authorizerId, [...(guardedBy.get(method.authorizerId) ?? []), label]);
      }
      if (blocked) {
        methods.set(key, blocked);
        continue;
      }
      if (live.length === 0) {
        methods.set(
          key,
          notExposed('no_deployed_stage', 'not evaluated', [
            { text: 'no stage is served by a reachable address', source: `GetStages ${api.id}` },
          ]),
        );
        continue;
      }
      methods.set(
        key,
        methodExposure(facts, resource, verb, method, live, addresses, resourcePolicy, policies),
      );
    }
  }
  return {
    methods,
    authorizers: blocked ? new Map() : authorizerExposures(facts, live, guardedBy, policies),
  };
}

/** PRIVATE endpoints and a disabled default endpoint without custom domains close the whole API. */
function apiLevelBlock(facts: RestApiFacts): EntryExposure | undefined {
  const { api } = facts;
  const types = api.endpointConfiguration?.types ?? ['EDGE'];
  const source = `GetRestApis ${api.id}`;
  if (types.every((type) => type === 'PRIVATE')) {
    return notExposed('private_endpoint', 'not evaluated', [
      {
        text: 'the REST API has a PRIVATE endpoint: only reachable through an interface VPC endpoint',
        source,
      },
    ]);
  }
  if (api.disableExecuteApiEndpoint && facts.mappings.length === 0) {
    return notExposed('execute_api_endpoint_disabled', 'not evaluated', [
      { text: 'the default execute-api endpoint is disabled and no custom domain maps the API', source },
    ]);
  }
  return undefined;
}

function methodExposure(
  facts: RestApiFacts,
  resource: Resource,
  verb: string,
  method: Method,
  live: readonly RestStage[],
  addresses: Map<string, string[]>,
  resourcePolicy: Policy | undefined,
  policies: FunctionPolicies,
): EntryExposure {
  const path = resource.path ?? '/';
  const own = methodAuthentication(facts, verb, path, method);
  const mutualTls = mutualTlsOnlyDomains(
    facts.api.disableExecuteApiEndpoint === true,
    live.map((stage) => stage.stageName ?? ''),
    facts.mappings,
  );
  const perStage = live.map((stage) =>
    stageExposure(
      { facts, verb, path, method, own, mutualTls, resourcePolicy, policies },
      stage,
      addresses.get(stage.stageName ?? '') ?? [],
    ),
  );
  return widestOfStages(perStage);
}

/** What every stage of one method shares. */
interface MethodContext {
  readonly facts: RestApiFacts;
  readonly verb: string;
  readonly path: string;
  readonly method: Method;
  readonly own: Authentication;
  readonly mutualTls: readonly string[] | undefined;
  readonly resourcePolicy: Policy | undefined;
  readonly policies: FunctionPolicies;
}

/**
 * The method as served on one stage: the stage's invoke permission, its variables and the resource
 * policy for its own execute-api ARNs (a Deny on another stage does not close this one).
 */
function stageExposure(context: MethodContext, stage: RestStage, stageAddresses: string[]): EntryExposure {
  const { facts, verb, path, method, resourcePolicy } = context;
  const apiId = facts.api.id ?? '';
  const stageName = stage.stageName ?? '';
  const stageCall: StageCall = {
    stageName,
    variables: stage.variables,
    sourceArnTails: methodArnTails(stageName, verb, path),
  };
  const methodArns = stageCall.sourceArnTails.map((tail) =>
    executeApiArn(facts.region, facts.accountId, apiId, tail),
  );
  const authentication = behindMutualTls(
    method.authorizationType === 'AWS_IAM'
      ? iamCallersOutside(context.own, resourcePolicy, methodArns, facts)
      : context.own,
    context.mutualTls,
  );
  const integration = method.methodIntegration;
  const reach = integrationReach(
    {
      accountId: facts.accountId,
      region: facts.region,
      apiId,
      uri: integration?.uri,
      credentialsArn: integration?.credentials,
      source: `GetResources ${apiId} ${verb} ${path} methodIntegration`,
    },
    [stageCall],
    context.policies,
  );
  const servedOn: Evidence = {
    text: `served on stage ${stageName} (${stageAddresses.join(', ')})`,
    source: `GetStages ${apiId}`,
  };
  // Live configuration is the stage's deployment; the resource tree read is the draft that was deployed last.
  const exposure = apiEntryExposure(authentication, servedOn, reach, 'medium');
  if (resourcePolicy === undefined || exposure.exposure === 'not_exposed') return exposure;
  return withinReach(
    exposure,
    resourcePolicyReach(resourcePolicy, methodArns, facts, method.authorizationType === 'NONE'),
  );
}

/**
 * The method is as exposed as its most exposed stage; stages equally exposed add what they reach. When
 * no stage is open, the evidence of every stage says why.
 */
function widestOfStages(perStage: readonly EntryExposure[]): EntryExposure {
  const widest = perStage.reduce((best, stage) =>
    moreExposed(stage.exposure, best.exposure) ? stage : best,
  );
  const peers = perStage.filter((stage) => stage.exposure === widest.exposure);
  const shown = widest.exposure === 'not_exposed' ? perStage : peers;
  const outside = peers.flatMap((stage) => stage.outsidePrincipals ?? []);
  return {
    ...widest,
    reaches: [...new Set(peers.flatMap((stage) => stage.reaches))],
    evidence: shown.flatMap((stage) => stage.evidence),
    confidence: peers.map((stage) => stage.confidence).reduce(lowerConfidence),
    ...(outside.length > 0 ? { outsidePrincipals: [...new Set(outside)].sort() } : {}),
  };
}

function methodAuthentication(
  facts: RestApiFacts,
  verb: string,
  path: string,
  method: Method,
): Authentication {
  const source = `GetResources ${facts.api.id} ${verb} ${path}`;
  const authorizer = facts.authorizers.find((candidate) => candidate.id === method.authorizerId);
  switch (method.authorizationType) {
    case 'AWS_IAM':
      return {
        exposure: 'public_authenticated',
        description: 'AWS_IAM (SigV4)',
        confidence: 'high',
        evidence: { text: `${verb} ${path} requires SigV4-signed requests`, source },
      };
    case 'COGNITO_USER_POOLS':
      return {
        exposure: 'public_authenticated',
        description: `Cognito user pool authorizer ${authorizer?.name ?? method.authorizerId} (${(authorizer?.providerARNs ?? []).join(', ')})`,
        confidence: 'high',
        evidence: {
          text: `${verb} ${path} requires a token of Cognito user pool authorizer ${authorizer?.name ?? method.authorizerId}`,
          source,
        },
      };
    case 'CUSTOM':
      return {
        exposure: 'public_authenticated',
        description: `Lambda authorizer ${authorizer?.name ?? method.authorizerId} (${authorizer?.type ?? 'unknown type'}; its decision logic is not visible)`,
        confidence: 'medium',
        evidence: {
          text: `${verb} ${path} is guarded by Lambda authorizer ${authorizer?.name ?? method.authorizerId}`,
          source,
        },
      };
    default:
      if (method.apiKeyRequired) {
        return {
          exposure: 'public_weak_auth',
          description: 'API key only',
          confidence: 'high',
          evidence: {
            text: `${verb} ${path} has authorizationType NONE and only requires an API key, which is not authentication`,
            source,
          },
        };
      }
      return {
        exposure: 'public_unauthenticated',
        description: 'none',
        confidence: 'high',
        evidence: { text: `${verb} ${path} has authorizationType NONE and no API key`, source },
      };
  }
}

function authorizerExposures(
  facts: RestApiFacts,
  live: readonly RestStage[],
  guardedBy: ReadonlyMap<string, string[]>,
  policies: FunctionPolicies,
): Map<string, EntryExposure> {
  const exposures = new Map<string, EntryExposure>();
  if (live.length === 0) return exposures;
  for (const authorizer of facts.authorizers) {
    const guarded = guardedBy.get(authorizer.id ?? '');
    if (authorizer.type === 'COGNITO_USER_POOLS' || guarded === undefined) continue;
    const call = {
      accountId: facts.accountId,
      region: facts.region,
      apiId: facts.api.id ?? '',
      uri: authorizer.authorizerUri,
      credentialsArn: authorizer.authorizerCredentials,
      source: `GetAuthorizers ${facts.api.id} authorizer ${authorizer.id}`,
      authorizerId: authorizer.id ?? '',
      name: authorizer.name,
    };
    const stages = live.map((stage) => ({
      stageName: stage.stageName ?? '',
      variables: stage.variables,
      sourceArnTails: [],
    }));
    exposures.set(call.authorizerId, authorizerFunctionExposure(call, guarded, stages, policies, 'medium'));
  }
  return exposures;
}
