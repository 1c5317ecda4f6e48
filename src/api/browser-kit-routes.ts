/**
 * Serves the Neo4j Browser kit (cypher/browser/) so that Browser can load it by URL: the guide with
 * `:play <url>`, the style sheet with `:style <url>`, and the saved queries. Browser fetches them from its
 * own page (cross-origin), so every answer carries CORS headers, and the guide's fetch sends `pragma` and
 * `cache-control` headers, which makes the browser send a preflight first (docs: cypher/browser/README.md).
 * Browser also refuses hosts missing from the server setting `browser.remote_content_hostname_whitelist`.
 *
 * The files are static, public and hold no estate data (queries, not results), so any origin may read
 * them and no token is asked (`config.public`). They are read once, at registration; only those names
 * are served.
 */
// The swagger plugin's types add `schema.hide`: the kit's files are no API operation.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BROWSER_KIT_PREFIX, loadBrowserKitFiles } from '../findings/browser-kit.js';

export { BROWSER_KIT_PREFIX };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without a token: no estate data behind it. */
    public?: boolean;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.grass': 'text/plain; charset=utf-8',
  '.cypher': 'text/plain; charset=utf-8',
};

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  // Browser's guide fetch sends these two; nothing else is needed.
  'access-control-allow-headers': 'cache-control, pragma',
  // Chromium asks before a page from a less private address reads a loopback one (Private Network Access).
  'access-control-allow-private-network': 'true',
  'access-control-max-age': '600',
};

const route = { schema: { hide: true }, config: { public: true } };

export async function browserKitRoutes(app: FastifyInstance): Promise<void> {
  const files = await loadBrowserKitFiles();
  const send = (reply: FastifyReply, file: string | undefined) => {
    const text = file === undefined ? undefined : files.get(file);
    if (file === undefined || text === undefined) {
      return reply
        .code(404)
        .headers(CORS_HEADERS)
        .send({ statusCode: 404, error: 'Not Found', message: 'no such file in the Browser kit' });
    }
    const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'text/plain; charset=utf-8';
    return reply.headers(CORS_HEADERS).header('cache-control', 'no-cache').type(type).send(text);
  };

  app.get(`${BROWSER_KIT_PREFIX}/`, route, (_request, reply) => {
    const index = [...files.keys()].sort().map((file) => ({ file, path: `${BROWSER_KIT_PREFIX}/${file}` }));
    return reply.headers(CORS_HEADERS).send({ files: index });
  });
  app.get<{ Params: { '*': string } }>(`${BROWSER_KIT_PREFIX}/*`, route, (request, reply) =>
    send(reply, request.params['*']),
  );
  app.options(`${BROWSER_KIT_PREFIX}/*`, route, (_request, reply) =>
    reply.code(204).headers(CORS_HEADERS).send(),
  );
}
