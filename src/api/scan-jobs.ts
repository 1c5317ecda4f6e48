/**
 * Scans started over the API: one at a time, in the background, tracked in memory by job id (a restart
 * forgets jobs, not scans: each finished scan is a `Scan` node in the graph).
 */
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../errors.js';

export interface ScanRequest {
  regions?: string[];
  accounts?: string[];
}

export interface ScanOutcome {
  scanId: string;
  status: string;
  findings: number;
}

/** Runs the same pipeline as `toxgraph scan` (collect, load, analyze). */
export type ScanRunner = (request: ScanRequest) => Promise<ScanOutcome>;

export interface ScanJob {
  id: string;
  state: 'running' | 'succeeded' | 'failed';
  request: ScanRequest;
  startedAt: string;
  finishedAt: string | null;
  outcome: ScanOutcome | null;
  error: string | null;
}

export interface ScanJobs {
  readonly enabled: boolean;
  /** The new job, or undefined when one is already running. */
  start(request: ScanRequest): ScanJob | undefined;
  get(id: string): ScanJob | undefined;
  running(): ScanJob | undefined;
}

/** Jobs kept in memory, newest last; old finished ones are dropped beyond this count. */
const KEPT_JOBS = 100;

export function scanJobs(runner: ScanRunner | undefined): ScanJobs {
  const jobs = new Map<string, ScanJob>();
  const running = () => [...jobs.values()].find((job) => job.state === 'running');
  return {
    enabled: runner !== undefined,
    running,
    get: (id) => jobs.get(id),
    start(request) {
      if (!runner || running()) return undefined;
      const job: ScanJob = {
        id: randomUUID(),
        state: 'running',
        request,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        outcome: null,
        error: null,
      };
      jobs.set(job.id, job);
      for (const id of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT_JOBS))) jobs.delete(id);
      runner(request).then(
        (outcome) =>
          Object.assign(job, { state: 'succeeded', outcome, finishedAt: new Date().toISOString() }),
        (error: unknown) =>
          Object.assign(job, {
            state: 'failed',
            error: errorMessage(error),
            finishedAt: new Date().toISOString(),
          }),
      );
      return job;
    },
  };
}
