import type { ServiceName, SnapshotData } from '../../snapshot/format.js';

/** What a transform reads: one unit of a snapshot (a `SnapshotUnit` narrowed to its service fits). */
export interface UnitInput<S extends ServiceName> {
  accountId: string;
  region: string;
  data: SnapshotData<S>;
}
