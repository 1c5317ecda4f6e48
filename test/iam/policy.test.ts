import { describe, expect, it } from 'vitest';
import {
  conditionValues,
  isPublicPrincipal,
  PolicyDocumentError,
  parseConditionOperator,
  parsePolicy,
  principalSetMatches,
} from '../../src/iam/policy.js';
import motoFunctionUrlPolicy from '../fixtures/iam/moto-function-url-policy.json' with { type: 'json' };

const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('parsePolicy: document encodings', () => {
  it.each([
    ['an object', allowAll],
    ['a JSON string', JSON.stringify(allowAll)],
    ['a URL-encoded JSON string (IAM API form)', encodeURIComponent(JSON.stringify(allowAll))],
  ])('reads %s', (_, document) => {
    const policy = parsePolicy(document, 'test');
    expect(policy.version).toBe('2012-10-17');
    expect(policy.statements).toEqual([
      expect.objectContaining({ index: 0, effect: 'Allow', action: ['*'], resource: ['*'], conditions: [] }),
    ]);
  });

  it('reads a single Statement object as a one-statement array', () => {
    const policy = parsePolicy(
      { Statement: { Effect: 'Deny', NotAction: ['s3:*', 'iam:Get*'], NotResource: 'arn:aws:s3:::b' } },
      'p',
    );
    expect(policy.statements[0]).toMatchObject({
      effect: 'Deny',
      notAction: ['s3:*', 'iam:Get*'],
      notResource: ['arn:aws:s3:::b'],
    });
    expect(policy.statements[0]?.action).toBeUndefined();
  });
});

describe('parsePolicy: principals', () => {
  const principalOf = (Principal: unknown) =>
    parsePolicy({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal }] }, 'trust', 'aws')
      .statements[0]!.principal!;

  it.each([
    ['"*"', '*', true],
    ['{"AWS":"*"}', { AWS: '*' }, true],
    ['{"AWS":["*"]}', { AWS: ['*'] }, true],
    ['an account id', { AWS: '111122223333' }, false],
    ['a service', { Service: 'lambda.amazonaws.com' }, false],
  ])('%s is public: %s', (_, principal, expected) => {
    expect(isPublicPrincipal(principalOf(principal))).toBe(expected);
  });

  it('normalises a bare account id to the account root ARN, keeps every kind', () => {
    const set = principalOf({
      AWS: ['111122223333', 'arn:aws:iam::444455556666:role/x'],
      Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'],
      Federated: 'cognito-identity.amazonaws.com',
      CanonicalUser: 'abc',
    });
    expect(set).toEqual({
      everyone: false,
      aws: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/x'],
      service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'],
      federated: ['cognito-identity.amazonaws.com'],
      canonicalUser: ['abc'],
    });
  });

  it.each([
    [
      'the account root matches any principal of that account',
      { AWS: '111122223333' },
      { arn: 'arn:aws:iam::111122223333:role/r' },
      true,
    ],
    [
      '... but not of another account',
      { AWS: '111122223333' },
      { arn: 'arn:aws:iam::999999999999:role/r' },
      false,
    ],
    [
      'a role ARN matches that role',
      { AWS: 'arn:aws:iam::111122223333:role/r' },
      { arn: 'arn:aws:iam::111122223333:role/r' },
      true,
    ],
    [
      '... and not a sibling role',
      { AWS: 'arn:aws:iam::111122223333:role/r' },
      { arn: 'arn:aws:iam::111122223333:role/s' },
      false,
    ],
    [
      'a service principal matches that service',
      { Service: 'lambda.amazonaws.com' },
      { service: 'lambda.amazonaws.com' },
      true,
    ],
    [
      '... and not another service',
      { Service: 'lambda.amazonaws.com' },
      { service: 'ec2.amazonaws.com' },
      false,
    ],
    ['"*" matches a service too', '*', { service: 'ec2.amazonaws.com' }, true],
  ])('%s', (_, principal, caller, expected) => {
    expect(principalSetMatches(principalOf(principal), caller)).toBe(expected);
  });

  it('reads NotPrincipal', () => {
    const statement = parsePolicy(
      {
        Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', NotPrincipal: { AWS: '111122223333' } }],
      },
      'bucket',
      'aws-us-gov',
    ).statements[0]!;
    expect(statement.principal).toBeUndefined();
    expect(statement.notPrincipal?.aws).toEqual(['arn:aws-us-gov:iam::111122223333:root']);
  });
});

