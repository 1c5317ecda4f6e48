import { cypher } from '../support/graph.js';

/** Every node and relationship with all properties, in a stable order: equal dumps = identical graphs. */
export async function dumpGraph() {
  const nodes = await cypher<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id',
  );
  const relationships = await cypher(
    'MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props ' +
      'ORDER BY from, type, to, r.statementIndex, r.apiMappingId',
  );
  return { nodes: nodes.map((node) => ({ ...node, labels: [...node.labels].sort() })), relationships };
}
