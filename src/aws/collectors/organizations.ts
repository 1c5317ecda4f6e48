/**
 * Organizations, once, from an account allowed to read it (the management account or a delegated
 * administrator): accounts, roots, the OU tree (parents of every OU and account), and the service control
 * policies with their content and where each is attached.
 */
import {
  type Account,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type OrganizationalUnit,
  type Policy,
  type PolicySummary,
} from '@aws-sdk/client-organizations';
import type { OrganizationsData } from '../../snapshot/format.js';
import type { ClientFactory } from '../clients.js';
import type { UnitContext } from '../unit.js';

export async function collectOrganizations(ctx: UnitContext, homeRegion: string): Promise<OrganizationsData> {
  const client = ctx.clients('organizations', homeRegion);
  const listAll = <P extends { NextToken?: string }, T>(
    api: string,
    fetch: (token?: string) => Promise<P>,
    items: (page: P) => T[] | undefined,
  ) => ctx.list(api, fetch, (page) => page.NextToken, items);

  const { Organization } = await ctx.call('DescribeOrganization', () =>
    client.send(new DescribeOrganizationCommand({})),
  );
  const accounts = await listAll(
    'ListAccounts',
    (NextToken) => client.send(new ListAccountsCommand({ NextToken })),
    (page) => page.Accounts,
  );
  ctx.count('accounts', accounts.length);
  const roots = await listAll(
    'ListRoots',
    (NextToken) => client.send(new ListRootsCommand({ NextToken })),
    (page) => page.Roots,
  );

  // Walk the tree breadth-first from the roots: each level's parents in parallel.
  const organizationalUnits: OrganizationalUnit[] = [];
  const parents: Record<string, string> = {};
  let level = roots.map((root) => root.Id!);
  while (level.length > 0) {
    const children = await ctx.each(level, async (ParentId) => {
      const units = await listAll(
        'ListOrganizationalUnitsForParent',
        (NextToken) => client.send(new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken })),
        (page) => page.OrganizationalUnits,
      );
      const members: Account[] = await listAll(
        'ListAccountsForParent',
        (NextToken) => client.send(new ListAccountsForParentCommand({ ParentId, NextToken })),
        (page) => page.Accounts,
      );
      for (const child of [...units, ...members]) parents[child.Id!] = ParentId;
      return units;
    });
    const next = children.flat();
    organizationalUnits.push(...next);
    level = next.map((unit) => unit.Id!);
  }

  const summaries = await listAll(
    'ListPolicies',
    (NextToken) => client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken })),
    (page) => page.Policies,
  );
  const policiesForTarget: Record<string, PolicySummary[]> = {};
  const policies = await ctx.each(summaries, async (summary): Promise<Policy> => {
    const PolicyId = summary.Id!;
    const { Policy } = await ctx.call('DescribePolicy', () =>
      client.send(new DescribePolicyCommand({ PolicyId })),
    );
    const targets = await listAll(
      'ListTargetsForPolicy',
      (NextToken) => client.send(new ListTargetsForPolicyCommand({ PolicyId, NextToken })),
      (page) => page.Targets,
    );
    for (const target of targets) {
      policiesForTarget[target.TargetId!] = [...(policiesForTarget[target.TargetId!] ?? []), summary];
    }
    return Policy ?? { PolicySummary: summary };
  });
  ctx.count('scps', policies.length);
  return {
    accounts,
    roots,
    organizationalUnits,
    policies,
    policiesForTarget,
    parents,
    ...(Organization?.MasterAccountId ? { managementAccountId: Organization.MasterAccountId } : {}),
  };
}

/** The active accounts of the organization, for `--org`. */
export async function organizationAccounts(clients: ClientFactory, homeRegion: string): Promise<string[]> {
  const client = clients('organizations', homeRegion);
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListAccountsCommand({ NextToken }));
    for (const account of page.Accounts ?? []) {
      if ((account.State ?? account.Status) === 'ACTIVE') ids.push(account.Id!);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return ids.sort();
}
