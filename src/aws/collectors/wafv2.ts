/**
 * WAFv2, per region: every regional web ACL (rule names and default action only: never rule statements or
 * request samples) and the Application Load Balancers it protects. ListWebACLs + GetWebACL and
 * ListResourcesForWebACL per web ACL cost 1 + 2 × (web ACLs) calls a region, however many load balancers
 * it has (GetWebACLForResource would cost one call per load balancer, and one in every region that has
 * any). REST API stages need no call here: GetStages already names each stage's `webAclArn`.
 */
import {
  type DefaultAction,
  GetWebACLCommand,
  ListResourcesForWebACLCommand,
  ListWebACLsCommand,
  type WebACL,
} from '@aws-sdk/client-wafv2';
import type { RegionalWebAcl, WafV2Data, WebAclSummary } from '../../snapshot/format.js';
import type { UnitContext } from '../unit.js';

const PAGE_SIZE = 100;

export async function collectWafV2(ctx: UnitContext): Promise<WafV2Data> {
  const waf = ctx.clients('wafv2', ctx.region);
  const listed = await ctx.list(
    'ListWebACLs',
    (NextMarker) => waf.send(new ListWebACLsCommand({ Scope: 'REGIONAL', NextMarker, Limit: PAGE_SIZE })),
    // WAFv2 answers a NextMarker even on the last page; an empty page ends the listing.
    (page) => ((page.WebACLs?.length ?? 0) > 0 ? page.NextMarker : undefined),
    (page) => page.WebACLs,
  );
  const webAcls = await ctx.each(listed, async (summary): Promise<RegionalWebAcl> => {
    const answer = await ctx.call('GetWebACL', () =>
      waf.send(new GetWebACLCommand({ Name: summary.Name, Id: summary.Id, Scope: 'REGIONAL' })),
    );
    const resources = await ctx.call('ListResourcesForWebACL', () =>
      waf.send(
        new ListResourcesForWebACLCommand({
          WebACLArn: summary.ARN,
          ResourceType: 'APPLICATION_LOAD_BALANCER',
        }),
      ),
    );
    return {
      ...webAclSummary(answer.WebACL, { ARN: summary.ARN, Id: summary.Id, Name: summary.Name }),
      LoadBalancerArns: resources.ResourceArns ?? [],
    };
  });
  ctx.count('webAcls', webAcls.length);
  return { webAcls };
}

/** A web ACL reduced to its name, default action and rule names (what the snapshot keeps). */
export function webAclSummary(
  acl: WebACL | undefined,
  known: Pick<WebAclSummary, 'ARN' | 'Id' | 'Name'>,
): WebAclSummary {
  return {
    ARN: acl?.ARN ?? known.ARN,
    Id: acl?.Id ?? known.Id,
    Name: acl?.Name ?? known.Name,
    DefaultAction: defaultActionOnly(acl?.DefaultAction),
    Rules: (acl?.Rules ?? []).map((rule) => ({ Name: rule.Name ?? '', Priority: rule.Priority })),
  };
}

/** Allow or Block without its custom request handling or response (inserted headers, bodies). */
function defaultActionOnly(action: DefaultAction | undefined): WebAclSummary['DefaultAction'] {
  if (action?.Block) return { Block: {} };
  if (action?.Allow) return { Allow: {} };
  return undefined;
}
