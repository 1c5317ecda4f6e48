/**
 * Builds each principal's policy set from GetAccountAuthorizationDetails (AWS's shapes, documents
 * URL-encoded): inline + attached managed policies at their default version, a user's groups, the
 * permissions boundary, and the SCP levels (which AWS does not apply to the management account or to
 * service-linked roles). A document that cannot be read is reported, not fatal: the rest still counts, and
 * the principal says which documents it could not read (`unreadable`), so that its verdict is known to be
 * incomplete rather than taken as safe. An unreadable SCP counts as allowing everything: it can never make
 * a principal look weaker than it may be (docs/architecture.md §4; docs/iam.md "SCPs and permissions boundaries").
 */

import { partitionOf } from './arn.js';
import { isAwsManagedPolicy } from './aws-owned.js';
import type { AttachedPolicy, PolicySet } from './evaluate.js';
import { type Policy, PolicyDocumentError, parsePolicy } from './policy.js';

interface Tag {
  Key?: string;
  Value?: string;
}
interface InlinePolicy {
  PolicyName?: string;
  PolicyDocument?: string;
}
interface AttachedRef {
  PolicyName?: string;
  PolicyArn?: string;
}
interface Boundary {
  PermissionsBoundaryArn?: string;
}

/** The members of GetAccountAuthorizationDetails the engine reads (structurally the SDK's types). */
export interface AuthorizationDetails {
  RoleDetailList?: {
    Arn?: string;
    RoleName?: string;
    Path?: string;
    AssumeRolePolicyDocument?: string;
    RolePolicyList?: InlinePolicy[];
    AttachedManagedPolicies?: AttachedRef[];
    PermissionsBoundary?: Boundary;
    Tags?: Tag[];
  }[];
  UserDetailList?: {
    Arn?: string;
    UserName?: string;
    UserPolicyList?: InlinePolicy[];
    GroupList?: string[];
    AttachedManagedPolicies?: AttachedRef[];
    PermissionsBoundary?: Boundary;
    Tags?: Tag[];
  }[];
  GroupDetailList?: {
    Arn?: string;
    GroupName?: string;
    GroupPolicyList?: InlinePolicy[];
    AttachedManagedPolicies?: AttachedRef[];
  }[];
  Policies?: {
    Arn?: string;
    PolicyName?: string;
    DefaultVersionId?: string;
    PolicyVersionList?: { Document?: string; VersionId?: string; IsDefaultVersion?: boolean }[];
  }[];
}

/** A service control policy as Organizations returns it (DescribePolicy: PolicySummary + Content). */
export interface ServiceControlPolicy {
  readonly name: string;
  readonly arn: string;
  readonly content: string;
}

export interface PrincipalPolicies extends PolicySet {
  readonly arn: string;
  readonly kind: 'role' | 'user';
  readonly name: string;
  readonly accountId: string;
  /** From the principal's ARN (`aws`, `aws-cn`, `aws-us-gov`): every ARN built for it uses this one. */
  readonly partition: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Role trust policy (roles only). */
  readonly trust: Policy | undefined;
  readonly isServiceLinked: boolean;
  /** ARNs of the groups a user belongs to (as collected). */
  readonly groups: readonly string[];
  /** Policies referenced but absent or unreadable: the evaluation may under-report. */
  readonly problems: readonly string[];
  /** Identity, group, boundary and trust documents that could not be parsed: the verdict is incomplete. */
  readonly unreadable: readonly UnreadableDocument[];
  /** SCPs that could not be parsed, each counted as allowing everything. */
  readonly unreadableScps: readonly UnreadableDocument[];
}

/** A document that could not be parsed: which one, which statement (when one is at fault) and why. */
export interface UnreadableDocument {
  readonly source: string;
  readonly statementIndex: number | null;
  readonly reason: string;
}

/** What an unreadable SCP is counted as: the widest an SCP can be (AWS's FullAWSAccess). */
function unreadableScp(arn: string): Policy {
  return parsePolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    `SCP ${arn} (unreadable: counted as allowing everything)`,
  );
}

function unreadableOf(error: unknown, source: string): UnreadableDocument {
  return error instanceof PolicyDocumentError
    ? { source: error.source, statementIndex: error.statementIndex ?? null, reason: error.reason }
    : { source, statementIndex: null, reason: (error as Error).message };
}

export interface OrganizationContext {
  /** Root first, account last. */
  readonly scpLevels: readonly (readonly ServiceControlPolicy[])[];
  /** SCPs do not restrict the management account. */
  readonly isManagementAccount: boolean;
}

