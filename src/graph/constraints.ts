/**
 * Creates the constraints and indexes the schema declares (idempotent: `IF NOT EXISTS`). Run before every
 * load; the uniqueness constraints are also what makes every `MERGE` on `id` an index lookup.
 */
import type { Driver } from 'neo4j-driver';
import { schemaStatements } from './cypher.js';

export async function ensureSchema(driver: Driver, database: string): Promise<void> {
  for (const statement of schemaStatements()) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database });
}
