/**
 * The whole graph as sorted lines (every node with its labels and properties, every relationship with its
 * ends, type and properties): two equal dumps are the same graph, node by node and edge by edge. The run
 * clock (when an analysis stored its findings) is left out: it says when, not what.
 */
import type { Driver } from 'neo4j-driver';
import { RUN_CLOCK_PROPERTIES } from '../src/findings/history.js';

export async function graphDump(driver: Driver, database: string): Promise<string[]> {
  const lines = async (query: string) => {
    const { records } = await driver.executeQuery(query, {}, { database });
    return records.map((record) => JSON.stringify(record.get('row'), sortedKeys)).sort();
  };
  return [
    ...(await lines('MATCH (n) RETURN [n.id, labels(n), properties(n)] AS row')),
    ...(await lines('MATCH (a)-[r]->(b) RETURN [a.id, type(r), b.id, properties(r)] AS row')),
  ];
}

/** The first lines that differ between two dumps, for a report. */
export function dumpDifferences(expected: readonly string[], actual: readonly string[], limit = 5): string[] {
  const want = new Set(expected);
  const have = new Set(actual);
  const counts = expected.length === actual.length ? [] : [`lines: ${expected.length} → ${actual.length}`];
  return [
    ...counts,
    ...expected.filter((line) => !have.has(line)).map((line) => `- ${line}`),
    ...actual.filter((line) => !want.has(line)).map((line) => `+ ${line}`),
  ].slice(0, limit);
}

/** JSON.stringify replacer that orders object keys, so equal maps print equally. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !RUN_CLOCK_PROPERTIES.has(key))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
