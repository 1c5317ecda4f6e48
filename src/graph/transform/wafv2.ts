/**
 * WAFv2 unit → rows: each regional web ACL (name, default action, rule names by priority) and the load
 * balancers it protects. REST API stages name their web ACL themselves (./apigateway.ts).
 */
import type { WebAclSummary } from '../../snapshot/format.js';
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import { textOrNull } from './values.js';

export function transformWafV2(unit: UnitInput<'wafv2'>) {
  const rows = new GraphRowsBuilder();
  for (const acl of unit.data.webAcls) {
    rows.node('WAFv2RegionalWebACL', acl.ARN!, webAclProperties(acl));
    for (const loadBalancerArn of acl.LoadBalancerArns) {
      rows.relationship('webAclLoadBalancer', acl.ARN!, loadBalancerArn, {});
    }
  }
  return rows.build();
}

/** The properties of a web ACL node, whatever its scope (CloudFront or regional). */
export function webAclProperties(acl: WebAclSummary) {
  return {
    name: textOrNull(acl.Name),
    defaultAction: acl.DefaultAction?.Block ? 'Block' : acl.DefaultAction?.Allow ? 'Allow' : null,
    ruleNames: [...acl.Rules].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((rule) => rule.Name),
  };
}
