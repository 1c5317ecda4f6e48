/**
 * Detections are Cypher files, one per rule, under `cypher/detections/<id>.cypher`: a YAML metadata header
 * written as leading `//` comment lines, then the query (format: cypher/detections/README.md). The CLI, the
 * API, the report and the Neo4j Browser kit all read them through this module.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { SEVERITIES } from './finding.js';

/** The folder shipped with the package (this file lives in src/findings or dist/findings). */
export const DETECTIONS_DIR = fileURLToPath(new URL('../../cypher/detections/', import.meta.url));

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const headerSchema = z
  .object({
    id: z.string().regex(ID_PATTERN, 'lower-case words joined by "-"'),
    title: z.string().min(1).max(100),
    /** A fixed severity, or `matrix`: exposure × privilege (docs/exposure.md "Severity of a toxic combination"). */
    severity: z.enum([...SEVERITIES, 'matrix']),
    description: z.string().min(1),
    remediation: z.string().min(1),
    references: z.array(z.url()).default([]),
    tags: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type DetectionHeader = z.infer<typeof headerSchema>;

export interface Detection extends DetectionHeader {
  /** The file it was read from, for messages. */
  file: string;
  query: string;
}

/**
 * Columns every detection returns (cypher/detections/README.md, "Result columns"). `severity`, `evidence`
 * and `confidence` are optional refinements a rule may add.
 */
export const REQUIRED_COLUMNS = [
  'entry',
  'entryKind',
  'exposure',
  'function',
  'qualifier',
  'role',
  'privilege',
  'path',
  'hops',
] as const;
export const OPTIONAL_COLUMNS = ['severity', 'evidence', 'confidence'] as const;

/** Splits the leading `//` lines (the header) from the query and parses the header as YAML. */
export function parseDetection(text: string, file: string): Detection {
  const lines = text.split(/\r?\n/);
  let headerEnd = 0;
  while (headerEnd < lines.length && lines[headerEnd]!.trimStart().startsWith('//')) headerEnd++;
  const headerText = lines
    .slice(0, headerEnd)
    .map((line) => line.trimStart().replace(/^\/\/ ?/, ''))
    .join('\n');
  const query = lines.slice(headerEnd).join('\n').trim();
  const where = `detection file ${file}`;
  if (headerEnd === 0) throw new InputError(`${where}: no metadata header (leading "// key: value" lines)`);
  if (query.length === 0) throw new InputError(`${where}: no query after the metadata header`);
  let raw: unknown;
  try {
    raw = parseYaml(headerText);
  } catch (error) {
    throw new InputError(`${where}: the metadata header is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = headerSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? `header field "${issue.path.join('.')}"` : 'header';
    throw new InputError(`${where}: ${field}: ${issue.message}`);
  }
  const expectedId = path.basename(file, '.cypher');
  if (parsed.data.id !== expectedId) {
    throw new InputError(
      `${where}: header field "id" is "${parsed.data.id}" but the file is named ${expectedId}.cypher`,
    );
  }
  return { ...parsed.data, file, query };
}

/** Every `*.cypher` file of the folder, sorted by id. */
export async function loadDetections(dir: string = DETECTIONS_DIR): Promise<Detection[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.cypher')).sort();
  } catch (error) {
    throw new InputError(`cannot read the detections folder ${dir}: ${(error as Error).message}`);
  }
  const detections: Detection[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    detections.push(parseDetection(await readFile(file, 'utf8'), file));
  }
  return detections;
}

/** Throws when the query's columns (known once it ran) miss one of the required columns. */
export function checkColumns(detection: Detection, columns: readonly string[]): void {
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new InputError(
      `detection file ${detection.file}: the query does not return the column(s) ${missing.join(', ')}`,
    );
  }
}
