/**
 * The reports of the scheduled runs (`serve --schedule`, src/report/schedule.ts): the list of runs with
 * their status, and each report file. A file is served only when its run's own record lists it, so a
 * request can never name a path outside the reports directory. Reports describe the estate: they sit
 * behind the token like every data route.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { listReports } from '../report/schedule.js';
import { sendProblem } from './problem.js';
import { errorResponses } from './schemas.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.sarif': 'application/sarif+json; charset=utf-8',
  '.ocsf': 'application/json; charset=utf-8',
};

const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    scanId: { type: ['string', 'null'] },
    files: { type: 'array', items: { type: 'string' } },
    error: { type: ['string', 'null'] },
  },
} as const;

const NAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' } as const;

export function reportRoutes(reportsDir: string): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/reports',
      {
        schema: {
          summary: 'Scheduled runs kept on disk, newest first, with their report files',
          tags: ['reports'],
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: runSchema } } },
            ...errorResponses,
          },
        },
      },
      async () => ({ items: await listReports(reportsDir) }),
    );

    app.get<{ Params: { run: string; file: string } }>(
      '/reports/:run/:file',
      {
        schema: {
          summary: 'One report file of a scheduled run',
          tags: ['reports'],
          params: {
            type: 'object',
            required: ['run', 'file'],
            properties: { run: NAME, file: NAME },
          },
        },
      },
      async (request, reply) => {
        const { run, file } = request.params;
        const record = (await listReports(reportsDir)).find((candidate) => candidate.id === run);
        if (!record?.files.includes(file)) {
          return sendProblem(reply, {
            title: 'Not Found',
            status: 404,
            detail: `no report file "${file}" in run "${run}"; GET /reports lists the runs and their files`,
            field: record ? 'params.file' : 'params.run',
          });
        }
        const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
        return reply.type(type).send(await readFile(path.join(reportsDir, run, file)));
      },
    );
  };
}
