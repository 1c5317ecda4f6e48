/**
 * Organizations unit → rows: every account of the organization (name, e-mail, status, whether it is the
 * management account), the roots and OUs with their tree (`CONTAINS`, parent to child), and the service
 * control policies with their documents and where each is attached (`APPLIES_TO`). Enough for the privilege
 * analysis to rebuild each account's SCP levels from the graph.
 */
import { GraphRowsBuilder } from '../rows.js';
import type { RelationshipName } from '../schema.js';
import type { UnitInput } from './input.js';
import { booleanOrNull, policyTextOrRaw, textOrNull } from './values.js';

type Level = { kind: 'root' | 'ou' | 'account'; id: string };

const ACCOUNT_ID = /^\d{12}$/;

export function transformOrganizations(unit: UnitInput<'organizations'>) {
  const rows = new GraphRowsBuilder();
  const data = unit.data;
  const management = textOrNull(data.managementAccountId);
  /** Graph node of each organization entity, by its Organizations id (r-..., ou-..., account id). */
  const levels = new Map<string, Level>();

  for (const account of data.accounts) {
    if (!account.Id) continue;
    rows.sharedNode('AWSAccount', account.Id, {
      name: textOrNull(account.Name),
      email: textOrNull(account.Email),
      status: textOrNull(account.Status),
      isManagementAccount: management === null ? null : account.Id === management,
    });
    levels.set(account.Id, { kind: 'account', id: account.Id });
  }
  for (const root of data.roots) {
    if (!root.Id || !root.Arn) {
      rows.warn(`organizations: root ${root.Id ?? '(no id)'} without an ARN left out`);
      continue;
    }
    rows.node('AWSOrganizationRoot', root.Arn, { rootId: root.Id, name: textOrNull(root.Name) });
    levels.set(root.Id, { kind: 'root', id: root.Arn });
  }
  for (const ou of data.organizationalUnits) {
    if (!ou.Id || !ou.Arn) {
      rows.warn(`organizations: OU ${ou.Id ?? '(no id)'} without an ARN left out`);
      continue;
    }
    rows.node('AWSOrganizationalUnit', ou.Arn, { ouId: ou.Id, name: textOrNull(ou.Name) });
    levels.set(ou.Id, { kind: 'ou', id: ou.Arn });
  }
  // An account listed under a parent but not by ListAccounts is still an account.
  const levelOf = (id: string): Level | undefined =>
    levels.get(id) ?? (ACCOUNT_ID.test(id) ? { kind: 'account', id } : undefined);

  const policyArns = new Map<string, string>();
  for (const policy of data.policies) {
    const summary = policy.PolicySummary;
    if (!summary?.Arn || (summary.Type && summary.Type !== 'SERVICE_CONTROL_POLICY')) continue;
    rows.node('AWSOrganizationPolicy', summary.Arn, {
      policyId: textOrNull(summary.Id),
      name: textOrNull(summary.Name),
      description: textOrNull(summary.Description),
      awsManaged: booleanOrNull(summary.AwsManaged),
      documentJson:
        policy.Content === undefined
          ? null
          : policyTextOrRaw(policy.Content, `SCP ${summary.Arn}`, (message) => rows.warn(message)),
    });
    policyArns.set(summary.Arn, summary.Arn);
    if (summary.Id) policyArns.set(summary.Id, summary.Arn);
  }

  const attachment: Record<Level['kind'], RelationshipName> = {
    root: 'scpAppliesToRoot',
    ou: 'scpAppliesToOu',
    account: 'scpAppliesToAccount',
  };
  for (const [targetId, summaries] of Object.entries(data.policiesForTarget)) {
    const target = levelOf(targetId);
    for (const summary of summaries) {
      const arn = (summary.Arn && policyArns.get(summary.Arn)) || (summary.Id && policyArns.get(summary.Id));
      if (!target || !arn) {
        rows.warn(
          `organizations: SCP ${summary.Arn ?? summary.Id} on ${targetId} left out (unknown policy or target)`,
        );
        continue;
      }
      rows.relationship(attachment[target.kind], arn, target.id, {});
    }
  }

  const containment: Record<string, RelationshipName> = {
    'root/ou': 'rootContainsOu',
    'root/account': 'rootContainsAccount',
    'ou/ou': 'ouContainsOu',
    'ou/account': 'ouContainsAccount',
  };
  for (const [childId, parentId] of Object.entries(data.parents)) {
    const child = levelOf(childId);
    const parent = levelOf(parentId);
    const name = child && parent ? containment[`${parent.kind}/${child.kind}`] : undefined;
    if (!child || !parent || !name) {
      rows.warn(`organizations: parent ${parentId} of ${childId} left out (unknown root, OU or account)`);
      continue;
    }
    rows.relationship(name, parent.id, child.id, {});
  }
  return rows.build();
}
