import { InvalidArgumentError } from 'commander';

/** Commander parser for a TCP port flag. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(`expected a port number from 1 to 65535, got "${value}"`);
  }
  return port;
}
