/**
 * Shows a collection as it runs: on a terminal, a live block on stderr with the units in flight and their
 * counts and a totals line; otherwise one log line per unit started and finished.
 */
import type { Logger } from '../log.js';
import type { UnitKey } from '../snapshot/format.js';

export type UnitOutcome = 'ok' | 'failed' | 'skipped';

export interface Progress {
  /** How many units the collection will run (known once accounts and regions are resolved). */
  planned(units: number): void;
  started(unit: UnitKey): void;
  counted(unit: UnitKey, counts: Record<string, number>): void;
  finished(unit: UnitKey, outcome: UnitOutcome, counts: Record<string, number>, detail?: string): void;
  close(): void;
}

export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
}

const label = (unit: UnitKey) => `${unit.accountId} ${unit.region.padEnd(14)} ${unit.service.padEnd(13)}`;
const keyOf = (unit: UnitKey) => `${unit.accountId}/${unit.region}/${unit.service}`;

export function logProgress(logger: Logger): Progress {
  return {
    planned: (units) => logger.info({ units }, 'collection planned'),
    started: (unit) => logger.info({ ...unit }, 'collecting'),
    counted: () => {},
    finished: (unit, outcome, counts, detail) => {
      const fields = { ...unit, outcome, counts, ...(detail ? { detail } : {}) };
      if (outcome === 'failed') logger.warn(fields, 'unit failed; its gap is in the manifest');
      else logger.info(fields, outcome === 'ok' ? 'collected' : 'skipped');
    },
    close: () => {},
  };
}

const REDRAW_MS = 100;

export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  const active = new Map<string, { unit: UnitKey; counts: Record<string, number> }>();
  const failures: string[] = [];
  let done = 0;
  let total = 0;
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    const width = stream.columns || 120;
    const lines = [
      ...failures.slice(-5).map((line) => `  ✗ ${line}`),
      ...[...active.values()].map(({ unit, counts }) => `  … ${label(unit)} ${describeCounts(counts)}`),
      `  ${done}/${total} units done${failures.length ? `, ${failures.length} failed` : ''}`,
    ].map((line) => line.slice(0, width - 1));
    stream.write(`${drawnLines ? `\x1b[${drawnLines}A` : ''}\x1b[J${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };
  const schedule = () => {
    timer ??= setTimeout(draw, REDRAW_MS);
  };
  return {
    planned: (units) => {
      total += units;
      schedule();
    },
    started: (unit) => {
      active.set(keyOf(unit), { unit, counts: {} });
      schedule();
    },
    counted: (unit, counts) => {
      const entry = active.get(keyOf(unit));
      if (entry) entry.counts = { ...counts };
      schedule();
    },
    finished: (unit, outcome, _counts, detail) => {
      active.delete(keyOf(unit));
      done += 1;
      if (outcome === 'failed') failures.push(`${label(unit)} ${detail ?? ''}`);
      schedule();
    },
    close: () => {
      if (timer) clearTimeout(timer);
      draw();
    },
  };
}
