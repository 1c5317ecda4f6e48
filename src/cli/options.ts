import { type Command, InvalidArgumentError } from 'commander';
import { FAIL_ON_EXIT_CODE, SEVERITIES } from '../findings/finding.js';

/** Commander parser for a TCP port flag. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(`expected a port number from 1 to 65535, got "${value}"`);
  }
  return port;
}

/** Commander parser for a flag that takes one of a fixed set of values. */
export const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (value: string): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"`);
  };

/** `--fail-on SEVERITY`, the same on every command that has it (exit code 3, "at or above"). */
export function addFailOnOption(command: Command): Command {
  return command.option(
    '--fail-on <severity>',
    `exit with code ${FAIL_ON_EXIT_CODE} when an open finding is at least this severe: ${SEVERITIES.join(', ')}`,
    oneOf(SEVERITIES),
  );
}
