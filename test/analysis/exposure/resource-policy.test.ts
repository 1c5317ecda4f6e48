import { describe, expect, it } from 'vitest';
import { resourcePolicyExposures } from '../../../src/analysis/exposure/resource-policy.js';
import {
  ACCOUNT,
  accountGrant,
  FUNCTION_ARN,
  getPolicy,
  OTHER_ACCOUNT,
  organizationGrant,
  publicInvokeGrant,
  publicInvokeViaUrlGrant,
  publicUrlGrant,
  serviceGrant,
  withCondition,
} from '../../fixtures/exposure/lambda.js';

interface Case {
  name: string;
  statements: Record<string, unknown>[];
  expected: { exposure: string; codeUpdate?: boolean; invoke?: boolean; evidence?: RegExp }[];
}

const API_SOURCE = `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/*/GET/orders`;

const cases: Case[] = [
  {
    name: 'Principal "*" with lambda:InvokeFunction lets any AWS principal call Invoke (Lambda.1)',
    statements: [publicInvokeGrant()],
    expected: [
      { exposure: 'public_weak_auth', codeUpdate: false, invoke: true, evidence: /Invoke API directly/ },
    ],
  },
  {
    name: 'Principal "*" with lambda:UpdateFunctionCode only: anyone may replace the code, nobody may invoke',
    statements: [{ ...publicInvokeGrant(), Action: 'lambda:UpdateFunctionCode' }],
    expected: [{ exposure: 'public_weak_auth', codeUpdate: true, invoke: false }],
  },
  {
    name: 'look-alike: the public URL pair (InvokedViaFunctionUrl=true) does not open the Invoke API',
    statements: [publicUrlGrant(), publicInvokeViaUrlGrant()],
    expected: [],
  },
  {
    name: 'look-alike: Principal "*" restricted by aws:SourceAccount',
    statements: [withCondition(publicInvokeGrant(), { StringEquals: { 'AWS:SourceAccount': ACCOUNT } })],
    expected: [],
  },
  {
    name: 'another account may invoke: cross-account',
    statements: [accountGrant('lambda:InvokeFunction')],
    expected: [{ exposure: 'cross_account', codeUpdate: false, evidence: new RegExp(OTHER_ACCOUNT) }],
  },
  {
    name: 'another account may update the code: cross-account with code update',
    statements: [accountGrant('lambda:UpdateFunctionCode')],
    expected: [{ exposure: 'cross_account', codeUpdate: true, evidence: /replace the function code/ }],
  },
  {
    name: 'another account granted lambda:* gets code update too',
    statements: [accountGrant('lambda:*')],
    expected: [{ exposure: 'cross_account', codeUpdate: true }],
  },
  {
    name: 'look-alike: another account granted only lambda:GetFunction',
    statements: [accountGrant('lambda:GetFunction')],
    expected: [],
  },
  {
    name: 'look-alike: the own account granted invoke',
    statements: [accountGrant('lambda:InvokeFunction', ACCOUNT)],
    expected: [],
  },
  {
    name: 'organization grant is cross-account',
    statements: [organizationGrant('lambda:InvokeFunction')],
    expected: [{ exposure: 'cross_account', evidence: /o-a1b2c3d4e5/ }],
  },
  {
    name: 'look-alike: an organization InvokeFunction grant scoped to URL calls opens no direct Invoke',
    statements: [
      withCondition(organizationGrant('lambda:InvokeFunction'), {
        Bool: { 'lambda:InvokedViaFunctionUrl': 'true' },
      }),
    ],
    expected: [],
  },
  {
    name: 'look-alike: another account granted InvokeFunction only through the URL',
    statements: [
      withCondition(accountGrant('lambda:InvokeFunction'), {
        Bool: { 'lambda:InvokedViaFunctionUrl': 'true' },
      }),
    ],
    expected: [],
  },
  {
    name: 'API Gateway grant without SourceArn is a confused deputy',
    statements: [serviceGrant('apigateway.amazonaws.com')],
    expected: [{ exposure: 'public_weak_auth', evidence: /confused deputy/ }],
  },
  {
    name: 'look-alike: API Gateway grant with a SourceArn',
    statements: [serviceGrant('apigateway.amazonaws.com', { sourceArn: API_SOURCE })],
    expected: [],
  },
  {
    name: 'look-alike: S3 grant with a SourceAccount',
    statements: [serviceGrant('s3.amazonaws.com', { sourceAccount: ACCOUNT })],
    expected: [],
  },
  {
    name: 'look-alike: ELB grant without a source (target group must be in the same account)',
    statements: [serviceGrant('elasticloadbalancing.amazonaws.com')],
    expected: [],
  },
  {
    name: 'two classes at once come back most exposed first with their own evidence',
    statements: [publicInvokeGrant(), accountGrant('lambda:UpdateFunctionCode')],
    expected: [
      { exposure: 'public_weak_auth', codeUpdate: false },
      { exposure: 'cross_account', codeUpdate: true },
    ],
  },
];

describe('resourcePolicyExposures', () => {
  it.each(cases)('$name', (c) => {
    const results = resourcePolicyExposures(FUNCTION_ARN, getPolicy(...c.statements).Policy);
    expect(results.map((r) => r.exposure)).toEqual(c.expected.map((e) => e.exposure));
    c.expected.forEach((expected, i) => {
      const result = results[i]!;
      expect(result.reaches).toEqual([FUNCTION_ARN]);
      if (expected.codeUpdate !== undefined) expect(result.grantsCodeUpdate).toBe(expected.codeUpdate);
      if (expected.invoke !== undefined) expect(result.grantsInvoke).toBe(expected.invoke);
      if (expected.evidence) expect(result.evidence.map((e) => e.text).join('\n')).toMatch(expected.evidence);
      expect(result.evidence[0]?.source).toMatch(/statement \d/);
    });
  });

  it.each([
    ['an account root', [accountGrant('lambda:InvokeFunction')], [`arn:aws:iam::${OTHER_ACCOUNT}:root`]],
    [
      'a role of another account, and a second account, sorted',
      [
        { ...accountGrant('lambda:InvokeFunction', '777788889999'), Sid: 'b' },
        {
          ...accountGrant('lambda:UpdateFunctionCode'),
          Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/deployer` },
        },
      ],
      [`arn:aws:iam::${OTHER_ACCOUNT}:role/deployer`, 'arn:aws:iam::777788889999:root'],
    ],
    ['an organization', [organizationGrant('lambda:InvokeFunction')], ['o-a1b2c3d4e5']],
  ])('a cross-account exposure names whom outside the account it admits: %s', (_, statements, expected) => {
    const [result] = resourcePolicyExposures(FUNCTION_ARN, getPolicy(...statements).Policy);
    expect(result?.exposure).toBe('cross_account');
    expect(result?.outsidePrincipals).toEqual(expected);
  });

  it('a public exposure names no outside principal (its path starts at the internet)', () => {
    const [result] = resourcePolicyExposures(FUNCTION_ARN, getPolicy(publicInvokeGrant()).Policy);
    expect(result?.exposure).toBe('public_weak_auth');
    expect(result?.outsidePrincipals).toBeUndefined();
  });

  it('no policy opens nothing', () => {
    expect(resourcePolicyExposures(FUNCTION_ARN, undefined)).toEqual([]);
  });
});
