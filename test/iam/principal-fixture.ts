/**
 * Builds principals the way AWS describes them (GetAccountAuthorizationDetails, documents URL-encoded)
 * and runs them through the real adapter, so tests exercise the same path as a scan.
 */
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { loadActionCatalog } from '../../src/iam/catalog.js';
import {
  type AuthorizationDetails,
  type PrincipalPolicies,
  principalsFromAuthorizationDetails,
  type ServiceControlPolicy,
} from '../../src/iam/principals.js';

export const ACCOUNT = '123456789012';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app-fn-role`;
export const NOW = new Date('2026-11-28T12:00:00Z');

export type Doc = { Version?: string; Statement: unknown };
export const doc = (...Statement: object[]): Doc => ({ Version: '2012-10-17', Statement });
export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
export const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

const encode = (document: object) => encodeURIComponent(JSON.stringify(document));

export interface RoleSpec {
  inline?: Doc[];
  /** Customer-managed policies attached to the role, by name. */
  managed?: Record<string, Doc>;
  /** AWS-managed policies attached, by name (arn:aws:iam::aws:policy/NAME). */
  awsManaged?: Record<string, Doc>;
  boundary?: Doc;
  scpLevels?: Doc[][];
  tags?: Record<string, string>;
  path?: string;
  /** Default: app-fn-role in ACCOUNT, trusting lambda.amazonaws.com. */
  name?: string;
  account?: string;
  /** Default `aws`. */
  partition?: string;
  trust?: Doc;
}

export function authorizationDetails(spec: RoleSpec): AuthorizationDetails {
  const account = spec.account ?? ACCOUNT;
  const partition = spec.partition ?? 'aws';
  const roleName = spec.name ?? 'app-fn-role';
  const policies: NonNullable<AuthorizationDetails['Policies']> = [];
  const attached: { PolicyName: string; PolicyArn: string }[] = [];
  const addManaged = (name: string, arn: string, document: Doc, attach: boolean) => {
    policies.push({
      PolicyName: name,
      Arn: arn,
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        { VersionId: 'v1', IsDefaultVersion: false, Document: encode(doc(allow('*'))) },
        { VersionId: 'v2', IsDefaultVersion: true, Document: encode(document) },
      ],
    });
    if (attach) attached.push({ PolicyName: name, PolicyArn: arn });
  };
  for (const [name, document] of Object.entries(spec.managed ?? {}))
    addManaged(name, `arn:${partition}:iam::${account}:policy/${name}`, document, true);
  for (const [name, document] of Object.entries(spec.awsManaged ?? {}))
    addManaged(name, `arn:${partition}:iam::aws:policy/${name}`, document, true);
  const boundaryArn = `arn:${partition}:iam::${account}:policy/boundary`;
  if (spec.boundary) addManaged('boundary', boundaryArn, spec.boundary, false);
  return {
    RoleDetailList: [
      {
        Arn: `arn:${partition}:iam::${account}:role${spec.path ?? '/'}${roleName}`,
        RoleName: roleName,
        Path: spec.path ?? '/',
        AssumeRolePolicyDocument: encode(
          spec.trust ??
            doc({
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
            }),
        ),
        RolePolicyList: (spec.inline ?? []).map((document, index) => ({
          PolicyName: `inline-${index}`,
          PolicyDocument: encode(document),
        })),
        AttachedManagedPolicies: attached,
        ...(spec.boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: boundaryArn } } : {}),
        Tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      },
    ],
    Policies: policies,
  };
}

export function role(spec: RoleSpec): PrincipalPolicies {
  const scpLevels = spec.scpLevels?.map((level, l) =>
    level.map(
      (document, i): ServiceControlPolicy => ({
        name: `scp-${l}-${i}`,
        arn: `arn:aws:organizations::${ACCOUNT}:policy/o-x/service_control_policy/p-${l}${i}`,
        content: JSON.stringify(document),
      }),
    ),
  );
  const [principal] = principalsFromAuthorizationDetails(
    authorizationDetails(spec),
    scpLevels ? { scpLevels, isManagementAccount: false } : undefined,
  );
  return principal!;
}

export interface UserSpec {
  inline?: Doc[];
  /** Groups the user belongs to, by name, with their inline policies. */
  groups?: Record<string, Doc[]>;
  boundary?: Doc;
  name?: string;
}

/** A user as GetAccountAuthorizationDetails describes it, with its groups, through the real adapter. */
export function user(spec: UserSpec): PrincipalPolicies {
  const name = spec.name ?? 'deployer';
  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
  const inline = (documents: Doc[]) =>
    documents.map((document, index) => ({ PolicyName: `inline-${index}`, PolicyDocument: encode(document) }));
  const details: AuthorizationDetails = {
    UserDetailList: [
      {
        Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
        UserName: name,
        UserPolicyList: inline(spec.inline ?? []),
        GroupList: Object.keys(spec.groups ?? {}),
        AttachedManagedPolicies: [],
        ...(spec.boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: boundaryArn } } : {}),
      },
    ],
    GroupDetailList: Object.entries(spec.groups ?? {}).map(([groupName, documents]) => ({
      Arn: `arn:aws:iam::${ACCOUNT}:group/${groupName}`,
      GroupName: groupName,
      GroupPolicyList: inline(documents),
      AttachedManagedPolicies: [],
    })),
    Policies: spec.boundary
      ? [
          {
            PolicyName: 'boundary',
            Arn: boundaryArn,
            DefaultVersionId: 'v1',
            PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: encode(spec.boundary) }],
          },
        ]
      : [],
  };
  return principalsFromAuthorizationDetails(details)[0]!;
}

let catalog: ActionCatalog | undefined;
export async function catalogForTests(): Promise<ActionCatalog> {
  catalog ??= await loadActionCatalog();
  return catalog;
}
