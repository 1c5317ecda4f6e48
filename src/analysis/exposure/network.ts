/**
 * How far the network lets callers in: security-group ingress (IPv4 and IPv6), ALB source-ip conditions
 * and API Gateway source-IP policies all come down to a list of CIDRs (domain-exposure.md §5).
 */
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { Blocker, Confidence, EntryExposure, Evidence } from './exposure-class.js';
import { lowerConfidence, moreExposed, notExposed } from './exposure-class.js';

/** `internet`: anyone; `allow_listed`: some public addresses; `private`: only private networks or peers. */
export type NetworkReach = 'internet' | 'allow_listed' | 'private';
const REACH_ORDER: readonly NetworkReach[] = ['internet', 'allow_listed', 'private'];

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);
/** RFC 1918, shared address space, loopback, link-local, IPv6 unique-local and link-local. */
const PRIVATE_PREFIXES = [
  /^10\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
  /^127\./,
  /^169\.254\./,
  /^f[cd][0-9a-f]{2}:/i,
  /^fe[89ab][0-9a-f]:/i,
];

export function cidrReach(cidrs: readonly string[]): NetworkReach {
  if (cidrs.some((cidr) => ANYWHERE.has(cidr))) return 'internet';
  if (cidrs.length > 0 && cidrs.every((cidr) => PRIVATE_PREFIXES.some((prefix) => prefix.test(cidr))))
    return 'private';
  return cidrs.length === 0 ? 'private' : 'allow_listed';
}

/** The wider of two reaches. */
export function widerReach(a: NetworkReach, b: NetworkReach): NetworkReach {
  return REACH_ORDER[Math.min(REACH_ORDER.indexOf(a), REACH_ORDER.indexOf(b))]!;
}

/** The narrower of two reaches (both filters apply). */
export function narrowerReach(a: NetworkReach, b: NetworkReach): NetworkReach {
  return REACH_ORDER[Math.max(REACH_ORDER.indexOf(a), REACH_ORDER.indexOf(b))]!;
}

export interface ReachVerdict {
  readonly reach: NetworkReach;
  readonly evidence: Evidence;
  /** What stops the request when `reach` is private. */
  readonly blocker: Blocker;
  /** Set when the verdict rests on an assumption (e.g. security groups that were not collected). */
  readonly confidence?: Confidence;
}

/** Whether any ingress rule of the groups admits TCP `port`, and from where. */
export function securityGroupReach(groups: readonly SecurityGroup[], port: number): ReachVerdict {
  let reach: NetworkReach = 'private';
  const sources: string[] = [];
  for (const group of groups) {
    for (const permission of group.IpPermissions ?? []) {
      if (!coversTcpPort(permission, port)) continue;
      const cidrs = [
        ...(permission.IpRanges ?? []).map((range) => range.CidrIp ?? ''),
        ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6 ?? ''),
      ].filter(Boolean);
      reach = widerReach(reach, cidrReach(cidrs));
      // A prefix list (e.g. CloudFront's origin-facing list) admits some public addresses, not everyone.
      if ((permission.PrefixListIds ?? []).length > 0) reach = widerReach(reach, 'allow_listed');
      sources.push(
        ...cidrs.map((cidr) => `${cidr} (${group.GroupId})`),
        ...(permission.PrefixListIds ?? []).map((list) => `${list.PrefixListId} (${group.GroupId})`),
      );
    }
  }
  const ids = groups.map((group) => group.GroupId).join(', ') || 'none';
  const text =
    sources.length === 0
      ? `no ingress rule of security groups ${ids} admits TCP ${port} from an address range`
      : `security groups admit TCP ${port} from ${sources.join(', ')}`;
  return {
    reach,
    evidence: { text, source: `DescribeSecurityGroups IpPermissions of ${ids}` },
    blocker: 'security_group_closed',
  };
}

/** Security groups the load balancer names but the scan did not collect: assumed open, with low confidence. */
export function uncollectedSecurityGroups(groupIds: readonly string[], port: number): ReachVerdict {
  return {
    reach: 'internet',
    evidence: {
      text: `security groups ${groupIds.join(', ')} were not collected: TCP ${port} is assumed open to the internet`,
      source: 'DescribeSecurityGroups (missing from the snapshot)',
    },
    blocker: 'security_group_closed',
    confidence: 'low',
  };
}

function coversTcpPort(permission: IpPermission, port: number): boolean {
  if (permission.IpProtocol === '-1') return true;
  if (permission.IpProtocol !== 'tcp' && permission.IpProtocol !== '6') return false;
  return (permission.FromPort ?? 0) <= port && port <= (permission.ToPort ?? 65535);
}

/**
 * What a network filter does to an exposure: private callers only = not exposed; an allow-list of public
 * addresses is treated like authentication (the caller must be on that network), never weaker.
 */
export function withinReach(entry: EntryExposure, verdict: ReachVerdict): EntryExposure {
  const exposure = verdict.confidence
    ? { ...entry, confidence: lowerConfidence(entry.confidence, verdict.confidence) }
    : entry;
  const evidence = [...exposure.evidence, verdict.evidence];
  if (verdict.reach === 'internet') return { ...exposure, evidence };
  if (verdict.reach === 'private') {
    return notExposed(
      verdict.blocker,
      exposure.authentication,
      evidence,
      exposure.reaches,
      exposure.confidence,
    );
  }
  if (!moreExposed(exposure.exposure, 'public_authenticated')) return { ...exposure, evidence };
  return {
    ...exposure,
    exposure: 'public_authenticated',
    authentication: `${exposure.authentication}; source addresses limited to an allow-list`,
    evidence,
  };
}
