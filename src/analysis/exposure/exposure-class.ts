/**
 * What the exposure analysis says about one entry point: its exposure class (the contract's names,
 * docs/exposure.md "Exposure classes"), how callers authenticate, which function or alias it reaches, and why.
 * Every classifier in this folder returns an `EntryExposure`.
 */

/** Most exposed first; the order is used to pick the strongest of several classifications. */
export const EXPOSURE_CLASSES = [
  'public_unauthenticated',
  'public_weak_auth',
  'cross_account',
  'public_authenticated',
  'not_exposed',
] as const;
export type ExposureClass = (typeof EXPOSURE_CLASSES)[number];

/** Highest first. Lowered by facts the analysis cannot see (e.g. the Oct-2025 legacy exception). */
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Why an entry point that exists on the internet side cannot carry a request to its function. */
export const BLOCKERS = [
  'reserved_concurrency_zero',
  'no_public_url_grant',
  'missing_invoke_function_grant',
  'missing_invoke_permission',
  'no_deployed_stage',
  'execute_api_endpoint_disabled',
  'private_endpoint',
  'resource_policy_denies_internet',
  'internal_scheme',
  'security_group_closed',
  'private_source_ip',
  'shadowed_by_earlier_rule',
  'distribution_disabled',
  'origin_request_unsigned',
  'no_cloudfront_grant',
] as const;
export type Blocker = (typeof BLOCKERS)[number];

/** One reason, in words, and the AWS statement, configuration or rule it comes from. */
export interface Evidence {
  readonly text: string;
  readonly source: string;
}

export interface EntryExposure {
  readonly exposure: ExposureClass;
  /** How a caller authenticates, in words ("none", "JWT authorizer ...", "AWS_IAM, any AWS account"). */
  readonly authentication: string;
  /** Function or alias ARNs the entry point invokes (qualified for aliases). */
  readonly reaches: readonly string[];
  readonly evidence: readonly Evidence[];
  readonly confidence: Confidence;
  /** Set when `exposure` is `not_exposed` because something stops the request. */
  readonly blockedBy?: Blocker;
  /** A resource-policy grant lets another account replace the function's code (worst cross-account case). */
  readonly grantsCodeUpdate?: boolean;
  /** A resource-policy grant lets its grantee call the Invoke API (not only replace the code). */
  readonly grantsInvoke?: boolean;
  /** The internet reaches the entry point only through CloudFront (origin-facing prefix list, or a distribution's entry). */
  readonly throughCloudFront?: boolean;
  /** CloudFront behaviours: origins whose domain names nothing collected (what they run is unknown). */
  readonly unresolvedOrigins?: readonly string[];
  /** Typed facts of the resource-policy grants behind this exposure (resource_policy entries only). */
  readonly grants?: PolicyGrantFacts;
  /**
   * `cross_account` only: whom outside the account the grants name, as the policy names them (principal
   * ARNs, an account as its root ARN; organization ids `o-...`), sorted. A finding's path starts there.
   */
  readonly outsidePrincipals?: readonly string[];
  /**
   * When the reached functions are not all exposed alike (Lambda@Edge functions of one distribution: a
   * viewer-event function runs on every request, an origin-event one only on what the behaviour lets
   * through), the class of each reached ARN; `exposure` is the most exposed of them. Written on REACHES.
   */
  readonly reachExposure?: Readonly<Record<string, ExposureClass>>;
}

/** What detections match on a resource-policy exposure, instead of its prose. */
export interface PolicyGrantFacts {
  /** Some grant names Principal "*" (or every account's root). */
  readonly principalIsAnyone: boolean;
  /** Principal "*" may call the Invoke API itself (not only through a function URL). */
  readonly anyoneMayInvoke: boolean;
  /** Service principals granted invoke with no condition that pins their source (confused deputies). */
  readonly unpinnedServices: readonly string[];
}

/** The lower of two confidences. */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCES[Math.max(CONFIDENCES.indexOf(a), CONFIDENCES.indexOf(b))]!;
}

/** True when `a` is more exposed than `b`. */
export function moreExposed(a: ExposureClass, b: ExposureClass): boolean {
  return EXPOSURE_CLASSES.indexOf(a) < EXPOSURE_CLASSES.indexOf(b);
}

/** The most exposed of `classes`; `fallback` when there are none. */
export function mostExposed(classes: readonly ExposureClass[], fallback: ExposureClass): ExposureClass {
  return classes.reduce((best, each) => (moreExposed(each, best) ? each : best), fallback);
}

export function notExposed(
  blockedBy: Blocker,
  authentication: string,
  evidence: readonly Evidence[],
  reaches: readonly string[] = [],
  confidence: Confidence = 'high',
): EntryExposure {
  return { exposure: 'not_exposed', authentication, reaches, evidence, confidence, blockedBy };
}
