/**
 * A local Neo4j 5.26 Community server for development, tests and the demo, without Docker: the jars come
 * from Maven Central (tools/neo4j/pom.xml) and we run org.neo4j.server.CommunityEntryPoint ourselves.
 * Running the entry point directly skips Neo4j's bootloader, so the JVM flags it would add are set here.
 * Everything lives under $TOXGRAPH_HOME/neo4j; the pid file records the ports so `stop` and `status`
 * find the server of that home.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Neo4jSettings } from '../config.js';
import { ToxgraphError } from '../errors.js';
import { boltAnswers, probeBolt } from './driver.js';
import { explainGraphError } from './graph-errors.js';

const run = promisify(execFile);
const POM = fileURLToPath(new URL('../../tools/neo4j/pom.xml', import.meta.url));
const ENTRY_POINT = 'org.neo4j.server.CommunityEntryPoint';
const STARTUP_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

const ALTERNATIVES =
  'Alternatives: run Neo4j with Docker (`docker compose up neo4j`, see docker-compose.yml), or point ' +
  'NEO4J_URI at any Neo4j 5 server.';

/** The hosts Neo4j Browser may fetch guides and style sheets from: Neo4j's defaults, plus 127.0.0.1. */
export const BROWSER_CONTENT_HOSTS = 'guides.neo4j.com,localhost,127.0.0.1';

export interface LocalServerOptions {
  home: string;
  boltPort: number;
  httpPort: number;
  /** JVM heap, e.g. "1g". About 1 GB suits a 2-core, 24 GB machine shared with the scanner and tests. */
  heap?: string;
  pageCache?: string;
}

export interface LocalServerState {
  pid: number;
  boltPort: number;
  httpPort: number;
  startedAt: string;
}

export interface LocalServerStatus {
  running: boolean;
  state: LocalServerState | undefined;
  boltUri: string | undefined;
  browserUrl: string | undefined;
}

export function localServerPaths(home: string) {
  const root = path.join(home, 'neo4j');
  return {
    root,
    lib: path.join(root, 'lib'),
    conf: path.join(root, 'conf'),
    data: path.join(root, 'data'),
    logs: path.join(root, 'logs'),
    run: path.join(root, 'run'),
    plugins: path.join(root, 'plugins'),
    import: path.join(root, 'import'),
    pidFile: path.join(root, 'run', 'toxgraph-neo4j.json'),
    consoleLog: path.join(root, 'logs', 'console.log'),
    libMarker: path.join(root, 'lib', '.pom-sha256'),
  };
}

export function boltUri(port: number): string {
  return `bolt://127.0.0.1:${port}`;
}

export function browserUrl(port: number): string {
  return `http://127.0.0.1:${port}/browser/`;
}

function localSettings(boltPort: number) {
  return { uri: boltUri(boltPort), username: undefined, password: undefined, database: 'neo4j' };
}

/** Java 17 or 21: Neo4j 5.26 supports those, and fails on Java 25. */
export async function checkJava(): Promise<string> {
  const java = javaBinary();
  let output: string;
  try {
    const result = await run(java, ['-version']);
    output = `${result.stderr}${result.stdout}`;
  } catch {
    throw new ToxgraphError(
      `Java 17 or 21 is needed to run a local Neo4j, and "${java}" did not run. ${ALTERNATIVES}`,
    );
  }
  const major = parseJavaMajor(output);
  if (major === undefined || major < 17 || major >= 25) {
    throw new ToxgraphError(
      `Neo4j 5.26 needs Java 17 or 21; "${java}" is ${major ?? 'of an unknown version'}. ` +
        `Set JAVA_HOME to a Java 17 or 21 installation. ${ALTERNATIVES}`,
    );
  }
  return java;
}

export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  // Java 8 and older report "1.8.0_x".
  return first === 1 ? Number(match[2]) : first;
}

