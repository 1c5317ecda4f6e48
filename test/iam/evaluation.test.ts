/**
 * The evaluation corner cases of docs/iam.md (policy kinds and their intersection, explicit deny, SCPs and
 * boundaries, matching), each with the twin that flips it. Cases handled elsewhere: trust policies and
 * cross-account in assume.test.ts; Lambda URLs belong to the exposure analysis (docs/exposure.md); RCPs,
 * session policies and S3 specifics are not collected, so not evaluated (docs/iam.md "Limits");
 * sts:GetCallerIdentity grants nothing we classify.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { attackerContext, sessionVariables } from '../../src/iam/context.js';
import { decide } from '../../src/iam/evaluate.js';
import {
  ACCOUNT,
  allow,
  catalogForTests,
  deny,
  doc,
  NOW,
  ROLE_ARN,
  type RoleSpec,
  role,
} from './principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const BUCKET_OBJECT = 'arn:aws:s3:::data-bucket/report.csv';
const facts = (tags: Record<string, string> = {}) => ({
  principalArn: ROLE_ARN,
  accountId: ACCOUNT,
  principalType: 'AssumedRole' as const,
  tags,
  now: NOW,
});

function outcome(
  spec: RoleSpec,
  action = 's3:GetObject',
  resource = BUCKET_OBJECT,
  request: Record<string, string> = {},
) {
  const principal = role(spec);
  return decide(catalog, principal, {
    action,
    resource,
    context: attackerContext(facts(spec.tags), request),
    variables: sessionVariables(facts(spec.tags)),
  }).outcome;
}

const s3Read = doc(allow('s3:GetObject', 'arn:aws:s3:::data-bucket/*'));

describe('implicit deny, explicit deny from any policy type wins', () => {
  it.each<[string, RoleSpec, string]>([
    ['no policy: implicit deny', {}, 'denied'],
    ['an identity allow', { inline: [s3Read] }, 'allowed'],
    ['deny in the same policy (fp1)', { inline: [doc(allow('s3:*'), deny('s3:*'))] }, 'denied'],
    [
      'deny in another policy (fp2)',
      { inline: [doc(allow('*'))], managed: { guard: doc(deny('*')) } },
      'denied',
    ],
    ['deny in the boundary', { inline: [s3Read], boundary: doc(allow('*'), deny('s3:GetObject')) }, 'denied'],
    ['deny in an SCP', { inline: [s3Read], scpLevels: [[doc(allow('*'), deny('s3:*'))]] }, 'denied'],
    [
      'a deny on another resource leaves the grant',
      { inline: [s3Read, doc(deny('s3:*', 'arn:aws:s3:::other/*'))] },
      'allowed',
    ],
  ])('%s', (_, spec, expected) => {
    expect(outcome(spec)).toBe(expected);
  });
});

describe('permissions boundary: intersection with identity policies', () => {
  it.each<[string, RoleSpec, string]>([
    ['allowed by both', { inline: [s3Read], boundary: doc(allow('s3:*')) }, 'allowed'],
    ['identity allows, boundary does not', { inline: [s3Read], boundary: doc(allow('logs:*')) }, 'denied'],
    [
      'boundary allows, identity does not: a boundary never grants',
      { inline: [doc(allow('logs:*'))], boundary: doc(allow('*')) },
      'denied',
    ],
  ])('%s', (_, spec, expected) => {
    expect(outcome(spec)).toBe(expected);
  });
});

describe('SCPs: every level must allow, an SCP allow never grants', () => {
  const full = doc(allow('*'));
  it.each<[string, RoleSpec, string]>([
    ['FullAWSAccess at every level', { inline: [s3Read], scpLevels: [[full], [full]] }, 'allowed'],
    [
      'one level allows only other services',
      { inline: [s3Read], scpLevels: [[full], [doc(allow('ec2:*'))]] },
      'denied',
    ],
    ['an empty level denies', { inline: [s3Read], scpLevels: [[full], []] }, 'denied'],
    ['the SCP allows but no identity policy does', { scpLevels: [[full]] }, 'denied'],
    [
      'service-linked roles are exempt',
      { inline: [s3Read], scpLevels: [[doc(deny('*'))]], path: '/aws-service-role/lambda.amazonaws.com/' },
      'allowed',
    ],
  ])('%s', (_, spec, expected) => {
    expect(outcome(spec)).toBe(expected);
  });
});

describe('NotAction and NotResource', () => {
  it.each<[string, RoleSpec, string, string]>([
    [
      'Allow NotAction grants every other action (fn4)',
      {
        inline: [
          doc({ Effect: 'Allow', NotAction: ['iam:Update*', 'iam:Create*', 'iam:Attach*'], Resource: '*' }),
        ],
      },
      'iam:PutRolePolicy',
      'allowed',
    ],
    [
      '... but not the listed ones',
      {
        inline: [
          doc({ Effect: 'Allow', NotAction: ['iam:Update*', 'iam:Create*', 'iam:Attach*'], Resource: '*' }),
        ],
      },
      'iam:CreatePolicyVersion',
      'denied',
    ],
    [
      'Deny NotAction denies all but the listed',
      { inline: [doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })] },
      'iam:PutRolePolicy',
      'denied',
    ],
    [
      '... and leaves the listed',
      { inline: [doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })] },
      's3:GetObject',
      'allowed',
    ],
  ])('%s', (_, spec, action, expected) => {
    const resource = action.startsWith('s3') ? BUCKET_OBJECT : ROLE_ARN;
    expect(outcome(spec, action, resource)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['NotResource allows every other resource', BUCKET_OBJECT, 'allowed'],
    ['... and not the listed one', 'arn:aws:s3:::secrets/key', 'denied'],
  ])('%s', (_, resource, expected) => {
    expect(
      outcome(
        { inline: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secrets/*' })] },
        's3:GetObject',
        resource,
      ),
    ).toBe(expected);
  });
});

describe('conditions from the point of view of an attacker holding the credentials', () => {
  const withCondition = (Condition: object) => ({ inline: [doc(allow('s3:GetObject', '*', { Condition }))] });
  it.each<[string, object, string]>([
    [
      'token issued after 2020: satisfiable (fn3)',
      { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } },
      'allowed',
    ],
    [
      'token issued before 2020: impossible (fp5)',
      { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } },
      'denied',
    ],
    [
      'requested region: the attacker chooses it',
      { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      'allowed',
    ],
    ['secure transport: the attacker uses TLS', { Bool: { 'aws:SecureTransport': 'true' } }, 'allowed'],
    [
      'source IP: constraining, reported as conditional',
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      'conditional',
    ],
    ['source VPC endpoint: conditional', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, 'conditional'],
    ['MFA: conditional', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, 'conditional'],
    ['organization id: conditional', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, 'conditional'],
    ['principal ARN matches the role: satisfied', { ArnLike: { 'aws:PrincipalArn': ROLE_ARN } }, 'allowed'],
    [
      'principal ARN of another role: impossible',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } },
      'denied',
    ],
    [
      'a possible and an impossible condition (AND): impossible',
      {
        IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        DateLessThan: { 'aws:CurrentTime': '2001-01-01T00:00:00Z' },
      },
      'denied',
    ],
    ['principal tag the role carries', { StringEquals: { 'aws:PrincipalTag/team': 'payments' } }, 'allowed'],
  ])('%s', (_, condition, expected) => {
    expect(outcome({ ...withCondition(condition), tags: { team: 'payments' } })).toBe(expected);
  });

  it('a deny behind a constraining condition makes the grant conditional, not denied', () => {
    const guarded = doc(
      allow('s3:*'),
      deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
    );
    expect(outcome({ inline: [guarded] })).toBe('conditional');
    expect(
      outcome({
        inline: [
          doc(allow('s3:*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })),
        ],
      }),
    ).toBe('allowed');
  });
});

describe('policy variables', () => {
  it.each<[string, Record<string, string>, string]>([
    ['${aws:PrincipalTag/team} resolved from the role tags', { team: 'data' }, 'allowed'],
    ['... another team', { team: 'web' }, 'denied'],
    ['... untagged role: unresolvable, no match', {}, 'denied'],
  ])('%s', (_, tags, expected) => {
    const spec = {
      inline: [doc(allow('s3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*'))],
      tags,
    };
    expect(outcome(spec, 's3:GetObject', 'arn:aws:s3:::data-bucket/x')).toBe(expected);
  });

  it('version 2008-10-17 reads ${...} literally', () => {
    const old = {
      Version: '2008-10-17',
      Statement: [allow('s3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*')],
    };
    const tags = { team: 'data' };
    expect(outcome({ inline: [old], tags }, 's3:GetObject', 'arn:aws:s3:::data-bucket/x')).toBe('denied');
    expect(
      outcome({ inline: [old], tags }, 's3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/x'),
    ).toBe('allowed');
  });
});
