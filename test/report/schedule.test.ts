/**
 * The scheduler itself, on a one-second schedule (croner's six-field patterns) with a stand-in task: the
 * test is about ticks, overlap, retention and the run records, not about what a run does (the real task,
 * scan + report, is covered by test/report/report.int.test.ts and the CLI).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listReports, type Schedule, type ScheduledTask, startSchedule } from '../../src/report/schedule.js';

const EVERY_SECOND = '* * * * * *';
let dir: string;
let schedule: Schedule | undefined;
let logs: { msg: string; level: number }[];

const logger = () =>
  pino({ level: 'info', base: undefined }, { write: (line: string) => logs.push(JSON.parse(line)) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = async (condition: () => Promise<boolean> | boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-schedule-'));
  logs = [];
});
afterEach(async () => {
  await schedule?.stop();
  schedule = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('scheduled runs', () => {
  it('runs on each tick, records each run, and keeps only the last N on disk', async () => {
    let runs = 0;
    const task: ScheduledTask = async (runDir) => {
      runs += 1;
      await writeFile(path.join(runDir, 'report.md'), `# run ${runs}\n`);
      return { scanId: `scan-${runs}`, files: ['report.md'] };
    };
    // Something else in the folder is never touched by the retention.
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    schedule = startSchedule({ cron: EVERY_SECOND, task, reportsDir: dir, keep: 2, logger: logger() });
    await waitFor(async () => runs >= 4 && (await listReports(dir)).every((r) => r.status !== 'running'));
    await schedule.stop();

    const reports = await listReports(dir);
    expect(reports).toHaveLength(2);
    expect(reports.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // Newest first, and the newest is the last run.
    expect(reports[0]!.scanId).toBe(`scan-${runs}`);
    expect(reports[0]!.startedAt > reports[1]!.startedAt).toBe(true);
    expect(reports[0]!.files).toEqual(['report.md']);
    expect((await readdir(dir)).filter((name) => !name.startsWith('run-'))).toEqual(['notes.txt']);
  });

  it('skips a tick that comes while a run is still going, and logs it', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const task: ScheduledTask = async () => {
      runs += 1;
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await sleep(2_500);
      concurrent -= 1;
      return { scanId: null, files: [] };
    };
    schedule = startSchedule({ cron: EVERY_SECOND, task, reportsDir: dir, logger: logger() });
    await waitFor(() => logs.some((line) => line.msg.includes('skipped')), 5_000);
    await schedule.stop();
    expect(maxConcurrent).toBe(1);
    expect(runs).toBe(1);
    expect(schedule.isRunning()).toBe(false);
  });

  it('records a failed run as failed and keeps the schedule going', async () => {
    let runs = 0;
    const task: ScheduledTask = async () => {
      runs += 1;
      if (runs === 1) throw new Error('AWS credentials expired');
      return { scanId: 'scan-2', files: [] };
    };
    schedule = startSchedule({ cron: EVERY_SECOND, task, reportsDir: dir, logger: logger() });
    await waitFor(async () => (await listReports(dir)).some((r) => r.status === 'succeeded'));
    await schedule.stop();
    const reports = await listReports(dir);
    expect(reports.at(-1)).toMatchObject({ status: 'failed', error: 'AWS credentials expired' });
    expect(reports[0]).toMatchObject({ status: 'succeeded', scanId: 'scan-2' });
  });

  it('stops: no tick after stop, and stop waits for the run in progress', async () => {
    let finished = 0;
    const task: ScheduledTask = async () => {
      await sleep(300);
      finished += 1;
      return { scanId: null, files: [] };
    };
    schedule = startSchedule({ cron: EVERY_SECOND, task, reportsDir: dir, logger: logger() });
    await waitFor(() => schedule!.isRunning());
    await schedule.stop();
    expect(finished).toBe(1);
    expect(schedule.nextRun()).toBeNull();
    await sleep(1_500);
    expect(finished).toBe(1);
  });

  it('refuses a bad pattern or retention with a message naming it', () => {
    const task: ScheduledTask = async () => ({ scanId: null, files: [] });
    expect(() => startSchedule({ cron: 'every night', task, reportsDir: dir, logger: logger() })).toThrow(
      /invalid cron schedule "every night"/,
    );
    expect(() =>
      startSchedule({ cron: EVERY_SECOND, task, reportsDir: dir, keep: 0, logger: logger() }),
    ).toThrow(/reports to keep/);
  });

  it('lists nothing when the folder does not exist yet', async () => {
    expect(await listReports(path.join(dir, 'absent'))).toEqual([]);
  });
});
