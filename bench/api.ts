/**
 * REST API benchmark on the synthetic estate (default 10,000 functions): loads it into an EMPTIED database,
 * analyzes it, serves the API of the shipped build (dist/) on loopback, and loads it with autocannon from a
 * second process at 50 concurrent connections:
 *   - ceiling: a bare fastify route returning a constant, in the same process, same run;
 *   - GET /findings, first page filtered (goal p99 < 50 ms);
 *   - GET /findings/{id} (goal p99 < 20 ms);
 *   - both again with the findings cache off (src/api/findings-cache.ts), then the ceiling again: the
 *     machine may be shared, and only figures of the same run compare.
 * Then an abuse run, bounded in time, on an app with tokens and the default rate limit: missing and invalid
 * tokens, an oversized body and query string, the deepest page, slow clients. It counts auth bypasses (any
 * 2xx without a valid token), 5xx responses, and the server's memory before and after.
 *
 * The database is wiped: point it at a server of its own, e.g.
 *   npm run build && TOXGRAPH_HOME=.toxgraph/bench node bin/toxgraph.js neo4j start --bolt-port 17725 --http-port 17726
 * Run:
 *   npm run build && npx tsc -p bench/api-tsconfig.json && node bench/out/api/bench/api.js \
 *        [--uri bolt://127.0.0.1:17725] [--seconds 10] [--skip-load] [--functions 10000 ...]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import type * as AnalysisModule from '../src/analysis/index.js';
import type * as AppModule from '../src/api/app.js';
import type * as DriverModule from '../src/graph/driver.js';
import type * as LoadModule from '../src/graph/load-snapshot.js';
import type * as LogModule from '../src/log.js';
import { accountId, parseSize, writeSyntheticEstate } from './synthetic-estate.js';

const run = promisify(execFile);
const DATABASE = 'neo4j';
// Compiled to bench/out/api/bench/: the repository root is four levels up.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const AUTOCANNON = path.join(ROOT, 'node_modules/autocannon/autocannon.js');
const dist = <T>(file: string) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href) as Promise<T>;

interface CannonResult {
  latency: { p50: number; p99: number; max: number };
  requests: { average: number; total: number };
  '2xx': number;
  non2xx: number;
  '4xx': number;
  '5xx': number;
  errors: number;
  timeouts: number;
}

/** autocannon in its own process: the load generator must not share the server's event loop. */
async function cannon(url: string, seconds: number, extra: string[] = []): Promise<CannonResult> {
  const { stdout } = await run(
    process.execPath,
    [AUTOCANNON, '-c', '50', '-d', String(seconds), '-j', ...extra, url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as CannonResult;
}

function line(name: string, result: CannonResult): string {
  return (
    `${name.padEnd(34)} p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(4)} ms  ` +
    `${Math.round(result.requests.average).toString().padStart(6)} req/s  2xx ${result['2xx']}  4xx ${result['4xx']}  5xx ${result['5xx']}  errors ${result.errors}`
  );
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const uri = option('--uri') ?? 'bolt://127.0.0.1:17725';
  const seconds = Number(option('--seconds') ?? 10);
  const { createDriver } = await dist<typeof DriverModule>('graph/driver.js');
  const { createLogger } = await dist<typeof LogModule>('log.js');
  const { buildApp } = await dist<typeof AppModule>('api/app.js');
  const driver = createDriver({ uri, username: undefined, password: undefined, database: DATABASE });
  const logger = createLogger('warn');

  if (!args.includes('--skip-load')) {
    const { loadSnapshot } = await dist<typeof LoadModule>('graph/load-snapshot.js');
    const { analyze } = await dist<typeof AnalysisModule>('analysis/index.js');
    const size = parseSize(args);
    const dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-api-bench-'));
    try {
      await writeSyntheticEstate(dir, size);
      const session = driver.session({ database: DATABASE });
      await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
      await session.close();
      const started = performance.now();
      const loaded = await loadSnapshot(driver, DATABASE, dir, logger);
      await analyze(driver, { database: DATABASE, logger, scanId: loaded.scanId });
      console.log(
        `estate: ${JSON.stringify(size)}; loaded and analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const { records } = await driver.executeQuery(
    "MATCH (f:Finding) WHERE f.status <> 'resolved' RETURN count(f) AS open, max(f.id) AS someId",
    {},
    { database: DATABASE },
  );
  const open = records[0]!.get('open') as number;
  const someId = records[0]!.get('someId') as string;
  console.log(`open findings in the graph: ${open}`);

  const ceiling = Fastify();
  ceiling.get('/constant', async () => ({ status: 'ok' }));
  const ceilingUrl = await ceiling.listen({ host: '127.0.0.1', port: 0 });
  const options = {
    driver,
    database: DATABASE,
    logger,
    tokens: [],
    version: 'bench',
    rateLimitPerMinute: 10_000_000,
  };
  const app = await buildApp(options);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  // The same app with the findings cache off: every request reads the graph (stamp, then the query).
  const uncached = await buildApp({
    ...options,
    findingsCache: { checkEveryMs: 0, maxPages: 0, maxFindings: 0 },
  });
  const uncachedBase = await uncached.listen({ host: '127.0.0.1', port: 0 });
  // The synthetic estate's findings are medium and info: minSeverity=medium matches a third of them.
  const filtered = `/findings?minSeverity=medium&limit=50`;
  const byAccount = `/findings?account=${accountId(1)}&minSeverity=medium&limit=50`;

  console.log(`\nlatency at 50 connections, ${seconds} s each (autocannon in a second process)`);
  console.log(line('ceiling: bare fastify constant', await cannon(`${ceilingUrl}/constant`, seconds)));
  console.log(line('GET /findings?minSeverity=medium', await cannon(`${base}${filtered}`, seconds)));
  console.log(line('GET /findings?account=..&minSev..', await cannon(`${base}${byAccount}`, seconds)));
  console.log(line(`GET /findings/{id}`, await cannon(`${base}/findings/${someId}`, seconds)));
  console.log(line('no cache: GET /findings?minSev..', await cannon(`${uncachedBase}${filtered}`, seconds)));
  console.log(
    line('no cache: GET /findings/{id}', await cannon(`${uncachedBase}/findings/${someId}`, seconds)),
  );
  console.log(line('ceiling again (machine drift)', await cannon(`${ceilingUrl}/constant`, seconds)));
  await app.close();
  await uncached.close();
  await ceiling.close();

  await abuse(buildApp, driver, logger, seconds);
  await driver.close();
}

/** Abuse of an app with tokens and the default rate limit. */
async function abuse(
  buildApp: typeof AppModule.buildApp,
  driver: ReturnType<typeof DriverModule.createDriver>,
  logger: LogModule.Logger,
  seconds: number,
) {
  const token = 'bench-token-0123456789';
  // The default rate limit would turn most of the run into 429s; raised so that auth is what answers.
  const app = await buildApp({
    driver,
    database: DATABASE,
    logger,
    tokens: [token],
    version: 'bench',
    rateLimitPerMinute: 10_000_000,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const rssBefore = process.memoryUsage().rss;
  // A 1 MB body goes through a file: it is too big for a command line.
  const bigBody = path.join(await mkdtemp(path.join(tmpdir(), 'toxgraph-api-bench-')), 'body.json');
  await writeFile(bigBody, JSON.stringify({ regions: ['x'.repeat(1_000_000)] }));
  const short = String(Math.max(3, Math.round(seconds / 2)));
  const cases: [string, string, string[]][] = [
    ['missing token', `${base}/findings`, []],
    ['invalid token', `${base}/findings`, ['-H', 'authorization=Bearer not-the-token']],
    ['token prefix', `${base}/findings`, ['-H', `authorization=Bearer ${token.slice(0, -1)}`]],
    [
      'oversized query string (8 KB)',
      `${base}/findings?detection=${'a'.repeat(8000)}`,
      ['-H', `authorization=Bearer ${token}`],
    ],
    [
      'oversized body (1 MB)',
      `${base}/scans`,
      [
        '-m',
        'POST',
        '-H',
        'content-type=application/json',
        '-H',
        `authorization=Bearer ${token}`,
        '-i',
        bigBody,
      ],
    ],
    [
      'deepest page (offset 100000)',
      `${base}/findings?offset=100000&limit=200`,
      ['-H', `authorization=Bearer ${token}`],
    ],
  ];
  console.log(`\nabuse run (${short} s per case, 50 connections, tokens required)`);
  let bypasses = 0;
  let errors5xx = 0;
  for (const [name, url, extra] of cases) {
    const result = await cannon(url, Number(short), extra);
    const isAuthCase = name.includes('token');
    if (isAuthCase) bypasses += result['2xx'];
    errors5xx += result['5xx'];
    console.log(line(name, result));
  }
  const slow = await slowClients(base, 200, Math.min(12_000, seconds * 1000 + 2_000));
  console.log(
    `slow clients: ${slow.opened} sockets sending a header byte per second; closed by the server: ${slow.closedByServer}; ` +
      `a normal request meanwhile answered ${slow.probeStatus} in ${slow.probeMs} ms`,
  );
  const rssAfter = process.memoryUsage().rss;
  console.log(
    `auth bypasses: ${bypasses}; 5xx responses: ${errors5xx}; server RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB → ${(rssAfter / 2 ** 20).toFixed(0)} MB`,
  );
  await app.close();
}

/** Slowloris: many sockets that trickle a request's headers; the server must keep answering others. */
async function slowClients(base: string, count: number, durationMs: number) {
  const { hostname, port } = new URL(base);
  const sockets: net.Socket[] = [];
  let closedByServer = 0;
  for (let i = 0; i < count; i++) {
    const socket = net.connect(Number(port), hostname);
    socket.on('error', () => undefined);
    socket.on('close', () => closedByServer++);
    socket.write('GET /findings HTTP/1.1\r\nHost: localhost\r\n');
    sockets.push(socket);
  }
  const drip = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed) socket.write('X');
  }, 1000);
  await new Promise((resolve) => setTimeout(resolve, durationMs / 2));
  const started = performance.now();
  const probe = await fetch(`${base}/health`).catch(() => undefined);
  const probeMs = Math.round(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, durationMs / 2));
  clearInterval(drip);
  const closed = closedByServer;
  for (const socket of sockets) socket.destroy();
  return { opened: count, closedByServer: closed, probeStatus: probe?.status ?? 'no answer', probeMs };
}

await main();
