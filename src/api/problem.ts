/**
 * Error bodies of the REST API: RFC 9457 problem details (`application/problem+json`). A body names what the
 * caller can fix (the field, the id) and never carries a stack trace or a driver message.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Neo4jError } from 'neo4j-driver';
import type { Logger } from '../log.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request field at fault (`query.limit`, `params.id`, `body.regions`), when there is one. */
  field?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function sendProblem(reply: FastifyReply, problem: Omit<Problem, 'type'>): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ type: 'about:blank', ...problem } satisfies Problem);
}

/** Driver errors that mean the graph is not reachable now (the driver reconnects by itself later). */
export function graphUnavailable(error: unknown): boolean {
  return (
    error instanceof Neo4jError &&
    ['ServiceUnavailable', 'SessionExpired', 'Neo.ClientError.Security.Unauthorized'].includes(error.code)
  );
}

/** Maps any error to a problem: validation 400, client errors as fastify rated them, graph down 503, else 500. */
export function errorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.validation && error.validation.length > 0) {
      const issue = error.validation[0]!;
      const where =
        error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
      const name =
        (issue.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ??
        (issue.params as { additionalProperty?: string }).additionalProperty ??
        issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const field = name ? `${where}.${name}` : where;
      const unknown = (issue.params as { additionalProperty?: string }).additionalProperty;
      return sendProblem(reply, {
        title: 'Invalid request',
        status: 400,
        detail: unknown ? `${field} is not a known parameter` : `${field} ${issue.message ?? 'is invalid'}`,
        field,
      });
    }
    if (graphUnavailable(error)) {
      logger.warn({ url: request.url, code: (error as unknown as Neo4jError).code }, 'Neo4j unavailable');
      return sendProblem(reply, {
        title: 'Graph unavailable',
        status: 503,
        detail: 'Neo4j does not answer; the API recovers by itself when it is back. Try again shortly.',
      });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return sendProblem(reply, { title: 'Request refused', status, detail: error.message });
    }
    logger.error({ url: request.url, err: error }, 'request failed');
    return sendProblem(reply, {
      title: 'Internal error',
      status: 500,
      detail: 'the request failed; see the server log',
    });
  };
}
