import { describe, expect, it } from 'vitest';
import { bearerToken, isLoopbackHost, tokenMatcher } from '../../src/api/auth.js';

// RFC 6750 §2.1: `Authorization: Bearer <token>`, the scheme case-insensitive.
describe('bearerToken', () => {
  it.each([
    ['Bearer abc123', 'abc123'],
    ['bearer abc123', 'abc123'],
    ['Bearer   abc123', 'abc123'],
    ['Basic YWJjOmRlZg==', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('tokenMatcher', () => {
  const matches = tokenMatcher(['first-token', 'second-token']);
  it.each([
    ['first-token', true],
    ['second-token', true],
    ['first-toke', false],
    ['first-token-longer', false],
    ['FIRST-TOKEN', false],
    ['', false],
  ])('%j → %s', (presented, expected) => {
    expect(matches(presented)).toBe(expected);
  });

  it('accepts nothing when no token is configured', () => {
    expect(tokenMatcher([])('anything')).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['example.com', false],
    ['localhost.example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
