/**
 * Resource matching: an ARN pattern from a policy against a concrete ARN, segment by segment.
 * Partition, service, region and account compare case-insensitively with wildcards inside the segment;
 * the resource part compares case-sensitively and its `*` spans `/` and `:` (bucket/* covers nested keys)
 * (docs/iam.md "Matching actions and resources").
 */
import { wildcardMatches } from './wildcard.js';

const ARN_PREFIX_SEGMENTS = 5; // arn, partition, service, region, account

export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < ARN_PREFIX_SEGMENTS; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

/** Whether an ARN pattern (policy variables already substituted, docs/iam.md "Policy variables") covers an ARN. */
export function resourceMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const patternParts = splitArn(pattern);
  const arnParts = splitArn(arn);
  if (patternParts === undefined || arnParts === undefined) return wildcardMatches(pattern, arn);
  for (let i = 0; i < ARN_PREFIX_SEGMENTS; i++) {
    if (!wildcardMatches(patternParts[i]!, arnParts[i]!, true)) return false;
  }
  return wildcardMatches(patternParts[ARN_PREFIX_SEGMENTS]!, arnParts[ARN_PREFIX_SEGMENTS]!);
}

/** The partition segment of an ARN (`aws`, `aws-cn`, `aws-us-gov`, ...), if it is an ARN. */
export function partitionOf(arn: string): string | undefined {
  const partition = splitArn(arn)?.[1];
  return partition ? partition : undefined;
}

/** The region segment of an ARN pattern when it names one region (no wildcard, no variable). */
export function namedRegion(pattern: string): string | undefined {
  const region = splitArn(pattern)?.[3];
  return region && !/[*?$]/.test(region) ? region : undefined;
}
