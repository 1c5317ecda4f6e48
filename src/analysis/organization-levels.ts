/**
 * Each account's SCP levels rebuilt from the Organizations structure the loader keeps (docs/architecture.md
 * §2): the chain root → OUs → account by `CONTAINS`, at each level the SCPs that `APPLIES_TO` it. Pure; the
 * privilege analysis reads the rows and hands the result to the IAM engine (OrganizationContext).
 *
 * An incomplete chain (a level with no SCP recorded, an SCP whose document was not readable, no way up to a
 * root) would deny everything at that level; the account then gets no SCPs at all, and a problem says so:
 * better to over-report than to hide a privilege behind data we do not have.
 */
import type { OrganizationContext, ServiceControlPolicy } from '../iam/principals.js';

export interface OrganizationStructure {
  /** Accounts the organization knows (those under a root or OU), with the management flag. */
  readonly accounts: readonly { id: string; isManagementAccount: boolean | null }[];
  /** Direct parent → child edges; roots are the parents that are never children. */
  readonly edges: readonly { parent: string; child: string }[];
  readonly roots: readonly string[];
  /** One row per (SCP, target it is attached to). */
  readonly attachments: readonly {
    target: string;
    arn: string;
    name: string | null;
    document: string | null;
  }[];
}

export interface OrganizationLevels {
  readonly organizations: Map<string, OrganizationContext>;
  readonly problems: string[];
}

export function organizationLevels(structure: OrganizationStructure): OrganizationLevels {
  const parentOf = new Map<string, string>();
  // Deterministic when the graph somehow holds two parents: the smallest id wins.
  for (const { parent, child } of [...structure.edges].sort((a, b) => a.parent.localeCompare(b.parent))) {
    if (!parentOf.has(child)) parentOf.set(child, parent);
  }
  const roots = new Set(structure.roots);
  const scpsAt = new Map<string, { arn: string; name: string | null; document: string | null }[]>();
  for (const row of structure.attachments) {
    const list = scpsAt.get(row.target) ?? [];
    list.push(row);
    scpsAt.set(row.target, list);
  }

  const organizations = new Map<string, OrganizationContext>();
  const problems: string[] = [];
  for (const account of [...structure.accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    const chain = [account.id];
    for (let at = parentOf.get(account.id); at !== undefined && !chain.includes(at); at = parentOf.get(at)) {
      chain.unshift(at);
    }
    if (chain.length === 1) continue; // not in any organization the graph knows
    if (account.isManagementAccount === true) {
      organizations.set(account.id, { scpLevels: [], isManagementAccount: true });
      continue;
    }
    const missing = incomplete(chain, roots, scpsAt);
    if (missing) {
      problems.push(`SCPs of account ${account.id} not applied: ${missing}`);
      continue;
    }
    organizations.set(account.id, {
      isManagementAccount: false,
      scpLevels: chain.map((level) =>
        (scpsAt.get(level) ?? [])
          .map(
            (scp): ServiceControlPolicy => ({
              arn: scp.arn,
              name: scp.name ?? scp.arn,
              content: scp.document!,
            }),
          )
          .sort((a, b) => a.arn.localeCompare(b.arn)),
      ),
    });
  }
  return { organizations, problems };
}

function incomplete(
  chain: readonly string[],
  roots: ReadonlySet<string>,
  scpsAt: ReadonlyMap<string, readonly { arn: string; document: string | null }[]>,
): string | undefined {
  if (!roots.has(chain[0]!)) return `no path up to the organization root from ${chain[0]}`;
  for (const level of chain) {
    const scps = scpsAt.get(level) ?? [];
    if (scps.length === 0) return `no SCP recorded at ${level}`;
    const unreadable = scps.find((scp) => scp.document === null);
    if (unreadable) return `the document of ${unreadable.arn} (at ${level}) was not collected`;
  }
  return undefined;
}
