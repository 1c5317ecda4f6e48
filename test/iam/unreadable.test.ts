/**
 * Documents the engine cannot read (issue 9 items 1-2, issue 8 item 9): every Principal form AWS accepts is
 * read; what still cannot be read is reported with its statement, and never makes a principal look weaker.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { attackerContext, sessionVariables } from '../../src/iam/context.js';
import { decide } from '../../src/iam/evaluate.js';
import { PolicyDocumentError, parsePolicy } from '../../src/iam/policy.js';
import {
  ACCOUNT,
  allow,
  catalogForTests,
  type Doc,
  doc,
  NOW,
  ROLE_ARN,
  type RoleSpec,
  role,
} from './principal-fixture.js';

const principalOf = (Principal: unknown, partition = 'aws') =>
  parsePolicy(
    { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Principal }] },
    'P',
    partition,
  ).statements[0]!.principal!;

describe('Principal: every form AWS accepts or stores', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html: an account
  // may be named by its id or its root ARN (AWS stores the ARN); a value is a string or an array.
  // https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html: Principal is one string, an
  // account id, an ARN or a service principal, which AWS turns into the object form.
  it.each<[string, unknown, { everyone?: boolean; aws?: string[]; service?: string[] }]>([
    ['"*"', '*', { everyone: true }],
    ['{"AWS": "*"}', { AWS: '*' }, { aws: ['*'] }],
    ['{"AWS": ["*"]}', { AWS: ['*'] }, { aws: ['*'] }],
    ['a bare account id string', '111122223333', { aws: ['arn:aws:iam::111122223333:root'] }],
    ['an account id in AWS', { AWS: '111122223333' }, { aws: ['arn:aws:iam::111122223333:root'] }],
    ['an account id as a JSON number', { AWS: 111122223333 }, { aws: ['arn:aws:iam::111122223333:root'] }],
    [
      'a bare role ARN string',
      'arn:aws:iam::111122223333:role/x',
      { aws: ['arn:aws:iam::111122223333:role/x'] },
    ],
    [
      'a bare ARN of another partition',
      'arn:aws-cn:iam::111122223333:root',
      { aws: ['arn:aws-cn:iam::111122223333:root'] },
    ],
    ['a bare service principal', 's3.amazonaws.com', { service: ['s3.amazonaws.com'] }],
    ['a bare China service principal', 'lambda.amazonaws.com.cn', { service: ['lambda.amazonaws.com.cn'] }],
    ['{"AWS": "*"} serialised as a string', '{"AWS": "*"}', { aws: ['*'] }],
    [
      'mixed strings and arrays',
      { AWS: ['111122223333', 'arn:aws:iam::444455556666:user/u'], Service: 'sns.amazonaws.com' },
      {
        aws: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:user/u'],
        service: ['sns.amazonaws.com'],
      },
    ],
  ])('%s', (_, principal, expected) => {
    const set = principalOf(principal);
    expect(set.everyone).toBe(expected.everyone ?? false);
    expect(set.aws).toEqual(expected.aws ?? []);
    expect(set.service).toEqual(expected.service ?? []);
  });

  // AWS stores a bare account id as the root ARN of the partition the policy's resource lives in.
  it.each([
    ['aws-cn', 'arn:aws-cn:iam::111122223333:root'],
    ['aws-us-gov', 'arn:aws-us-gov:iam::111122223333:root'],
    ['aws', 'arn:aws:iam::111122223333:root'],
  ])("a bare account id in partition %s becomes that partition's account root", (partition, root) => {
    expect(principalOf('111122223333', partition).aws).toEqual([root]);
    expect(principalOf({ AWS: ['111122223333'] }, partition).aws).toEqual([root]);
  });

  it('rejects a bare account id when the partition of the policy is unknown, naming the account', () => {
    const parse = () =>
      parsePolicy({ Statement: [{ Effect: 'Allow', Action: '*', Principal: { AWS: '111122223333' } }] }, 'P');
    expect(parse).toThrow(PolicyDocumentError);
    expect(parse).toThrow(/statement 0.*account 111122223333 .*partition of the policy is unknown/);
  });

  it.each<[string, unknown, string]>([
    ['a word', 'somebody', 'Principal must be "*", an account id, an IAM ARN'],
    ['null', null, 'Principal must be "*" or an object'],
    ['an empty AWS value', { AWS: '' }, 'Principal.AWS must hold non-empty strings'],
    ['an object in AWS', { AWS: { x: 1 } }, 'Principal.AWS must hold non-empty strings'],
    ['a broken serialised object', '{"AWS": ', 'Principal must be "*", an account id'],
  ])('rejects %s, naming the statement', (_, principal, message) => {
    const parse = () =>
      parsePolicy(
        {
          Statement: [
            { Effect: 'Allow', Action: '*', Principal: '*' },
            { Effect: 'Allow', Action: '*', Principal: principal },
          ],
        },
        'resource policy of F',
      );
    expect(parse).toThrow(PolicyDocumentError);
    expect(parse).toThrow(`invalid policy document resource policy of F statement 1: ${message}`);
  });
});

describe('unreadable documents of a principal', () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await catalogForTests();
  });
  const broken: Doc = { Statement: [allow('s3:GetObject'), { Effect: 'Allow', Action: '*', Bogus: 1 }] };
  const facts = {
    principalArn: ROLE_ARN,
    accountId: ACCOUNT,
    principalType: 'AssumedRole' as const,
    tags: {},
    now: NOW,
  };
  const outcome = (spec: RoleSpec) =>
    decide(catalog, role(spec), {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data-bucket/report.csv',
      context: attackerContext(facts, {}),
      variables: sessionVariables(facts),
    }).outcome;

  it('an unparsable SCP counts as allowing everything (it was denying everything)', () => {
    const full = doc(allow('*'));
    const spec: RoleSpec = { inline: [doc(allow('s3:GetObject'))], scpLevels: [[full], [broken]] };
    expect(outcome(spec)).toBe('allowed');
    const principal = role(spec);
    expect(principal.unreadableScps).toEqual([
      {
        source: `SCP arn:aws:organizations::${ACCOUNT}:policy/o-x/service_control_policy/p-10`,
        statementIndex: 1,
        reason: 'unknown element "Bogus"',
      },
    ]);
    // An SCP is no principal's own document: the principal's verdict itself is complete.
    expect(principal.unreadable).toEqual([]);
  });

  it('an unparsable SCP never lifts a deny from a readable one at another level', () => {
    const denyS3 = doc(allow('*'), { Effect: 'Deny', Action: 's3:*', Resource: '*' });
    expect(outcome({ inline: [doc(allow('s3:GetObject'))], scpLevels: [[denyS3], [broken]] })).toBe('denied');
  });

  it('an unparsable identity policy is listed with its statement: the verdict is incomplete', () => {
    const principal = role({ inline: [doc(allow('sqs:*')), broken] });
    expect(principal.unreadable).toEqual([
      { source: `${ROLE_ARN} inline policy inline-1`, statementIndex: 1, reason: 'unknown element "Bogus"' },
    ]);
    // The readable policy still counts.
    expect(principal.identity.map((policy) => policy.name)).toEqual(['inline-0']);
  });
});
