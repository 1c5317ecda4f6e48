/** What counts as new access since the baseline (docs/usage.md, "Drift"). Pure. */
import { describe, expect, it } from 'vitest';
import { type AccessState, accessDrift } from '../../src/analysis/drift.js';

const ROLE = 'arn:aws:iam::123456789012:role/orders-api';
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders';
const MANAGED = 'arn:aws:iam::123456789012:policy/orders';
const INLINE = `${ROLE}/inline/extra`;
const logs = { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' };
const passRole = { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' };
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

const baseline: AccessState = {
  roles: {
    [ROLE]: { capabilities: ['scoped: Access to specific resources'], reach: [], policyIds: [MANAGED] },
  },
  functions: { [FN]: { entryPoints: [] } },
  policies: { [MANAGED]: doc(logs) },
};

describe('accessDrift', () => {
  it('nothing changed: no drift', () => {
    expect(accessDrift(baseline, baseline)).toEqual({ roles: [], functions: [] });
  });

  it('a statement added to an attached policy: the capability, the reach and the statement', () => {
    const current: AccessState = {
      ...baseline,
      roles: {
        [ROLE]: {
          capabilities: ['scoped: Access to specific resources', 'privilege_escalation: Pass a role'],
          reach: [`CAN_PASS_ROLE arn:aws:iam::123456789012:role/admin`],
          policyIds: [MANAGED],
        },
      },
      policies: { [MANAGED]: doc(logs, passRole) },
    };
    expect(accessDrift(baseline, current).roles).toEqual([
      {
        arn: ROLE,
        addedCapabilities: ['privilege_escalation: Pass a role'],
        addedReach: ['CAN_PASS_ROLE arn:aws:iam::123456789012:role/admin'],
        policyChanges: [
          { policy: MANAGED, change: 'statements_added', statements: [JSON.stringify(passRole)] },
        ],
      },
    ]);
  });

  it('a policy attached since: named with its statements', () => {
    const current: AccessState = {
      ...baseline,
      roles: { [ROLE]: { capabilities: ['admin: Admin'], reach: [], policyIds: [MANAGED, INLINE] } },
      policies: { [MANAGED]: doc(logs), [INLINE]: doc(passRole) },
    };
    expect(accessDrift(baseline, current).roles[0]?.policyChanges).toEqual([
      { policy: INLINE, change: 'attached', statements: [JSON.stringify(passRole)] },
    ]);
  });

  it('a document that does not parse is reported as changed, not silently skipped', () => {
    const current: AccessState = {
      ...baseline,
      roles: { [ROLE]: { capabilities: ['admin: Admin'], reach: [], policyIds: [MANAGED] } },
      policies: { [MANAGED]: '{"Statement": [' },
    };
    expect(accessDrift(baseline, current).roles[0]?.policyChanges).toEqual([
      { policy: MANAGED, change: 'document_changed', statements: [] },
    ]);
  });

  it('less access, or a role and function new since the baseline: no new-access', () => {
    const current: AccessState = {
      roles: {
        [ROLE]: { capabilities: [], reach: [], policyIds: [] },
        'arn:aws:iam::123456789012:role/new': { capabilities: ['admin: Admin'], reach: [], policyIds: [] },
      },
      functions: {
        'arn:aws:lambda:eu-west-1:123456789012:function:new': {
          entryPoints: ['url (public_unauthenticated)'],
        },
      },
      policies: {},
    };
    expect(accessDrift(baseline, current)).toEqual({ roles: [], functions: [] });
  });

  it('a function with a new entry point', () => {
    const current: AccessState = {
      ...baseline,
      functions: {
        [FN]: {
          entryPoints: [`${FN} (public_unauthenticated)`],
          exposures: { [`${FN} (public_unauthenticated)`]: 'public_unauthenticated' },
        },
      },
    };
    expect(accessDrift(baseline, current).functions).toEqual([
      {
        arn: FN,
        addedEntryPoints: [`${FN} (public_unauthenticated)`],
        addedExposures: ['public_unauthenticated'],
      },
    ]);
  });

  // A state recorded before exposures were typed: the exposure is unknown, never read from the text.
  it('a new entry point in a state without typed exposures', () => {
    const current: AccessState = {
      ...baseline,
      functions: { [FN]: { entryPoints: [`${FN} (public_unauthenticated)`] } },
    };
    expect(accessDrift(baseline, current).functions).toEqual([
      { arn: FN, addedEntryPoints: [`${FN} (public_unauthenticated)`], addedExposures: ['unknown'] },
    ]);
  });
});
