/**
 * CloudFront, once per account (a global service): every distribution with its origins, cache behaviours
 * (path patterns, viewer protocol, trusted key groups and signers, CloudFront Functions and Lambda@Edge
 * associations), the origin access controls, and the WAFv2 web ACL each distribution names (rule names and
 * default action only: never rule statements or request samples).
 */
import {
  type DistributionSummary,
  ListDistributionsCommand,
  ListOriginAccessControlsCommand,
} from '@aws-sdk/client-cloudfront';
import { GetWebACLCommand } from '@aws-sdk/client-wafv2';
import type { CloudFrontData, WebAclSummary } from '../../snapshot/format.js';
import type { UnitContext } from '../unit.js';
import { webAclSummary } from './wafv2.js';

/**
 * The region CloudFront's control plane (and WAFv2 with scope CLOUDFRONT) answers in, per partition
 * (https://docs.aws.amazon.com/general/latest/gr/cf_region.html,
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_GetWebACL.html "Scope"). Partitions without
 * CloudFront have no unit to collect.
 */
const CLOUDFRONT_REGION_BY_PARTITION: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-northwest-1',
};

export function cloudFrontRegion(partition: string): string | undefined {
  return CLOUDFRONT_REGION_BY_PARTITION[partition];
}

const PAGE_SIZE = 100;
/** `arn:<partition>:wafv2:<region>:<account>:global/webacl/<name>/<id>` */
const WEB_ACL_V2_ARN = /^arn:[\w-]+:wafv2:[\w-]+:\d{12}:global\/webacl\/([^/]+)\/([^/]+)$/;

export async function collectCloudFront(ctx: UnitContext, region: string): Promise<CloudFrontData> {
  const cloudfront = ctx.clients('cloudfront', region);
  const distributions = await ctx.list(
    'ListDistributions',
    (Marker) => cloudfront.send(new ListDistributionsCommand({ Marker, MaxItems: PAGE_SIZE })),
    (page) => (page.DistributionList?.IsTruncated ? page.DistributionList.NextMarker : undefined),
    (page) => page.DistributionList?.Items,
  );
  ctx.count('distributions', distributions.length);
  const originAccessControls = await ctx.list(
    'ListOriginAccessControls',
    (Marker) => cloudfront.send(new ListOriginAccessControlsCommand({ Marker, MaxItems: PAGE_SIZE })),
    (page) =>
      page.OriginAccessControlList?.IsTruncated ? page.OriginAccessControlList.NextMarker : undefined,
    (page) => page.OriginAccessControlList?.Items,
  );
  ctx.count('originAccessControls', originAccessControls.length);
  const webAcls = await collectWebAcls(ctx, region, distributions);
  return { distributions, originAccessControls, webAcls: Object.fromEntries(webAcls) };
}

/** The WAFv2 web ACLs the distributions name; a WAF Classic id (not an ARN) is kept on the distribution only. */
async function collectWebAcls(
  ctx: UnitContext,
  region: string,
  distributions: DistributionSummary[],
): Promise<[string, WebAclSummary][]> {
  const waf = ctx.clients('wafv2', region);
  const arns = [...new Set(distributions.map((d) => d.WebACLId ?? ''))].filter((arn) =>
    WEB_ACL_V2_ARN.test(arn),
  );
  const acls = await ctx.each(arns, async (arn): Promise<[string, WebAclSummary]> => {
    const [, Name, Id] = WEB_ACL_V2_ARN.exec(arn)!;
    const answer = await ctx.call('GetWebACL', () =>
      waf.send(new GetWebACLCommand({ Name, Id, Scope: 'CLOUDFRONT' })),
    );
    return [arn, webAclSummary(answer.WebACL, { ARN: arn, Id, Name })];
  });
  ctx.count('webAcls', acls.length);
  return acls;
}
