/** EC2 unit → rows: the security groups of load balancers with their ingress rules (IPv4 and IPv6). */
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import { jsonOrNull, textOrNull } from './values.js';

export const securityGroupId = (region: string, accountId: string, groupId: string) =>
  `arn:aws:ec2:${region}:${accountId}:security-group/${groupId}`;

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
  return rows.build();
}
