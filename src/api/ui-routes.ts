/**
 * The web UI: static files from src/ui (no build step) and cytoscape from node_modules, all served by this
 * process so that the UI works offline. Pages are routed in the browser (`/ui/#/findings/<id>`), so a
 * finding's URL can be pasted into a ticket.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const UI_PREFIX = '/ui';
/** The folder shipped with the package (this file lives in src/api or dist/api). */
const UI_DIR = fileURLToPath(new URL('../../src/ui/', import.meta.url));
/** displayText, compiled: the browser neutralises names with the same code as the terminal and reports. */
const DISPLAY_TEXT_DIR = fileURLToPath(new URL('../../dist/findings/', import.meta.url));
const CYTOSCAPE_DIR = path.dirname(createRequire(import.meta.url).resolve('cytoscape/dist/cytoscape.min.js'));

export const uiRoutes: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, { root: UI_DIR, prefix: `${UI_PREFIX}/`, index: ['index.html'] });
  await app.register(fastifyStatic, {
    root: CYTOSCAPE_DIR,
    prefix: `${UI_PREFIX}/vendor/`,
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/cytoscape.min.js',
  });
  await app.register(fastifyStatic, {
    root: DISPLAY_TEXT_DIR,
    prefix: `${UI_PREFIX}/lib/`,
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/display-text.js',
  });
  app.get('/', { schema: { hide: true }, config: { public: true } }, (_request, reply) =>
    reply.redirect(`${UI_PREFIX}/`),
  );
  app.get(UI_PREFIX, { schema: { hide: true }, config: { public: true } }, (_request, reply) =>
    reply.redirect(`${UI_PREFIX}/`),
  );
};
