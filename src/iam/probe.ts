/**
 * Probe resources: an ARN of the action's resource type, in the principal's partition and account, that no
 * policy names on purpose. A grant that covers the probe covers the action's resources broadly (`*`,
 * `arn:aws:lambda:*:*:function:*`), not a chosen few (`function:orders-*`). A role is global, so a
 * regional probe is built in every region the scan covers and in every region the principal's policies
 * name; a grant in any of them counts (docs/iam.md "Regions and partitions").
 */
import { namedRegion } from './arn.js';
import type { CatalogAction } from './catalog.js';
import type { PrincipalPolicies } from './principals.js';

export const PROBE_NAME = 'toxgraph-probe-resource';

/**
 * Where a probe stands: "any <resourceType> in account A, region R" (region absent for global resource
 * types such as IAM roles or S3 buckets). A stand-in, never a real resource: evidence must say so.
 */
export interface StandIn {
  readonly partition: string;
  readonly account: string;
  readonly region: string | undefined;
  readonly resourceType: string | undefined;
}

export interface Probe {
  /** The stand-in ARN, or `*` for actions that take no resource. */
  readonly arn: string;
  readonly standIn: StandIn | undefined;
}

/** When neither the scan nor the policies name a region, probes carry this one (matches only `*`). */
export const ANY_REGION = '*';

/** Probes of an action for a principal, one per region when the resource type is regional. */
export function probes(
  action: CatalogAction | undefined,
  principal: Pick<PrincipalPolicies, 'partition' | 'accountId'>,
  regions: readonly string[],
): Probe[] {
  const template = action?.resourceArnTemplates[0];
  if (!action || action.wildcardOnly || template === undefined) return [{ arn: '*', standIn: undefined }];
  const regional = template.includes('${Region}');
  return (regional ? regions : [undefined]).map((region) => {
    const values: Record<string, string> = {
      Partition: principal.partition,
      Region: region ?? '',
      Account: principal.accountId,
    };
    return {
      arn: template.replace(/\$\{([^}]+)\}/g, (_, name: string) => values[name] ?? PROBE_NAME),
      standIn: {
        partition: principal.partition,
        account: principal.accountId,
        region,
        resourceType: action.resourceTypeNames[0],
      },
    };
  });
}

/**
 * The regions to probe for a principal: the scan's regions for its account, plus every region its own
 * policies (identity and boundary) name in a Resource, so a grant pinned to a region the scan skipped
 * still counts. Never empty.
 */
export function probeRegions(
  principal: Pick<PrincipalPolicies, 'identity' | 'boundary'>,
  scanRegions: readonly string[],
): string[] {
  const regions = new Set(scanRegions);
  for (const attached of [...principal.identity, ...(principal.boundary ? [principal.boundary] : [])]) {
    for (const statement of attached.policy.statements) {
      for (const pattern of statement.resource ?? []) {
        const region = namedRegion(pattern);
        if (region) regions.add(region);
      }
    }
  }
  return regions.size ? [...regions].sort() : [ANY_REGION];
}
