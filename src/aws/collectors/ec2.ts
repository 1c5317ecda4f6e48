/**
 * EC2, per region: the security groups attached to the region's load balancers, with their ingress rules
 * (IPv4 and IPv6 ranges, prefix lists, group pairs), and the managed prefix lists those rules name with
 * their entries (docs/exposure.md "Network reach"). Depends on the ELBv2 unit of the same region.
 */
import {
  DescribeManagedPrefixListsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  GetManagedPrefixListEntriesCommand,
  type ManagedPrefixList,
  type PrefixListEntry,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { Ec2Data } from '../../snapshot/format.js';
import type { ClientFactory } from '../clients.js';
import type { UnitContext } from '../unit.js';

/** DescribeSecurityGroups takes a bounded list of ids per call. */
const GROUP_IDS_PER_CALL = 100;

export async function collectEc2(ctx: UnitContext, securityGroupIds: string[]): Promise<Ec2Data> {
  const client = ctx.clients('ec2', ctx.region);
  const ids = [...new Set(securityGroupIds)].sort();
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += GROUP_IDS_PER_CALL) {
    chunks.push(ids.slice(start, start + GROUP_IDS_PER_CALL));
  }
  const answers = await ctx.each(chunks, (GroupIds) =>
    ctx.call('DescribeSecurityGroups', () => client.send(new DescribeSecurityGroupsCommand({ GroupIds }))),
  );
  const securityGroups: SecurityGroup[] = answers.flatMap((answer) => answer.SecurityGroups ?? []);
  ctx.count('securityGroups', securityGroups.length);
  return { securityGroups, ...(await collectPrefixLists(ctx, securityGroups)) };
}

/** The prefix lists the ingress rules name, with their entries (AWS-managed lists included). */
async function collectPrefixLists(
  ctx: UnitContext,
  securityGroups: readonly SecurityGroup[],
): Promise<{ prefixLists: ManagedPrefixList[]; prefixListEntries: Record<string, PrefixListEntry[]> }> {
  const client = ctx.clients('ec2', ctx.region);
  const ids = [
    ...new Set(
      securityGroups.flatMap((group) =>
        (group.IpPermissions ?? []).flatMap((p) =>
          (p.PrefixListIds ?? []).map((list) => list.PrefixListId ?? ''),
        ),
      ),
    ),
  ]
    .filter(Boolean)
    .sort();
  if (ids.length === 0) return { prefixLists: [], prefixListEntries: {} };
  const prefixLists = await ctx.list(
    'DescribeManagedPrefixLists',
    (NextToken?: string) =>
      client.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ids, NextToken })),
    (page) => page.NextToken,
    (page) => page.PrefixLists,
  );
  const entries = await ctx.each(prefixLists, async (list) => {
    const PrefixListId = list.PrefixListId!;
    const listed = await ctx.list(
      'GetManagedPrefixListEntries',
      (NextToken?: string) =>
        client.send(new GetManagedPrefixListEntriesCommand({ PrefixListId, NextToken })),
      (page) => page.NextToken,
      (page) => page.Entries,
    );
    return [PrefixListId, listed] as const;
  });
  ctx.count('prefixLists', prefixLists.length);
  return { prefixLists, prefixListEntries: Object.fromEntries(entries) };
}

/** The regions enabled for the account (opted-in or not requiring opt-in), sorted. */
export async function enabledRegions(clients: ClientFactory, region: string): Promise<string[]> {
  const { Regions = [] } = await clients('ec2', region).send(new DescribeRegionsCommand({}));
  return Regions.map((entry) => entry.RegionName!).sort();
}
