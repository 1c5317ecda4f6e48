import path from 'node:path';
import type { ServiceName } from '../../src/snapshot/format.js';
import { readSnapshot, type SnapshotUnit } from '../../src/snapshot/read.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/snapshots');
export const ESTATE = path.join(FIXTURES, 'estate');
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders`;

/** One unit of the hand-written estate snapshot (AWS SDK shapes), read and validated as `load` does. */
export async function estateUnit<S extends ServiceName>(service: S) {
  const snapshot = await readSnapshot(ESTATE);
  if (snapshot.rejected.length > 0) throw new Error(JSON.stringify(snapshot.rejected));
  const unit = snapshot.units.find((candidate) => candidate.service === service);
  if (!unit) throw new Error(`no ${service} unit in the fixture`);
  return unit as Extract<SnapshotUnit, { service: S }>;
}
