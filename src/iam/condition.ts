/**
 * The Condition element: `{ "<Operator>": { "<key>": value | [values] } }`, normalised to a flat list of
 * (operator, key, values) entries, all of which must hold (AND); the values of one entry are ORed
 * (NORed for negated operators, see condition-eval.ts).
 */

import { isJsonObject } from './json.js';

/** The base condition operators of the IAM reference (reference_policies_elements_condition_operators). */
const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

export type BaseOperator = (typeof OPERATORS)[number];
export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface ConditionOperator {
  readonly base: BaseOperator;
  readonly setQualifier: SetQualifier | undefined;
  readonly ifExists: boolean;
}

export interface Condition {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operatorText: string;
  readonly operator: ConditionOperator;
  /** The key as written, e.g. `aws:SourceIp`. */
  readonly key: string;
  /** Lower-cased key: AWS compares condition keys case-insensitively. */
  readonly keyLower: string;
  readonly values: readonly string[];
}

const OPERATOR_BY_LOWER = new Map<string, BaseOperator>(OPERATORS.map((op) => [op.toLowerCase(), op]));

/** Reads `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseConditionOperator(text: string): ConditionOperator | undefined {
  let rest = text;
  let setQualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') setQualifier = 'ForAnyValue';
    else if (prefix === 'forallvalues') setQualifier = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = OPERATOR_BY_LOWER.get(rest.toLowerCase());
  // "NullIfExists" is not an operator: Null already speaks about existence.
  if (base === undefined || (base === 'Null' && ifExists)) return undefined;
  return { base, setQualifier, ifExists };
}

export function parseConditionBlock(block: unknown, fail: (reason: string) => Error): Condition[] {
  if (!isJsonObject(block)) throw fail('Condition must be an object of operators');
  const conditions: Condition[] = [];
  for (const [operatorText, entries] of Object.entries(block)) {
    const operator = parseConditionOperator(operatorText);
    if (operator === undefined) throw fail(`unknown condition operator "${operatorText}"`);
    if (!isJsonObject(entries)) throw fail(`condition operator "${operatorText}" must map keys to values`);
    for (const [key, raw] of Object.entries(entries)) {
      const list = Array.isArray(raw) ? raw : [raw];
      const values = list.map((value) => {
        if (typeof value === 'string') return value;
        if (typeof value === 'number' || typeof value === 'boolean') return String(value);
        throw fail(
          `condition ${operatorText} ${key} has a value that is not a string: ${JSON.stringify(value)}`,
        );
      });
      conditions.push({ operatorText, operator, key, keyLower: key.toLowerCase(), values });
    }
  }
  return conditions;
}

/** The entries of a statement's conditions on one key (case-insensitive). */
export function conditionsOnKey(conditions: readonly Condition[], key: string): Condition[] {
  const keyLower = key.toLowerCase();
  return conditions.filter((condition) => condition.keyLower === keyLower);
}

/** All values a statement compares one key against, whatever the operator. */
export function conditionValues(conditions: readonly Condition[], key: string): string[] {
  return conditionsOnKey(conditions, key).flatMap((condition) => condition.values);
}
