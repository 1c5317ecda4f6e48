/**
 * CloudFront as an internet entry point (docs/exposure.md "CloudFront"). A cache behaviour is reached by
 * anyone who can reach the distribution; what it enforces on viewers (signed URLs or cookies through
 * trusted key groups, a viewer-request function that may authenticate) decides how. The origin it sends
 * requests to (a function URL, an API Gateway API, a load balancer) is reached through it when the origin
 * lets CloudFront in: a function URL with AuthType AWS_IAM needs an origin access control that signs and a
 * resource-policy grant to `cloudfront.amazonaws.com` pinned to this distribution. Lambda@Edge functions run
 * on the requests themselves. A WAF web ACL is a mitigation, recorded in the evidence, never authentication.
 * Pure: the records come from ../exposure.ts.
 */
import {
  type Blocker,
  type Confidence,
  type EntryExposure,
  type Evidence,
  type ExposureClass,
  lowerConfidence,
  moreExposed,
  mostExposed,
  notExposed,
} from './exposure-class.js';
import { type FunctionPolicies, invokePermission } from './invoke-permission.js';
import { type WebAclFacts, webAclMitigation } from './web-acl.js';

export const CLOUDFRONT_SERVICE = 'cloudfront.amazonaws.com';

/** Lambda@Edge and CloudFront Function events that run before CloudFront answers from cache or asks the origin. */
const VIEWER_REQUEST = 'viewer-request';
/** Lambda@Edge events that run for every viewer request or response, cache hits included. */
const VIEWER_EVENTS = new Set(['viewer-request', 'viewer-response']);

export interface BehaviorFacts {
  readonly id: string;
  readonly pathPattern: string;
  readonly trustedKeyGroups: readonly string[];
  readonly trustedSigners: readonly string[];
  /** CloudFront Functions associated with the behaviour, with their event. */
  readonly cloudFrontFunctions: readonly EventFunction[];
  /** Lambda@Edge versions associated with the behaviour, with their event. */
  readonly edgeFunctions: readonly EventFunction[];
}

export interface EventFunction {
  readonly arn: string;
  readonly eventType: string;
}

export interface DistributionFacts {
  readonly arn: string;
  readonly domainName: string;
  readonly enabled: boolean | null;
  /** The WebACLId as configured (WAFv2 ARN or WAF Classic id), null when none. */
  readonly webAclId: string | null;
  /** The web ACL when it was collected. */
  readonly webAcl: WebAclFacts | null;
}

/** What a viewer must present to get through a behaviour, before any origin is asked. */
export interface ViewerAccess {
  readonly exposure: ExposureClass;
  readonly authentication: string;
  readonly confidence: Confidence;
  readonly evidence: readonly Evidence[];
  readonly blockedBy?: Blocker;
}

export function viewerAccess(distribution: DistributionFacts, behavior: BehaviorFacts): ViewerAccess {
  const source = `cache behaviour ${behavior.pathPattern} of ${distribution.arn}`;
  const mitigation = webAclEvidence(distribution);
  if (distribution.enabled === false) {
    return {
      exposure: 'not_exposed',
      authentication: 'none',
      confidence: 'high',
      blockedBy: 'distribution_disabled',
      evidence: [{ text: `distribution ${distribution.domainName} is disabled`, source: distribution.arn }],
    };
  }
  const signers = [...behavior.trustedKeyGroups, ...behavior.trustedSigners];
  if (signers.length > 0) {
    return {
      exposure: 'public_authenticated',
      authentication: 'signed URLs or cookies (trusted key groups or signers)',
      confidence: 'high',
      evidence: [
        {
          text: `${distribution.domainName} ${behavior.pathPattern} serves only signed URLs or cookies (trusted: ${signers.join(', ')})`,
          source,
        },
        ...mitigation,
      ],
    };
  }
  const gatekeepers = [...behavior.cloudFrontFunctions, ...behavior.edgeFunctions].filter(
    (f) => f.eventType === VIEWER_REQUEST,
  );
  if (gatekeepers.length > 0) {
    return {
      exposure: 'public_weak_auth',
      authentication: 'possibly a viewer-request function (its logic is not visible)',
      confidence: 'medium',
      evidence: [
        {
          text: `${distribution.domainName} ${behavior.pathPattern} runs ${gatekeepers.map((f) => f.arn).join(', ')} on viewer requests: it may authenticate, which the scan cannot see`,
          source,
        },
        ...mitigation,
      ],
    };
  }
  return {
    exposure: 'public_unauthenticated',
    authentication: 'none (no trusted key group, signer or viewer-request function)',
    confidence: 'high',
    evidence: [
      {
        text: `${distribution.domainName} ${behavior.pathPattern} serves anyone: no signed URLs or cookies, no viewer-request function`,
        source,
      },
      ...mitigation,
    ],
  };
}

