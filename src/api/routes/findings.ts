import type { FastifyPluginAsync } from 'fastify';
import type { Exposure, FindingStatus, Privilege, Severity } from '../../findings/finding.js';
import { sendProblem } from '../problem.js';
import { errorResponses, FINDING_ID, findingsQuery, pageOf } from '../schemas.js';

interface FindingsQuery {
  severity?: Severity[];
  minSeverity?: Severity;
  detection?: string;
  exposure?: Exposure[];
  privilege?: Privilege[];
  account?: string;
  region?: string;
  status?: FindingStatus[];
  offset: number;
  limit: number;
}

export const findingRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: FindingsQuery }>(
    '/findings',
    {
      schema: {
        summary: 'Findings, most severe first, filtered and paginated',
        tags: ['findings'],
        querystring: findingsQuery,
        response: { 200: pageOf({ $ref: 'Finding#' }), ...errorResponses },
      },
    },
    async (request) => {
      const { offset, limit, ...filter } = request.query;
      const page = await app.services.findings.page(filter, { offset, limit });
      return { total: page.total, offset, limit, items: page.items };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/findings/:id',
    {
      schema: {
        summary: 'One finding with its attack path and evidence per hop (any status)',
        tags: ['findings'],
        params: { type: 'object', required: ['id'], properties: { id: FINDING_ID } },
        response: { 200: { $ref: 'Finding#' }, 404: { $ref: 'Problem#' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const finding = await app.services.findings.byId(request.params.id);
      if (!finding) {
        return sendProblem(reply, {
          title: 'Not found',
          status: 404,
          detail: 'no finding with this id',
          field: 'params.id',
        });
      }
      return finding;
    },
  );
};
