/**
 * A WAFv2 web ACL in front of an entry point (a CloudFront distribution, an Application Load Balancer, a
 * REST API stage) is a mitigation: it may block or rate-limit requests, but it never says who the caller
 * is, so it never changes an exposure class (docs/exposure.md "Web ACLs"). It only adds evidence. Pure.
 */
import type { Evidence } from './exposure-class.js';
import type { Props } from './from-graph.js';

export interface WebAclFacts {
  readonly arn: string;
  readonly name: string | null;
  readonly defaultAction: string | null;
  readonly ruleNames: readonly string[];
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A web ACL node as read from the graph; a node without a name is a stub (its web ACL was not collected). */
export function webAclFacts(props: Props | null | undefined): WebAclFacts | null {
  if (!props || str(props.name) === null) return null;
  return {
    arn: String(props.id),
    name: str(props.name),
    defaultAction: str(props.defaultAction),
    ruleNames: Array.isArray(props.ruleNames) ? props.ruleNames.map(String) : [],
  };
}

/**
 * The evidence for the web ACL an entry point names: `configured` is the id or ARN as the resource names it,
 * `acl` the web ACL when it was collected. Nothing when the resource names none.
 */
export function webAclMitigation(
  configured: string | null,
  acl: WebAclFacts | null,
  source: string,
): Evidence[] {
  if (configured === null) return [];
  const text =
    acl === null
      ? `web ACL ${configured} filters requests (not collected); a WAF is a mitigation, not authentication`
      : `web ACL ${acl.name ?? acl.arn} (default action ${acl.defaultAction ?? 'unknown'}; rules: ${acl.ruleNames.join(', ') || 'none'}) may block or rate-limit requests; a WAF is a mitigation, not authentication`;
  return [{ text, source }];
}
