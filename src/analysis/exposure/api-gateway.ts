/**
 * What API Gateway HTTP, WebSocket and REST APIs share: which stages the internet can reach (default
 * endpoint, custom domains), the Lambda function an integration URI names once stage variables are
 * resolved, and the execute-api source ARNs that invoke permissions are matched against
 * (domain-exposure.md §2.1, §2.2, §4).
 */
import type { Confidence, Evidence } from './exposure-class.js';

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

export function executeApiArn(region: string, accountId: string, apiId: string, tail: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${tail}`;
}

/** An authentication verdict shared by the API kinds. */
export interface Authentication {
  readonly exposure: 'public_unauthenticated' | 'public_weak_auth' | 'public_authenticated';
  readonly description: string;
  readonly confidence: Confidence;
  readonly evidence: Evidence;
}
