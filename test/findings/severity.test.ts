import { describe, expect, it } from 'vitest';
import type { Exposure, Privilege } from '../../src/findings/finding.js';
import { assessSeverity, rateSeverity } from '../../src/findings/severity.js';

/** docs/exposure.md "Severity of a toxic combination", copied by hand: columns P4 admin, P3 privesc, P2 data, P1 scoped, P0 basic. */
const DOCUMENTED: [Exposure, string, string, string, string, string][] = [
  ['public_unauthenticated', 'critical', 'critical', 'high', 'medium', 'low'],
  ['public_weak_auth', 'critical', 'high', 'high', 'medium', 'low'],
  ['public_authenticated', 'high', 'medium', 'medium', 'low', 'info'],
  ['cross_account', 'high', 'high', 'medium', 'low', 'info'],
  ['not_exposed', 'info', 'info', 'info', 'info', 'info'],
];
const COLUMNS: Privilege[] = ['admin', 'privilege_escalation', 'sensitive_data', 'scoped', 'basic'];

describe('severity matrix', () => {
  const cells = DOCUMENTED.flatMap(([exposure, ...severities]) =>
    COLUMNS.map((privilege, i) => ({ exposure, privilege, severity: severities[i] })),
  );
  it.each(cells)('$exposure × $privilege = $severity', ({ exposure, privilege, severity }) => {
    expect(assessSeverity({ exposure, privilege })).toEqual({
      severity,
      confidence: 'high',
      adjustments: [],
    });
  });

  it.each([
    ['public_unauthenticated', 'high'],
    ['public_authenticated', 'medium'],
    ['cross_account', 'medium'],
  ] as const)('broad_write rates like sensitive_data (%s → %s)', (exposure, severity) => {
    expect(assessSeverity({ exposure, privilege: 'broad_write' }).severity).toBe(severity);
  });

  it('no privilege reached rates as basic', () => {
    expect(assessSeverity({ exposure: 'public_unauthenticated', privilege: null }).severity).toBe('low');
  });

  it('no exposure rates as not exposed', () => {
    expect(assessSeverity({ exposure: null, privilege: 'admin' }).severity).toBe('info');
  });
});

describe('cross-account code update', () => {
  it.each([
    ['admin', 'critical'],
    ['privilege_escalation', 'critical'],
    ['sensitive_data', 'high'],
    ['basic', 'high'],
  ] as const)('%s → %s', (privilege, severity) => {
    expect(assessSeverity({ exposure: 'cross_account', privilege, grantsCodeUpdate: true }).severity).toBe(
      severity,
    );
  });

  it.each([
    ['admin', 'critical'],
    ['sensitive_data', 'high'],
    ['basic', 'high'],
  ] as const)(
    'Principal "*" (any account, weak auth) may update the code: %s → %s, never below one account',
    (privilege, severity) => {
      expect(
        assessSeverity({ exposure: 'public_weak_auth', privilege, grantsCodeUpdate: true }).severity,
      ).toBe(severity);
    },
  );

  it('look-alike: a cross-account invoke grant keeps the plain row', () => {
    expect(
      assessSeverity({ exposure: 'cross_account', privilege: 'admin', grantsCodeUpdate: false }).severity,
    ).toBe('high');
  });
});

describe('amplifiers', () => {
  it('plaintext credentials raise a public entry one band', () => {
    const result = assessSeverity({
      exposure: 'public_unauthenticated',
      privilege: 'sensitive_data',
      amplifiers: ['plaintext_credentials_in_env'],
    });
    expect(result.severity).toBe('critical');
    expect(result.adjustments[0]).toMatch(/plaintext credentials/);
  });

  it('several amplifiers raise one band in total', () => {
    const result = assessSeverity({
      exposure: 'public_weak_auth',
      privilege: 'scoped',
      amplifiers: ['plaintext_credentials_in_env', 'cors_wildcard_with_credentials'],
    });
    expect(result.severity).toBe('high');
  });

  it('capped at critical', () => {
    expect(
      assessSeverity({
        exposure: 'public_unauthenticated',
        privilege: 'admin',
        amplifiers: ['cors_wildcard_with_credentials'],
      }).severity,
    ).toBe('critical');
  });

  it('look-alike: amplifiers do not apply to authenticated entries', () => {
    expect(
      assessSeverity({
        exposure: 'public_authenticated',
        privilege: 'scoped',
        amplifiers: ['plaintext_credentials_in_env'],
      }).severity,
    ).toBe('low');
  });

  it('outside-a-VPC amplifies only data access', () => {
    expect(
      assessSeverity({
        exposure: 'public_unauthenticated',
        privilege: 'sensitive_data',
        amplifiers: ['no_vpc_with_data_access'],
      }).severity,
    ).toBe('critical');
    expect(
      assessSeverity({
        exposure: 'public_unauthenticated',
        privilege: 'scoped',
        amplifiers: ['no_vpc_with_data_access'],
      }).severity,
    ).toBe('medium');
  });
});

describe('hops with unresolved trust conditions', () => {
  it('one hop lowers confidence only', () => {
    expect(
      assessSeverity({ exposure: 'public_unauthenticated', privilege: 'admin', unresolvedConditionHops: 1 }),
    ).toMatchObject({
      severity: 'critical',
      confidence: 'medium',
    });
  });

  it('two hops lower confidence to low and severity one band', () => {
    expect(
      assessSeverity({ exposure: 'public_unauthenticated', privilege: 'admin', unresolvedConditionHops: 2 }),
    ).toMatchObject({
      severity: 'high',
      confidence: 'low',
    });
  });

  it('confidence starts from the exposure classification', () => {
    expect(
      assessSeverity({
        exposure: 'public_unauthenticated',
        privilege: 'admin',
        confidence: 'medium',
        unresolvedConditionHops: 1,
      }).confidence,
    ).toBe('low');
  });

  it('never below info', () => {
    expect(
      assessSeverity({ exposure: 'not_exposed', privilege: 'admin', unresolvedConditionHops: 3 }).severity,
    ).toBe('info');
  });
});

describe('rateSeverity', () => {
  it('fits the finding builder: rates from the matrix', () => {
    expect(
      rateSeverity({
        exposure: 'public_weak_auth',
        privilege: 'admin',
        confidence: 'high',
        detection: 'public-invoke-policy',
      }),
    ).toBe('critical');
  });
});
