import { describe, expect, it } from 'vitest';
import { olderUnits } from '../../src/graph/unit-times.js';
import type { SnapshotUnit } from '../../src/snapshot/read.js';

const unit = (service: 'lambda' | 'iam', region: string, collectedAt: string) =>
  ({
    accountId: '123456789012',
    region,
    service,
    file: 'f',
    collectedAt,
    data: {},
  }) as unknown as SnapshotUnit;
const key = (service: string, region: string) => `account 123456789012, region ${region}, service ${service}`;

describe('olderUnits', () => {
  const graph = new Map([
    [key('lambda', 'eu-west-1'), '2026-11-29T12:00:00.000Z'],
    [key('iam', 'global'), '2026-11-29T12:00:00Z'],
  ]);

  it.each<[string, SnapshotUnit, boolean]>([
    ['older by a second', unit('lambda', 'eu-west-1', '2026-11-29T11:59:59.000Z'), true],
    [
      'the same time (the same snapshot again)',
      unit('lambda', 'eu-west-1', '2026-11-29T12:00:00.000Z'),
      false,
    ],
    [
      'the same instant written without milliseconds',
      unit('lambda', 'eu-west-1', '2026-11-29T12:00:00Z'),
      false,
    ],
    ['newer', unit('lambda', 'eu-west-1', '2026-11-30T00:00:00.000Z'), false],
    ['a unit the graph never held', unit('lambda', 'us-east-1', '2020-01-01T00:00:00.000Z'), false],
    ['a global unit, older', unit('iam', 'global', '2026-11-28T00:00:00.000Z'), true],
  ])('%s: refused = %s', (_, snapshotUnit, refused) => {
    expect(olderUnits([snapshotUnit], graph)).toEqual(
      refused
        ? [expect.objectContaining({ collectedAt: snapshotUnit.collectedAt, service: snapshotUnit.service })]
        : [],
    );
  });
});
