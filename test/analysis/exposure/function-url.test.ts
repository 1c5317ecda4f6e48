import { describe, expect, it } from 'vitest';
import { functionUrlExposure, grantsUrlToAnyone } from '../../../src/analysis/exposure/function-url.js';
import { lambdaPolicy } from '../../../src/analysis/exposure/lambda-policy.js';
import {
  ACCOUNT,
  ALIAS_ARN,
  accountGrant,
  FUNCTION_ARN,
  getPolicy,
  OTHER_ACCOUNT,
  organizationGrant,
  publicInvokeGrant,
  publicInvokeViaUrlGrant,
  publicUrlGrant,
  urlConfig,
  withCondition,
} from '../../fixtures/exposure/lambda.js';

const AFTER_GRACE = new Date('2026-11-28T00:00:00Z');
const BEFORE_GRACE = new Date('2026-06-01T00:00:00Z');

interface Case {
  name: string;
  authType: 'NONE' | 'AWS_IAM';
  policy?: string;
  functionArn?: string;
  reservedConcurrency?: number;
  now?: Date;
  urlInvokeRuleDate?: Date;
  exposure: string;
  confidence?: string;
  blockedBy?: string;
  evidence?: RegExp;
}

const cases: Case[] = [
  // AuthType NONE
  {
    name: 'NONE with both public grants is public and unauthenticated',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant(), publicInvokeViaUrlGrant()).Policy,
    exposure: 'public_unauthenticated',
    confidence: 'high',
    evidence: /FunctionURLAllowPublicAccess/,
  },
  {
    name: 'NONE with a plain public InvokeFunction grant also counts as the second grant',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant(), publicInvokeGrant()).Policy,
    exposure: 'public_unauthenticated',
  },
  {
    name: 'NONE with {"AWS":"*"} principal is public',
    authType: 'NONE',
    policy: getPolicy(
      { ...publicUrlGrant(), Principal: { AWS: '*' } },
      { ...publicInvokeViaUrlGrant(), Principal: { AWS: '*' } },
    ).Policy,
    exposure: 'public_unauthenticated',
  },
  {
    name: 'NONE with lambda:* granted to anyone is public',
    authType: 'NONE',
    policy: getPolicy({
      Sid: 'all',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:*',
      Resource: FUNCTION_ARN,
    }).Policy,
    exposure: 'public_unauthenticated',
  },
  {
    name: 'look-alike: NONE without any policy answers 403',
    authType: 'NONE',
    exposure: 'not_exposed',
    blockedBy: 'no_public_url_grant',
  },
  {
    name: 'look-alike: NONE whose public grant is pinned by aws:SourceAccount is dead for anonymous callers',
    authType: 'NONE',
    policy: getPolicy(
      withCondition(publicUrlGrant(), {
        StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE', 'AWS:SourceAccount': ACCOUNT },
      }),
      publicInvokeViaUrlGrant(),
    ).Policy,
    exposure: 'not_exposed',
    blockedBy: 'no_public_url_grant',
  },
  {
    name: 'look-alike: NONE whose public grant requires aws:PrincipalOrgID is dead for anonymous callers',
    authType: 'NONE',
    policy: getPolicy(organizationGrant('lambda:InvokeFunctionUrl'), publicInvokeViaUrlGrant()).Policy,
    exposure: 'not_exposed',
    blockedBy: 'no_public_url_grant',
  },
  {
    name: 'look-alike: NONE whose grant only admits AWS_IAM URLs',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant(FUNCTION_ARN, 'AWS_IAM'), publicInvokeViaUrlGrant()).Policy,
    exposure: 'not_exposed',
    blockedBy: 'no_public_url_grant',
  },
  {
    name: 'look-alike: NONE with the URL grant given to one account only',
    authType: 'NONE',
    policy: getPolicy(accountGrant('lambda:InvokeFunctionUrl'), publicInvokeViaUrlGrant()).Policy,
    exposure: 'not_exposed',
    blockedBy: 'no_public_url_grant',
  },
  {
    name: 'NONE with a SourceArn condition of "*" is not restricted (Lambda.1 rule)',
    authType: 'NONE',
    policy: getPolicy(
      withCondition(publicUrlGrant(), { ArnLike: { 'AWS:SourceArn': '*' } }),
      publicInvokeViaUrlGrant(),
    ).Policy,
    exposure: 'public_unauthenticated',
  },
  {
    name: 'NONE without the InvokeFunction grant after 2026-11-01 is not reachable',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant()).Policy,
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_function_grant',
    evidence: /since 2026-11-01/,
  },
  {
    name: 'NONE without the InvokeFunction grant before 2026-11-01 depends on the legacy exception',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant()).Policy,
    now: BEFORE_GRACE,
    exposure: 'public_unauthenticated',
    confidence: 'medium',
    evidence: /legacy exception/,
  },
  {
    name: 'a user-moved rule date (AWS extended the exception) keeps the legacy verdict after 2026-11-01',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant()).Policy,
    now: AFTER_GRACE,
    urlInvokeRuleDate: new Date('2027-05-01T00:00:00Z'),
    exposure: 'public_unauthenticated',
    confidence: 'medium',
    evidence: /legacy exception, which ends 2027-05-01/,
  },
  {
    name: 'a user-advanced rule date closes the URL before 2026-11-01, naming that date',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant()).Policy,
    now: BEFORE_GRACE,
    urlInvokeRuleDate: new Date('2026-05-01T00:00:00Z'),
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_function_grant',
    evidence: /since 2026-05-01/,
  },
  {
    name: 'the rule binds from midnight UTC of its date on',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant()).Policy,
    now: new Date('2026-11-01T00:00:00Z'),
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_function_grant',
  },
  {
    name: 'look-alike: InvokeFunction grant that requires InvokedViaFunctionUrl=false does not help the URL',
    authType: 'NONE',
    policy: getPolicy(
      publicUrlGrant(),
      withCondition(publicInvokeGrant(), { Bool: { 'lambda:InvokedViaFunctionUrl': 'false' } }),
    ).Policy,
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_function_grant',
  },
  {
    name: 'reserved concurrency 0 throttles every call',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant(), publicInvokeViaUrlGrant()).Policy,
    reservedConcurrency: 0,
    exposure: 'not_exposed',
    blockedBy: 'reserved_concurrency_zero',
  },
  {
    name: 'look-alike: reserved concurrency 5 does not stop callers',
    authType: 'NONE',
    policy: getPolicy(publicUrlGrant(), publicInvokeViaUrlGrant()).Policy,
    reservedConcurrency: 5,
    exposure: 'public_unauthenticated',
  },
  {
    name: 'alias URL judged against the alias policy',
    authType: 'NONE',
    functionArn: ALIAS_ARN,
    policy: getPolicy(publicUrlGrant(ALIAS_ARN), publicInvokeViaUrlGrant(ALIAS_ARN)).Policy,
    exposure: 'public_unauthenticated',
  },
  {
    name: 'moto quirk: FunctionUrlAuthType as a top-level statement key acts as the condition',
    authType: 'NONE',
    policy: getPolicy(
      {
        Sid: 'moto',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: FUNCTION_ARN,
        FunctionUrlAuthType: 'NONE',
      },
      publicInvokeViaUrlGrant(),
    ).Policy,
    exposure: 'public_unauthenticated',
  },
  // AuthType AWS_IAM
  {
    name: 'AWS_IAM with both grants to Principal "*" admits any AWS account: weak',
    authType: 'AWS_IAM',
    policy: getPolicy(publicUrlGrant(FUNCTION_ARN, 'AWS_IAM'), publicInvokeViaUrlGrant()).Policy,
    exposure: 'public_weak_auth',
    evidence: /FunctionURLAllowPublicAccess/,
  },
  {
    name: 'AWS_IAM granted to an organization is cross-account',
    authType: 'AWS_IAM',
    policy: getPolicy(
      organizationGrant('lambda:InvokeFunctionUrl'),
      organizationGrant('lambda:InvokeFunction'),
    ).Policy,
    exposure: 'cross_account',
  },
  {
    name: 'AWS_IAM granted to another account is cross-account',
    authType: 'AWS_IAM',
    policy: getPolicy(accountGrant('lambda:InvokeFunctionUrl'), accountGrant('lambda:InvokeFunction')).Policy,
    exposure: 'cross_account',
    evidence: new RegExp(OTHER_ACCOUNT),
  },
  {
    name: 'look-alike: AWS_IAM granted to the own account is same-account authenticated',
    authType: 'AWS_IAM',
    policy: getPolicy(
      accountGrant('lambda:InvokeFunctionUrl', ACCOUNT),
      accountGrant('lambda:InvokeFunction', ACCOUNT),
    ).Policy,
    exposure: 'public_authenticated',
  },
  {
    name: 'look-alike: AWS_IAM without policy is same-account authenticated',
    authType: 'AWS_IAM',
    exposure: 'public_authenticated',
  },
  {
    name: 'AWS_IAM open to "*" without the InvokeFunction grant after the grace period is not reachable',
    authType: 'AWS_IAM',
    policy: getPolicy(publicUrlGrant(FUNCTION_ARN, 'AWS_IAM')).Policy,
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_function_grant',
  },
];

