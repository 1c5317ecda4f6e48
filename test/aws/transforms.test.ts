import { describe, expect, it } from 'vitest';
import { sortRules } from '../../src/aws/collectors/elbv2.js';
import { withPolicyName } from '../../src/aws/collectors/iam.js';
import {
  qualifierOf,
  redactEnvironment,
  splitVersions,
  unqualifiedFunctionArn,
} from '../../src/aws/collectors/lambda.js';
import { webAclSummary } from '../../src/aws/collectors/wafv2.js';
import * as WAF from '../fixtures/wafv2/regional.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

describe('Lambda transforms', () => {
  it('keeps names, flags secret-looking ones, and drops every value', () => {
    const redacted = redactEnvironment({
      FunctionName: 'orders',
      FunctionArn: ARN,
      Environment: { Variables: { STAGE: 'prod', UPSTREAM: 'AKIAIOSFODNN7EXAMPLE', DB_PASSWORD: 'p' } },
    });
    expect(redacted.Environment).toEqual({
      VariableNames: ['STAGE', 'UPSTREAM', 'DB_PASSWORD'],
      SecretLookingNames: ['UPSTREAM', 'DB_PASSWORD'],
      // Only the AWS key id is a credential of its own; a password is a secret, not a second identity.
      CredentialLookingNames: ['UPSTREAM'],
    });
    expect(JSON.stringify(redacted)).not.toMatch(/prod|AKIA|"p"/);
  });

  it('keeps a KMS error but still no values; leaves functions without an environment alone', () => {
    const redacted = redactEnvironment({
      FunctionArn: ARN,
      Environment: {
        Variables: { A: 'secret-a' },
        Error: { ErrorCode: 'KMSAccessDenied', Message: 'denied' },
      },
    });
    expect(redacted.Environment?.Error).toEqual({ ErrorCode: 'KMSAccessDenied', Message: 'denied' });
    expect(JSON.stringify(redacted)).not.toContain('secret-a');
    expect(redactEnvironment({ FunctionArn: ARN })).toEqual({ FunctionArn: ARN });
  });

  it('splits $LATEST (unqualified ARN) from published versions, grouped by function', () => {
    const { functions, versions } = splitVersions([
      { FunctionArn: `${ARN}:$LATEST`, Version: '$LATEST', Role: 'r-latest' },
      { FunctionArn: `${ARN}:1`, Version: '1', Role: 'r-1' },
      { FunctionArn: `${ARN}:2`, Version: '2', Role: 'r-2' },
      { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:other', Version: '$LATEST' },
    ]);
    expect(functions.map((fn) => fn.FunctionArn)).toEqual([
      ARN,
      'arn:aws:lambda:us-east-1:123456789012:function:other',
    ]);
    expect(versions.get(ARN)?.map((fn) => [fn.Version, fn.Role])).toEqual([
      ['1', 'r-1'],
      ['2', 'r-2'],
    ]);
  });

  it('reads qualifiers off ARNs', () => {
    expect(unqualifiedFunctionArn(`${ARN}:live`)).toBe(ARN);
    expect(qualifierOf(`${ARN}:live`)).toBe('live');
    expect(qualifierOf(ARN)).toBeUndefined();
  });
});

describe('ELBv2 rule order', () => {
  it('sorts by numeric priority (not as text), the default rule last, keeping each rule intact', () => {
    const rule = (Priority: string, IsDefault = false) => ({
      RuleArn: `r-${Priority}`,
      Priority,
      IsDefault,
      Actions: [],
    });
    expect(
      sortRules([rule('default', true), rule('100'), rule('20'), rule('3')]).map((r) => r.Priority),
    ).toEqual(['3', '20', '100', 'default']);
  });
});

describe('IAM managed policies', () => {
  it('takes a missing policy name from the ARN, with or without a path, and keeps a given one', () => {
    const unnamed: { Arn: string; PolicyName?: string } = {
      Arn: 'arn:aws:iam::123456789012:policy/team/app-logs',
    };
    expect(withPolicyName(unnamed).PolicyName).toBe('app-logs');
    expect(
      withPolicyName({ Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', PolicyName: 'ReadOnlyAccess' }),
    ).toEqual({
      Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      PolicyName: 'ReadOnlyAccess',
    });
  });
});

describe('WAFv2 web ACL summary', () => {
  it('keeps the name, Allow or Block and the rule names; drops statements and custom handling', () => {
    expect(webAclSummary(WAF.ALB_ACL, { ARN: 'unused', Id: 'unused', Name: 'unused' })).toEqual({
      ARN: WAF.ALB_ACL_ARN,
      Id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      Name: 'partners-acl',
      DefaultAction: { Allow: {} },
      Rules: [
        { Name: 'rate-limit-per-ip', Priority: 1 },
        { Name: 'AWS-AWSManagedRulesCommonRuleSet', Priority: 0 },
      ],
    });
    expect(
      webAclSummary(WAF.STAGE_ACL, { ARN: 'unused', Id: 'unused', Name: 'unused' }).DefaultAction,
    ).toEqual({ Block: {} });
  });

  it('keeps what the listing knew when GetWebACL answers without a web ACL', () => {
    expect(webAclSummary(undefined, { ARN: WAF.STAGE_ACL_ARN, Id: 'b2', Name: 'api-acl' })).toEqual({
      ARN: WAF.STAGE_ACL_ARN,
      Id: 'b2',
      Name: 'api-acl',
      DefaultAction: undefined,
      Rules: [],
    });
  });
});