function javaBinary(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Copies the server's jars from Maven Central (cached in ~/.m2) once per version of the pom. */
export async function ensureJars(home: string): Promise<void> {
  const paths = localServerPaths(home);
  const pom = await readFile(POM);
  const digest = createHash('sha256').update(pom).digest('hex');
  if (existsSync(paths.libMarker) && (await readFile(paths.libMarker, 'utf8')) === digest) return;
  try {
    await run('mvn', ['-v']);
  } catch {
    throw new ToxgraphError(`Maven is needed to fetch the Neo4j jars from Maven Central. ${ALTERNATIVES}`);
  }
  const staging = `${paths.lib}.partial`;
  await rm(staging, { recursive: true, force: true });
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        POM,
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
        `-DoutputDirectory=${staging}`,
        '-DincludeScope=runtime',
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? String(error.stdout).slice(-2000) : '';
    throw new ToxgraphError(`Maven could not fetch the Neo4j jars (${POM}):\n${output}\n${ALTERNATIVES}`, {
      cause: error,
    });
  }
  await writeFile(path.join(staging, '.pom-sha256'), digest);
  await rm(paths.lib, { recursive: true, force: true });
  await rename(staging, paths.lib);
}

export function neo4jConf(options: LocalServerOptions): string {
  const paths = localServerPaths(options.home);
  const settings: Record<string, string> = {
    'server.default_listen_address': '127.0.0.1',
    'server.default_advertised_address': '127.0.0.1',
    'server.bolt.enabled': 'true',
    'server.bolt.listen_address': `127.0.0.1:${options.boltPort}`,
    'server.bolt.advertised_address': `127.0.0.1:${options.boltPort}`,
    'server.http.enabled': 'true',
    'server.http.listen_address': `127.0.0.1:${options.httpPort}`,
    'server.http.advertised_address': `127.0.0.1:${options.httpPort}`,
    'server.https.enabled': 'false',
    // Loopback only, for development: no authentication, as in Neo4j Browser's "No authentication" mode.
    'dbms.security.auth_enabled': 'false',
    'dbms.usage_report.enabled': 'false',
    // Browser plays guides and loads style sheets by URL only from these hosts (docs: cypher/browser/README.md):
    // Neo4j's defaults plus 127.0.0.1, where `toxgraph serve` serves the Browser kit by default.
    'browser.remote_content_hostname_whitelist': BROWSER_CONTENT_HOSTS,
    'server.directories.data': paths.data,
    'server.directories.logs': paths.logs,
    'server.directories.run': paths.run,
    'server.directories.plugins': paths.plugins,
    'server.directories.import': paths.import,
    'server.directories.transaction.logs.root': path.join(paths.data, 'transactions'),
    'server.memory.pagecache.size': options.pageCache ?? '512m',
    'dbms.memory.transaction.total.max': '768m',
    'db.tx_log.preallocate': 'false',
    'db.tx_log.rotation.retention_policy': '2 files',
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

function jvmArguments(options: LocalServerOptions): string[] {
  const paths = localServerPaths(options.home);
  const heap = options.heap ?? '1g';
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:-OmitStackTraceInFastThrow',
    '-Djdk.nio.maxCachedBufferSize=1024',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--enable-native-access=ALL-UNNAMED',
    '-Dlog4j2.disable.jmx=true',
    '-Dfile.encoding=UTF-8',
    '-cp',
    `${paths.lib}/*:${paths.plugins}/*`,
    ENTRY_POINT,
    `--home-dir=${paths.root}`,
    `--config-dir=${paths.conf}`,
    '--console-mode',
  ];
}

async function readState(home: string): Promise<LocalServerState | undefined> {
  try {
    return JSON.parse(await readFile(localServerPaths(home).pidFile, 'utf8')) as LocalServerState;
  } catch {
    return undefined;
  }
}

/**
 * The local server of this home when it runs: its pid file is where `neo4j start --bolt-port N` is
 * remembered, so later commands find it when NEO4J_URI is unset. Synchronous: the configuration needs it.
 */
export function runningLocalServer(home: string): LocalServerState | undefined {
  try {
    const state = JSON.parse(readFileSync(localServerPaths(home).pidFile, 'utf8')) as LocalServerState;
    return Number.isInteger(state.boltPort) && isServerProcess(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and really our Neo4j (a recycled pid after a reboot would make a stale pid file look alive). */
function isServerProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  // Where /proc is missing (macOS), a live pid is the best evidence we have.
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes(ENTRY_POINT);
}

export async function localServerStatus(home: string): Promise<LocalServerStatus> {
  const state = await readState(home);
  if (!state || !isServerProcess(state.pid)) {
    return { running: false, state: undefined, boltUri: undefined, browserUrl: undefined };
  }
  return { running: true, state, boltUri: boltUri(state.boltPort), browserUrl: browserUrl(state.httpPort) };
}

export type StartOutcome =
  | { kind: 'started'; state: LocalServerState }
  | { kind: 'already-running'; state: LocalServerState }
  | { kind: 'external'; uri: string };

/**
 * Starts the server of this home unless a server already answers Bolt at `existing` (default: the target
 * port, no credentials). A server that is there but refuses those credentials or database is an error, never
 * a reason to start a second one on its port. Waits until Bolt answers. A pid file whose process is gone
 * (a crash, a reboot) is removed.
 */
export async function startLocalServer(
  options: LocalServerOptions,
  existing: Neo4jSettings = localSettings(options.boltPort),
): Promise<StartOutcome> {
  const status = await localServerStatus(options.home);
  if (status.running && status.state) {
    await waitForBolt(status.state, options.home);
    return { kind: 'already-running', state: status.state };
  }
  const paths = localServerPaths(options.home);
  await rm(paths.pidFile, { force: true });
  const probe = await probeBolt(existing);
  if (probe.kind === 'answers') return { kind: 'external', uri: existing.uri };
  if (probe.kind === 'refused') throw explainGraphError(probe.error, existing);
  const java = await checkJava();
  await ensureJars(options.home);
  for (const dir of [paths.conf, paths.data, paths.logs, paths.run, paths.plugins, paths.import]) {
    await mkdir(dir, { recursive: true });
  }
  await writeFile(path.join(paths.conf, 'neo4j.conf'), neo4jConf(options));
  const log = openSync(paths.consoleLog, 'a');
  const child = spawn(java, jvmArguments(options), { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  if (child.pid === undefined) throw new ToxgraphError(`Could not start ${java}. ${ALTERNATIVES}`);
  const state: LocalServerState = {
    pid: child.pid,
    boltPort: options.boltPort,
    httpPort: options.httpPort,
    startedAt: new Date().toISOString(),
  };
  await writeFile(paths.pidFile, JSON.stringify(state));
  await waitForBolt(state, options.home);
  return { kind: 'started', state };
}

async function waitForBolt(state: LocalServerState, home: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await boltAnswers(localSettings(state.boltPort), 1_000)) return;
    if (!isServerProcess(state.pid)) {
      await rm(localServerPaths(home).pidFile, { force: true });
      throw new ToxgraphError(`Neo4j exited during startup. The end of its log:\n${await logTail(home)}`);
    }
    await sleep(500);
  }
  throw new ToxgraphError(
    `Neo4j did not answer on ${boltUri(state.boltPort)} within ${STARTUP_TIMEOUT_MS / 1000} s. ` +
      `The end of its log:\n${await logTail(home)}`,
  );
}

async function logTail(home: string): Promise<string> {
  try {
    return (await readFile(localServerPaths(home).consoleLog, 'utf8')).split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Graceful stop (SIGTERM lets Neo4j flush and close its stores), SIGKILL only after a minute. */
export async function stopLocalServer(home: string): Promise<LocalServerState | undefined> {
  const status = await localServerStatus(home);
  const pidFile = localServerPaths(home).pidFile;
  if (!status.running || !status.state) {
    await rm(pidFile, { force: true });
    return undefined;
  }
  const { pid } = status.state;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isServerProcess(pid) && Date.now() < deadline) await sleep(250);
  if (isServerProcess(pid)) process.kill(pid, 'SIGKILL');
  await rm(pidFile, { force: true });
  return status.state;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
