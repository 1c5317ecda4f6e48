/** Trust policy and identity policy together decide sts:AssumeRole (docs/iam-escalation.md, "Trust policies"). */
import { beforeAll, describe, expect, it } from 'vitest';
import { decideAssume } from '../../src/iam/assume.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { ACCOUNT, allow, catalogForTests, deny, doc, NOW, type RoleSpec, role } from './principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const OTHER_ACCOUNT = '999988887777';
const CALLER_ARN = `arn:aws:iam::${ACCOUNT}:role/app-fn-role`;
const TARGET_ARN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const trustOf = (Principal: unknown, extra: object = {}) =>
  doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });
const assumeAnything = doc(allow('sts:AssumeRole'));

function outcome(caller: RoleSpec, trust: object, target: Partial<RoleSpec> = {}) {
  return decideAssume(
    catalog,
    role(caller),
    role({ name: 'admin', trust: trust as RoleSpec['trust'], ...target }),
    NOW,
  ).outcome;
}

describe('can a principal assume a role', () => {
  it.each<[string, RoleSpec, object, Partial<RoleSpec>, string]>([
    [
      'trust names the caller, same account: no identity allow needed',
      {},
      trustOf({ AWS: CALLER_ARN }),
      {},
      'allowed',
    ],
    [
      '... but an identity deny still wins',
      { inline: [doc(deny('sts:AssumeRole'))] },
      trustOf({ AWS: CALLER_ARN }),
      {},
      'denied',
    ],
    [
      '... and a boundary without sts:AssumeRole caps it (a grant to the role ARN)',
      { boundary: doc(allow('s3:*')) },
      trustOf({ AWS: CALLER_ARN }),
      {},
      'denied',
    ],
    [
      'trust names the account root: identity allow needed',
      {},
      trustOf({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      {},
      'denied',
    ],
    ['... and given', { inline: [assumeAnything] }, trustOf({ AWS: ACCOUNT }), {}, 'allowed'],
    [
      '... identity allow on another role only',
      { inline: [doc(allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/reader`))] },
      trustOf({ AWS: ACCOUNT }),
      {},
      'denied',
    ],
    [
      'trust names a service only: a role cannot assume it',
      { inline: [assumeAnything] },
      trustOf({ Service: 'lambda.amazonaws.com' }),
      {},
      'denied',
    ],
    [
      'trust names another account',
      { inline: [assumeAnything] },
      trustOf({ AWS: OTHER_ACCOUNT }),
      {},
      'denied',
    ],
    [
      'cross-account: trust names the caller account, identity allows',
      { account: OTHER_ACCOUNT, inline: [assumeAnything] },
      trustOf({ AWS: OTHER_ACCOUNT }),
      {},
      'allowed',
    ],
    [
      'cross-account: trust names the caller directly, identity does not allow',
      { account: OTHER_ACCOUNT },
      trustOf({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/app-fn-role` }),
      {},
      'denied',
    ],
    [
      'trust with an ExternalId: conditional',
      { inline: [assumeAnything] },
      trustOf({ AWS: ACCOUNT }, { Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }),
      {},
      'conditional',
    ],
    [
      'trust with MFA: conditional',
      { inline: [assumeAnything] },
      trustOf({ AWS: ACCOUNT }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      {},
      'conditional',
    ],
    [
      'trust limited to another principal ARN pattern: impossible',
      { inline: [assumeAnything] },
      trustOf(
        { AWS: ACCOUNT },
        { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/ops-*` } } },
      ),
      {},
      'denied',
    ],
    [
      'trust with Principal "*": identity allow suffices',
      { inline: [assumeAnything] },
      trustOf('*'),
      {},
      'allowed',
    ],
    [
      'trust Deny for the caller wins',
      { inline: [assumeAnything] },
      doc(
        { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: CALLER_ARN }, Action: 'sts:AssumeRole' },
      ),
      {},
      'denied',
    ],
    [
      'an SCP denying sts binds even a direct trust',
      { scpLevels: [[doc(allow('*'), deny('sts:*'))]] },
      trustOf({ AWS: CALLER_ARN }),
      {},
      'denied',
    ],
  ])('%s', (_, caller, trust, target, expected) => {
    expect(outcome(caller, trust, target)).toBe(expected);
  });

  it('uses the target ARN the identity policy names', () => {
    expect(TARGET_ARN).toBe(role({ name: 'admin' }).arn);
  });
});

/**
 * Trust statements go through the same action matcher as identity policies (docs/iam-escalation.md,
 * "Matching actions"): IAM wildcards in the action name, case-insensitive, NotAction, and no wildcard in
 * the service prefix. The caller is named directly, so no identity allow is needed when the action matches.
 */
describe('which trust actions let a role assume it', () => {
  const direct = { AWS: CALLER_ARN };
  const withAction = (Action: string | string[]) => doc({ Effect: 'Allow', Principal: direct, Action });
  const withNotAction = (NotAction: string | string[]) =>
    doc({ Effect: 'Allow', Principal: direct, NotAction });
  it.each<[string, object, string]>([
    ['sts:AssumeRole*', withAction('sts:AssumeRole*'), 'allowed'],
    ['sts:Assume?ole', withAction('sts:Assume?ole'), 'allowed'],
    ['sts:*Role', withAction('sts:*Role'), 'allowed'],
    ['sts:Assume*', withAction('sts:Assume*'), 'allowed'],
    ['upper case STS:ASSUMEROLE', withAction('STS:ASSUMEROLE'), 'allowed'],
    ['sts:*', withAction('sts:*'), 'allowed'],
    ['*', withAction('*'), 'allowed'],
    ['one of a list', withAction(['sts:TagSession', 'sts:AssumeRole']), 'allowed'],
    [
      'NotAction sts:AssumeRoleWithWebIdentity (covers AssumeRole)',
      withNotAction('sts:AssumeRoleWithWebIdentity'),
      'allowed',
    ],
    ['NotAction iam:* (covers AssumeRole)', withNotAction('iam:*'), 'allowed'],
    ['NotAction sts:Assume* (excludes it)', withNotAction('sts:Assume*'), 'denied'],
    ['NotAction sts:assumerole, lower case (excludes it)', withNotAction('sts:assumerole'), 'denied'],
    ['sts:AssumeRoleWithWebIdentity only', withAction('sts:AssumeRoleWithWebIdentity'), 'denied'],
    ['sts:AssumeRoleWithSAML only', withAction('sts:AssumeRoleWithSAML'), 'denied'],
    [
      'sts:TagSession and sts:SetSourceIdentity only',
      withAction(['sts:TagSession', 'sts:SetSourceIdentity']),
      'denied',
    ],
    ['sts:AssumeRole? (one character more)', withAction('sts:AssumeRole?'), 'denied'],
    ['a space inside the pattern', withAction('sts: AssumeRole'), 'denied'],
    ['another service', withAction('iam:AssumeRole'), 'denied'],
    [
      'a Deny on sts:Assume* wins over the Allow',
      doc(
        { Effect: 'Allow', Principal: direct, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: direct, Action: 'sts:Assume*' },
      ),
      'denied',
    ],
    [
      'a Deny on sts:AssumeRoleWithSAML leaves AssumeRole open',
      doc(
        { Effect: 'Allow', Principal: direct, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: direct, Action: 'sts:AssumeRoleWithSAML' },
      ),
      'allowed',
    ],
  ])('%s: %s', (_, trust, expected) => {
    expect(outcome({}, trust)).toBe(expected);
  });
});

/**
 * Wildcard principals in trust policies: `{"AWS": "*"}` names every principal of every account, and its
 * conditions decide; a wildcard inside a principal ARN is not a pattern (AWS rejects it), so it names no one.
 * In the role's own account a trust naming anyone or one of the caller's sessions grants without an
 * identity allow and is not capped by the caller's boundary; across accounts the identity allow is needed.
 */
describe('wildcard principals in trust policies', () => {
  const anyone = (Condition?: object) =>
    doc({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      ...(Condition ? { Condition } : {}),
    });
  it.each<[string, RoleSpec, object, string]>([
    ['AWS "*" with no condition, same account, no identity allow', {}, anyone(), 'allowed'],
    [
      'AWS "*" pinned to the caller account by aws:PrincipalAccount',
      {},
      anyone({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }),
      'allowed',
    ],
    [
      'AWS "*" pinned to another account by aws:PrincipalAccount',
      { inline: [assumeAnything] },
      anyone({ StringEquals: { 'aws:PrincipalAccount': OTHER_ACCOUNT } }),
      'denied',
    ],
    [
      'AWS "*" with ArnLike aws:PrincipalArn arn:aws:iam::*:role/app-fn-role (matches the caller)',
      {},
      anyone({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-fn-role' } }),
      'allowed',
    ],
    [
      'AWS "*" with ArnLike aws:PrincipalArn arn:aws:iam::*:role/app-* (matches the caller)',
      {},
      anyone({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' } }),
      'allowed',
    ],
    [
      'AWS "*" with ArnLike aws:PrincipalArn arn:aws:iam::*:role/deployer (another role)',
      { inline: [assumeAnything] },
      anyone({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deployer' } }),
      'denied',
    ],
    [
      'AWS "*" with ArnNotLike aws:PrincipalArn on the caller',
      { inline: [assumeAnything] },
      anyone({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-fn-role' } }),
      'denied',
    ],
    [
      'AWS "*" with aws:PrincipalOrgID: depends on the organization',
      {},
      anyone({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }),
      'conditional',
    ],
    [
      'AWS "*", caller in another account without identity allow',
      { account: OTHER_ACCOUNT },
      anyone(),
      'denied',
    ],
    [
      'AWS "*", caller in another account with identity allow',
      { account: OTHER_ACCOUNT, inline: [assumeAnything] },
      anyone(),
      'allowed',
    ],
    [
      'AWS "*", same account: the caller boundary without sts:AssumeRole does not cap it',
      { boundary: doc(allow('s3:*')) },
      anyone(),
      'allowed',
    ],
    [
      '... but a boundary Deny of sts:* binds',
      { boundary: doc(allow('*'), deny('sts:*')) },
      anyone(),
      'denied',
    ],
    [
      'a wildcard inside a principal ARN names no one',
      { inline: [assumeAnything] },
      trustOf({ AWS: 'arn:aws:iam::*:role/app-fn-role' }),
      'denied',
    ],
    [
      'a session of the caller role: only that session name, unknown to us',
      {},
      trustOf({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app-fn-role/one-session` }),
      'conditional',
    ],
    [
      'a session of another role',
      { inline: [assumeAnything] },
      trustOf({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/one-session` }),
      'denied',
    ],
  ])('%s', (_, caller, trust, expected) => {
    expect(outcome(caller, trust)).toBe(expected);
  });
});
