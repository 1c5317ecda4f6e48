/**
 * Connection configuration and a graph that goes away (issue 9 items 6 and 7), through the compiled CLI:
 * every failure is one line with its cause and fix, exit 2 for bad input, no stack trace without --debug;
 * a load whose Neo4j dies stops at once and records nothing as complete; the local server's ports are
 * remembered in TOXGRAPH_HOME.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDemoEstate } from '../../src/demo/estate.js';
import { localServerPaths } from '../../src/graph/local-server.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { runCli } from '../support/cli.js';
import { testHome } from '../support/global-setup.js';
import { cypher } from '../support/graph.js';
import { freePort } from '../support/moto-server.js';
import { tcpCut } from '../support/tcp-cut.js';

const dirs: string[] = [];
async function tempDir(prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
async function demoSnapshot(scanId: string) {
  const dir = await tempDir('toxgraph-cut-');
  const estate = buildDemoEstate(scanId);
  await writeSnapshot(dir, estate.manifest, estate.units as never);
  return dir;
}
const testPort = () => Number(new URL(inject('neo4jUri').replace('bolt:', 'http:')).port);

/** One line on stderr, naming the cause, without a stack trace. */
function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.split('\n').filter((line) => line.startsWith('toxgraph:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('Neo4j dying mid-load', () => {
  let wholeLoadSeconds: number;
  beforeAll(async () => {
    const started = performance.now();
    const first = await runCli(['load', await demoSnapshot('scan-before-cut')]);
    wholeLoadSeconds = (performance.now() - started) / 1000;
    expect(first.code, first.stderr).toBe(0);
  }, 400_000);

  it('stops at the first lost unit with one line, exit 1, and records no scan', async () => {
    // Neo4j "dies" when the first Lambda function is written: IAM and EC2 are loaded by then, Lambda and
    // the API units not (src/graph/load-snapshot.ts SERVICE_ORDER).
    const cut = await tcpCut(testPort());
    cut.cutOn('MERGE (n:LambdaFunction');
    const started = performance.now();
    const run = await runCli(['load', await demoSnapshot('scan-cut')], { NEO4J_URI: cut.uri });
    const seconds = (performance.now() - started) / 1000;
    await cut.close();

    expect(run.code).toBe(1);
    expectOneLine(
      run.stderr,
      new RegExp(
        `lost the connection to Neo4j at ${cut.uri} while loading \\S+lambda\\.json \\(scan scan-cut not recorded\\); stopped.*Rerun`,
      ),
    );
    // Once, not per unit: the driver's retry window (10 s) once, not minutes for every remaining unit.
    process.stdout.write(
      `cut load: ${seconds.toFixed(1)} s (a whole load: ${wholeLoadSeconds.toFixed(1)} s)\n`,
    );
    expect(seconds).toBeLessThan(wholeLoadSeconds + 30);
    // The interrupted scan stays `loading` (a later `analyze` says it never finished), never complete.
    expect(await cypher('MATCH (s:Scan {id: $id}) RETURN s.status AS status', { id: 'scan-cut' })).toEqual([
      { status: 'loading' },
    ]);
    const [latest] = await cypher<{ id: string }>(
      "MATCH (s:Scan) WHERE s.status IN ['complete', 'partial'] RETURN s.id AS id ORDER BY s.finishedAt DESC LIMIT 1",
    );
    expect(latest?.id).toBe('scan-before-cut');
  }, 400_000);
});