describe('functionUrlExposure', () => {
  it.each(cases)('$name', (c) => {
    const result = functionUrlExposure({
      urlConfig: urlConfig(c.authType, c.functionArn),
      policy: c.policy,
      reservedConcurrency: c.reservedConcurrency,
      now: c.now ?? AFTER_GRACE,
      ...(c.urlInvokeRuleDate ? { urlInvokeRuleDate: c.urlInvokeRuleDate } : {}),
    });
    expect(result.exposure).toBe(c.exposure);
    expect(result.reaches).toEqual([c.functionArn ?? FUNCTION_ARN]);
    expect(result.blockedBy).toBe(c.blockedBy);
    if (c.confidence) expect(result.confidence).toBe(c.confidence);
    if (c.evidence) expect(result.evidence.map((e) => e.text).join('\n')).toMatch(c.evidence);
    expect(result.evidence.length).toBeGreaterThan(0);
  });
});

describe('functionUrlExposure: whom a cross-account URL admits', () => {
  it.each([
    [
      'another account',
      getPolicy(accountGrant('lambda:InvokeFunctionUrl'), accountGrant('lambda:InvokeFunction')).Policy,
      'cross_account',
      [`arn:aws:iam::${OTHER_ACCOUNT}:root`],
    ],
    [
      'an organization',
      getPolicy(organizationGrant('lambda:InvokeFunctionUrl'), organizationGrant('lambda:InvokeFunction'))
        .Policy,
      'cross_account',
      ['o-a1b2c3d4e5'],
    ],
    [
      'look-alike: any account (public, the path starts at the internet)',
      getPolicy(publicUrlGrant(FUNCTION_ARN, 'AWS_IAM'), publicInvokeViaUrlGrant()).Policy,
      'public_weak_auth',
      undefined,
    ],
  ])('%s', (_, policy, exposure, outsidePrincipals) => {
    const result = functionUrlExposure({
      urlConfig: urlConfig('AWS_IAM'),
      policy,
      reservedConcurrency: undefined,
      now: AFTER_GRACE,
    });
    expect(result.exposure).toBe(exposure);
    expect(result.outsidePrincipals).toEqual(outsidePrincipals);
  });
});

