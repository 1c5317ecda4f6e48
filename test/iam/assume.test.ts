/** §4.2, 4.3, 4.13: trust policy and identity policy together decide sts:AssumeRole. */
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
      '... and a boundary without sts:AssumeRole caps it (§4.4)',
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