export function principalsFromAuthorizationDetails(
  details: AuthorizationDetails,
  organization?: OrganizationContext,
): PrincipalPolicies[] {
  const managed = new Map((details.Policies ?? []).map((policy) => [policy.Arn ?? '', policy]));
  const groups = new Map((details.GroupDetailList ?? []).map((group) => [group.GroupName ?? '', group]));

  const build = (
    base: {
      arn: string;
      kind: 'role' | 'user';
      name: string;
      tags: Tag[] | undefined;
      trust: string | undefined;
      isServiceLinked: boolean;
    },
    inline: InlinePolicy[] | undefined,
    attached: AttachedRef[] | undefined,
    boundary: Boundary | undefined,
    groupNames: string[],
  ): PrincipalPolicies => {
    const problems: string[] = [];
    const unreadable: UnreadableDocument[] = [];
    const unreadableScps: UnreadableDocument[] = [];
    const partition = partitionOf(base.arn);
    const tryParse = (document: unknown, source: string, into = unreadable) => {
      try {
        return parsePolicy(document, source, partition);
      } catch (error) {
        problems.push((error as Error).message);
        into.push(unreadableOf(error, source));
        return undefined;
      }
    };
    const identity: AttachedPolicy[] = [];
    const addInline = (
      list: InlinePolicy[] | undefined,
      kind: 'inline' | 'group_inline',
      owner: string,
      viaGroup?: string,
    ) => {
      for (const item of list ?? []) {
        const name = item.PolicyName ?? '(unnamed)';
        const policy = tryParse(item.PolicyDocument, `${owner} inline policy ${name}`);
        if (policy) identity.push({ kind, name, arn: undefined, policy, ...(viaGroup ? { viaGroup } : {}) });
      }
    };
    const resolveManaged = (ref: { PolicyArn?: string; PolicyName?: string }): AttachedPolicy | undefined => {
      const arn = ref.PolicyArn ?? '';
      const entry = managed.get(arn);
      const version = entry?.PolicyVersionList?.find(
        (candidate) => candidate.IsDefaultVersion || candidate.VersionId === entry.DefaultVersionId,
      );
      if (!version?.Document) {
        problems.push(
          `managed policy ${arn} is attached to ${base.arn} but its default version was not collected`,
        );
        return undefined;
      }
      const policy = tryParse(version.Document, `${arn} (${version.VersionId ?? 'default version'})`);
      if (!policy) return undefined;
      const kind = isAwsManagedPolicy(arn) ? 'aws_managed' : 'customer_managed';
      return { kind, name: ref.PolicyName ?? entry?.PolicyName ?? arn, arn, policy };
    };
    const addManaged = (list: AttachedRef[] | undefined, viaGroup?: string) => {
      for (const ref of list ?? []) {
        const attachedPolicy = resolveManaged(ref);
        if (!attachedPolicy) continue;
        identity.push(
          viaGroup
            ? {
                ...attachedPolicy,
                kind: attachedPolicy.kind === 'aws_managed' ? 'aws_managed' : 'group_managed',
                viaGroup,
              }
            : attachedPolicy,
        );
      }
    };
    addInline(inline, 'inline', base.arn);
    addManaged(attached);
    const groupArns: string[] = [];
    for (const groupName of groupNames) {
      const group = groups.get(groupName);
      if (!group) {
        problems.push(`group ${groupName} of ${base.arn} was not collected`);
        continue;
      }
      if (group.Arn) groupArns.push(group.Arn);
      addInline(group.GroupPolicyList, 'group_inline', group.Arn ?? groupName, groupName);
      addManaged(group.AttachedManagedPolicies, groupName);
    }
    const boundaryPolicy = boundary?.PermissionsBoundaryArn
      ? resolveManaged({ PolicyArn: boundary.PermissionsBoundaryArn })
      : undefined;
    const scpsApply = organization && !organization.isManagementAccount && !base.isServiceLinked;
    const scpLevels = scpsApply
      ? organization.scpLevels.map((level) =>
          level.map((scp): AttachedPolicy => {
            const policy = tryParse(scp.content, `SCP ${scp.arn}`, unreadableScps) ?? unreadableScp(scp.arn);
            return { kind: 'scp', name: scp.name, arn: scp.arn, policy };
          }),
        )
      : [];
    if (partition === undefined)
      problems.push(`${base.arn || '(no ARN)'} is not an ARN: its partition is unknown`);
    return {
      arn: base.arn,
      kind: base.kind,
      name: base.name,
      accountId: accountOf(base.arn),
      partition: partition ?? '',
      tags: Object.fromEntries((base.tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
      trust: base.trust === undefined ? undefined : tryParse(base.trust, `${base.arn} trust policy`),
      isServiceLinked: base.isServiceLinked,
      groups: groupArns,
      identity,
      boundary: boundaryPolicy ? { ...boundaryPolicy, kind: 'boundary' } : undefined,
      scpLevels,
      problems,
      unreadable,
      unreadableScps,
    };
  };

  const roles = (details.RoleDetailList ?? []).map((role) =>
    build(
      {
        arn: role.Arn ?? '',
        kind: 'role',
        name: role.RoleName ?? '',
        tags: role.Tags,
        trust: role.AssumeRolePolicyDocument,
        isServiceLinked: (role.Path ?? '').startsWith('/aws-service-role/'),
      },
      role.RolePolicyList,
      role.AttachedManagedPolicies,
      role.PermissionsBoundary,
      [],
    ),
  );
  const users = (details.UserDetailList ?? []).map((user) =>
    build(
      {
        arn: user.Arn ?? '',
        kind: 'user',
        name: user.UserName ?? '',
        tags: user.Tags,
        trust: undefined,
        isServiceLinked: false,
      },
      user.UserPolicyList,
      user.AttachedManagedPolicies,
      user.PermissionsBoundary,
      user.GroupList ?? [],
    ),
  );
  return [...roles, ...users];
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}
