/**
 * Bearer tokens (TOXGRAPH_API_TOKEN, comma-separated). Compared in constant time: both sides are hashed to
 * the same length and every configured token is compared, so neither the length nor the position of a
 * match shows in the timing. With no token configured the API is open; `serve` allows that on loopback only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokenMatcher(tokens: readonly string[]): (presented: string) => boolean {
  const expected = tokens.map(digest);
  return (presented) => {
    const candidate = digest(presented);
    let matched = false;
    for (const token of expected) matched = timingSafeEqual(token, candidate) || matched;
    return matched;
  };
}

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or of another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([^\s]+) *$/i.exec(header ?? '');
  return match?.[1];
}

/** An onRequest hook refusing requests without a valid token, except on the public paths. */
export function requireToken(tokens: readonly string[], isPublic: (request: FastifyRequest) => boolean) {
  const matches = tokenMatcher(tokens);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (tokens.length === 0 || isPublic(request)) return;
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined && matches(token)) return;
    reply.header('www-authenticate', 'Bearer realm="toxgraph"');
    return sendProblem(reply, {
      title: 'Unauthorized',
      status: 401,
      detail: 'send a token of TOXGRAPH_API_TOKEN as "Authorization: Bearer <token>"',
    });
  };
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|localhost)$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}
