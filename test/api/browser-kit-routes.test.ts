import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KIT_PREFIX, browserKitRoutes } from '../../src/api/browser-kit-routes.js';
import { loadBrowserKitFiles } from '../../src/findings/browser-kit.js';

// The origin Neo4j Browser's page has when the local server serves it; Browser fetches the kit from there.
const BROWSER_ORIGIN = 'http://127.0.0.1:7474';

describe('browserKitRoutes on a bare fastify instance', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(browserKitRoutes);
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves the guide as HTML, readable from the Browser origin, never cached stale', async () => {
    const files = await loadBrowserKitFiles();
    const response = await app.inject({
      url: `${BROWSER_KIT_PREFIX}/toxgraph-guide.html`,
      headers: { origin: BROWSER_ORIGIN, pragma: 'no-cache', 'cache-control': 'no-cache' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(files.get('toxgraph-guide.html'));
  });

  it("answers the preflight of Browser's guide fetch (pragma and cache-control headers)", async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: `${BROWSER_KIT_PREFIX}/toxgraph-guide.html`,
      headers: {
        origin: BROWSER_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'cache-control,pragma',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(String(response.headers['access-control-allow-methods'])).toContain('GET');
    const allowed = String(response.headers['access-control-allow-headers']).split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['cache-control', 'pragma']));
  });

  it('serves the style sheet, every exploration and every detection query', async () => {
    const files = await loadBrowserKitFiles();
    const wanted = [...files.keys()].filter((file) => file !== 'toxgraph-guide.html');
    expect(wanted).toContain('toxgraph.grass');
    expect(wanted).toContain('05-who-can-reach-admin.cypher');
    expect(wanted).toContain('detections/function-url-privileged-role.cypher');
    for (const file of wanted) {
      const response = await app.inject({
        url: `${BROWSER_KIT_PREFIX}/${file}`,
        headers: { origin: BROWSER_ORIGIN },
      });
      expect(response.statusCode, file).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.body).toBe(files.get(file));
    }
  });

  it('lists the kit at its root', async () => {
    const files = await loadBrowserKitFiles();
    const response = await app.inject({ url: `${BROWSER_KIT_PREFIX}/` });
    expect(response.statusCode).toBe(200);
    const index = response.json() as { files: { file: string; path: string }[] };
    expect(index.files.map((entry) => entry.file)).toEqual([...files.keys()].sort());
    expect(index.files).toContainEqual({
      file: 'toxgraph.grass',
      path: `${BROWSER_KIT_PREFIX}/toxgraph.grass`,
    });
  });

  it('serves nothing outside the kit: unknown names and path tricks get 404', async () => {
    for (const url of [
      `${BROWSER_KIT_PREFIX}/nope.cypher`,
      `${BROWSER_KIT_PREFIX}/../package.json`,
      `${BROWSER_KIT_PREFIX}/%2e%2e/%2e%2e/package.json`,
      `${BROWSER_KIT_PREFIX}/detections/../../detections/function-url-privileged-role.cypher`,
      `${BROWSER_KIT_PREFIX}/README.md`,
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('"name": "toxgraph"');
    }
  });
});
