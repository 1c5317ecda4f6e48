/**
 * The findings fixture: a small estate with the derived facts of the privilege and exposure analyses, in
 * the graph model of docs/architecture.md (test/fixtures/findings/estate.cypher).
 */
import { readFile } from 'node:fs/promises';
import { ensureSchema } from '../../src/graph/constraints.js';
import { testDriver } from '../support/graph.js';

export const ACCOUNT = '111122223333';
export const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

export async function loadEstate(): Promise<void> {
  await ensureSchema(testDriver(), 'neo4j');
  const text = await readFile(new URL('../fixtures/findings/estate.cypher', import.meta.url), 'utf8');
  await testDriver().executeQuery(text, {}, { database: 'neo4j' });
}
