/**
 * Resource matching: an ARN pattern from a policy against a concrete ARN, segment by segment.
 * Partition, service, region and account compare case-insensitively with wildcards inside the segment;
 * the resource part compares case-sensitively and its `*` spans `/` and `:` (bucket/* covers nested keys).
 */
import { wildcardMatches } from './wildcard.js';

/** Values for policy variables `${aws:username}` etc., lower-cased keys. Absent = unresolvable. */
export type PolicyVariables = ReadonlyMap<string, string>;

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

/** `variables: 'literal'` for documents older than 2012-10-17, where `${...}` is plain text. */
export function resourceMatches(
  pattern: string,
  arn: string,
  variables?: PolicyVariables | 'literal',
): boolean {
  if (pattern === '*') return true;
  const resolved =
    pattern.includes('${') && variables !== 'literal' ? resolveVariables(pattern, variables) : pattern;
  if (resolved === undefined) return false;
  const patternParts = splitArn(resolved);
  const arnParts = splitArn(arn);
  if (patternParts === undefined || arnParts === undefined) return wildcardMatches(resolved, arn);
  for (let i = 0; i < ARN_PREFIX_SEGMENTS; i++) {
    if (!wildcardMatches(patternParts[i]!, arnParts[i]!, true)) return false;
  }
  return wildcardMatches(patternParts[ARN_PREFIX_SEGMENTS]!, arnParts[ARN_PREFIX_SEGMENTS]!);
}

/**
 * Substitutes `${key}` variables. `${*}`, `${?}`, `${$}` stand for the literal characters; since `*` and
 * `?` would otherwise be wildcards, a pattern using them is rare enough that we treat the literal as a
 * wildcard of the same character (a superset: never misses a grant). An unresolvable variable makes the
 * pattern match nothing, as in AWS.
 */
function resolveVariables(pattern: string, variables: PolicyVariables | undefined): string | undefined {
  let unresolved = false;
  const result = pattern.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const value = variables?.get(name.toLowerCase());
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : result;
}
