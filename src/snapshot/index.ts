/** The snapshot module's public surface: the format types, the reader and the writer. */
export * from './format.js';
export {
  describeRejection,
  describeUnit,
  MANIFEST_FILE,
  type RejectedUnit,
  readManifest,
  readSnapshot,
  readUnit,
  type Snapshot,
  type SnapshotProblem,
  type SnapshotUnit,
} from './read.js';
export { type UnitFileOf, writeManifest, writeSnapshot, writeUnitFile } from './write.js';
