/**
 * What API Gateway HTTP, WebSocket and REST APIs share: which stages the internet can reach (default
 * endpoint, custom domains), the Lambda function an integration URI names once stage variables are
 * resolved, and the execute-api source ARNs that invoke permissions are matched against
 * (docs/exposure.md "API Gateway HTTP and WebSocket APIs", "API Gateway REST APIs").
 */

import { partitionOfRegion } from '../../iam/partition.js';
import {
  type Confidence,
  type EntryExposure,
  type Evidence,
  type ExposureClass,
  lowerConfidence,
  moreExposed,
  notExposed,
} from './exposure-class.js';
import { type FunctionPolicies, invokePermission } from './invoke-permission.js';

const LAMBDA_PATH_URI = /^arn:aws[\w-]*:apigateway:[\w-]+:lambda:path\/[\d-]+\/functions\/(.+)\/invocations$/;
const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(?::[\w$-]+)?$/;
const STAGE_VARIABLE = /\$\{stageVariables\.([\w-]+)\}/g;

export type LambdaTarget =
  | { readonly kind: 'function'; readonly arn: string }
  | { readonly kind: 'unresolved'; readonly variable: string }
  | { readonly kind: 'not_lambda' };

/** The function or alias ARN an integration or authorizer URI invokes in one stage. */
export function lambdaTargetOfUri(
  uri: string | null | undefined,
  stageVariables: Readonly<Record<string, string>> | undefined,
): LambdaTarget {
  if (!uri) return { kind: 'not_lambda' };
  let missing: string | undefined;
  const resolved = uri.replace(STAGE_VARIABLE, (whole, name: string) => {
    const value = stageVariables?.[name];
    if (value === undefined) missing ??= name;
    return value ?? whole;
  });
  const functionArn = LAMBDA_PATH_URI.exec(resolved)?.[1] ?? resolved;
  if (missing !== undefined && (LAMBDA_PATH_URI.test(uri) || uri.includes(':lambda:'))) {
    return { kind: 'unresolved', variable: missing };
  }
  if (!FUNCTION_ARN.test(functionArn)) return { kind: 'not_lambda' };
  // $LATEST is what the unqualified ARN runs.
  return { kind: 'function', arn: functionArn.replace(/:\$LATEST$/, '') };
}

export interface StageMapping {
  readonly domainName: string;
  readonly stage: string;
  /** The custom domain requires a client certificate (DomainName.MutualTlsAuthentication). */
  readonly mutualTls?: boolean;
}

/**
 * For each stage, the addresses that serve it: the default execute-api endpoint unless it is disabled,
 * and every custom domain mapped to it. A stage with no address is unreachable.
 */
export function stageAddresses(
  defaultEndpoint: string,
  defaultEndpointDisabled: boolean,
  stageNames: readonly string[],
  mappings: readonly StageMapping[],
): Map<string, string[]> {
  return new Map(
    stageNames.map((stage) => [
      stage,
      [
        ...(defaultEndpointDisabled ? [] : [`${defaultEndpoint}/${stage === '$default' ? '' : stage}`]),
        ...mappings.filter((m) => m.stage === stage).map((m) => `custom domain ${m.domainName}`),
      ],
    ]),
  );
}

/**
 * The custom domains that are the only way in when each of them requires a client certificate and the
 * default endpoint is disabled: mutual TLS is then real client authentication (docs/exposure.md "API Gateway HTTP and WebSocket APIs").
 */
export function mutualTlsOnlyDomains(
  defaultEndpointDisabled: boolean,
  liveStages: readonly string[],
  mappings: readonly StageMapping[],
): string[] | undefined {
  if (!defaultEndpointDisabled) return undefined;
  const used = mappings.filter((mapping) => liveStages.includes(mapping.stage));
  return used.length > 0 && used.every((mapping) => mapping.mutualTls)
    ? used.map((m) => m.domainName)
    : undefined;
}

/**
 * A custom domain requires a client certificate only when its MutualTlsAuthentication names a truststore:
 * APIs (and emulators) may return an empty object for a domain without mutual TLS.
 */
export function requiresClientCertificate(mutualTlsJson: unknown): boolean {
  if (typeof mutualTlsJson !== 'string') return false;
  try {
    const parsed: unknown = JSON.parse(mutualTlsJson);
    if (typeof parsed !== 'object' || parsed === null) return false;
    const { TruststoreUri, truststoreUri } = parsed as Record<string, unknown>;
    const uri = TruststoreUri ?? truststoreUri;
    return typeof uri === 'string' && uri.trim() !== '';
  } catch {
    return false;
  }
}

/** An entry weaker than authenticated becomes authenticated behind mutual-TLS-only custom domains. */
export function behindMutualTls(
  authentication: Authentication,
  domains: readonly string[] | undefined,
): Authentication {
  if (domains === undefined || !moreExposed(authentication.exposure, 'public_authenticated'))
    return authentication;
  return {
    exposure: 'public_authenticated',
    description: `mutual TLS client certificate (custom domains ${domains.join(', ')}); ${authentication.description}`,
    confidence: authentication.confidence,
    evidence: {
      text: `${authentication.evidence.text}; the API is only served on custom domains that require a client certificate (${domains.join(', ')})`,
      source: authentication.evidence.source,
    },
  };
}