/** The web ACL as a mitigation: it may block or rate-limit, but it never names who the caller is. */
function webAclEvidence(distribution: DistributionFacts): Evidence[] {
  return webAclMitigation(distribution.webAclId, distribution.webAcl, `WebACLId of ${distribution.arn}`);
}

/** An origin access control as collected; absent when the origin names none. */
export interface OriginAccessControlFacts {
  readonly id: string;
  /** null: the OAC the origin names was not collected. */
  readonly signingBehavior: string | null;
  readonly originType: string | null;
}

/** A function URL an origin's domain names, with what its own exposure row found. */
export interface UrlOrigin {
  readonly urlId: string;
  readonly authType: string;
  /** The function or alias whose policy gates the URL (the URL's qualifier). */
  readonly ownerArn: string;
  /** The URL's own verdict (direct calls from the internet). */
  readonly direct: EntryExposure;
}

export interface UrlThroughCloudFront {
  readonly distribution: DistributionFacts;
  readonly originDomain: string;
  readonly oac: OriginAccessControlFacts | null;
  readonly url: UrlOrigin;
  readonly policies: FunctionPolicies;
  /** Whether a URL call needs lambda:InvokeFunction as well at the time the scan describes. */
  readonly invokeRuleInForce: boolean;
}

/**
 * Whether CloudFront gets through to a function URL origin: the exposure of the URL with CloudFront as the
 * caller. `public_unauthenticated` when it does (CloudFront calls for whoever reaches the behaviour).
 */
export function urlOriginAccess(facts: UrlThroughCloudFront): EntryExposure {
  const { url, distribution } = facts;
  const reaches = url.direct.reaches;
  if (url.authType === 'NONE') {
    // CloudFront is one more anonymous caller: it gets in exactly when anyone does.
    return url.direct.exposure === 'public_unauthenticated'
      ? reachable(reaches, 'high', [
          {
            text: `origin ${facts.originDomain} is a public function URL (AuthType NONE)`,
            source: url.urlId,
          },
        ])
      : notExposed(
          url.direct.blockedBy ?? 'no_public_url_grant',
          'AuthType NONE',
          url.direct.evidence,
          reaches,
        );
  }
  const signing = signingEvidence(facts);
  if (signing.blocked) {
    return notExposed('origin_request_unsigned', 'AuthType AWS_IAM', [signing.evidence], reaches);
  }
  const sourceAccount = distribution.arn.split(':')[4] ?? '';
  const request = {
    target: url.ownerArn,
    service: CLOUDFRONT_SERVICE,
    sourceArn: distribution.arn,
    sourceAccount,
  };
  const urlGrant = invokePermission(facts.policies, { ...request, action: 'lambda:InvokeFunctionUrl' });
  if (!urlGrant.granted) {
    return notExposed(
      'no_cloudfront_grant',
      'AuthType AWS_IAM',
      [signing.evidence, urlGrant.evidence],
      reaches,
    );
  }
  const invokeGrant = invokePermission(facts.policies, request);
  const evidence = [signing.evidence, urlGrant.evidence, invokeGrant.evidence];
  let confidence = lowerConfidence(
    signing.confidence,
    lowerConfidence(urlGrant.confidence, invokeGrant.confidence),
  );
  if (!invokeGrant.granted) {
    if (facts.invokeRuleInForce) {
      return notExposed('missing_invoke_function_grant', 'AuthType AWS_IAM', evidence, reaches);
    }
    // Before the rule date the account may still have AWS's exception, which no API shows.
    confidence = lowerConfidence(confidence, 'medium');
  }
  return reachable(reaches, confidence, evidence);
}

function reachable(
  reaches: readonly string[],
  confidence: Confidence,
  evidence: readonly Evidence[],
): EntryExposure {
  return {
    exposure: 'public_unauthenticated',
    authentication: 'CloudFront signs for every viewer (origin access control)',
    reaches,
    evidence,
    confidence,
  };
}

