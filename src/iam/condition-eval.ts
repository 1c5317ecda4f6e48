/**
 * Three-valued evaluation of one condition entry against what is known about a request:
 * `true`, `false`, or `unknown` (depends on a fact we cannot know, e.g. the caller's source IP).
 * Semantics follow the IAM reference: values ORed (NORed for negated operators), missing key false except
 * for negated operators, `...IfExists`, `Null` and `ForAllValues`; a single-value operator on a
 * multi-valued key does not match (docs/iam.md "Conditions from the attacker's seat").
 */
import { resourceMatches } from './arn.js';
import type { BaseOperator, Condition } from './condition.js';
import { ipInCidr } from './ip.js';
import {
  type ContextLookup,
  hasVariables,
  hasVariablesInArnPrefix,
  type Substituted,
  substituteVariables,
} from './variables.js';
import { wildcardMatches } from './wildcard.js';

export type Truth = true | false | 'unknown';

/** What the evaluator knows about one context key. */
export type ContextValue =
  /** Known: `values` undefined when the key is absent from the request. */
  | { readonly kind: 'known'; readonly values: readonly string[] | undefined }
  /** A fact outside the caller's control and unknown to us: conditions on it make a grant "conditional". */
  | { readonly kind: 'unknown' }
  /** A request parameter the caller chooses: any satisfiable condition on it holds. */
  | { readonly kind: 'chosen' };

const NEGATED: Partial<Record<BaseOperator, BaseOperator>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/**
 * `callerWantsTrue`: for a key the caller chooses, the caller picks the value that helps it — making an
 * Allow's condition hold and a Deny's fail. (Choices are made per statement; an Allow and a Deny that
 * pin the same key to the same value would need one consistent choice: rare, and noted as a limit.)
 * `variables`: how to read policy variables in the condition's values (docs/iam.md "Policy variables");
 * absent for documents older than 2012-10-17, where `${...}` is plain text.
 */
export function evaluateCondition(
  condition: Condition,
  context: ContextValue,
  callerWantsTrue = true,
  variables?: ContextLookup,
): Truth {
  if (context.kind === 'unknown') return 'unknown';
  if (context.kind === 'chosen') return callerWantsTrue && condition.values.length > 0;
  const { base, setQualifier, ifExists } = condition.operator;
  const requestValues = context.values;
  if (base === 'Null') {
    const absent = requestValues === undefined || requestValues.length === 0;
    return condition.values.some((value) => (value.toLowerCase() === 'true') === absent);
  }
  const positive = NEGATED[base];
  const operator = positive ?? base;
  // The attacker picks a chosen variable's value: a match for an Allow, a miss for a Deny (negated
  // operators turn the wish around).
  const chosenMatches = callerWantsTrue !== (positive !== undefined);
  const values = condition.values.map((value) => policyValue(operator, value, variables));
  const matchOne = (requestValue: string): Truth => {
    const matched = or(values.map((value) => valueTruth(operator, value, requestValue, chosenMatches)));
    return positive ? not(matched) : matched;
  };
  if (requestValues === undefined || requestValues.length === 0) {
    if (setQualifier === 'ForAllValues') return true;
    if (setQualifier === 'ForAnyValue') return false;
    return ifExists || positive !== undefined;
  }
  // A variable without a value (and without a default) voids a condition on a present key, negated
  // operators included: the statement does not apply (docs/iam.md "Policy variables").
  if (values.some((value) => value.kind === 'absent')) return false;
  if (setQualifier === 'ForAllValues') return and(requestValues.map(matchOne));
  if (setQualifier === 'ForAnyValue') return or(requestValues.map(matchOne));
  if (requestValues.length > 1) return false;
  return matchOne(requestValues[0]!);
}

function policyValue(
  operator: BaseOperator,
  value: string,
  variables: ContextLookup | undefined,
): Substituted {
  if (variables === undefined || !hasVariables(value)) return { kind: 'text', text: value };
  // Whether AWS reads a variable in an ARN operator's service, region or account is not documented
  // (it does not in Resource): undecided rather than guessed (docs/iam.md "Policy variables").
  if (operator.startsWith('Arn') && hasVariablesInArnPrefix(value))
    return { kind: 'unknown', pattern: value };
  return substituteVariables(value, variables);
}

/** Whether one policy value matches one request value, once its variables are read. */
function valueTruth(
  operator: BaseOperator,
  value: Substituted,
  requestValue: string,
  chosenMatches: boolean,
): Truth {
  switch (value.kind) {
    case 'text':
      return valueMatches(operator, value.text, requestValue);
    case 'absent': // handled by the caller: the whole condition is void
      return false;
    case 'chosen':
      return chosenMatches;
    case 'unknown':
      return 'unknown';
  }
}

export function or(truths: readonly Truth[]): Truth {
  if (truths.includes(true)) return true;
  return truths.includes('unknown') ? 'unknown' : false;
}

export function and(truths: readonly Truth[]): Truth {
  if (truths.includes(false)) return false;
  return truths.includes('unknown') ? 'unknown' : true;
}

export function not(truth: Truth): Truth {
  return truth === 'unknown' ? 'unknown' : !truth;
}

function valueMatches(operator: BaseOperator, policyValue: string, requestValue: string): boolean {
  switch (operator) {
    case 'StringEquals':
    case 'BinaryEquals':
      return policyValue === requestValue;
    case 'StringEqualsIgnoreCase':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'StringLike':
      return wildcardMatches(policyValue, requestValue);
    case 'Bool':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'ArnEquals':
    case 'ArnLike':
      return resourceMatches(policyValue, requestValue);
    case 'IpAddress':
      return ipInCidr(requestValue, policyValue);
    default:
      return compareOrdered(operator, policyValue, requestValue);
  }
}

function compareOrdered(operator: BaseOperator, policyValue: string, requestValue: string): boolean {
  const isDate = operator.startsWith('Date');
  const left = isDate ? parseDate(requestValue) : Number(requestValue);
  const right = isDate ? parseDate(policyValue) : Number(policyValue);
  if (Number.isNaN(left) || Number.isNaN(right) || requestValue === '' || policyValue === '') return false;
  const suffix = operator.replace(/^(Numeric|Date)/, '');
  switch (suffix) {
    case 'Equals':
      return left === right;
    case 'LessThan':
      return left < right;
    case 'LessThanEquals':
      return left <= right;
    case 'GreaterThan':
      return left > right;
    case 'GreaterThanEquals':
      return left >= right;
    default:
      return false;
  }
}

/** Dates are ISO 8601 or epoch seconds (aws:EpochTime). */
function parseDate(value: string): number {
  return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}
