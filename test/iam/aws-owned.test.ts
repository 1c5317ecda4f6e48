/** Resources AWS owns in a customer account, in every partition (docs/iam-escalation.md, "Grants AWS makes useless"). */
import { describe, expect, it } from 'vitest';
import { isAwsManagedPolicy, isAwsOwned } from '../../src/iam/aws-owned.js';

describe('AWS-owned resources', () => {
  it.each<[string, boolean]>([
    ['arn:aws:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws-cn:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', true],
    ['arn:aws:iam::aws:policy/*', true],
    ['arn:aws:iam::123456789012:policy/AdministratorAccess', false],
    ['arn:aws:iam::*:policy/*', false],
    ['arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd', true],
    ['arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Dev_1', true],
    ['arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*', true],
    ['arn:aws:iam::123456789012:role/aws-reserved-team/app', false],
    ['arn:aws:iam::123456789012:role/sso.amazonaws.com/app', false],
    ['arn:aws:iam::123456789012:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda', true],
    ['arn:aws:iam::123456789012:role/service-role/my-function-role-abc', false],
    ['arn:aws:kms:eu-west-1:123456789012:alias/aws/s3', true],
    ['arn:aws-cn:kms:cn-north-1:123456789012:alias/aws/ebs', true],
    ['arn:aws:kms:*:*:alias/aws/*', true],
    ['arn:aws:kms:*:*:alias/*', false],
    ['arn:aws:kms:*:*:alias/aws*', false],
    ['arn:aws:kms:eu-west-1:123456789012:alias/awsome', false],
    ['arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', false],
    ['*', false],
  ])('%s: %s', (arn, owned) => {
    expect(isAwsOwned(arn)).toBe(owned);
  });

  it.each<[string, boolean]>([
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', true],
    ['arn:aws:iam::aws:role/ReadOnlyAccess', false],
    ['arn:aws:iam::123456789012:policy/ReadOnlyAccess', false],
  ])('managed by AWS: %s: %s', (arn, managed) => {
    expect(isAwsManagedPolicy(arn)).toBe(managed);
  });
});