/** CloudFront signs origin requests only through an OAC whose signing behaviour is not `never`. */
function signingEvidence(facts: UrlThroughCloudFront): {
  blocked: boolean;
  confidence: Confidence;
  evidence: Evidence;
} {
  const source = `origin ${facts.originDomain} of ${facts.distribution.arn}`;
  const oac = facts.oac;
  if (oac === null) {
    return {
      blocked: true,
      confidence: 'high',
      evidence: {
        text: 'the origin has no origin access control: CloudFront sends unsigned requests, which an AWS_IAM URL refuses',
        source,
      },
    };
  }
  if (oac.signingBehavior === null) {
    return {
      blocked: false,
      confidence: 'low',
      evidence: { text: `origin access control ${oac.id} was not collected: assumed to sign`, source },
    };
  }
  if (oac.signingBehavior === 'never') {
    return {
      blocked: true,
      confidence: 'high',
      evidence: {
        text: `origin access control ${oac.id} never signs: an AWS_IAM URL refuses the requests`,
        source,
      },
    };
  }
  return {
    blocked: false,
    confidence: 'high',
    evidence: {
      text: `origin access control ${oac.id} signs requests (SigV4, ${oac.signingBehavior})`,
      source,
    },
  };
}

/**
 * What a viewer of the behaviour gets at one origin entry point: both the behaviour's viewer checks and
 * the origin's own must be passed, so the less exposed of the two wins.
 */
export function throughBehavior(viewer: ViewerAccess, origin: EntryExposure): EntryExposure {
  if (viewer.blockedBy !== undefined) {
    return notExposed(viewer.blockedBy, viewer.authentication, origin.evidence, origin.reaches);
  }
  if (origin.exposure === 'not_exposed') return origin;
  const viewerWins = moreExposed(origin.exposure, viewer.exposure);
  return {
    ...origin,
    exposure: viewerWins ? viewer.exposure : origin.exposure,
    authentication: viewerWins ? viewer.authentication : origin.authentication,
    confidence: lowerConfidence(viewer.confidence, origin.confidence),
    throughCloudFront: true,
  };
}

/**
 * The behaviour's own entry: what a viewer gets, and every function reachable through one of its origin
 * entries (the most exposed of them decides the class). Without any reachable origin it reaches nothing.
 */
export function behaviorEntry(viewer: ViewerAccess, fronted: readonly EntryExposure[]): EntryExposure {
  const open = fronted.filter((entry) => entry.exposure !== 'not_exposed');
  const reaches = [...new Set(open.flatMap((entry) => entry.reaches))];
  const exposure = mostExposed(
    open.map((entry) => entry.exposure),
    open.length > 0 ? 'not_exposed' : viewer.exposure,
  );
  return {
    exposure,
    authentication: viewer.authentication,
    reaches,
    evidence: viewer.evidence,
    confidence: viewer.confidence,
    throughCloudFront: true,
    ...(viewer.blockedBy ? { blockedBy: viewer.blockedBy } : {}),
  };
}

/**
 * Lambda@Edge functions of a distribution: code that runs on the requests themselves. Viewer events run on
 * every request, before any signature check can stop it; origin events run on what the behaviour lets
 * through. The distribution's entry takes the most exposed of its associations; each function keeps its own
 * class on its REACHES (docs/exposure.md "CloudFront").
 */
export function edgeFunctionsEntry(
  distribution: DistributionFacts,
  behaviors: readonly { behavior: BehaviorFacts; viewer: ViewerAccess }[],
): EntryExposure | undefined {
  const runs = behaviors.flatMap(({ behavior, viewer }) =>
    behavior.edgeFunctions.map((fn) => ({
      fn,
      exposure: VIEWER_EVENTS.has(fn.eventType) ? ('public_unauthenticated' as const) : viewer.exposure,
      evidence: {
        text: `Lambda@Edge ${fn.arn} runs on ${fn.eventType} of ${distribution.domainName} ${behavior.pathPattern}`,
        source: `LambdaFunctionAssociations of cache behaviour ${behavior.pathPattern} of ${distribution.arn}`,
      },
    })),
  );
  if (runs.length === 0) return undefined;
  if (distribution.enabled === false) {
    return notExposed(
      'distribution_disabled',
      'none',
      runs.map((run) => run.evidence),
      runs.map((run) => run.fn.arn),
    );
  }
  // Each function keeps the class of its own most exposed association: an origin-event function behind
  // signed URLs is not made public by a viewer-event neighbour on the same distribution.
  const reachExposure: Record<string, ExposureClass> = {};
  for (const run of runs) {
    reachExposure[run.fn.arn] = mostExposed([run.exposure], reachExposure[run.fn.arn] ?? 'not_exposed');
  }
  const exposure = mostExposed(Object.values(reachExposure), 'not_exposed');
  return {
    exposure,
    reachExposure,
    authentication: 'none: the function runs on the request itself',
    reaches: Object.keys(reachExposure),
    evidence: [...runs.map((run) => run.evidence), ...webAclEvidence(distribution)],
    confidence: 'high',
    throughCloudFront: true,
  };
}
