import { describe, expect, it } from 'vitest';
import type { EntryExposure } from '../../../src/analysis/exposure/exposure-class.js';
import { withoutThrottledTargets } from '../../../src/analysis/exposure/reserved-concurrency.js';
import { ALIAS_ARN, FUNCTION_ARN } from '../../fixtures/exposure/lambda.js';

const OTHER = FUNCTION_ARN.replace('orders-api', 'orders-canary');
const route: EntryExposure = {
  exposure: 'public_unauthenticated',
  authentication: 'none',
  reaches: [ALIAS_ARN, OTHER],
  evidence: [{ text: 'route GET /orders has AuthorizationType NONE', source: 'GetRoutes' }],
  confidence: 'high',
};

describe('withoutThrottledTargets', () => {
  it('an entry whose every target has reserved concurrency 0 is not exposed (alias resolved to its function)', () => {
    const result = withoutThrottledTargets(route, () => 0);
    expect(result).toMatchObject({ exposure: 'not_exposed', blockedBy: 'reserved_concurrency_zero' });
    expect(result.evidence.at(-1)!.text).toMatch(/reserved concurrency of .*orders-canary is 0/);
  });

  it('a throttled target is dropped, the others stay reachable', () => {
    const result = withoutThrottledTargets(route, (arn) => (arn === FUNCTION_ARN ? 0 : undefined));
    expect(result).toMatchObject({ exposure: 'public_unauthenticated', reaches: [OTHER] });
  });

  it.each([undefined, null, 5])('look-alike: reserved concurrency %s does not stop callers', (value) => {
    expect(withoutThrottledTargets(route, () => value)).toBe(route);
  });
});
