import type { FastifyPluginAsync } from 'fastify';
import { PRIVILEGES, type Privilege, severityRank } from '../../findings/finding.js';
import {
  listExposedFunctions,
  neighborhood,
  principalReach,
  readFunction,
  readRole,
} from '../../graph/queries.js';
import { sendProblem } from '../problem.js';
import {
  ACCOUNT_ID,
  ARN,
  anyJson,
  errorResponses,
  MAX_LIMIT,
  NODE_ID,
  nullableString,
  pageOf,
  pageQuery,
  REGION,
} from '../schemas.js';

const tierList = {
  type: 'array',
  items: { type: 'string', enum: [...PRIVILEGES] },
  maxItems: PRIVILEGES.length,
  description: "the execution role's effective tier (repeat for several)",
} as const;

const entryPoint = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    labels: { type: 'array', items: { type: 'string' } },
    name: nullableString,
    exposure: { type: 'string' },
    authentication: nullableString,
    confidence: nullableString,
    evidence: { type: 'array', items: anyJson },
  },
} as const;

/** Records whose shape the analysis owns (docs/architecture.md): passed through as they are. */
const openObjects = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** A CAN_* relationship from a principal, with the IAM engine's evidence. */
const privilegeEdge = {
  type: 'object',
  properties: {
    principal: { type: 'string' },
    labels: { type: 'array', items: { type: 'string' } },
    name: nullableString,
    type: { type: 'string' },
    confidence: nullableString,
    evidence: { type: 'array', items: anyJson },
  },
} as const;

const functionRef = {
  type: 'object',
  properties: { arn: { type: 'string' }, name: nullableString },
} as const;

const arnParams = { type: 'object', required: ['arn'], properties: { arn: ARN } } as const;
const notFound = { 404: { $ref: 'Problem#' } } as const;

export const graphRoutes: FastifyPluginAsync = async (app) => {
  const { driver, database } = app.services;

  app.get<{
    Querystring: { tier?: Privilege[]; account?: string; region?: string; offset: number; limit: number };
  }>(
    '/functions',
    {
      schema: {
        summary: 'Functions an exposed entry point reaches, strongest execution role first',
        tags: ['graph'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { tier: tierList, account: ACCOUNT_ID, region: REGION, ...pageQuery },
        },
        response: {
          200: pageOf({
            type: 'object',
            properties: {
              arn: { type: 'string' },
              name: nullableString,
              accountId: nullableString,
              region: nullableString,
              roleArn: nullableString,
              tier: nullableString,
              exposure: { type: 'string' },
              entryPoints: { type: 'integer' },
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { offset, limit, ...filter } = request.query;
      const page = await listExposedFunctions(driver, database, filter, { offset, limit });
      return { ...page, offset, limit };
    },
  );

  app.get<{ Params: { arn: string } }>(
    '/functions/:arn',
    {
      schema: {
        summary: 'A function: entry points with their authentication, execution role, aliases, findings',
        description: 'The ARN is URL-encoded in the path (`:` and `/` as %3A and %2F).',
        tags: ['graph'],
        params: arnParams,
        response: {
          200: {
            type: 'object',
            properties: {
              arn: { type: 'string' },
              name: nullableString,
              accountId: nullableString,
              region: nullableString,
              runtime: nullableString,
              reservedConcurrency: { type: ['integer', 'null'] },
              envVarNames: { type: 'array', items: { type: 'string' } },
              secretLookingEnvVars: { type: 'array', items: { type: 'string' } },
              role: { type: ['object', 'null'], additionalProperties: true },
              aliases: openObjects,
              entryPoints: { type: 'array', items: entryPoint },
              findings: { type: 'array', items: { $ref: 'Finding#' } },
            },
          },
          ...notFound,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const view = await readFunction(driver, database, request.params.arn);
      if (!view) return missing(reply, 'function');
      const findings = await app.services.findings.page(
        { functionArn: view.arn },
        { offset: 0, limit: MAX_LIMIT },
      );
      return { ...view, findings: findings.items };
    },
  );

  app.get<{ Params: { arn: string } }>(
    '/roles/:arn',
    {
      schema: {
        summary:
          'A role: capabilities with evidence, who can assume, pass or modify it, functions running as it',
        description: 'The ARN is URL-encoded in the path.',
        tags: ['graph'],
        params: arnParams,
        response: {
          200: {
            type: 'object',
            properties: {
              arn: { type: 'string' },
              name: nullableString,
              accountId: nullableString,
              tier: nullableString,
              effectiveTier: nullableString,
              capabilities: { type: 'array', items: anyJson },
              effectivePath: { type: 'array', items: anyJson },
              controlledBy: { type: 'array', items: privilegeEdge },
              codeUpdaters: {
                type: 'array',
                description: 'principals that can replace the code of a function running as the role',
                items: {
                  ...privilegeEdge,
                  properties: { ...privilegeEdge.properties, function: functionRef },
                },
              },
              functions: { type: 'array', items: functionRef },
            },
          },
          ...notFound,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const view = await readRole(driver, database, request.params.arn);
      return view ?? missing(reply, 'role');
    },
  );

  app.get<{ Querystring: { from: string; minTier?: Privilege; offset: number; limit: number } }>(
    '/paths',
    {
      schema: {
        summary: 'Attack paths to a capability: from the internet (the open findings) or from a principal',
        description:
          '`from=internet` lists the paths of open findings whose privilege is at least `minTier`; ' +
          '`from=<principal ARN>` gives the strongest capability that principal reaches and the path to it.',
        tags: ['graph'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { anyOf: [{ type: 'string', const: 'internet' }, ARN], default: 'internet' },
            minTier: { type: 'string', enum: [...PRIVILEGES] },
            ...pageQuery,
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...notFound, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { from, minTier, offset, limit } = request.query;
      if (from !== 'internet') {
        const reach = await principalReach(driver, database, from);
        return reach ? { from, principal: reach } : missing(reply, 'principal', 'query.from');
      }
      // Tiers are declared strongest first: "at least minTier" is every tier up to it.
      const privilege = minTier ? PRIVILEGES.slice(0, PRIVILEGES.indexOf(minTier) + 1) : undefined;
      const page = await app.services.findings.page({ privilege }, { offset, limit });
      return {
        from,
        total: page.total,
        offset,
        limit,
        items: page.items
          .filter((finding) => finding.path.length > 0)
          .map((finding) => ({
            finding: finding.id,
            severity: finding.severity,
            severityRank: severityRank(finding.severity),
            privilege: finding.privilege,
            path: finding.path,
          })),
      };
    },
  );

  app.get<{ Querystring: { id: string; depth: 1 | 2; limit: number } }>(
    '/graph/neighborhood',
    {
      schema: {
        summary: 'The nodes and relationships around a node, bounded (for drawing)',
        tags: ['graph'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: {
            id: NODE_ID,
            depth: { type: 'integer', enum: [1, 2], default: 1 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              nodes: openObjects,
              edges: openObjects,
              truncated: { type: 'boolean' },
            },
          },
          ...notFound,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id, depth, limit } = request.query;
      const found = await neighborhood(driver, database, id, { depth, limit });
      return found ?? missing(reply, 'node', 'query.id');
    },
  );
};

function missing(reply: import('fastify').FastifyReply, what: string, field = 'params.arn') {
  return sendProblem(reply, {
    title: 'Not found',
    status: 404,
    detail: `no ${what} with this id in the graph`,
    field,
  });
}
