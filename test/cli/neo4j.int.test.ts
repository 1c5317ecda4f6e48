import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDriver } from '../../src/graph/driver.js';
import { localServerPaths } from '../../src/graph/local-server.js';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/moto-server.js';

describe('toxgraph neo4j start|status|stop', () => {
  const homes: string[] = [];
  const newHome = async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-neo4j-'));
    homes.push(home);
    return home;
  };
  afterAll(async () => {
    for (const home of homes) {
      await runCli(['neo4j', 'stop'], { TOXGRAPH_HOME: home });
      await rm(home, { recursive: true, force: true });
    }
  });

  it('starts a server that answers Bolt and serves Neo4j Browser, then stops it gracefully', async () => {
    const home = await newHome();
    const [boltPort, httpPort] = [await freePort(), await freePort()];
    const env = { TOXGRAPH_HOME: home };
    const ports = ['--bolt-port', String(boltPort), '--http-port', String(httpPort)];

    const started = await runCli(['neo4j', 'start', ...ports], env);
    expect(started.stderr).not.toContain('error');
    expect(started.code).toBe(0);
    expect(started.stdout).toContain(`bolt://127.0.0.1:${boltPort}`);
    expect(started.stdout).toContain(`http://127.0.0.1:${httpPort}/browser/`);

    const driver = createDriver({
      uri: `bolt://127.0.0.1:${boltPort}`,
      username: undefined,
      password: undefined,
      database: 'neo4j',
    });
    try {
      await driver.executeQuery('CREATE (:Probe {value: $value})', { value: 42 });
      const { records } = await driver.executeQuery('MATCH (p:Probe) RETURN p.value AS value');
      expect(records.map((r) => r.get('value'))).toEqual([42]);
    } finally {
      await driver.close();
    }
    const browser = await fetch(`http://127.0.0.1:${httpPort}/browser/`);
    expect(browser.status).toBe(200);
    expect(await browser.text()).toContain('<html');

    const again = await runCli(['neo4j', 'start', ...ports], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already running');

    const status = await runCli(['neo4j', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`bolt://127.0.0.1:${boltPort}`);

    const stopped = await runCli(['neo4j', 'stop'], env);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('stopped');
    expect(existsSync(localServerPaths(home).pidFile)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${httpPort}/`)).rejects.toThrow();

    const after = await runCli(['neo4j', 'status'], env);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('No local Neo4j is running');
  });

  it('treats a pid file whose process is gone as stale', async () => {
    const home = await newHome();
    const { pidFile, run } = localServerPaths(home);
    await mkdir(run, { recursive: true });
    await writeFile(
      pidFile,
      JSON.stringify({ pid: 2 ** 22 - 1, boltPort: 1, httpPort: 2, startedAt: 'then' }),
    );
    const status = await runCli(['neo4j', 'status'], { TOXGRAPH_HOME: home });
    expect(status.code).toBe(1);
    const stop = await runCli(['neo4j', 'stop'], { TOXGRAPH_HOME: home });
    expect(stop.stdout).toContain('No local Neo4j is running');
    expect(existsSync(pidFile)).toBe(false);
  });

  it('is a no-op when NEO4J_URI already answers', async () => {
    const home = await newHome();
    const result = await runCli(['neo4j', 'start'], { TOXGRAPH_HOME: home, NEO4J_URI: inject('neo4jUri') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`already answers at ${inject('neo4jUri')}`);
    expect(existsSync(localServerPaths(home).pidFile)).toBe(false);
  });

  it('rejects a bad port with exit code 2', async () => {
    const result = await runCli(['neo4j', 'start', '--bolt-port', 'seventy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a port number');
  });
});
