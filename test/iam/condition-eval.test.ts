import { describe, expect, it } from 'vitest';
import { type ContextValue, evaluateCondition } from '../../src/iam/condition-eval.js';
import { parsePolicy } from '../../src/iam/policy.js';

const condition = (operator: string, key: string, values: unknown) =>
  parsePolicy(
    {
      Statement: {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { [operator]: { [key]: values } },
      },
    },
    'p',
  ).statements[0]!.conditions[0]!;
const known = (values?: string[]): ContextValue => ({ kind: 'known', values });

// The condition operators of the IAM reference (docs/iam.md "Conditions from the attacker's seat"), one row per rule.
describe('condition operators against known request values', () => {
  it.each([
    ['values are ORed', 'StringEquals', ['a', 'b'], ['b'], true],
    ['StringEquals is case-sensitive', 'StringEquals', 'Prod', ['prod'], false],
    ['StringEqualsIgnoreCase', 'StringEqualsIgnoreCase', 'Prod', ['prod'], true],
    ['StringLike wildcard', 'StringLike', 'arn:aws:s3:::b/*', ['arn:aws:s3:::b/k/x'], true],
    ['negated operators are NOR over values', 'StringNotEquals', ['a', 'b'], ['b'], false],
    ['negated operator holds for another value', 'StringNotEquals', ['a', 'b'], ['c'], true],
    ['missing key: positive operator false', 'StringEquals', 'a', undefined, false],
    ['missing key: negated operator true', 'StringNotLike', 'a*', undefined, true],
    ['missing key: IfExists true', 'StringEqualsIfExists', 'a', undefined, true],
    ['present key: IfExists still compares', 'StringEqualsIfExists', 'a', ['b'], false],
    ['ForAllValues on a missing key is true', 'ForAllValues:StringEquals', 'a', undefined, true],
    ['ForAllValues: every request value listed', 'ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false],
    ['ForAnyValue on a missing key is false', 'ForAnyValue:StringEquals', 'a', undefined, false],
    ['ForAnyValue: one request value listed', 'ForAnyValue:StringEquals', 'a', ['c', 'a'], true],
    ['single-value operator on a multi-valued key does not match', 'StringEquals', 'a', ['a', 'b'], false],
    ['Null true: key absent', 'Null', 'true', undefined, true],
    ['Null true: key present', 'Null', 'true', ['x'], false],
    ['Null false: key present', 'Null', 'false', ['x'], true],
    ['Bool', 'Bool', 'true', ['TRUE'], true],
    ['Bool false vs true', 'Bool', 'false', ['true'], false],
    ['NumericLessThan', 'NumericLessThan', 10, ['9'], true],
    ['NumericLessThan boundary', 'NumericLessThan', 10, ['10'], false],
    ['Numeric with a non-number never matches', 'NumericEquals', 'ten', ['10'], false],
    ['DateGreaterThan ISO', 'DateGreaterThan', '2020-01-01T00:00:01Z', ['2026-11-28T12:00:00Z'], true],
    ['DateLessThan epoch seconds', 'DateLessThan', '1577836801', ['2026-11-28T12:00:00Z'], false],
    ['IpAddress v4 CIDR', 'IpAddress', '203.0.113.0/24', ['203.0.113.77'], true],
    ['IpAddress v4 outside', 'IpAddress', '203.0.113.0/24', ['203.0.114.1'], false],
    ['NotIpAddress', 'NotIpAddress', ['10.0.0.0/8', '192.168.0.0/16'], ['203.0.113.7'], true],
    ['IpAddress v6', 'IpAddress', '2001:db8::/32', ['2001:db8:1::5'], true],
    ['IpAddress v6 outside', 'IpAddress', '2001:db8::/32', ['2001:db9::5'], false],
    [
      'ArnLike per segment',
      'ArnLike',
      'arn:aws:lambda:*:123456789012:function:*',
      ['arn:aws:lambda:us-east-1:123456789012:function:f'],
      true,
    ],
    [
      'ArnNotEquals',
      'ArnNotEquals',
      'arn:aws:iam::123456789012:role/a',
      ['arn:aws:iam::123456789012:role/b'],
      true,
    ],
  ])('%s', (_, operator, values, request, expected) => {
    expect(evaluateCondition(condition(operator, 'k:key', values), known(request))).toBe(expected);
  });
});

describe('conditions on facts we cannot know or the caller chooses', () => {
  it('an unknown fact leaves the condition open', () => {
    expect(evaluateCondition(condition('IpAddress', 'aws:SourceIp', '10.0.0.0/8'), { kind: 'unknown' })).toBe(
      'unknown',
    );
  });
  it('a request parameter the caller chooses holds', () => {
    expect(
      evaluateCondition(condition('StringEquals', 'aws:RequestedRegion', 'eu-west-1'), { kind: 'chosen' }),
    ).toBe(true);
  });
});
