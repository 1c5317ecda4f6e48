/**
 * The REST API and web UI as one fastify app (docs/api.md). `buildApp` returns it registered but not
 * listening, so that tests inject requests and other features add their plugins before `listen`:
 * pass them as `plugins` (each runs behind the same token check, rate limit and security headers).
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyRequest,
} from 'fastify';
import type { Driver } from 'neo4j-driver';
import type { CypherLimits } from '../graph/read-only-cypher.js';
import type { Logger } from '../log.js';
import { requireToken } from './auth.js';
import { type CacheOptions, cachedFindings, DEFAULT_CACHE, type FindingsReader } from './findings-cache.js';
import { errorHandler, sendProblem } from './problem.js';
import { cypherRoutes } from './routes/cypher.js';
import { detectionRoutes } from './routes/detections.js';
import { findingRoutes } from './routes/findings.js';
import { graphRoutes } from './routes/graph.js';
import { healthRoutes } from './routes/health.js';
import { scanRoutes } from './routes/scans.js';
import { type ScanJobs, type ScanRunner, scanJobs } from './scan-jobs.js';
import { findingSchema, problemSchema } from './schemas.js';
import { UI_PREFIX, uiRoutes } from './ui-routes.js';

export interface AppOptions {
  driver: Driver;
  database: string;
  logger: Logger;
  /** Accepted bearer tokens; empty = no authentication (loopback dev mode, enforced by `serve`). */
  tokens: readonly string[];
  /** Runs the scan pipeline for POST /scans; absent = POST /scans answers 501. */
  runScan?: ScanRunner;
  /** Requests per minute per client address; default 600. */
  rateLimitPerMinute?: number;
  /** Extra fastify plugins (the Neo4j Browser guide, ...), registered after the core routes. */
  plugins?: readonly FastifyPluginAsync[];
  version: string;
  /** The read-only Cypher endpoint (POST /cypher) with its limits; absent = off (no such route). */
  cypher?: CypherLimits;
  /** Findings kept in memory between analyses (findings-cache.ts); default DEFAULT_CACHE. */
  findingsCache?: CacheOptions;
}

/** What route plugins read: the graph, the scan jobs. */
export interface ApiServices {
  driver: Driver;
  database: string;
  jobs: ScanJobs;
  /** Findings as the query layer reads them, kept in memory until an analysis stores new ones. */
  findings: FindingsReader;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ApiServices;
  }
  interface FastifyContextConfig {
    /** Served without a token: no estate data behind it. */
    public?: boolean;
  }
}

/** Bodies are small JSON documents (POST /scans); anything larger is refused before parsing. */
const BODY_LIMIT = 16 * 1024;
const DOCS_PREFIX = '/docs';
const MAX_PARAM_LENGTH = 2048;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    return503OnClosing: true,
    // A slow client cannot hold a connection open for long (slowloris).
    requestTimeout: 10_000,
    // Malformed URLs and over-long path parameters are refused before routing: same problem body.
    frameworkErrors: (error, _request, reply) =>
      sendProblem(reply, {
        title: 'Invalid request',
        status: error.statusCode ?? 400,
        detail:
          error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`
            : 'the URL is malformed',
      }),
  });
  app.decorate('services', {
    driver: options.driver,
    database: options.database,
    jobs: scanJobs(options.runScan),
    findings: cachedFindings(options.driver, options.database, options.findingsCache ?? DEFAULT_CACHE),
  });
  app.setErrorHandler(errorHandler(options.logger));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      title: 'Not found',
      status: 404,
      detail: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
  app.addSchema(findingSchema);
  app.addSchema(problemSchema);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        fontSrc: ["'self'"],
        // Served over plain HTTP on loopback in dev mode: upgrading would break every request.
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      type: 'about:blank',
      title: 'Too many requests',
      status: 429,
      detail: `more than ${context.max} requests per minute from this address; retry in ${context.after}`,
    }),
  });
  app.addHook('onRequest', requireToken(options.tokens, isPublic));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'toxgraph REST API',
        version: options.version,
        description:
          'Attack paths from the internet to privileged AWS Lambda execution roles. Findings follow the ' +
          'Finding JSON of docs/api.md. Authentication: "Authorization: Bearer TOKEN" when TOXGRAPH_API_TOKEN is set.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => (json.$id as string) ?? `def-${index}`,
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    uiConfig: { deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  await app.register(healthRoutes);
  await app.register(findingRoutes);
  await app.register(graphRoutes);
  await app.register(detectionRoutes);
  await app.register(scanRoutes);
  await app.register(uiRoutes);
  if (options.cypher) await app.register(cypherRoutes(options.cypher));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}

/** The UI's files, the API documents and the health check carry no estate data. */
function isPublic(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.public) return true;
  const path = request.url.split('?')[0] ?? '';
  return (
    path === '/' ||
    path.startsWith(`${UI_PREFIX}/`) ||
    path === DOCS_PREFIX ||
    path.startsWith(`${DOCS_PREFIX}/`)
  );
}
