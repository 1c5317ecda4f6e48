import { describe, expect, it } from 'vitest';
import { looksLikeCredential, looksLikeSecret } from '../../src/aws/secrets.js';

describe('looksLikeSecret', () => {
  it.each([
    ['DB_PASSWORD', 'x'],
    ['GITHUB_TOKEN', 'x'],
    ['stripe-api-key', 'x'],
    ['CLIENT_SECRET', 'x'],
    ['DATABASE_CONNECTION_STRING', 'x'],
  ])('flags the name %s whatever the value', (name, value) => {
    expect(looksLikeSecret(name, value)).toBe(true);
  });

  it.each([
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['temporary key id', 'ASIAY34FZKBOKMUTVV7A'],
    ['AWS secret access key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['PEM private key', '-----BEGIN PRIVATE KEY-----\nMIIE...'],
    ['OpenSSH private key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['credentials in a URL', 'postgres://app:s3cr3t@db.internal:5432/app'],
    ['long random hex', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ])('flags a value shaped like a %s under a harmless name', (_kind, value) => {
    expect(looksLikeSecret('CONFIG', value)).toBe(true);
  });

  it.each([
    ['STAGE', 'prod'],
    ['LOG_LEVEL', 'debug'],
    ['TABLE_NAME', 'orders-table-prod'],
    ['QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'],
    ['NODE_OPTIONS', '--enable-source-maps'],
    ['REQUEST_ID', '4f1c2d3e-5a6b-7c8d-9e0f-1a2b3c4d5e6f'],
    ['BUCKET', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  ])('leaves %s=%s alone', (name, value) => {
    expect(looksLikeSecret(name, value)).toBe(false);
  });

  it('does not flag references to a secret store, even under a secret-looking name', () => {
    expect(
      looksLikeSecret('DB_PASSWORD_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'),
    ).toBe(false);
    expect(looksLikeSecret('API_KEY_PARAM', 'arn:aws:ssm:us-east-1:123456789012:parameter/api-key')).toBe(
      false,
    );
  });
});

describe('looksLikeCredential', () => {
  it.each([
    ['an access key id', 'AKIAIOSFODNN7EXAMPLE', true],
    ['a temporary key id', 'ASIAIOSFODNN7EXAMPLE', true],
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', true],
    ['a password', 'hunter2-planted-password-value', false],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlcGxhbnRlZA', false],
    ['a Secrets Manager ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db', false],
  ])('%s: %s', (_label, value, expected) => {
    expect(looksLikeCredential(value)).toBe(expected);
  });
});
