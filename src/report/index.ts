/**
 * Writes a report in one of its formats to a file, piece by piece with backpressure, so that memory stays
 * flat whatever the number of findings. The file appears whole or not at all: it is written next to its
 * destination and renamed into place, so a failed run never leaves a half report where the last good one was.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { ToxgraphError } from '../errors.js';
import { loadDetections } from '../findings/detections.js';
import type { Db } from '../findings/scans.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { buildReport, type Report, type ReportOptions } from './model.js';
import { renderOcsf } from './ocsf.js';
import { renderSarif } from './sarif.js';

export const REPORT_FORMATS = ['md', 'html', 'json', 'sarif', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const RENDERERS: Record<ReportFormat, (report: Report) => AsyncGenerator<string>> = {
  md: renderMarkdown,
  html: renderHtml,
  json: renderJson,
  sarif: renderSarif,
  ocsf: renderOcsf,
};

export async function writeReport(report: Report, format: ReportFormat, file: string): Promise<void> {
  const partial = `${file}.partial-${process.pid}`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  try {
    for await (const chunk of RENDERERS[format](report)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    await rename(partial, file);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/** Builds the report of a scan (default: the latest analyzed) and writes it; returns what it said. */
export async function createReport(
  db: Db,
  options: Omit<ReportOptions, 'detections'> & { format: ReportFormat; file: string; detectionsDir?: string },
): Promise<Report> {
  const detections = await loadDetections(options.detectionsDir);
  const report = await buildReport(db, { ...options, detections });
  try {
    await writeReport(report, options.format, options.file);
  } catch (error) {
    throw new ToxgraphError(`cannot write the report to ${options.file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return report;
}
