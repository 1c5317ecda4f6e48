/**
 * Writes a snapshot directory (docs/architecture.md §1): one file per unit, written as soon as the unit is
 * collected, and the manifest last, so a directory without a manifest is an interrupted collection.
 * Files are written to a temporary name and renamed, so a reader never sees half a file from us.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Manifest, type ServiceData, type ServiceName, type UnitFile, unitFilePath } from './format.js';
import { MANIFEST_FILE } from './read.js';

/** A unit's file content, typed by its service. */
export type UnitFileOf<S extends ServiceName> = UnitFile<ServiceData[S]> & { unit: { service: S } };

/** Writes one unit file and returns its path relative to `dir` (what the manifest's `file` holds). */
export async function writeUnitFile<S extends ServiceName>(
  dir: string,
  content: UnitFileOf<S>,
): Promise<string> {
  const relative = unitFilePath(content.unit);
  await writeJsonAtomically(path.join(dir, relative), content);
  return relative;
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeJsonAtomically(path.join(dir, MANIFEST_FILE), manifest);
}

/** Writes a whole snapshot at once: every unit file, then the manifest (whose `units[].file` it fills in). */
export async function writeSnapshot(
  dir: string,
  manifest: Manifest,
  files: UnitFileOf<ServiceName>[],
): Promise<void> {
  const written = new Map<string, string>();
  for (const content of files) {
    written.set(unitId(content.unit), await writeUnitFile(dir, content));
  }
  const units = manifest.units.map((unit) => {
    const file = written.get(unitId(unit));
    return file && unit.status === 'ok' ? { ...unit, file } : unit;
  });
  await writeManifest(dir, { ...manifest, units });
}

function unitId(unit: { accountId: string; region: string; service: string }): string {
  return `${unit.accountId}/${unit.region}/${unit.service}`;
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, file);
}
