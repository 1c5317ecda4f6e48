import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured logs go to stderr so that stdout carries only the human (or JSON) output of a command. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true }));
}
