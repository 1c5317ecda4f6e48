/**
 * Errors that reach the user. Each carries the exit code of the contract (docs/contract):
 * 1 for an operational failure, 2 for bad usage or bad input.
 */
export class ToxgraphError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToxgraphError';
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad flags, bad files, bad documents: the user can fix the input. Exit code 2. */
export class InputError extends ToxgraphError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
    this.name = 'InputError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
