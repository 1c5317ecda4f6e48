/**
 * `toxgraph serve` as users run it: the compiled CLI, the tests' Neo4j and moto's AWS. POST /scans runs the
 * real scan pipeline (collect from moto, load, analyze) in the background.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const launcher = path.resolve(import.meta.dirname, '../../bin/toxgraph.js');
let server: ChildProcess | undefined;

let scheduled: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGTERM');
  scheduled?.kill('SIGTERM');
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

  it('--schedule runs scan + report on the cron schedule, lists the runs at /reports and announces them', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-serve-home-'));
    const received: unknown[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += String(chunk);
      });
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
    try {
      const port = await freePort();
      scheduled = spawn(
        process.execPath,
        [
          launcher,
          'serve',
          '--port',
          String(port),
          '--schedule',
          '*/2 * * * * *',
          '--keep-reports',
          '1',
          '--report-formats',
          'json,md',
          '--regions',
          'us-east-1',
        ],
        {
          env: {
            ...process.env,
            TOXGRAPH_HOME: home,
            TOXGRAPH_API_TOKEN: '',
            TOXGRAPH_WEBHOOK_URL: hook,
            TOXGRAPH_WEBHOOK_FORMAT: 'json',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      scheduled.stdout?.on('data', (chunk) => {
        out += String(chunk);
      });
      const base = `http://127.0.0.1:${port}`;
      await until(async () => ((await fetch(`${base}/health`)).ok ? true : undefined), 60_000);
      expect(out).toMatch(/Scheduled scans: "\*\/2 \* \* \* \* \*", next at /);

      type Run = { id: string; status: string; scanId: string | null; files: string[] };
      const run = await until(async () => {
        const { items } = (await (await fetch(`${base}/reports`)).json()) as { items: Run[] };
        return items.find((candidate) => candidate.status === 'succeeded');
      }, 240_000);
      expect(run.files.sort()).toEqual(['report.json', 'report.md']);
      const report = await fetch(`${base}/reports/${run.id}/report.json`);
      expect(report.status).toBe(200);
      expect(((await report.json()) as { scan: { id: string } }).scan.id).toBe(run.scanId);
      // Only files a run lists are served: no path of one's own choosing.
      expect((await fetch(`${base}/reports/${run.id}/run.json`)).status).toBe(404);
      expect((await fetch(`${base}/reports/..%2F..%2Fetc/passwd`)).status).toBeGreaterThanOrEqual(400);
      // The Neo4j Browser kit is served by the same process.
      expect((await fetch(`${base}/browser-kit/toxgraph-guide.html`)).status).toBe(200);
      await until(async () => (received.length > 0 ? true : undefined), 60_000);
      expect(received[0]).toMatchObject({ scan: { id: expect.any(String) } });
    } finally {
      scheduled?.kill('SIGTERM');
      receiver.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
