/**
 * How far the network lets callers in: security-group ingress (IPv4 and IPv6, address ranges and prefix
 * lists), ALB source-ip conditions and API Gateway source-IP policies all come down to a set of CIDRs,
 * judged by the address space they cover (docs/exposure.md "Network reach").
 */
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { parseIp } from '../../iam/ip.js';
import type { Blocker, Confidence, EntryExposure, Evidence } from './exposure-class.js';
import { lowerConfidence, moreExposed, notExposed } from './exposure-class.js';

/** `internet`: anyone; `allow_listed`: some public addresses; `private`: only private networks or peers. */
export type NetworkReach = 'internet' | 'allow_listed' | 'private';
const REACH_ORDER: readonly NetworkReach[] = ['internet', 'allow_listed', 'private'];

/** An inclusive range of addresses of one family. */
interface Interval {
  readonly start: bigint;
  readonly end: bigint;
}
type Family = 32 | 128;

/**
 * Addresses no internet caller can have (RFC 6890 special-purpose blocks): this-network, RFC 1918,
 * shared address space, loopback, link-local, multicast and reserved; in IPv6 everything outside global
 * unicast 2000::/3 (unique-local, link-local, loopback, multicast). Documentation ranges stay public:
 * they are what examples use for public addresses.
 */
const NOT_ROUTED: Record<Family, readonly string[]> = {
  32: [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '224.0.0.0/4',
    '240.0.0.0/4',
  ],
  128: ['::/3', '4000::/2', '8000::/1'],
};

/** A CIDR as an interval; undefined when it is not one (it then admits nobody we can name). */
export function cidrInterval(cidr: string): (Interval & { family: Family }) | undefined {
  const [network, prefixText] = cidr.trim().split('/');
  const address = parseIp(network ?? '');
  if (!address) return undefined;
  const prefix = prefixText === undefined ? address.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > address.bits) return undefined;
  const size = 1n << BigInt(address.bits - prefix);
  const start = (address.value / size) * size;
  return { start, end: start + size - 1n, family: address.bits };
}

const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);

function merged(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out.at(-1);
    if (last && next.start <= last.end + 1n)
      out[out.length - 1] = { start: last.start, end: maxOf(last.end, next.end) };
    else out.push(next);
  }
  return out;
}

const notRouted = (family: Family) =>
  NOT_ROUTED[family].map((cidr) => cidrInterval(cidr)!).filter((i) => i.family === family);

/** Whether the ranges, with the addresses nobody on the internet has, cover the whole family. */
function coversInternet(ranges: readonly Interval[], family: Family): boolean {
  const all = merged([...ranges, ...notRouted(family)]);
  return all.length === 1 && all[0]!.start === 0n && all[0]!.end === (1n << BigInt(family)) - 1n;
}

function withinNotRouted(range: Interval, family: Family): boolean {
  return merged(notRouted(family)).some((block) => block.start <= range.start && range.end <= block.end);
}

/**
 * Reach of a set of CIDRs by address-space coverage: split ranges that together cover the internet
 * (0.0.0.0/1 + 128.0.0.0/1, or every public block) are open; ranges only inside non-routed space are
 * private; anything else is an allow-list. A value that is not a CIDR counts as an allow-list entry:
 * never private, never the whole internet.
 */
export function cidrReach(cidrs: readonly string[]): NetworkReach {
  const parsed = cidrs.map(cidrInterval);
  const byFamily = (family: Family) => parsed.filter((i) => i?.family === family) as Interval[];
  if (coversInternet(byFamily(32), 32) || coversInternet(byFamily(128), 128)) return 'internet';
  if (parsed.every((i) => i !== undefined && withinNotRouted(i, i.family))) return 'private';
  return 'allow_listed';
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
  /** The internet gets in only through CloudFront (the origin-facing managed prefix list). */
  readonly throughCloudFront?: boolean;
}

