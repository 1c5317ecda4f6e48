/**
 * IAM unit → rows: roles, users, groups, managed and inline policies, attachments, boundaries, group
 * memberships, and one TRUSTS edge per (trust statement, principal), keeping the statement's conditions.
 */
import { partitionOf } from '../../iam/arn.js';
import { isAwsManagedPolicy } from '../../iam/aws-owned.js';
import { type PrincipalSet, parsePolicy } from '../../iam/policy.js';
import { type AwsPrincipalKind, accountOfPrincipal, awsPrincipalKind } from '../../iam/principal.js';
import { GraphRowsBuilder } from '../rows.js';
import type { RelationshipName } from '../schema.js';
import type { UnitInput } from './input.js';
import { isoOrNull, jsonOrNull, numberOrNull, policyTextOrRaw, textOrNull } from './values.js';

type AuthorizationDetails = UnitInput<'iam'>['data']['authorizationDetails'];
type Principal = 'AWSRole' | 'AWSUser' | 'AWSGroup';
interface InlinePolicy {
  PolicyName?: string;
  PolicyDocument?: string;
}
interface Attached {
  PolicyArn?: string;
}

export function transformIam(unit: UnitInput<'iam'>) {
  const rows = new GraphRowsBuilder();
  const details: AuthorizationDetails = unit.data.authorizationDetails;
  const decode = (raw: string | undefined, where: string): string | null =>
    raw === undefined ? null : policyTextOrRaw(raw, where, (message) => rows.warn(message));
  const policies = (
    principal: Principal,
    arn: string,
    inline: InlinePolicy[] | undefined,
    attached: Attached[] | undefined,
  ) => {
    const edge = POLICY_EDGE[principal];
    for (const policy of inline ?? []) {
      if (!policy.PolicyName) continue;
      const id = `${arn}/inline/${policy.PolicyName}`;
      rows.node('AWSPolicy', id, {
        name: policy.PolicyName,
        kind: 'inline',
        path: null,
        documentJson: decode(policy.PolicyDocument, `inline policy ${id}`),
        defaultVersionId: null,
        versionsJson: null,
        attachmentCount: null,
      });
      rows.relationship(edge, arn, id, {});
    }
    for (const policy of attached ?? []) {
      if (policy.PolicyArn) rows.relationship(edge, arn, policy.PolicyArn, {});
    }
  };

  // The reader has checked that names and ARNs are present; the SDK types still call them optional.
  for (const role of details.RoleDetailList) {
    const arn = role.Arn;
    if (!arn || !role.RoleName) continue;
    const trust = decode(role.AssumeRolePolicyDocument, `trust policy of ${arn}`);
    rows.node('AWSRole', arn, {
      name: role.RoleName,
      path: textOrNull(role.Path),
      roleId: textOrNull(role.RoleId),
      createDate: isoOrNull(role.CreateDate),
      trustPolicyJson: trust,
      roleLastUsed: isoOrNull(role.RoleLastUsed?.LastUsedDate),
      roleLastUsedRegion: textOrNull(role.RoleLastUsed?.Region),
      isServiceLinked: (textOrNull(role.Path) ?? '').startsWith('/aws-service-role/'),
      permissionsBoundaryArn: textOrNull(role.PermissionsBoundary?.PermissionsBoundaryArn),
      instanceProfileArns: (role.InstanceProfileList ?? []).flatMap((profile) =>
        profile.Arn ? [profile.Arn] : [],
      ),
      tagsJson: jsonOrNull(role.Tags),
      accessAdvisorJson: jsonOrNull(unit.data.accessAdvisor?.[arn]),
    });
    policies('AWSRole', arn, role.RolePolicyList, role.AttachedManagedPolicies);
    const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundary) rows.relationship('roleBoundary', arn, boundary, {});
    if (trust !== null) trustEdges(rows, arn, trust);
  }

  const groupArns = new Map<string, string>();
  for (const group of details.GroupDetailList) {
    if (!group.Arn || !group.GroupName) continue;
    groupArns.set(group.GroupName, group.Arn);
    rows.node('AWSGroup', group.Arn, {
      name: group.GroupName,
      path: textOrNull(group.Path),
      groupId: textOrNull(group.GroupId),
      createDate: isoOrNull(group.CreateDate),
    });
    policies('AWSGroup', group.Arn, group.GroupPolicyList, group.AttachedManagedPolicies);
  }

  for (const user of details.UserDetailList) {
    if (!user.Arn || !user.UserName) continue;
    rows.node('AWSUser', user.Arn, {
      name: user.UserName,
      path: textOrNull(user.Path),
      userId: textOrNull(user.UserId),
      createDate: isoOrNull(user.CreateDate),
      permissionsBoundaryArn: textOrNull(user.PermissionsBoundary?.PermissionsBoundaryArn),
      tagsJson: jsonOrNull(user.Tags),
    });
    policies('AWSUser', user.Arn, user.UserPolicyList, user.AttachedManagedPolicies);
    const boundary = user.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundary) rows.relationship('userBoundary', user.Arn, boundary, {});
    for (const name of user.GroupList ?? []) {
      // GroupList holds names; a group of another path is found by name in the same answer, else the
      // group ARN is built in the user's partition.
      const partition = partitionOf(user.Arn);
      const groupArn =
        groupArns.get(name) ??
        (partition ? `arn:${partition}:iam::${unit.accountId}:group/${name}` : undefined);
      if (groupArn === undefined) {
        rows.warn(
          `IAM user ${user.Arn}: Arn is not an ARN, so group ${name} cannot be named; membership left out`,
        );
        continue;
      }
      rows.relationship('userMemberOf', user.Arn, groupArn, {});
    }
  }

  for (const policy of details.Policies) {
    if (!policy.Arn || !policy.PolicyName) continue;
    const versions = (policy.PolicyVersionList ?? []).map((version) => {
      const text = decode(version.Document, `${policy.Arn} version ${version.VersionId}`);
      return {
        versionId: version.VersionId,
        isDefaultVersion: version.IsDefaultVersion,
        createDate: isoOrNull(version.CreateDate),
        document: text === null ? null : JSON.parse(text),
        text,
      };
    });
    const current =
      versions.find((version) => version.isDefaultVersion) ??
      versions.find((version) => version.versionId === policy.DefaultVersionId);
    const awsManaged = isAwsManagedPolicy(policy.Arn);
    const props = {
      name: policy.PolicyName,
      kind: awsManaged ? 'aws_managed' : 'customer_managed',
      path: textOrNull(policy.Path),
      documentJson: current?.text ?? null,
      defaultVersionId: textOrNull(policy.DefaultVersionId),
      versionsJson: JSON.stringify(versions.map(({ text: _text, ...version }) => version)),
      // How many principals use it differs per account: meaningless on a node every account shares.
      attachmentCount: awsManaged ? null : numberOrNull(policy.AttachmentCount),
    };
    if (awsManaged) rows.sharedNode('AWSPolicy', policy.Arn, props);
    else rows.node('AWSPolicy', policy.Arn, props);
  }
  return rows.build();
}

