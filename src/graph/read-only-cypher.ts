/**
 * The optional read-only Cypher endpoint's query runner (docs/api.md, "Read-only Cypher"). A query is
 * first planned (EXPLAIN, nothing runs) and refused unless Neo4j classifies it as read-only and its plan
 * loads no file, runs no SHOW/TERMINATE command and calls no procedure outside a short list of schema reads. It then runs in a read
 * transaction (Neo4j refuses writes in it: a second guard) with a server-side timeout, and at most
 * `maxRows` rows are read back; the rest is discarded on the server.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { type JsonValue, toJsonValue } from './graph-values.js';

/** Procedures that only describe the graph's schema (neo4j.com/docs/operations-manual/5/procedures/). */
export const READ_PROCEDURES: readonly string[] = [
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.schema.visualization',
  'db.schema.nodeTypeProperties',
  'db.schema.relTypeProperties',
];

export type RefusalReason = 'writes' | 'procedure' | 'file' | 'command';

/** A query the endpoint does not run; `detail` says what to change. */
export class CypherRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'CypherRefused';
  }
}

export interface CypherLimits {
  timeoutMs: number;
  maxRows: number;
}

export interface CypherAnswer {
  columns: string[];
  rows: JsonValue[][];
  /** True when the query had more than `maxRows` rows. */
  truncated: boolean;
}

/** The plan's verdict: undefined when the query may run, else why not. Pure. */
export function refusal(queryType: string | undefined, plan: PlanNode | false): CypherRefused | undefined {
  if (queryType !== 'r') {
    return new CypherRefused(
      'writes',
      `the query is not read-only (Neo4j classifies it as "${queryType ?? 'unknown'}"); this endpoint only reads`,
    );
  }
  for (const step of plan ? operators(plan) : []) {
    // SHOW and TERMINATE commands (transactions, settings, ...) administer the server: not graph reads.
    if (/^(Show|Terminate)/i.test(step.operatorType)) {
      return new CypherRefused(
        'command',
        'SHOW and TERMINATE commands administer the server; not allowed here',
      );
    }
    if (/LoadCSV/i.test(step.operatorType)) {
      return new CypherRefused(
        'file',
        'LOAD CSV reads files or URLs from the database server; not allowed here',
      );
    }
    if (/ProcedureCall/i.test(step.operatorType)) {
      const name = procedureName(step);
      if (!name || !READ_PROCEDURES.includes(name)) {
        return new CypherRefused(
          'procedure',
          `procedure ${name ?? '(unnamed)'} is not allowed; allowed: ${READ_PROCEDURES.join(', ')}`,
        );
      }
    }
  }
  return undefined;
}

export interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

function* operators(plan: PlanNode): Generator<PlanNode> {
  yield plan;
  for (const child of plan.children) yield* operators(child);
}

/** "db.labels() :: (label :: STRING)" → "db.labels". */
function procedureName(step: PlanNode): string | undefined {
  const details = step.arguments.Details ?? step.arguments.details ?? step.arguments.Signature;
  const match = typeof details === 'string' ? /^\s*([A-Za-z_][\w.]*)\s*\(/.exec(details) : null;
  return match?.[1];
}

export async function runReadOnlyCypher(
  driver: Driver,
  database: string,
  query: string,
  parameters: Record<string, unknown>,
  limits: CypherLimits,
): Promise<CypherAnswer> {
  const session = driver.session({
    database,
    defaultAccessMode: neo4j.session.READ,
    fetchSize: limits.maxRows + 1,
  });
  try {
    const planned = await session.executeRead((tx) => tx.run(`EXPLAIN ${query}`, parameters), {
      timeout: limits.timeoutMs,
    });
    const summary = planned.summary;
    const refused = refusal(summary.queryType, (summary.plan as unknown as PlanNode) || false);
    if (refused) throw refused;
    return await session.executeRead(
      async (tx) => {
        const result = tx.run(query, parameters);
        const columns = (await result.keys()) as string[];
        const rows: JsonValue[][] = [];
        let truncated = false;
        for await (const record of result) {
          if (rows.length === limits.maxRows) {
            truncated = true;
            break;
          }
          rows.push(columns.map((column) => toJsonValue(record.get(column))));
        }
        return { columns, rows, truncated };
      },
      { timeout: limits.timeoutMs },
    );
  } finally {
    await session.close();
  }
}
