/**
 * Nightly runs on a cron schedule (croner; 5 fields, or 6 with seconds first): each tick runs a task
 * (scan + analysis + report, see `scanAndReport`) into a folder of its own under the reports directory
 * (`$TOXGRAPH_HOME/reports` by default), one run at a time: a tick that comes while a run is still going
 * is skipped and logged, never queued. Only the last `keep` runs stay on disk. Every run leaves a
 * `run.json` saying how it went, so a failed night is listed as failed, never as missing. Independent of
 * any server: `toxgraph serve --schedule CRON` and tests drive it through `startSchedule` / `stop`.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Cron } from 'croner';
import { errorMessage, InputError } from '../errors.js';
import type { Db } from '../findings/scans.js';
import type { Logger } from '../log.js';
import { createReport, type ReportFormat } from './index.js';
import type { Report } from './model.js';
import { notifyWebhook, type WebhookOptions } from './notify.js';

/** How many runs are kept when nothing says otherwise: a month of nightly reports. */
export const DEFAULT_KEEP = 30;
export const REPORTS_FOLDER = 'reports';
const RUN_FILE = 'run.json';
/** Run folders are named by their start time, so that names sort as times do: `run-20261103T020000123Z`. */
const RUN_NAME = /^run-\d{8}T\d{9}Z$/;

export interface RunRecord {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** The scan the reports are about, when the task said. */
  scanId: string | null;
  /** Report files of the run, relative to its folder. */
  files: string[];
  error: string | null;
}

/** What a task reports back: the scan it reported on and the files it wrote in its folder. */
export interface TaskResult {
  scanId: string | null;
  files: string[];
}

export type ScheduledTask = (runDir: string) => Promise<TaskResult>;

export interface ScheduleOptions {
  cron: string;
  task: ScheduledTask;
  reportsDir: string;
  keep?: number;
  /** IANA time zone of the pattern (default: the machine's). */
  timezone?: string;
  logger: Logger;
}

export interface Schedule {
  /** When the next tick comes; null when stopped. */
  nextRun(): Date | null;
  isRunning(): boolean;
  /** No more ticks; resolves once the run in progress (if any) has finished. */
  stop(): Promise<void>;
}

export function startSchedule(options: ScheduleOptions): Schedule {
  const keep = options.keep ?? DEFAULT_KEEP;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new InputError(`the number of reports to keep must be a whole number of 1 or more, got ${keep}`);
  }
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) {
      options.logger.warn({ cron: options.cron }, 'scheduled run skipped: the previous run is still going');
      return;
    }
    running = runOnce(options, keep).finally(() => {
      running = null;
    });
  };
  let job: Cron;
  try {
    job = new Cron(options.cron, { timezone: options.timezone }, tick);
  } catch (error) {
    throw new InputError(`invalid cron schedule "${options.cron}": ${errorMessage(error)}`);
  }
  options.logger.info({ cron: options.cron, next: job.nextRun()?.toISOString() }, 'schedule started');
  return {
    nextRun: () => job.nextRun(),
    isRunning: () => running !== null,
    stop: async () => {
      job.stop();
      await running;
    },
  };
}

/** One run: its folder, the task, the record of how it went, then the oldest runs beyond `keep` removed. */
async function runOnce(options: ScheduleOptions, keep: number): Promise<void> {
  const started = new Date();
  const id = `run-${started.toISOString().replace(/[-:.]/g, '')}`;
  const runDir = path.join(options.reportsDir, id);
  const record: RunRecord = {
    id,
    status: 'running',
    startedAt: started.toISOString(),
    finishedAt: null,
    scanId: null,
    files: [],
    error: null,
  };
  try {
    await mkdir(runDir, { recursive: true });
    await writeRecord(runDir, record);
    options.logger.info({ run: id }, 'scheduled run started');
    const result = await options.task(runDir);
    Object.assign(record, { status: 'succeeded', scanId: result.scanId, files: result.files });
    options.logger.info({ run: id, scanId: result.scanId }, 'scheduled run succeeded');
  } catch (error) {
    // A failed run is recorded and logged; the schedule goes on.
    Object.assign(record, { status: 'failed', error: errorMessage(error) });
    options.logger.error({ run: id, error: record.error }, 'scheduled run failed');
  }
  record.finishedAt = new Date().toISOString();
  try {
    await writeRecord(runDir, record);
    await prune(options.reportsDir, keep);
  } catch (error) {
    options.logger.error({ run: id, error: errorMessage(error) }, 'could not record or prune the runs');
  }
}

async function writeRecord(runDir: string, record: RunRecord): Promise<void> {
  const file = path.join(runDir, RUN_FILE);
  await writeFile(`${file}.partial`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.partial`, file);
}

async function runNames(reportsDir: string): Promise<string[]> {
  try {
    return (await readdir(reportsDir)).filter((name) => RUN_NAME.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Removes the oldest run folders beyond `keep`; nothing else in the directory is touched. */
async function prune(reportsDir: string, keep: number): Promise<void> {
  const names = await runNames(reportsDir);
  for (const name of names.slice(0, Math.max(0, names.length - keep))) {
    await rm(path.join(reportsDir, name), { recursive: true, force: true });
  }
}

/** The runs on disk, newest first, as their `run.json` records them (unreadable: failed, saying so). */
export async function listReports(reportsDir: string): Promise<RunRecord[]> {
  const names = (await runNames(reportsDir)).reverse();
  return Promise.all(
    names.map(async (name): Promise<RunRecord> => {
      try {
        return JSON.parse(await readFile(path.join(reportsDir, name, RUN_FILE), 'utf8')) as RunRecord;
      } catch (error) {
        return {
          id: name,
          status: 'failed',
          startedAt: '',
          finishedAt: null,
          scanId: null,
          files: [],
          error: `the record of this run could not be read: ${errorMessage(error)}`,
        };
      }
    }),
  );
}

export interface ScanAndReportOptions {
  /** Collects, loads and analyzes (the CLI's `scan`); provided by the caller that knows the AWS scope. */
  scan: () => Promise<void>;
  db: Db;
  formats: readonly ReportFormat[];
  toolVersion: string;
  /** Announces new critical/high and resolved findings after the reports are written (src/report/notify.ts). */
  webhook?: WebhookOptions;
}

/**
 * The nightly task: scan, then the report of the new scan in each format, in the run's folder, then the
 * webhook if one is configured (its failure is logged by the notifier and fails nothing).
 */
export function scanAndReport(options: ScanAndReportOptions): ScheduledTask {
  return async (runDir) => {
    await options.scan();
    const files: string[] = [];
    let report: Report | undefined;
    for (const format of options.formats) {
      const file = `report.${format}`;
      report = await createReport(options.db, {
        format,
        file: path.join(runDir, file),
        now: new Date(),
        toolVersion: options.toolVersion,
      });
      files.push(file);
    }
    if (report && options.webhook) await notifyWebhook(report, options.webhook);
    return { scanId: report?.scan.id ?? null, files };
  };
}
