import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { findingsTable, summaryLine, wrap } from '../../src/findings/table.js';

const finding = (overrides: Partial<Finding>): Finding => ({
  id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  detection: 'function-url-privileged-role',
  severity: 'critical',
  title: 'Public function URL runs as a privileged role: orders-api-handler:live',
  exposure: 'public_unauthenticated',
  privilege: 'admin',
  entryPoint: { kind: 'function_url', arn: 'u', name: 'u' },
  function: { arn: 'f', name: 'orders-api-handler', qualifier: 'live' },
  role: { arn: 'r' },
  accountId: '111122223333',
  region: 'us-east-1',
  path: [
    { id: 'internet', labels: ['Internet'], name: 'internet' },
    {
      id: 'u',
      labels: ['LambdaFunctionUrl'],
      name: 'https://abcdefghijklmnopqrstuvwxyz0123456789.lambda-url.us-east-1.on.aws/',
    },
    { id: 'f', labels: ['LambdaFunction'], name: 'orders-api-handler' },
    { id: 'r', labels: ['AWSRole'], name: 'orders-role' },
    { id: 'r#capability/admin', labels: ['Capability'], name: 'admin' },
  ],
  evidence: [],
  remediation: 'r',
  status: 'new',
  firstSeen: 't',
  lastSeen: 't',
  confidence: 'high',
  ...overrides,
});

describe('findingsTable', () => {
  it('fits 80 columns, lists the most severe first and shows title, path and id', () => {
    const table = findingsTable([
      finding({ id: 'low1', severity: 'low', title: 'Execution role shared: orders-role', privilege: null }),
      finding({
        path: [
          { id: 'internet', labels: ['Internet'], name: 'internet' },
          {
            id: 'rule',
            labels: ['ELBV2Rule'],
            name: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/web/50dc/f2f7/r-upload',
          },
          { id: 'f', labels: ['LambdaFunction'], name: 'orders-api-handler' },
        ],
      }),
      finding({ id: 'bbbbbbbbbbbbbbbbbbbbbbbb' }),
      finding({ id: 'med1', severity: 'medium', exposure: 'public_weak_auth', privilege: 'sensitive_data' }),
    ]);
    const lines = table.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^SEVERITY\s+EXPOSURE\s+PRIVILEGE\s+FINDING$/);
    const severities = lines
      .map((line) => line.split(' ')[0])
      .filter((word) => word && /^[a-z]+$/.test(word));
    expect(severities).toEqual(['critical', 'critical', 'medium', 'low']);
    expect(lines[1]).toMatch(/^critical\s+public\s+admin\s+Public function URL runs as a privileged/);
    expect(table).toContain('orders-api-handler:live');
    expect(table).toContain('path: internet →');
    expect(table).toContain('orders-role → admin');
    expect(table).toContain('path: internet → r-upload → orders-api-handler');
    expect(table).toContain('path: internet → function URL →');
    expect(table).not.toContain('lambda-url');
    expect(table).toContain('id aaaaaaaaaaaaaaaaaaaaaaaa · new · 111122223333');
    expect(table).toMatch(/^medium\s+weak-auth\s+data\s+/m);
    expect(table).toMatch(/^low\s+public\s+-\s+Execution role shared/m);
    expect(lines.at(-1)).toBe('4 findings: 2 critical, 1 medium, 1 low');
  });

  it('says so when there is nothing', () => {
    expect(findingsTable([])).toBe('No findings.\n');
  });
});

describe('wrap and summaryLine', () => {
  it('wraps on spaces and cuts words longer than the width', () => {
    expect(wrap('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrap('x 1234567890', 4)).toEqual(['x', '1234', '5678', '90']);
    expect(wrap('', 4)).toEqual(['']);
  });
  it('counts one finding in the singular', () => {
    expect(summaryLine([finding({ severity: 'info' })])).toBe('1 finding: 1 info');
  });
});

describe('findingsTable with hostile names', () => {
  it('shows escape sequences and bidi overrides visibly in titles and paths, never raw', () => {
    const hostile = 'orders\u001b[2J\u202Eelor-nimda';
    const table = findingsTable([
      finding({
        title: `Public function URL runs as a privileged role: ${hostile}`,
        path: [
          { id: 'internet', labels: ['Internet'], name: 'internet' },
          { id: 'f', labels: ['LambdaFunction'], name: hostile },
        ],
      }),
    ]);
    expect(table.includes('\u001b') || table.includes('\u202e')).toBe(false);
    expect(table).toContain('orders\\x1b[2J<U+202E>elor-nimda');
    expect(table).toContain('path: internet → orders\\x1b[2J<U+202E>elor-nimda');
  });
});
