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

const JSON_TYPE = 'application/json; charset=utf-8';

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
    async (request, reply) => {
      const { offset, limit, ...filter } = request.query;
      // Already JSON of the documented shape: sent as is (a string skips the response serializer).
      return reply.type(JSON_TYPE).send(await app.services.findings.pageBody(filter, { offset, limit }));
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
      const finding = await app.services.findings.findingBody(request.params.id);
      if (finding === undefined) {
        return sendProblem(reply, {
          title: 'Not found',
          status: 404,
          detail: 'no finding with this id',
          field: 'params.id',
        });
      }
      return reply.type(JSON_TYPE).send(finding);
    },
  );
};
