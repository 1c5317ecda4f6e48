/**
 * POST /cypher: read-only Cypher for analysts (docs/api.md, "Read-only Cypher"). Registered only when
 * enabled (`serve --cypher-endpoint` or TOXGRAPH_API_CYPHER=1); behind the same token check as every data
 * route.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Neo4jError } from 'neo4j-driver';
import { type CypherLimits, CypherRefused, runReadOnlyCypher } from '../../graph/read-only-cypher.js';
import { sendProblem } from '../problem.js';
import { anyJson, errorResponses } from '../schemas.js';

export const MAX_QUERY_LENGTH = 10_000;
export const DEFAULT_CYPHER_LIMITS: CypherLimits = { timeoutMs: 5_000, maxRows: 1_000 };

export const cypherRoutes =
  (limits: CypherLimits): FastifyPluginAsync =>
  async (app) => {
    app.post<{ Body: { query: string; parameters?: Record<string, unknown> } }>(
      '/cypher',
      {
        schema: {
          summary: 'Runs a read-only Cypher query (optional endpoint, off unless enabled)',
          description:
            `The query is planned first and refused (403) unless Neo4j classifies it as read-only, it loads no ` +
            `file (LOAD CSV) and calls no procedure other than ${'`db.labels`'} and the other schema reads. ` +
            `It runs in a read transaction for at most ${limits.timeoutMs} ms (408 beyond) and returns at ` +
            `most ${limits.maxRows} rows (\`truncated\` says when there were more).`,
          tags: ['cypher'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['query'],
            properties: {
              query: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH },
              parameters: { type: 'object', description: 'query parameters ($name in the query)' },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                columns: { type: 'array', items: { type: 'string' } },
                rows: { type: 'array', items: { type: 'array', items: anyJson } },
                truncated: { type: 'boolean' },
              },
            },
            403: { $ref: 'Problem#' },
            408: { $ref: 'Problem#' },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const { query, parameters = {} } = request.body;
        const { driver, database } = app.services;
        try {
          return await runReadOnlyCypher(driver, database, query, parameters, limits);
        } catch (error) {
          const problem = queryProblem(error, limits);
          if (!problem) throw error;
          return sendProblem(reply, { ...problem, field: 'body.query' });
        }
      },
    );
  };

/** The caller's mistakes as problems; undefined for anything else (graph down: 503 by the error handler). */
function queryProblem(error: unknown, limits: CypherLimits) {
  if (error instanceof CypherRefused) {
    return { title: 'Query refused', status: 403, detail: error.detail };
  }
  if (!(error instanceof Neo4jError)) return undefined;
  if (error.code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) {
    return {
      title: 'Query timed out',
      status: 408,
      detail: `the query ran longer than ${limits.timeoutMs} ms`,
    };
  }
  if (error.code === 'Neo.ClientError.Statement.AccessMode') {
    return { title: 'Query refused', status: 403, detail: 'the query writes; this endpoint only reads' };
  }
  if (
    error.code.startsWith('Neo.ClientError.Statement.') ||
    error.code.startsWith('Neo.ClientError.Procedure.')
  ) {
    // Neo4j's own words about the query the caller sent (syntax, unknown procedure, missing parameter).
    return { title: 'Invalid query', status: 400, detail: error.message };
  }
  return undefined;
}
