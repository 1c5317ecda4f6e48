import type { FastifyPluginAsync } from 'fastify';
import { type Detection, loadDetections } from '../../findings/detections.js';
import { sendProblem } from '../problem.js';
import { DETECTION_ID, errorResponses } from '../schemas.js';

const metadata = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    severity: { type: 'string', description: 'a fixed severity, or `matrix` (exposure × privilege)' },
    description: { type: 'string' },
    remediation: { type: 'string' },
    references: { type: 'array', items: { type: 'string' } },
    tags: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** The detection rules, read once from cypher/detections (the files the analysis runs). */
export const detectionRoutes: FastifyPluginAsync = async (app) => {
  const detections = await loadDetections();
  const byId = new Map(detections.map((detection) => [detection.id, detection]));
  const summary = ({ file: _file, query: _query, ...rest }: Detection) => rest;

  app.get(
    '/detections',
    {
      schema: {
        summary: 'Every detection rule (metadata)',
        tags: ['detections'],
        response: { 200: { type: 'array', items: metadata }, ...errorResponses },
      },
    },
    async () => detections.map(summary),
  );

  app.get<{ Params: { id: string } }>(
    '/detections/:id',
    {
      schema: {
        summary: 'One detection rule: metadata and its Cypher query',
        tags: ['detections'],
        params: { type: 'object', required: ['id'], properties: { id: DETECTION_ID } },
        response: {
          200: { type: 'object', properties: { ...metadata.properties, query: { type: 'string' } } },
          404: { $ref: 'Problem#' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const detection = byId.get(request.params.id);
      if (!detection) {
        return sendProblem(reply, {
          title: 'Not found',
          status: 404,
          detail: 'no detection with this id',
          field: 'params.id',
        });
      }
      return { ...summary(detection), query: detection.query };
    },
  );
};
