/**
 * Organizations unit → rows: the name, e-mail and status of every account of the organization. The SCPs
 * in the same unit are read by the IAM engine from the snapshot, not from the graph.
 */
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import { textOrNull } from './values.js';

export function transformOrganizations(unit: UnitInput<'organizations'>) {
  const rows = new GraphRowsBuilder();
  for (const account of unit.data.accounts) {
    if (!account.Id) continue;
    rows.sharedNode('AWSAccount', account.Id, {
      name: textOrNull(account.Name),
      email: textOrNull(account.Email),
      status: textOrNull(account.Status),
    });
  }
  return rows.build();
}
