/**
 * EC2 unit → rows: the security groups of load balancers with their ingress rules (IPv4 and IPv6), and
 * the managed prefix lists those rules name, with their entries.
 */
import { partitionOfRegion } from '../../iam/partition.js';
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import { jsonOrNull, textOrNull } from './values.js';

export const securityGroupId = (region: string, accountId: string, groupId: string) =>
  `arn:${partitionOfRegion(region)}:ec2:${region}:${accountId}:security-group/${groupId}`;

export function transformEc2(unit: UnitInput<'ec2'>) {
  const rows = new GraphRowsBuilder();
  for (const group of unit.data.securityGroups) {
    if (!group.GroupId) continue;
    rows.node('EC2SecurityGroup', securityGroupId(unit.region, unit.accountId, group.GroupId), {
      groupId: group.GroupId,
      name: textOrNull(group.GroupName),
      vpcId: textOrNull(group.VpcId),
      ingressJson: jsonOrNull(group.IpPermissions ?? []),
    });
  }
  const lists = new Map((unit.data.prefixLists ?? []).map((list) => [list.PrefixListId, list]));
  for (const list of lists.values()) {
    if (!list.PrefixListId || !list.PrefixListArn) continue;
    const entries = unit.data.prefixListEntries?.[list.PrefixListId];
    rows.node('EC2PrefixList', list.PrefixListArn, {
      prefixListId: list.PrefixListId,
      name: textOrNull(list.PrefixListName),
      ownerId: textOrNull(list.OwnerId),
      addressFamily: textOrNull(list.AddressFamily),
      cidrs: (entries ?? []).flatMap((entry) => (entry.Cidr ? [entry.Cidr] : [])),
      entriesCollected: entries !== undefined,
    });
  }
  for (const group of unit.data.securityGroups) {
    const named = (group.IpPermissions ?? []).flatMap((p) =>
      (p.PrefixListIds ?? []).map((l) => l.PrefixListId),
    );
    for (const id of new Set(named)) {
      const arn = id ? lists.get(id)?.PrefixListArn : undefined;
      if (!group.GroupId || !arn) continue;
      rows.relationship(
        'securityGroupPrefixList',
        securityGroupId(unit.region, unit.accountId, group.GroupId),
        arn,
        {},
      );
    }
  }
  return rows.build();
}