const POLICY_EDGE = {
  AWSRole: 'rolePolicy',
  AWSUser: 'userPolicy',
  AWSGroup: 'groupPolicy',
} as const satisfies Record<Principal, RelationshipName>;

/** One TRUSTS edge per principal named by each Allow statement; the Condition block kept as written. */
function trustEdges(rows: GraphRowsBuilder, roleArn: string, trustText: string): void {
  let statements: ReturnType<typeof parsePolicy>['statements'];
  try {
    statements = parsePolicy(trustText, `trust policy of ${roleArn}`, partitionOf(roleArn)).statements;
  } catch (error) {
    rows.warn(`${(error as Error).message}; no TRUSTS edges for this role`);
    return;
  }
  const document = JSON.parse(trustText) as { Statement: unknown };
  const raw = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as {
    Condition?: unknown;
  }[];
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || !statement.principal) continue;
    const base = {
      statementIndex: statement.index,
      sid: statement.sid ?? null,
      actions: statement.action ? [...statement.action] : null,
      notActions: statement.notAction ? [...statement.notAction] : null,
      conditionsJson: jsonOrNull(raw[statement.index]?.Condition),
    };
    for (const [name, target, principalKind] of trustTargets(statement.principal)) {
      rows.relationship(name, roleArn, target, { ...base, principalKind });
    }
  }
}

type TrustTarget = [RelationshipName & `roleTrusts${string}`, string, string];

export function trustTargets(set: PrincipalSet): TrustTarget[] {
  const targets: TrustTarget[] = [];
  if (set.everyone) targets.push(['roleTrustsPrincipal', '*', '*']);
  for (const entry of set.aws) targets.push([awsPrincipalEdge(entry), accountRoot(entry) ?? entry, 'AWS']);
  for (const entry of set.service) targets.push(['roleTrustsService', entry, 'Service']);
  for (const entry of set.federated) targets.push(['roleTrustsFederated', entry, 'Federated']);
  for (const entry of set.canonicalUser) targets.push(['roleTrustsPrincipal', entry, 'CanonicalUser']);
  return targets;
}

function accountRoot(entry: string): string | undefined {
  return awsPrincipalKind(entry) === 'account' ? accountOfPrincipal(entry) : undefined;
}

const AWS_PRINCIPAL_EDGE: Partial<Record<AwsPrincipalKind, TrustTarget[0]>> = {
  account: 'roleTrustsAccount',
  role: 'roleTrustsRole',
  user: 'roleTrustsUser',
};

function awsPrincipalEdge(entry: string): TrustTarget[0] {
  return AWS_PRINCIPAL_EDGE[awsPrincipalKind(entry)] ?? 'roleTrustsPrincipal';
}