/** A managed prefix list as collected (DescribeManagedPrefixLists + GetManagedPrefixListEntries). */
export interface PrefixListFacts {
  readonly prefixListId: string;
  readonly name: string | undefined;
  /** The entries' CIDRs; undefined when they could not be read. */
  readonly cidrs: readonly string[] | undefined;
}

/**
 * CloudFront's origin-facing addresses: whoever reaches the distribution reaches the origin, so the list
 * stands for "the internet, through CloudFront", not for an allow-list.
 */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing';

/**
 * Whether the ingress rules of the groups admit TCP `port`, and from where: the union of every admitted
 * address range and customer prefix list entry, judged by coverage; a CloudFront origin-facing list
 * opens the port to the internet through CloudFront; a prefix list that was not collected is assumed
 * open (low confidence), never closed.
 */
export function securityGroupReach(
  groups: readonly SecurityGroup[],
  port: number,
  prefixLists: ReadonlyMap<string, PrefixListFacts> = new Map(),
): ReachVerdict {
  const cidrs: string[] = [];
  const sources: string[] = [];
  let cloudFront = false;
  let unknownList = false;
  for (const group of groups) {
    for (const permission of (group.IpPermissions ?? []).filter((p) => coversTcpPort(p, port))) {
      const ranges = [
        ...(permission.IpRanges ?? []).map((range) => range.CidrIp ?? ''),
        ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6 ?? ''),
      ].filter(Boolean);
      cidrs.push(...ranges);
      sources.push(...ranges.map((cidr) => `${cidr} (${group.GroupId})`));
      for (const { PrefixListId: id = '' } of permission.PrefixListIds ?? []) {
        const list = prefixLists.get(id);
        if (list?.name === CLOUDFRONT_ORIGIN_FACING) cloudFront = true;
        else if (list?.cidrs === undefined) unknownList = true;
        else cidrs.push(...list.cidrs);
        sources.push(`prefix list ${describeList(id, list)} (${group.GroupId})`);
      }
    }
  }
  const ids = groups.map((group) => group.GroupId).join(', ') || 'none';
  const text =
    sources.length === 0
      ? `no ingress rule of security groups ${ids} admits TCP ${port} from an address range`
      : `security groups admit TCP ${port} from ${sources.join(', ')}`;
  const source = `DescribeSecurityGroups IpPermissions of ${ids}`;
  const verdict: ReachVerdict = {
    reach: cidrReach(cidrs),
    evidence: { text, source },
    blocker: 'security_group_closed',
  };
  if (verdict.reach === 'internet') return verdict;
  if (cloudFront) {
    const through = `${text}: reachable from the internet through CloudFront (any distribution, of any account, can use it as an origin)`;
    return {
      ...verdict,
      reach: 'internet',
      evidence: { text: through, source },
      throughCloudFront: true,
      confidence: 'medium',
    };
  }
  if (unknownList) {
    const assumed = `${text}: a prefix list's entries were not collected, so TCP ${port} is assumed open to the internet`;
    return { ...verdict, reach: 'internet', evidence: { text: assumed, source }, confidence: 'low' };
  }
  return verdict;
}

function describeList(id: string, list: PrefixListFacts | undefined): string {
  if (list === undefined) return `${id} (not collected)`;
  const entries = list.cidrs === undefined ? 'entries not collected' : list.cidrs.join(', ') || 'no entries';
  return `${id} ${list.name ?? ''} [${entries}]`;
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
  if (verdict.reach === 'internet')
    return verdict.throughCloudFront
      ? { ...exposure, evidence, throughCloudFront: true }
      : { ...exposure, evidence };
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
  // No longer cross-account: whom the grants admit outside the account is no path start any more.
  const { outsidePrincipals: _dropped, ...rest } = exposure;
  return {
    ...rest,
    exposure: 'public_authenticated',
    authentication: `${exposure.authentication}; source addresses limited to an allow-list`,
    evidence,
  };
}
