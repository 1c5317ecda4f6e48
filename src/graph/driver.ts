import neo4j, { type Driver } from 'neo4j-driver';
import type { Neo4jSettings } from '../config.js';
import { classifyGraphError } from './graph-errors.js';

/**
 * How long the driver retries a transaction after a transient error. Deadlocks and leader switches clear in
 * seconds; a server that is gone stays gone, and every unit would wait this long (README.md "Troubleshooting").
 */
const MAX_TRANSACTION_RETRY_MS = 10_000;

export function createDriver(
  settings: Neo4jSettings,
  options: { connectionTimeoutMs?: number; maxRetryTimeMs?: number } = {},
): Driver {
  // No credentials: the server runs without authentication (our local loopback server does).
  const auth =
    settings.username === undefined
      ? undefined
      : neo4j.auth.basic(settings.username, settings.password ?? '');
  return neo4j.driver(settings.uri, auth, {
    disableLosslessIntegers: true,
    connectionTimeout: options.connectionTimeoutMs ?? 30_000,
    maxTransactionRetryTime: MAX_TRANSACTION_RETRY_MS,
    maxConnectionPoolSize: 20,
    // A long-running server answers 503 quickly rather than retrying a lost graph for 30 s (the default).
    ...(options.maxRetryTimeMs === undefined ? {} : { maxTransactionRetryTime: options.maxRetryTimeMs }),
  });
}

/**
 * Runs one query in the configured database without the driver's retries, so a refused connection, a wrong
 * password or an unknown database shows at once. Throws the driver's error.
 */
export async function checkGraph(driver: Driver, database: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run('RETURN 1');
  } finally {
    await session.close();
  }
}

/**
 * Whether a Bolt server is there: `answers` (usable with these settings), `refused` (a server is there but
 * rejects the credentials or the database: never start a second one on its port), or `absent`. Never throws.
 */
export async function probeBolt(
  settings: Neo4jSettings,
  timeoutMs = 2_000,
): Promise<{ kind: 'answers' } | { kind: 'refused'; error: unknown } | { kind: 'absent' }> {
  let driver: Driver;
  try {
    driver = createDriver(settings, { connectionTimeoutMs: timeoutMs });
  } catch {
    return { kind: 'absent' };
  }
  try {
    await checkGraph(driver, settings.database);
    return { kind: 'answers' };
  } catch (error) {
    const fault = classifyGraphError(error);
    return fault === 'unauthorized' || fault === 'unknown-database'
      ? { kind: 'refused', error }
      : { kind: 'absent' };
  } finally {
    await driver.close();
  }
}

/** True when a Bolt server answers at these settings. Never throws. */
export async function boltAnswers(settings: Neo4jSettings, timeoutMs = 2_000): Promise<boolean> {
  return (await probeBolt(settings, timeoutMs)).kind === 'answers';
}
