import type { FastifyPluginAsync } from 'fastify';
import { graphAnswers } from '../../graph/queries.js';

/** Liveness and readiness in one: 200 when Neo4j answers a read, 503 (problem+json) when it does not. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Whether the API and its graph answer',
        tags: ['health'],
        response: {
          200: { type: 'object', properties: { status: { type: 'string' }, neo4j: { type: 'string' } } },
          503: { $ref: 'Problem#' },
        },
      },
    },
    async () => {
      await graphAnswers(app.services.driver, app.services.database);
      return { status: 'ok', neo4j: 'up' };
    },
  );
};