describe('parsePolicy: conditions', () => {
  it('flattens operators and keys, stringifies values, keeps qualifiers and IfExists', () => {
    const [statement] = parsePolicy(
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: '*',
            Condition: {
              'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'] },
              Bool: { 'aws:SecureTransport': true },
              NumericLessThan: { 's3:max-keys': 10 },
            },
          },
        ],
      },
      'p',
    ).statements;
    expect(statement?.conditions).toEqual([
      {
        operatorText: 'ForAnyValue:StringLikeIfExists',
        operator: { base: 'StringLike', setQualifier: 'ForAnyValue', ifExists: true },
        key: 'aws:TagKeys',
        keyLower: 'aws:tagkeys',
        values: ['a*', 'b'],
      },
      expect.objectContaining({
        operator: { base: 'Bool', setQualifier: undefined, ifExists: false },
        values: ['true'],
      }),
      expect.objectContaining({ key: 's3:max-keys', values: ['10'] }),
    ]);
    expect(conditionValues(statement!.conditions, 'AWS:SECURETRANSPORT')).toEqual(['true']);
  });

  it.each([
    ['forallvalues:stringequals', { base: 'StringEquals', setQualifier: 'ForAllValues', ifExists: false }],
    ['ArnLikeIfExists', { base: 'ArnLike', setQualifier: undefined, ifExists: true }],
    ['NullIfExists', undefined],
    ['ForSomeValues:StringEquals', undefined],
    ['StringMatches', undefined],
  ])('operator %s', (text, expected) => {
    expect(parseConditionOperator(text)).toEqual(expected);
  });

  it("turns moto's top-level FunctionUrlAuthType into the condition AWS writes", () => {
    const [statement] = parsePolicy(motoFunctionUrlPolicy, 'public-fn resource policy').statements;
    expect(statement?.principal?.everyone).toBe(true);
    expect(conditionValues(statement!.conditions, 'lambda:FunctionUrlAuthType')).toEqual(['NONE']);
    expect(statement?.conditions[0]?.operator.base).toBe('StringEquals');
  });

  it("turns moto's top-level InvokedViaFunctionUrl (the URL's InvokeFunction grant) into AWS's Bool condition", () => {
    // As moto 5 stores `add_permission(..., InvokedViaFunctionUrl=True)`: a statement key, a JSON boolean.
    const policy = parsePolicy(
      {
        Version: '2012-10-17',
        Id: 'default',
        Statement: [
          {
            Action: 'lambda:InvokeFunction',
            Principal: '*',
            InvokedViaFunctionUrl: true,
            Effect: 'Allow',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:public-fn',
            Sid: 'FunctionURLInvokeAllowPublicAccess',
          },
        ],
      },
      'public-fn resource policy',
    );
    const [statement] = policy.statements;
    expect(conditionValues(statement!.conditions, 'lambda:InvokedViaFunctionUrl')).toEqual(['true']);
    expect(statement?.conditions[0]?.operator.base).toBe('Bool');
  });
});

describe('parsePolicy: invalid documents name the policy, the statement and the reason', () => {
  it.each([
    ['not JSON', '{"Statement": [', 'invalid policy document P: not valid JSON'],
    ['no Statement', { Version: '2012-10-17' }, 'invalid policy document P: no Statement element'],
    [
      'bad Effect',
      { Statement: [{ Effect: 'allow', Action: '*' }] },
      'P statement 0: Effect must be "Allow" or "Deny"',
    ],
    [
      'Action and NotAction',
      { Statement: [allowAll.Statement[0], { Effect: 'Allow', Action: 'a:b', NotAction: 'c:d' }] },
      'P statement 1: exactly one of Action and NotAction',
    ],
    [
      'neither Action nor NotAction',
      { Statement: [{ Effect: 'Allow', Resource: '*' }] },
      'exactly one of Action and NotAction',
    ],
    [
      'Resource and NotResource',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: '*' }] },
      'Resource and NotResource',
    ],
    ['non-string action', { Statement: [{ Effect: 'Allow', Action: [1] }] }, 'Action must hold strings'],
    [
      'unknown element',
      { Statement: [{ Effect: 'Allow', Action: '*', Resources: '*' }] },
      'unknown element "Resources"',
    ],
    [
      'unknown operator',
      { Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEqual: { k: 'v' } } }] },
      'unknown condition operator "StringEqual"',
    ],
    [
      'unknown principal kind',
      { Statement: [{ Effect: 'Allow', Action: '*', Principal: { User: 'x' } }] },
      'Principal has an unknown kind "User"',
    ],
    [
      'object condition value',
      { Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEquals: { k: { a: 1 } } } }] },
      'value that is not a string',
    ],
  ])('%s', (_, document, message) => {
    expect(() => parsePolicy(document, 'P')).toThrow(PolicyDocumentError);
    expect(() => parsePolicy(document, 'P')).toThrow(message);
  });
});