/** The ARN API Gateway presents as aws:SourceArn, in the partition of the API's region. */
export function executeApiArn(region: string, accountId: string, apiId: string, tail: string): string {
  return `arn:${partitionOfRegion(region)}:execute-api:${region}:${accountId}:${apiId}/${tail}`;
}

/** An authentication verdict shared by the API kinds. */
export interface Authentication {
  readonly exposure: Exclude<ExposureClass, 'not_exposed'>;
  readonly description: string;
  readonly confidence: Confidence;
  readonly evidence: Evidence;
  /** `cross_account` only: whom outside the account the resource policy admits (EntryExposure.outsidePrincipals). */
  readonly outsidePrincipals?: readonly string[];
}

/** One stage as the integration sees it: its variables and the execute-api ARN tails of the call. */
export interface StageCall {
  readonly stageName: string;
  readonly variables: Readonly<Record<string, string>> | undefined;
  /** Several when the method is ANY: any one permitted method is enough. */
  readonly sourceArnTails: readonly string[];
}

export interface IntegrationCall {
  readonly accountId: string;
  readonly region: string;
  readonly apiId: string;
  readonly uri: string | null | undefined;
  readonly credentialsArn: string | null | undefined;
  readonly source: string;
}

export interface IntegrationReach {
  /** Functions or aliases invoked on at least one stage. */
  readonly reaches: readonly string[];
  /** Whether the URI names a Lambda function on at least one stage. */
  readonly invokesLambda: boolean;
  readonly confidence: Confidence;
  readonly evidence: readonly Evidence[];
}

const API_GATEWAY = 'apigateway.amazonaws.com';

/**
 * Resolves an integration (or authorizer) URI on every stage and keeps the functions API Gateway is
 * allowed to invoke from that stage.
 */
export function integrationReach(
  call: IntegrationCall,
  stages: readonly StageCall[],
  policies: FunctionPolicies,
): IntegrationReach {
  const evidence: Evidence[] = [];
  const reaches = new Set<string>();
  let confidence: Confidence = 'high';
  let invokesLambda = false;
  for (const stage of stages) {
    const target = lambdaTargetOfUri(call.uri, stage.variables);
    if (target.kind === 'not_lambda') continue;
    if (target.kind === 'unresolved') {
      evidence.push({
        text: `stage ${stage.stageName} does not define stage variable ${target.variable}: the integration fails there`,
        source: call.source,
      });
      continue;
    }
    invokesLambda = true;
    const checks = stage.sourceArnTails.map((tail) =>
      invokePermission(policies, {
        target: target.arn,
        service: API_GATEWAY,
        sourceArn: executeApiArn(call.region, call.accountId, call.apiId, tail),
        sourceAccount: call.accountId,
        credentialsArn: call.credentialsArn,
      }),
    );
    const permission = checks.find((check) => check.granted) ?? checks[0]!;
    evidence.push(permission.evidence);
    if (!permission.granted) continue;
    confidence = lowerConfidence(confidence, permission.confidence);
    reaches.add(target.arn);
  }
  return { reaches: [...reaches], invokesLambda, confidence, evidence };
}

/**
 * A Lambda authorizer runs on every request to the methods it guards, before anything is authenticated:
 * its function is exposed without authentication wherever one of them is served.
 */
export function authorizerFunctionExposure(
  call: IntegrationCall & { readonly authorizerId: string; readonly name: string | undefined },
  guarded: readonly string[],
  stages: readonly StageCall[],
  policies: FunctionPolicies,
  stageConfidence: Confidence,
): EntryExposure {
  const stageCalls = stages.map((stage) => ({
    ...stage,
    sourceArnTails: [`authorizers/${call.authorizerId}`],
  }));
  const reach = integrationReach(call, stageCalls, policies);
  const evidence = [
    {
      text: `Lambda authorizer ${call.name ?? call.authorizerId} runs before authentication on ${guarded.join(', ')}`,
      source: call.source,
    },
    ...reach.evidence,
  ];
  const authentication = 'none (the authorizer runs before any authentication)';
  if (reach.reaches.length === 0) return notExposed('missing_invoke_permission', authentication, evidence);
  return {
    exposure: 'public_unauthenticated',
    authentication,
    reaches: reach.reaches,
    evidence,
    confidence: lowerConfidence(stageConfidence, reach.confidence),
  };
}

/** Route or method exposure from its authentication and what its integration reaches. */
export function apiEntryExposure(
  authentication: Authentication,
  servedOn: Evidence,
  reach: IntegrationReach,
  stageConfidence: Confidence,
): EntryExposure {
  const evidence = [authentication.evidence, servedOn, ...reach.evidence];
  if (reach.invokesLambda && reach.reaches.length === 0) {
    return notExposed('missing_invoke_permission', authentication.description, evidence);
  }
  return {
    exposure: authentication.exposure,
    authentication: authentication.description,
    reaches: reach.reaches,
    evidence,
    confidence: lowerConfidence(
      lowerConfidence(authentication.confidence, stageConfidence),
      reach.confidence,
    ),
    ...(authentication.exposure === 'cross_account' && authentication.outsidePrincipals !== undefined
      ? { outsidePrincipals: authentication.outsidePrincipals }
      : {}),
  };
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** `<stage>/<VERB>/<path>` tails for an HTTP or REST method (ANY = any verb). */
export function methodArnTails(stageName: string, method: string, path: string): string[] {
  const methods = method === 'ANY' ? HTTP_METHODS : [method];
  return methods.map((m) => `${stageName}/${m}/${path.replace(/^\//, '')}`);
}
