/**
 * Reads a snapshot directory and validates every file before anything of it is used. A bad manifest stops
 * the read (nothing can be trusted without it); a bad unit file rejects only that unit, with the file name,
 * the field at fault and what was expected.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { errorMessage, InputError } from '../errors.js';
import type { Manifest, ManifestUnit, ServiceName, SnapshotData, UnitKey } from './format.js';
import { manifestSchema, serviceDataSchemas, unitEnvelopeSchema } from './schema.js';

export const MANIFEST_FILE = 'manifest.json';

/** A unit file that passed validation. Narrow on `service` to get the data's type. */
export type SnapshotUnit = {
  [S in ServiceName]: UnitKey & { service: S; file: string; collectedAt: string; data: SnapshotData<S> };
}[ServiceName];

export interface SnapshotProblem {
  /** Dotted path of the field at fault inside the file (`data.routes.abc123[0].RouteKey`); "" for the file. */
  field: string;
  /** What was expected there, and what was found. */
  expected: string;
}

/** A unit the manifest lists as collected whose file cannot be used. The loader must leave its data alone. */
export interface RejectedUnit {
  unit: UnitKey;
  file: string;
  problems: SnapshotProblem[];
}

export interface Snapshot {
  dir: string;
  manifest: Manifest;
  /** Units collected and valid, in manifest order. */
  units: SnapshotUnit[];
  /** Units collected but whose file is missing, corrupt, truncated or of the wrong shape. */
  rejected: RejectedUnit[];
  /** Units whose collection failed (see `manifest.gaps`); no file. */
  failed: ManifestUnit[];
}

/** Reads and validates a whole snapshot. Throws InputError (exit 2) when the manifest itself is unusable. */
export async function readSnapshot(dir: string): Promise<Snapshot> {
  const manifest = await readManifest(dir);
  const units: SnapshotUnit[] = [];
  const rejected: RejectedUnit[] = [];
  for (const entry of manifest.units) {
    if (entry.status !== 'ok') continue;
    const outcome = await readUnit(dir, entry);
    if ('problems' in outcome) rejected.push(outcome);
    else units.push(outcome);
  }
  return {
    dir,
    manifest,
    units,
    rejected,
    failed: manifest.units.filter((unit) => unit.status === 'failed'),
  };
}

export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the snapshot manifest (${errorMessage(error)})`);
  }
  const parsed = parseJson(text);
  if (!parsed.ok) throw new InputError(`${file}: not valid JSON (${parsed.error})`);
  const result = manifestSchema.safeParse(parsed.value);
  if (!result.success) {
    const details = describeIssues(result.error)
      .map((problem) => `${problem.field || '(file)'}: ${problem.expected}`)
      .join('; ');
    throw new InputError(`${file}: not a toxgraph snapshot manifest: ${details}`);
  }
  return result.data as Manifest;
}

/** Reads one unit the manifest lists as collected; never throws for a bad file, returns its problems instead. */
export async function readUnit(dir: string, entry: ManifestUnit): Promise<SnapshotUnit | RejectedUnit> {
  const unit: UnitKey = { accountId: entry.accountId, region: entry.region, service: entry.service };
  const file = entry.file ?? '';
  const reject = (problems: SnapshotProblem[]): RejectedUnit => ({ unit, file, problems });
  const resolved = path.resolve(dir, file);
  if (!file || !resolved.startsWith(path.resolve(dir) + path.sep)) {
    return reject([{ field: '', expected: 'a file path inside the snapshot directory in the manifest' }]);
  }
  let text: string;
  try {
    text = await readFile(resolved, 'utf8');
  } catch (error) {
    return reject([{ field: '', expected: `a readable file (${errorMessage(error)})` }]);
  }
  const parsed = parseJson(text);
  if (!parsed.ok)
    return reject([{ field: '', expected: `valid JSON, possibly truncated (${parsed.error})` }]);
  const envelope = unitEnvelopeSchema.safeParse(parsed.value);
  if (!envelope.success) return reject(describeIssues(envelope.error));
  const found = envelope.data.unit;
  if (found.accountId !== unit.accountId || found.region !== unit.region || found.service !== unit.service) {
    return reject([
      {
        field: 'unit',
        expected: `the unit the manifest names (${describeUnit(unit)}), found ${describeUnit(found)}`,
      },
    ]);
  }
  const data = serviceDataSchemas[unit.service].safeParse(envelope.data.data);
  if (!data.success) return reject(describeIssues(data.error, ['data']));
  return { ...unit, file, collectedAt: envelope.data.collectedAt, data: data.data } as SnapshotUnit;
}

export function describeUnit(unit: UnitKey): string {
  return `account ${unit.accountId}, region ${unit.region}, service ${unit.service}`;
}

/** One line per rejected unit, for logs and command output. */
export function describeRejection(rejected: RejectedUnit): string {
  const problems = rejected.problems
    .map((problem) => `${problem.field || '(file)'}: ${problem.expected}`)
    .join('; ');
  return `${rejected.file} (${describeUnit(rejected.unit)}) rejected: ${problems}`;
}

const MAX_PROBLEMS = 10;

function describeIssues(error: z.ZodError, prefix: PropertyKey[] = []): SnapshotProblem[] {
  return error.issues.slice(0, MAX_PROBLEMS).map((issue) => ({
    field: formatPath([...prefix, ...issue.path]),
    expected: issue.message,
  }));
}

function formatPath(segments: PropertyKey[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      const plain = /^[A-Za-z_$][\w$]*$/.test(name);
      if (!plain) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}
