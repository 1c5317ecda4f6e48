/**
 * Turning a Lambda resource-policy statement back into the AddPermission request that writes it, so that
 * removing a statement can be undone (docs/remediation.md "Undo"). Lambda writes only what AddPermission
 * can express; a statement with anything else cannot be restored that way and is not removed. Pure.
 */
import type { AddPermissionCommandInput } from '@aws-sdk/client-lambda';
import type { JsonStatement } from './change.js';

type PermissionFields = Omit<AddPermissionCommandInput, 'FunctionName' | 'Qualifier' | 'StatementId'>;

/** Condition (operator, key) → the AddPermission field that writes it. */
const CONDITION_FIELDS: Record<string, keyof PermissionFields> = {
  'ArnLike aws:sourcearn': 'SourceArn',
  'ArnEquals aws:sourcearn': 'SourceArn',
  'StringEquals aws:sourceaccount': 'SourceAccount',
  'StringEquals aws:principalorgid': 'PrincipalOrgID',
  'StringEquals lambda:functionurlauthtype': 'FunctionUrlAuthType',
  'Bool lambda:invokedviafunctionurl': 'InvokedViaFunctionUrl',
};

/** moto writes these as top-level statement keys rather than conditions (test/README.md). */
const TOP_LEVEL_FIELDS: Record<string, keyof PermissionFields> = {
  FunctionUrlAuthType: 'FunctionUrlAuthType',
  InvokedViaFunctionUrl: 'InvokedViaFunctionUrl',
};

const KNOWN_KEYS = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']);

/** The AddPermission fields that write `statement` again, or why that is impossible. */
export function permissionFields(statement: JsonStatement): PermissionFields | string {
  if (statement.Effect !== 'Allow') return 'only Allow statements can be written by AddPermission';
  const action = single(statement.Action);
  if (!action) return 'AddPermission writes one action per statement';
  const principal = principalOf(statement.Principal);
  if (!principal)
    return 'AddPermission writes one principal per statement ("*", an account, an ARN or a service)';
  const fields: Record<string, unknown> = { Action: action, Principal: principal };
  for (const [key, value] of Object.entries(statement)) {
    const field = TOP_LEVEL_FIELDS[key];
    if (field) fields[field] = field === 'InvokedViaFunctionUrl' ? value === true || value === 'true' : value;
    else if (!KNOWN_KEYS.has(key)) return `statement key ${key} has no AddPermission field`;
  }
  const conditions = statement.Condition ?? {};
  if (typeof conditions !== 'object' || conditions === null) return 'Condition is not an object';
  for (const [operator, entries] of Object.entries(conditions as Record<string, unknown>)) {
    for (const [key, value] of Object.entries((entries ?? {}) as Record<string, unknown>)) {
      const field = CONDITION_FIELDS[`${operator} ${key.toLowerCase()}`];
      const written = single(value);
      if (!field || written === undefined) return `condition ${operator} ${key} has no AddPermission field`;
      fields[field] = field === 'InvokedViaFunctionUrl' ? written === 'true' : written;
    }
  }
  return fields as PermissionFields;
}

function single(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
}

function principalOf(principal: unknown): string | undefined {
  if (principal === '*') return '*';
  if (typeof principal !== 'object' || principal === null) return undefined;
  const entries = Object.entries(principal as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [kind, value] = entries[0]!;
  return kind === 'AWS' || kind === 'Service' ? single(value) : undefined;
}

/** Key order and single-element lists aside, two statements say the same. */
export function sameStatement(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value))
    return value.length === 1 ? canonical(value[0]) : `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
