import type { Driver } from 'neo4j-driver';
import { inject } from 'vitest';
import { createDriver } from '../../src/graph/driver.js';

let driver: Driver | undefined;

/** One driver per test file, on the tests' own Neo4j. */
export function testDriver(): Driver {
  driver ??= createDriver({
    uri: inject('neo4jUri'),
    username: undefined,
    password: undefined,
    database: 'neo4j',
  });
  return driver;
}

export async function cypher<T = Record<string, unknown>>(
  query: string,
  params: Record<string, unknown> = {},
) {
  const { records } = await testDriver().executeQuery(query, params, { database: 'neo4j' });
  return records.map((record) => record.toObject() as T);
}

/** Empties the graph, keeping constraints and indexes (they are declared by the schema, idempotently). */
export async function wipeGraph(): Promise<void> {
  // CALL ... IN TRANSACTIONS needs an auto-commit transaction, which executeQuery does not use.
  const session = testDriver().session({ database: 'neo4j' });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}
