/**
 * CloudFront unit → rows: distributions, their cache behaviours in precedence order (the default last),
 * origins with the origin access control that signs for them, Lambda@Edge associations as edges to the
 * function, and the WAFv2 web ACL each distribution names (docs/exposure.md "CloudFront").
 */
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import { booleanOrNull, jsonOrNull, lambdaReference, textOrNull, textsOrEmpty } from './values.js';
import { webAclProperties } from './wafv2.js';

type Distribution = UnitInput<'cloudfront'>['data']['distributions'][number];
type Behavior = NonNullable<Distribution['DefaultCacheBehavior']>;

/** Ids of the nodes a distribution owns (docs/schema.md), built here once and read by the analysis. */
export const cloudFrontIds = {
  behavior: (distributionArn: string, pathPattern: string | null) =>
    `${distributionArn}/behaviors/${pathPattern ?? 'default'}`,
  origin: (distributionArn: string, originId: string) => `${distributionArn}/origins/${originId}`,
  originAccessControl: (accountId: string, id: string) => `${accountId}/origin-access-control/${id}`,
};

export function transformCloudFront(unit: UnitInput<'cloudfront'>) {
  const rows = new GraphRowsBuilder();
  const { accountId, data } = unit;
  for (const oac of data.originAccessControls) {
    rows.node('CloudFrontOriginAccessControl', cloudFrontIds.originAccessControl(accountId, oac.Id!), {
      originAccessControlId: textOrNull(oac.Id),
      name: textOrNull(oac.Name),
      signingProtocol: textOrNull(oac.SigningProtocol),
      signingBehavior: textOrNull(oac.SigningBehavior),
      originType: textOrNull(oac.OriginAccessControlOriginType),
    });
  }
  for (const [arn, acl] of Object.entries(data.webAcls)) {
    rows.node('WAFv2WebACL', arn, webAclProperties(acl));
  }
  for (const distribution of data.distributions) addDistribution(rows, accountId, distribution);
  return rows.build();
}

function addDistribution(rows: GraphRowsBuilder, accountId: string, distribution: Distribution): void {
  const arn = distribution.ARN!;
  rows.node('CloudFrontDistribution', arn, {
    distributionId: textOrNull(distribution.Id),
    name: textOrNull(distribution.DomainName),
    aliases: textsOrEmpty(distribution.Aliases?.Items),
    enabled: booleanOrNull(distribution.Enabled),
    status: textOrNull(distribution.Status),
    webAclId: textOrNull(distribution.WebACLId) || null,
  });
  if (distribution.WebACLId?.startsWith('arn:')) {
    rows.relationship('distributionWebAcl', arn, distribution.WebACLId, {});
  }
  for (const origin of distribution.Origins?.Items ?? []) {
    const id = cloudFrontIds.origin(arn, origin.Id!);
    rows.node('CloudFrontOrigin', id, {
      originId: textOrNull(origin.Id),
      domainName: textOrNull(origin.DomainName),
      originPath: textOrNull(origin.OriginPath),
      originAccessControlId: textOrNull(origin.OriginAccessControlId) || null,
      originProtocolPolicy: textOrNull(origin.CustomOriginConfig?.OriginProtocolPolicy),
    });
    rows.relationship('distributionOrigin', arn, id, {});
    if (origin.OriginAccessControlId) {
      const oac = cloudFrontIds.originAccessControl(accountId, origin.OriginAccessControlId);
      rows.relationship('originAccessControl', id, oac, {});
    }
  }
  const ordered = (distribution.CacheBehaviors?.Items ?? []).map((behavior, precedence) => ({
    behavior: behavior as Behavior,
    pathPattern: behavior.PathPattern as string | null,
    precedence: precedence as number | null,
  }));
  if (distribution.DefaultCacheBehavior) {
    ordered.push({ behavior: distribution.DefaultCacheBehavior, pathPattern: null, precedence: null });
  }
  const groups = new Map(
    (distribution.OriginGroups?.Items ?? []).map((group) => [
      group.Id,
      (group.Members?.Items ?? []).map((member) => member.OriginId!),
    ]),
  );
  for (const { behavior, pathPattern, precedence } of ordered) {
    const target = behavior.TargetOriginId;
    const originIds = target ? (groups.get(target) ?? [target]) : [];
    addBehavior(rows, distribution, behavior, { pathPattern, precedence, originIds });
  }
}

/**
 * Where a behaviour sends requests: its TargetOriginId, or every member of the origin group it names
 * (failover: the secondary origin gets the requests whenever the primary fails, docs/exposure.md).
 */
interface BehaviorPlace {
  pathPattern: string | null;
  precedence: number | null;
  originIds: string[];
}

function addBehavior(
  rows: GraphRowsBuilder,
  distribution: Distribution,
  behavior: Behavior,
  { pathPattern, precedence, originIds }: BehaviorPlace,
): void {
  const arn = distribution.ARN!;
  const id = cloudFrontIds.behavior(arn, pathPattern);
  const lambdaAssociations = behavior.LambdaFunctionAssociations?.Items ?? [];
  rows.node('CloudFrontCacheBehavior', id, {
    name: `${distribution.DomainName} ${pathPattern ?? '*'}`,
    pathPattern: pathPattern ?? '*',
    isDefault: pathPattern === null,
    precedence,
    targetOriginId: textOrNull(behavior.TargetOriginId),
    originIds,
    viewerProtocolPolicy: textOrNull(behavior.ViewerProtocolPolicy),
    trustedKeyGroups: behavior.TrustedKeyGroups?.Enabled ? textsOrEmpty(behavior.TrustedKeyGroups.Items) : [],
    trustedSigners: behavior.TrustedSigners?.Enabled ? textsOrEmpty(behavior.TrustedSigners.Items) : [],
    functionAssociationsJson: jsonOrNull(behavior.FunctionAssociations?.Items ?? []),
    lambdaAssociationsJson: jsonOrNull(lambdaAssociations),
  });
  rows.relationship('distributionBehavior', arn, id, {});
  for (const originId of originIds) {
    rows.relationship('behaviorOrigin', id, cloudFrontIds.origin(arn, originId), {});
  }
  for (const association of lambdaAssociations) {
    const target = lambdaReference(association.LambdaFunctionARN);
    if (target?.label !== 'LambdaFunction') {
      rows.warn(
        `${id}: Lambda@Edge association "${association.LambdaFunctionARN}" names no function version`,
      );
      continue;
    }
    rows.relationship('behaviorEdgeFunction', id, target.id, {
      eventType: textOrNull(association.EventType),
      functionVersionArn: textOrNull(association.LambdaFunctionARN),
    });
  }
}
