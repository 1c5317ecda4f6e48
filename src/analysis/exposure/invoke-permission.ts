/**
 * Whether an AWS service (API Gateway, Elastic Load Balancing) may invoke a function on behalf of one
 * source: the function's (or alias's) resource policy must grant `lambda:InvokeFunction` to the service
 * with a SourceArn that matches, or the integration must call with a role of its own
 * (docs/exposure.md "API Gateway HTTP and WebSocket APIs", "Application Load Balancers"). Without it the front door answers 500/502 and never runs the function.
 */
import type { Confidence, Evidence } from './exposure-class.js';
import {
  admitsSource,
  allowsAction,
  granteesOf,
  lambdaPolicy,
  restrictingConditions,
  statementEvidence,
  statementsOf,
} from './lambda-policy.js';

/** Resource policies by function or alias ARN, for every function in the scan (null = no policy). */
export type FunctionPolicies = ReadonlyMap<string, string | null>;

export interface InvokePermission {
  readonly granted: boolean;
  readonly confidence: Confidence;
  readonly evidence: Evidence;
}

export interface InvokeRequest {
  readonly target: string;
  readonly service: string;
  readonly sourceArn: string;
  readonly sourceAccount: string;
  /** The integration's own role (Integration.CredentialsArn); API Gateway then invokes with it. */
  readonly credentialsArn?: string | null | undefined;
  /** Default `lambda:InvokeFunction`; CloudFront calls a function URL with `lambda:InvokeFunctionUrl` too. */
  readonly action?: string;
}

const PASSING_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount']);

export function invokePermission(policies: FunctionPolicies, request: InvokeRequest): InvokePermission {
  if (request.credentialsArn) {
    return {
      granted: true,
      confidence: 'medium',
      evidence: {
        text: `the integration invokes with role ${request.credentialsArn} (its lambda:InvokeFunction grant is not checked here)`,
        source: `CredentialsArn of the integration calling ${request.target}`,
      },
    };
  }
  if (!policies.has(request.target)) {
    return {
      granted: true,
      confidence: 'low',
      evidence: {
        text: `${request.target} is not in the scan: its invoke permission for ${request.service} is unverified`,
        source: request.sourceArn,
      },
    };
  }
  const action = request.action ?? 'lambda:InvokeFunction';
  const named = request.action ? ` (${action})` : '';
  const policy = lambdaPolicy(policies.get(request.target), request.target);
  const statement = statementsOf(policy, 'Allow').find(
    (s) =>
      allowsAction(s, action) &&
      granteesOf(s).some(
        (g) => g.kind === 'anyone' || (g.kind === 'service' && g.service === request.service),
      ) &&
      restrictingConditions(s).every((c) => PASSING_KEYS.has(c.keyLower)) &&
      admitsSource(s, request.sourceArn, request.sourceAccount),
  );
  if (policy === undefined || statement === undefined) {
    return {
      granted: false,
      confidence: 'high',
      evidence: {
        text: `no statement lets ${request.service} invoke ${request.target} from ${request.sourceArn}${named}: the call fails`,
        source: policy?.source ?? `GetPolicy of ${request.target}: no policy`,
      },
    };
  }
  return {
    granted: true,
    confidence: 'high',
    evidence: statementEvidence(
      policy,
      statement,
      `${request.service} may invoke from ${request.sourceArn}${named}`,
    ),
  };
}
