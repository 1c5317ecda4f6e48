/**
 * What a transform produces from one snapshot unit: rows per label and per relationship, typed by the
 * schema, ready for the loader. Collected through `GraphRowsBuilder` so that a node or relationship met
 * twice (pages, repeated references) becomes one row.
 */
import {
  type NodeLabel,
  type NodeProperties,
  RELATIONSHIPS,
  type RelationshipName,
  type RelationshipProperties,
} from './schema.js';

export interface NodeRow<L extends NodeLabel = NodeLabel> {
  id: string;
  props: NodeProperties<L>;
}

export interface RelationshipRow<R extends RelationshipName = RelationshipName> {
  from: string;
  to: string;
  props: RelationshipProperties<R>;
}

export interface GraphRows {
  /** Nodes of the unit's account (and region): they get `accountId` and `region`. */
  nodes: { [L in NodeLabel]?: NodeRow<L>[] };
  /** Nodes no single account owns (AWS-managed policies, accounts named by Organizations). */
  shared: { [L in NodeLabel]?: NodeRow<L>[] };
  relationships: { [R in RelationshipName]?: RelationshipRow<R>[] };
  /** Things the transform could not read and left out, each with its context (never fatal). */
  warnings: string[];
}

export class GraphRowsBuilder {
  private readonly nodes = new Map<NodeLabel, Map<string, NodeRow>>();
  private readonly shared = new Map<NodeLabel, Map<string, NodeRow>>();
  private readonly relationships = new Map<RelationshipName, Map<string, RelationshipRow>>();
  private readonly warnings: string[] = [];

  node<L extends NodeLabel>(label: L, id: string, props: NodeProperties<L>): this {
    return this.put(this.nodes, label, id, props);
  }

  sharedNode<L extends NodeLabel>(label: L, id: string, props: NodeProperties<L>): this {
    return this.put(this.shared, label, id, props);
  }

  relationship<R extends RelationshipName>(
    name: R,
    from: string,
    to: string,
    props: RelationshipProperties<R>,
  ): this {
    const keys = (RELATIONSHIPS[name] as { keys?: readonly string[] }).keys ?? [];
    const identity = [from, to, ...keys.map((key) => String((props as Record<string, unknown>)[key]))].join(
      '\u0000',
    );
    rowsOf(this.relationships, name).set(identity, { from, to, props });
    return this;
  }

  warn(message: string): this {
    this.warnings.push(message);
    return this;
  }

  build(): GraphRows {
    return {
      nodes: collect(this.nodes) as GraphRows['nodes'],
      shared: collect(this.shared) as GraphRows['shared'],
      relationships: collect(this.relationships) as GraphRows['relationships'],
      warnings: [...this.warnings],
    };
  }

  private put<L extends NodeLabel>(
    target: Map<NodeLabel, Map<string, NodeRow>>,
    label: L,
    id: string,
    props: NodeProperties<L>,
  ): this {
    rowsOf(target, label).set(id, { id, props } as NodeRow);
    return this;
  }
}

function rowsOf<K, V>(source: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let rows = source.get(key);
  if (!rows) {
    rows = new Map();
    source.set(key, rows);
  }
  return rows;
}

function collect<K extends string, V>(source: Map<K, Map<string, V>>): Partial<Record<K, V[]>> {
  const result: Partial<Record<K, V[]>> = {};
  for (const [key, rows] of source) result[key] = [...rows.values()];
  return result;
}

/** Total rows of each kind, for summaries and benchmarks. */
export function countRows(rows: GraphRows): number {
  let total = 0;
  for (const list of [
    ...Object.values(rows.nodes),
    ...Object.values(rows.shared),
    ...Object.values(rows.relationships),
  ]) {
    total += (list as unknown[] | undefined)?.length ?? 0;
  }
  return total;
}
