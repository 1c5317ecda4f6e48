import neo4j, { type Driver } from 'neo4j-driver';
import type { Neo4jSettings } from '../config.js';

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
    maxConnectionPoolSize: 20,
    // A long-running server answers 503 quickly rather than retrying a lost graph for 30 s (the default).
    ...(options.maxRetryTimeMs === undefined ? {} : { maxTransactionRetryTime: options.maxRetryTimeMs }),
  });
}

/** True when a Bolt server answers at these settings. Never throws. */
export async function boltAnswers(settings: Neo4jSettings, timeoutMs = 2_000): Promise<boolean> {
  const driver = createDriver(settings, { connectionTimeoutMs: timeoutMs });
  try {
    await driver.getServerInfo({ database: settings.database });
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}
