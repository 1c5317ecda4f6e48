/**
 * moto's standalone server as the AWS endpoint of the tests. Installed pinned (tools/moto/requirements.txt)
 * into a venv of the project's own, never taken from whatever Python packages the machine happens to have.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REQUIREMENTS = fileURLToPath(new URL('../../tools/moto/requirements.txt', import.meta.url));

export interface MotoServer {
  url: string;
  stop: () => Promise<void>;
}

export async function ensureMotoVenv(home: string): Promise<string> {
  const venv = path.join(home, 'venv-moto');
  const marker = path.join(venv, '.requirements-sha256');
  const requirements = await readFile(REQUIREMENTS);
  const digest = createHash('sha256').update(requirements).digest('hex');
  const binary = path.join(venv, 'bin', 'moto_server');
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === digest && existsSync(binary)) return binary;
  await rm(venv, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  await run('python3', ['-m', 'venv', venv]);
  await run(
    path.join(venv, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  await writeFile(marker, digest);
  return binary;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startMoto(home: string): Promise<MotoServer> {
  const binary = await ensureMotoVenv(home);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(home, 'moto.log');
  const log = openSync(logFile, 'w');
  const child = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', log, log] });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await configureMoto(url);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Functions are never invoked in our tests; moto must not try to reach a Docker engine. */
async function configureMoto(url: string): Promise<void> {
  const response = await fetch(`${url}/moto-api/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  if (!response.ok) throw new Error(`moto config failed: ${response.status}`);
}

export async function resetMoto(url: string): Promise<void> {
  const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
  await configureMoto(url);
}
