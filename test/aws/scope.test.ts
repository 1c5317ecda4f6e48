import { describe, expect, it } from 'vitest';
import { parseAccounts, parseRegions, partitionOf, roleArnIn } from '../../src/aws/scope.js';
import { InputError } from '../../src/errors.js';

describe('parseRegions', () => {
  it('defaults to the configured region, takes "all" and de-duplicated lists', () => {
    expect(parseRegions(undefined)).toEqual({ kind: 'configured' });
    expect(parseRegions('all')).toEqual({ kind: 'all' });
    expect(parseRegions(' us-east-1, eu-west-1,us-east-1 ')).toEqual({
      kind: 'list',
      regions: ['us-east-1', 'eu-west-1'],
    });
    expect(parseRegions('us-gov-west-1')).toEqual({ kind: 'list', regions: ['us-gov-west-1'] });
  });

  it.each(['', 'us-east', 'US-EAST-1', 'all,us-east-1'])('refuses "%s"', (value) => {
    expect(() => parseRegions(value)).toThrow(InputError);
  });
});

describe('parseAccounts', () => {
  it('defaults to the caller, takes lists and --org with a role', () => {
    expect(parseAccounts({})).toEqual({ kind: 'caller' });
    expect(parseAccounts({ accounts: '123456789012,210987654321', assumeRole: 'toxgraph-reader' })).toEqual({
      kind: 'list',
      accounts: ['123456789012', '210987654321'],
    });
    expect(parseAccounts({ org: true, assumeRole: 'audit/toxgraph-reader' })).toEqual({ kind: 'org' });
  });

  it('refuses malformed ids, --org without a role, and --org with --accounts', () => {
    expect(() => parseAccounts({ accounts: '12345' })).toThrow(/12-digit account ids/);
    expect(() => parseAccounts({ org: true })).toThrow(/--org needs --assume-role/);
    expect(() => parseAccounts({ org: true, accounts: '123456789012', assumeRole: 'r' })).toThrow(
      /exclude each other/,
    );
    expect(() => parseAccounts({ assumeRole: 'bad name' })).toThrow(/--assume-role/);
  });
});

describe('partition of the caller', () => {
  it.each([
    ['arn:aws:iam::123456789012:user/scanner', 'aws'],
    ['arn:aws-cn:sts::123456789012:assumed-role/reader/s', 'aws-cn'],
    ['arn:aws-us-gov:iam::123456789012:root', 'aws-us-gov'],
  ])('%s is in %s', (arn, partition) => {
    expect(partitionOf(arn)).toBe(partition);
  });

  it.each([undefined, '', 'not-an-arn', 'arn::iam::123456789012:root'])(
    'stops on a caller Arn without a partition (%s), naming the API',
    (arn) => {
      expect(() => partitionOf(arn)).toThrow(/sts:GetCallerIdentity returned Arn .*partition .* unknown/);
    },
  );
});

describe('role ARNs', () => {
  it('builds the role ARN in the caller partition, with a path', () => {
    expect(roleArnIn('123456789012', 'toxgraph-reader', 'aws')).toBe(
      'arn:aws:iam::123456789012:role/toxgraph-reader',
    );
    expect(roleArnIn('123456789012', '/audit/reader', partitionOf('arn:aws-cn:iam::1:user/x'))).toBe(
      'arn:aws-cn:iam::123456789012:role/audit/reader',
    );
  });
});
