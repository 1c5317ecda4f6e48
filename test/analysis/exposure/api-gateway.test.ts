import { describe, expect, it } from 'vitest';
import { requiresClientCertificate } from '../../../src/analysis/exposure/api-gateway.js';

describe('requiresClientCertificate', () => {
  it.each([
    ['a truststore (API Gateway v2 shape)', '{"TruststoreUri":"s3://certs/truststore.pem"}', true],
    ['a truststore (REST camelCase shape)', '{"truststoreUri":"s3://certs/truststore.pem"}', true],
    // moto returns {} for every domain; a domain without mutual TLS may carry an empty object.
    ['an empty MutualTlsAuthentication', '{}', false],
    ['an empty truststore URI', '{"TruststoreUri":""}', false],
    ['no MutualTlsAuthentication', null, false],
    ['not JSON', 'mutual', false],
  ])('%s → %s', (_label, json, expected) => {
    expect(requiresClientCertificate(json)).toBe(expected);
  });
});