describe('Neo4j dying mid-analysis', () => {
  it('leaves the scan analyzing, never complete with the old findings; the next analyze completes it', async () => {
    // A scan id that sorts after the others: `analyze` takes the latest scan (src/findings/history.ts).
    const load = await runCli(['load', await demoSnapshot('scan-z-analyze')]);
    expect(load.code, load.stderr).toBe(0);
    const [loaded] = await cypher<{ status: string }>('MATCH (s:Scan {id: $id}) RETURN s.status AS status', {
      id: 'scan-z-analyze',
    });
    expect(['complete', 'partial']).toContain(loaded?.status);

    // Neo4j "dies" while the findings are being written (their AFFECTS links).
    const cut = await tcpCut(testPort());
    cut.cutOn('MERGE (f)-[:AFFECTS]');
    const killed = await runCli(['analyze'], { NEO4J_URI: cut.uri });
    await cut.close();
    expect(killed.code).toBe(1);
    expectOneLine(killed.stderr, /lost the connection to Neo4j/);
    expect(
      await cypher('MATCH (s:Scan {id: $id}) RETURN s.status AS status', { id: 'scan-z-analyze' }),
    ).toEqual([{ status: 'analyzing' }]);
    // The API and reports read it as it is (src/findings/scans.ts), not as complete.
    const reportFile = path.join(await tempDir('toxgraph-report-'), 'report.json');
    const report = await runCli(['report', '--format', 'json', '--out', reportFile]);
    expect(report.stdout).toContain('Report of scan scan-z-analyze (analyzing');

    const again = await runCli(['analyze']);
    expect(again.code, again.stderr).toBe(loaded?.status === 'complete' ? 0 : 1);
    expect(again.stdout).toContain(
      'The previous analysis of scan scan-z-analyze was interrupted; this one completed it.',
    );
    expect(
      await cypher('MATCH (s:Scan {id: $id}) RETURN s.status AS status', { id: 'scan-z-analyze' }),
    ).toEqual([{ status: loaded?.status }]);
  }, 400_000);
});

describe('connection configuration', () => {
  it('a URI that is not Bolt is bad input, with the schemes expected', async () => {
    const run = await runCli(['analyze'], { NEO4J_URI: 'http://127.0.0.1:7474' });
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, /NEO4J_URI "http:\/\/127\.0\.0\.1:7474" is not a Bolt URI; expected bolt:\/\//);
  });

  it('an unknown database is bad input naming NEO4J_DATABASE', async () => {
    const run = await runCli(['findings'], { NEO4J_DATABASE: 'nosuchdb' });
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, /has no available database "nosuchdb"; set NEO4J_DATABASE/);
  });

  it('a refused connection says how to start a server, exit 1; --debug adds the stack', async () => {
    const uri = `bolt://127.0.0.1:${await freePort()}`;
    const run = await runCli(['analyze'], { NEO4J_URI: uri });
    expect(run.code).toBe(1);
    expectOneLine(run.stderr, new RegExp(`cannot reach Neo4j at ${uri}; start a local one with`));
    const debug = await runCli(['analyze', '--debug'], { NEO4J_URI: uri });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/caused by: Neo4jError: Failed to connect/);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('demo port flags are for the local server: refused with NEO4J_URI set', async () => {
    const run = await runCli(['demo', '--bolt-port', '7999']);
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, /--bolt-port and --http-port choose the local server; unset NEO4J_URI/);
  });

  it('later commands and the demo use the ports the local server was started on', async () => {
    // A home whose local server is the tests' one (started with its own ports): its pid file says where.
    const home = await tempDir('toxgraph-home-');
    const paths = localServerPaths(home);
    await mkdir(paths.run, { recursive: true });
    await copyFile(localServerPaths(testHome).pidFile, paths.pidFile);
    const env = { TOXGRAPH_HOME: home, NEO4J_URI: '' };

    const demo = await runCli(['demo'], env);
    expect(demo.code, demo.stderr).toBe(0);
    const httpPort = Number(process.env.TOXGRAPH_TEST_HTTP_PORT ?? 17474);
    expect(demo.stdout).toContain(`Neo4j Browser: http://127.0.0.1:${httpPort}/browser/`);
    expect(demo.stdout).toContain(`connect URL bolt://127.0.0.1:${testPort()}`);

    const viaHome = await runCli(['findings', '--format', 'json'], env);
    const viaUri = await runCli(['findings', '--format', 'json']);
    expect(viaHome.code, viaHome.stderr).toBe(0);
    expect(JSON.parse(viaHome.stdout).length).toBeGreaterThan(0);
    expect(viaHome.stdout).toBe(viaUri.stdout);
  });
});
