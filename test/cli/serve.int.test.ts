/**
 * `toxgraph serve` as users run it: the compiled CLI, the tests' Neo4j and moto's AWS. POST /scans runs the
 * real scan pipeline (collect from moto, load, analyze) in the background.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const launcher = path.resolve(import.meta.dirname, '../../bin/toxgraph.js');
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGTERM');
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('toxgraph serve', () => {
  it('refuses a non-loopback host without TOXGRAPH_API_TOKEN (exit 2, says why)', async () => {
    const result = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { TOXGRAPH_API_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--host 0\.0\.0\.0 is not a loopback address and TOXGRAPH_API_TOKEN is not set/,
    );
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('serves the API; POST /scans runs a scan in the background (202, then 409 while it runs)', async () => {
    const port = await freePort();
    const token = 'serve-test-token';
    server = spawn(process.execPath, [launcher, 'serve', '--port', String(port)], {
      env: { ...process.env, TOXGRAPH_API_TOKEN: token, TOXGRAPH_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    server.stderr?.on('data', (chunk) => {
      logs += String(chunk);
    });
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    await until(async () => ((await fetch(`${base}/health`)).ok ? true : undefined), 60_000);

    const post = () =>
      fetch(`${base}/scans`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ regions: ['us-east-1'] }),
      });
    const started = await post();
    expect(started.status).toBe(202);
    const { job, location } = (await started.json()) as {
      job: { id: string; state: string };
      location: string;
    };
    expect(job.state).toBe('running');
    expect(started.headers.get('location')).toBe(location);
    expect((await post()).status).toBe(409);

    const finished = await until(async () => {
      const current = (await (await fetch(`${base}${location}`, { headers: auth })).json()) as {
        state: string;
        outcome: { scanId: string } | null;
        error: string | null;
      };
      return current.state === 'running' ? undefined : current;
    }, 240_000);
    expect(finished).toMatchObject({ state: 'succeeded', error: null });
    const scan = await fetch(`${base}/scans/${finished.outcome!.scanId}`, { headers: auth });
    expect(scan.status).toBe(200);
    expect(logs).not.toContain(token);
  });
});
