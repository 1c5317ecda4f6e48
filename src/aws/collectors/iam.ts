/**
 * IAM, once per account: every page of GetAccountAuthorizationDetails (users, groups, roles, managed
 * policies with every version, inline policies, attachments, boundaries, instance profiles, tags,
 * RoleLastUsed). Documents stay URL-encoded as AWS sends them; the loader decodes them.
 */
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import type { IamData } from '../../snapshot/format.js';
import type { UnitContext } from '../unit.js';

/** IAM is global; its endpoint answers in the partition's home region. */
export async function collectIam(ctx: UnitContext, homeRegion: string): Promise<IamData> {
  const iam = ctx.clients('iam', homeRegion);
  const pages = await ctx.pages(
    'GetAccountAuthorizationDetails',
    (Marker) => iam.send(new GetAccountAuthorizationDetailsCommand({ Marker, MaxItems: 1000 })),
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  const authorizationDetails: IamData['authorizationDetails'] = {
    UserDetailList: pages.flatMap((page) => page.UserDetailList ?? []),
    GroupDetailList: pages.flatMap((page) => page.GroupDetailList ?? []),
    RoleDetailList: pages.flatMap((page) => page.RoleDetailList ?? []),
    Policies: pages.flatMap((page) => page.Policies ?? []).map(withPolicyName),
  };
  ctx.count('roles', authorizationDetails.RoleDetailList.length);
  ctx.count('users', authorizationDetails.UserDetailList.length);
  ctx.count('groups', authorizationDetails.GroupDetailList.length);
  ctx.count('policies', authorizationDetails.Policies.length);
  return { authorizationDetails };
}

/**
 * AWS always names a managed policy; some emulators (moto) leave `PolicyName` out. The name is the last
 * segment of the ARN (`arn:aws:iam::123456789012:policy/path/name`), so the snapshot always carries it.
 */
export function withPolicyName<P extends { Arn?: string; PolicyName?: string }>(policy: P): P {
  if (policy.PolicyName || !policy.Arn) return policy;
  return { ...policy, PolicyName: policy.Arn.slice(policy.Arn.lastIndexOf('/') + 1) };
}
