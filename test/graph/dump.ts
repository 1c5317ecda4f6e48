import { RUN_CLOCK_PROPERTIES } from '../../src/findings/history.js';
import { cypher } from '../support/graph.js';

/** JSON with object keys sorted: the same value always gives the same text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const byContent = <T>(items: T[]): T[] =>
  items
    .map((item) => [canonical(item), item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item);

const withoutRunClock = (props: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(props).filter(([key]) => !RUN_CLOCK_PROPERTIES.has(key)));

/**
 * Every node and relationship with all properties (but the run clock), in a stable order: equal dumps =
 * identical graphs. Ordered by their whole content, since ids repeat across labels (a function and its URL
 * share one).
 */
export async function dumpGraph() {
  const nodes = await cypher<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) RETURN labels(n) AS labels, properties(n) AS props',
  );
  const relationships = await cypher(
    'MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props',
  );
  return {
    nodes: byContent(
      nodes.map((node) => ({ labels: [...node.labels].sort(), props: withoutRunClock(node.props) })),
    ),
    relationships: byContent(relationships),
  };
}
