import type { FastifyPluginAsync } from 'fastify';
import { sendProblem } from '../problem.js';
import type { ScanRequest } from '../scan-jobs.js';
import { ACCOUNT_ID, errorResponses, REGION } from '../schemas.js';

const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
    request: { type: 'object', additionalProperties: true },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    outcome: { type: ['object', 'null'], additionalProperties: true },
    error: { type: ['string', 'null'] },
  },
} as const;

const JOB_ID = { type: 'string', format: 'uuid', maxLength: 36 } as const;

export const scanRoutes: FastifyPluginAsync = async (app) => {
  const { jobs } = app.services;

  app.post<{ Body: ScanRequest | undefined }>(
    '/scans',
    {
      schema: {
        summary: 'Start a scan (collect, load, analyze) in the background; one at a time',
        description:
          "The same pipeline as `toxgraph scan`, with the server's AWS credentials. Poll the job at `location`.",
        tags: ['scans'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            regions: {
              anyOf: [
                { type: 'array', items: REGION, minItems: 1, maxItems: 50 },
                { type: 'string', const: 'all' },
              ],
            },
            accounts: { type: 'array', items: ACCOUNT_ID, minItems: 1, maxItems: 1000 },
          },
        },
        response: {
          202: { type: 'object', properties: { job: jobSchema, location: { type: 'string' } } },
          409: { $ref: 'Problem#' },
          501: { $ref: 'Problem#' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      if (!jobs.enabled) {
        return sendProblem(reply, {
          title: 'Not available',
          status: 501,
          detail: 'this server does not run scans',
        });
      }
      const body = request.body ?? {};
      const job = jobs.start({
        regions: typeof body.regions === 'string' ? [body.regions] : body.regions,
        accounts: body.accounts,
      });
      if (!job) {
        const running = jobs.running();
        return sendProblem(reply, {
          title: 'A scan is running',
          status: 409,
          detail: `scan job ${running?.id ?? ''} is still running; wait for it to finish`,
        });
      }
      const location = `/scan-jobs/${job.id}`;
      return reply.code(202).header('location', location).send({ job, location });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/scan-jobs/:id',
    {
      schema: {
        summary: 'A scan job started with POST /scans',
        tags: ['scans'],
        params: { type: 'object', required: ['id'], properties: { id: JOB_ID } },
        response: { 200: jobSchema, 404: { $ref: 'Problem#' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.id);
      return (
        job ??
        sendProblem(reply, {
          title: 'Not found',
          status: 404,
          detail: 'no scan job with this id',
          field: 'params.id',
        })
      );
    },
  );
};
