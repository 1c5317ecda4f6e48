import { beforeAll, describe, expect, it } from 'vitest';
import { allowsAction } from '../../src/analysis/exposure/lambda-policy.js';
import { actionPatternMatches } from '../../src/iam/action.js';
import { resourceMatches } from '../../src/iam/arn.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { matchAction, matchStatement } from '../../src/iam/evaluate.js';
import { parsePolicy } from '../../src/iam/policy.js';
import { catalogForTests } from './principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

describe('action patterns (case-insensitive, * and ?, expanded against the catalogue)', () => {
  it.each([
    ['iam:PassRole', 'iam:passrole', true],
    ['IAM:passrole', 'iam:PassRole', true],
    ['iam:Pass*', 'iam:PassRole', true],
    ['iam:?assRole', 'iam:PassRole', true],
    ['iam:?Role', 'iam:PassRole', false],
    ['lambda:Create*', 'lambda:CreateFunction', true],
    ['lambda:Create*', 'lambda:UpdateFunctionCode', false],
    ['*', 'sts:AssumeRole', true],
    ['s3:*', 'iam:PassRole', false],
    ['iam:*Policy*', 'iam:PutRolePolicy', true],
    ['iam:PassRole ', 'iam:PassRole', false],
    ['iam:PassRole,iam:GetRole', 'iam:PassRole', false],
  ])('%s covers %s: %s', (pattern, action, expected) => {
    expect(catalog.expand(pattern).has(action.toLowerCase())).toBe(expected);
  });

  it('NotAction matches every action not listed, and a malformed entry never excludes', () => {
    const statement = (notAction: string[]) =>
      parsePolicy({ Statement: { Effect: 'Allow', NotAction: notAction, Resource: '*' } }, 'p')
        .statements[0]!;
    const covers = (notAction: string[], action: string) =>
      matchStatement(catalog, statement(notAction), action.toLowerCase(), { resource: '*' }) !== undefined;
    expect(covers(['iam:Update*', 'iam:Create*'], 'iam:PutRolePolicy')).toBe(true);
    expect(covers(['iam:Update*', 'iam:Create*'], 'iam:CreateUser')).toBe(false);
    expect(covers(['iam:CreateUser '], 'iam:CreateUser')).toBe(true);
  });
});

describe('resource ARNs, segment by segment', () => {
  it.each([
    ['*', 'arn:aws:s3:::b/k', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/dir/nested/key', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['arn:aws:s3:::b*', 'arn:aws:s3:::bucket-2/x', true],
    ['arn:aws:s3:::B/*', 'arn:aws:s3:::b/k', false],
    ['arn:AWS:S3:::b/*', 'arn:aws:s3:::b/k', true],
    ['arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:eu-west-1:123456789012:function:f', true],
    ['arn:aws:lambda:*:*:function:orders-*', 'arn:aws:lambda:eu-west-1:123456789012:function:f', false],
    ['arn:aws:lambda:us-east-1:*:function:*', 'arn:aws:lambda:eu-west-1:123456789012:function:f', false],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:role/path/r', true],
    ['arn:aws:iam::111111111111:role/*', 'arn:aws:iam::123456789012:role/r', false],
    ['arn:aws:iam::1234567890?2:role/r', 'arn:aws:iam::123456789012:role/r', true],
    ['arn:aws:iam::aws:policy/*', 'arn:aws:iam::123456789012:policy/p', false],
  ])('%s vs %s: %s', (pattern, arn, expected) => {
    expect(resourceMatches(pattern, arn)).toBe(expected);
  });

  it('a wildcard-only action needs Resource "*" (a broad ARN pattern is not enough)', () => {
    const covers = (resource: object) =>
      matchStatement(
        catalog,
        parsePolicy({ Statement: { Effect: 'Allow', Action: 'iam:ListRoles', ...resource } }, 'p')
          .statements[0]!,
        'iam:listroles',
        { resource: '*' },
      ) !== undefined;
    expect(catalog.action('iam:ListRoles')?.wildcardOnly).toBe(true);
    expect(covers({ Resource: '*' })).toBe(true);
    expect(covers({ Resource: 'arn:aws:iam::*:role/*' })).toBe(false);
    expect(covers({ NotResource: 'arn:aws:iam::*:role/x' })).toBe(true);
    expect(covers({ NotResource: '*' })).toBe(false);
  });
});

/**
 * One action matcher for every policy kind (docs/iam-escalation.md, "Matching actions"): the pure matcher,
 * the catalogue's expansion used by identity policies, the trust-policy reading and the Lambda resource
 * policy reading give the same verdict, including for an action the catalogue does not know.
 */
describe('every policy kind matches actions the same way', () => {
  const statementWith = (Action: string) =>
    parsePolicy({ Statement: { Effect: 'Allow', Principal: '*', Action } }, 'p').statements[0]!;
  it.each<[string, string, boolean]>([
    ['sts:AssumeRole*', 'sts:AssumeRole', true],
    ['sts:Assume?ole', 'sts:AssumeRole', true],
    ['sts:*Role', 'sts:AssumeRole', true],
    ['STS:assumerole', 'sts:AssumeRole', true],
    ['sts:AssumeRole*', 'sts:AssumeRoleWithSAML', true],
    ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', false],
    ['sts:*Role', 'sts:AssumeRoleWithSAML', false],
    ['*:AssumeRole', 'sts:AssumeRole', false],
    ['s*:AssumeRole', 'sts:AssumeRole', false],
    ['lambda:Invoke*', 'lambda:InvokeFunction', true],
    ['lambda:invoke?unction', 'lambda:InvokeFunction', true],
    ['lambda:InvokeFunction ', 'lambda:InvokeFunction', false],
    ['lambda:*', 'lambda:NotInTheCatalogueYet', true],
    ['lambda:Not*', 'lambda:NotInTheCatalogueYet', true],
    ['lambda:Invoke*', 'lambda:NotInTheCatalogueYet', false],
  ])('%s covers %s: %s', (pattern, action, expected) => {
    const statement = statementWith(pattern);
    const fromCatalogue = catalog.action(action)
      ? catalog.expand(pattern).has(action.toLowerCase())
      : expected;
    expect([
      actionPatternMatches(pattern, action),
      fromCatalogue,
      matchAction(catalog, statement, action.toLowerCase()) !== undefined,
      allowsAction(statement, action),
    ]).toEqual([expected, expected, expected, expected]);
  });
});
