import { describe, expect, it } from 'vitest';
import { inKeyOrder } from '../../src/analysis/access-state.js';
import type { AccessState } from '../../src/analysis/drift.js';

const ROLE_A = 'arn:aws:iam::111122223333:role/a-role';
const ROLE_B = 'arn:aws:iam::111122223333:role/b-role';
const FN_A = 'arn:aws:lambda:us-east-1:111122223333:function:a';
const FN_B = 'arn:aws:lambda:us-east-1:111122223333:function:b';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const INLINE = `${ROLE_B}/inline/data`;

/** The same grants, as two Neo4j sessions may return their rows: in different orders. */
function stateInOrder(order: 'forward' | 'reverse'): AccessState {
  const pick = <T>(pairs: [string, T][]) =>
    Object.fromEntries(order === 'forward' ? pairs : [...pairs].reverse());
  return {
    roles: pick([
      [ROLE_A, { capabilities: ['admin: Full administrator'], reach: [], policyIds: [ADMIN] }],
      [ROLE_B, { capabilities: ['scoped: Access to specific resources'], reach: [], policyIds: [INLINE] }],
    ]),
    functions: pick([
      [FN_A, { entryPoints: [] }],
      [FN_B, { entryPoints: [`${FN_B} (public_unauthenticated)`] }],
    ]),
    policies: pick<string | null>([
      [ADMIN, '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'],
      [INLINE, null],
    ]),
  };
}

describe('access state stored on the scan', () => {
  it('is the same text whatever order the rows came in (a re-run converges to the same graph)', () => {
    expect(JSON.stringify(stateInOrder('forward'))).not.toBe(JSON.stringify(stateInOrder('reverse')));
    expect(JSON.stringify(inKeyOrder(stateInOrder('reverse')))).toBe(
      JSON.stringify(inKeyOrder(stateInOrder('forward'))),
    );
    expect(Object.keys(inKeyOrder(stateInOrder('reverse')).roles)).toEqual([ROLE_A, ROLE_B]);
  });
});