describe('grantsUrlToAnyone: the typed fact behind stale-public-url-policy', () => {
  // https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html: AuthType NONE needs a statement letting
  // Principal "*" call lambda:InvokeFunctionUrl; deleting the URL leaves it in the policy.
  const policyOf = (...statements: ReturnType<typeof publicUrlGrant>[]) =>
    lambdaPolicy(getPolicy(...statements).Policy, FUNCTION_ARN);
  it.each([
    ['the grant AddPermission writes for AuthType NONE', policyOf(publicUrlGrant()), true],
    [
      'the same grant for AuthType AWS_IAM (anyone with credentials)',
      policyOf(publicUrlGrant(FUNCTION_ARN, 'AWS_IAM')),
      true,
    ],
    ['Principal {"AWS": "*"}', policyOf({ ...publicUrlGrant(), Principal: { AWS: '*' } }), true],
    ['both public URL grants', policyOf(publicUrlGrant(), publicInvokeViaUrlGrant()), true],
    ['look-alike: no resource policy', undefined, false],
    [
      'look-alike: the URL grant names another account',
      policyOf(accountGrant('lambda:InvokeFunctionUrl')),
      false,
    ],
    [
      'look-alike: the URL grant is pinned to an organization',
      policyOf(organizationGrant('lambda:InvokeFunctionUrl')),
      false,
    ],
    [
      'look-alike: the URL grant only from one VPC',
      policyOf(withCondition(publicUrlGrant(), { StringEquals: { 'aws:SourceVpc': 'vpc-0a1b2c3d' } })),
      false,
    ],
    // The text holds both "lambda:InvokeFunctionUrl" and Principal "*", in different statements.
    [
      'look-alike: Principal "*" on Invoke, the URL action granted to another account only',
      policyOf(publicInvokeGrant(), accountGrant('lambda:InvokeFunctionUrl')),
      false,
    ],
  ])('%s', (_, policy, expected) => {
    expect(grantsUrlToAnyone(policy)).toBe(expected);
  });
});
