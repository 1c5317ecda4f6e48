import type { FastifyPluginAsync } from 'fastify';
import { InputError } from '../../errors.js';
import { diffScans, listScans, readScan, SCAN_STATUSES } from '../../findings/scans.js';
import { sendProblem } from '../problem.js';
import type { ScanRequest } from '../scan-jobs.js';
import { ACCOUNT_ID, errorResponses, MAX_LIMIT, REGION, SCAN_ID } from '../schemas.js';

const scanSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    status: { type: 'string', enum: SCAN_STATUSES },
    unitsLoaded: { type: ['integer', 'null'] },
    analyzed: { type: 'boolean', description: 'false: loaded but never analyzed (its counts mean nothing)' },
    counts: { type: 'object', additionalProperties: true },
    gaps: {
      type: 'array',
      description: 'what could not be collected or loaded: the data of these units is from an earlier scan',
      items: { type: 'object', additionalProperties: true },
    },
  },
} as const;

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
  const db = { driver: app.services.driver, database: app.services.database };

  app.get<{ Querystring: { limit: number } }>(
    '/scans',
    {
      schema: {
        summary: 'Scans loaded, newest first, with their gaps and finding counts',
        tags: ['scans'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 } },
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: scanSummary } } },
          ...errorResponses,
        },
      },
    },
    async (request) => ({ items: await listScans(db, request.query.limit) }),
  );

  app.get<{ Params: { id: string } }>(
    '/scans/:id',
    {
      schema: {
        summary: 'One scan: summary, finding counts and gaps',
        tags: ['scans'],
        params: { type: 'object', required: ['id'], properties: { id: SCAN_ID } },
        response: { 200: scanSummary, 404: { $ref: 'Problem#' }, ...errorResponses },
      },
    },
    async (request, reply) =>
      (await readScan(db, request.params.id)) ??
      sendProblem(reply, {
        title: 'Not found',
        status: 404,
        detail: 'no scan with this id',
        field: 'params.id',
      }),
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/diff',
    {
      schema: {
        summary: 'Findings new, resolved and changed in severity between two analyzed scans',
        tags: ['scans'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: { from: SCAN_ID, to: SCAN_ID },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              from: scanSummary,
              to: scanSummary,
              new: { type: 'array', items: { $ref: 'Finding#' } },
              resolved: { type: 'array', items: { $ref: 'Finding#' } },
              changed: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    finding: { $ref: 'Finding#' },
                    from: { type: 'string' },
                    to: { type: 'string' },
                  },
                },
              },
            },
          },
          404: { $ref: 'Problem#' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      try {
        return await diffScans(db, request.query.from, request.query.to);
      } catch (error) {
        // An unknown or never-analyzed scan: the message says which and what to do.
        if (error instanceof InputError) {
          return sendProblem(reply, { title: 'Scan not comparable', status: 404, detail: error.message });
        }
        throw error;
      }
    },
  );

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
