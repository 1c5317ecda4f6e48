/**
 * kill -9 convergence (issue 9): kills the CLI, or Neo4j, with SIGKILL at a random moment of `load` and of
 * `analyze` until each of the four (CLI or Neo4j × load or analyze) has `--runs` kills that fell while the command
 * ran (default 20; the moment is drawn within the command's shortest observed duration, and a draw that still
 * came after the command ended is counted apart and redrawn), then runs the same command again and checks that
 *   1. the graph and the findings equal, node by node and edge by edge, those of an uninterrupted run;
 *   2. no half-written scan was reported as complete: after the kill, a `Scan` whose status is `complete`
 *      has every unit fully loaded and its findings written (the whole graph equals the uninterrupted
 *      run's); a kill during `analyze` must leave it `analyzing`.
 * `--phases analyze` (or `load`) runs one phase only; `--targets neo4j` (or `cli`) kills one of the two only;
 * `--after MS` draws only moments after the command's first MS milliseconds (its start-up: reading and
 * checking the snapshot, connecting), so that every kill falls while it writes.
 * Two demo snapshots are used: A (scan kill-a), then B (scan kill-b: a day later, a function and a
 * permission gone), so that the killed command has real writes, deletions and finding changes to make.
 *
 * It starts its own local Neo4j (TOXGRAPH_HOME=.toxgraph/kill) on the ports given, and stops it at the end:
 *   npm run build && npx tsc -p bench/kill-tsconfig.json && \
 *     node bench/out/kill/bench/kill-converge.js [--bolt-port 17725] [--http-port 17726] [--runs 20] [--seed 7]
 * A run took 16–95 s (CLI kill) and 21–157 s (Neo4j kill: a restart) on a 2-core machine shared with a CI
 * run (2026-11-29, seed 29: 82 runs, 80 kills while the command ran, 82 converged, about 2 hours); not part
 * of `npm test`. The CLI reads detections from cypher/ and runs dist/: do not
 * edit the one or rebuild the other while it runs, or the reference no longer describes the code.
 * Exit code 1 when any run did not converge or reported a half-written scan as complete.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { buildDemoEstate } from '../src/demo/estate.js';
import { createDriver } from '../src/graph/driver.js';
import { loadSnapshot } from '../src/graph/load-snapshot.js';
import { localServerPaths } from '../src/graph/local-server.js';
import { createLogger } from '../src/log.js';
import type { LambdaData } from '../src/snapshot/format.js';
import { writeSnapshot } from '../src/snapshot/write.js';
import { dumpDifferences, graphDump } from './graph-dump.js';

const DATABASE = 'neo4j';
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const flagText = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const boltPort = flag('--bolt-port', 17725);
const httpPort = flag('--http-port', 17726);
const runs = flag('--runs', 20);
let seed = flag('--seed', 7);
const targets = (flagText('--targets') ?? 'cli,neo4j').split(',') as Target[];
// `--after MS`: only moments after the command's first MS milliseconds (its start-up, before it writes).
const afterStartUp = flag('--after', 0);
const launcher = path.resolve(import.meta.dirname, '../../../../bin/toxgraph.js');
const home = path.resolve(import.meta.dirname, '../../../../.toxgraph/kill');
const uri = `bolt://127.0.0.1:${boltPort}`;
const env = { ...process.env, TOXGRAPH_HOME: home, NEO4J_URI: uri, TOXGRAPH_LOG_LEVEL: 'silent' };
const logger = createLogger('silent');

/** mulberry32: a fixed seed gives the same kill moments on every run of the script. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function cli(command: string[]): Promise<{ code: number; ms: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [launcher, ...command],
      { env, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, ms: performance.now() - started, output: stdout + stderr });
      },
    );
  });
}

async function startNeo4j(): Promise<void> {
  const result = await cli([
    'neo4j',
    'start',
    '--bolt-port',
    String(boltPort),
    '--http-port',
    String(httpPort),
  ]);
  if (result.code !== 0) throw new Error(`neo4j start failed: ${result.output}`);
}

async function neo4jPid(): Promise<number> {
  const state = JSON.parse(await readFile(localServerPaths(home).pidFile, 'utf8')) as { pid: number };
  return state.pid;
}

async function withDriver<T>(work: (driver: Driver) => Promise<T>): Promise<T> {
  const driver = createDriver({ uri, username: undefined, password: undefined, database: DATABASE });
  try {
    return await work(driver);
  } finally {
    await driver.close();
  }
}

async function wipe(): Promise<void> {
  await withDriver(async (driver) => {
    const session = driver.session({ database: DATABASE });
    try {
      await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    } finally {
      await session.close();
    }
  });
}

/** The loader-owned nodes (a unit's own: they carry an account id) with their stamps. */
async function loaderNodes(): Promise<string[]> {
  return withDriver(async (driver) => {
    const { records } = await driver.executeQuery(
      'MATCH (n) WHERE n.accountId IS NOT NULL AND n.loadToken IS NOT NULL RETURN [n.id, labels(n), n.loadToken] AS row',
      {},
      { database: DATABASE },
    );
    return records.map((record) => JSON.stringify(record.get('row'))).sort();
  });
}

async function scanStatus(scanId: string): Promise<string | null> {
  return withDriver(async (driver) => {
    const { records } = await driver.executeQuery(
      'MATCH (s:Scan {id: $scanId}) RETURN s.status AS status',
      { scanId },
      { database: DATABASE },
    );
    return (records[0]?.get('status') as string | undefined) ?? null;
  });
}

async function writeSnapshots(root: string): Promise<{ a: string; b: string }> {
  const a = buildDemoEstate('kill-a');
  const b = buildDemoEstate('kill-b');
  for (const unit of b.units) unit.collectedAt = '2026-11-29T02:00:00.000Z';
  b.manifest.createdAt = '2026-11-29T02:00:00.000Z';
  const lambda = b.units.find((unit) => unit.unit.service === 'lambda')!.data as LambdaData;
  const gone = lambda.functions[0]!.FunctionArn!;
  lambda.functions = lambda.functions.slice(1);
  // One resource policy gone: a finding resolves.
  const [firstPolicy] = Object.keys(lambda.policies);
  if (firstPolicy) delete lambda.policies[firstPolicy];
  delete lambda.reservedConcurrency[gone];
  const dirs = { a: path.join(root, 'a'), b: path.join(root, 'b') };
  await writeSnapshot(dirs.a, a.manifest, a.units as never);
  await writeSnapshot(dirs.b, b.manifest, b.units as never);
  return dirs;
}

type Target = 'cli' | 'neo4j';
type Phase = 'load' | 'analyze';
interface Tally {
  runs: number;
  killedMidway: number;
  finishedFirst: number;
  converged: number;
  halfWrittenComplete: number;
  /** After a mid-way kill: how often the scan was `loading`, `analyzing`, absent (null)… never `complete`. */
  statusAfterKill: Record<string, number>;
  minSeconds: number;
  maxSeconds: number;
  failures: string[];
}

function tallyOf(tallies: Map<string, Tally>, phase: Phase, target: Target): Tally {
  const name = `${target} killed during ${phase}`;
  let tally = tallies.get(name);
  if (!tally) {
    tally = {
      runs: 0,
      killedMidway: 0,
      finishedFirst: 0,
      converged: 0,
      halfWrittenComplete: 0,
      statusAfterKill: {},
      minSeconds: Number.POSITIVE_INFINITY,
      maxSeconds: 0,
      failures: [],
    };
    tallies.set(name, tally);
  }
  return tally;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'toxgraph-kill-'));
  await startNeo4j();
  try {
    const snapshots = await writeSnapshots(root);
    // Reference: A then B, uninterrupted, through the CLI.
    await wipe();
    await cli(['load', snapshots.a]);
    const loadB = await cli(['load', snapshots.b]);
    const reference = await withDriver((driver) => graphDump(driver, DATABASE));
    const referenceLoaded = await loaderNodes();
    const analyzeB = await cli(['analyze']);
    const afterAnalyze = await withDriver((driver) => graphDump(driver, DATABASE));
    if (dumpDifferences(reference, afterAnalyze).length > 0) {
      throw new Error(`analyze after load is not idempotent: ${dumpDifferences(reference, afterAnalyze)}`);
    }
    process.stdout.write(
      `reference: ${reference.length} nodes + relationships; load B ${(loadB.ms / 1000).toFixed(1)} s, analyze ${(analyzeB.ms / 1000).toFixed(1)} s\n`,
    );

    const tallies = new Map<string, Tally>();
    const phases = (flagText('--phases') ?? 'load,analyze').split(',') as Phase[];
    for (const phase of phases) {
      // The kill moment is drawn within the command's own duration: the shortest complete run of it seen
      // so far (the reference, then any run that finished before its kill). A draw that still falls after
      // the command ended kills nothing; it is counted apart and the run is repeated with a new draw.
      let duration = phase === 'load' ? loadB.ms : analyzeB.ms;
      const command = phase === 'load' ? ['load', snapshots.b] : ['analyze'];
      // The CLI and Neo4j take turns until each has `--runs` mid-way kills in this phase.
      for (
        let run = 0;
        targets.some((target) => tallyOf(tallies, phase, target).killedMidway < runs);
        run++
      ) {
        const target = targets
          .filter((candidate) => tallyOf(tallies, phase, candidate).killedMidway < runs)
          .at(run % 2 === 0 ? 0 : -1)!;
        const tally = tallyOf(tallies, phase, target);
        if (tally.finishedFirst >= runs)
          throw new Error(`${phase}: ${runs} kills in a row came after the command had ended`);
        const runStarted = performance.now();
        await wipe();
        await withDriver(async (driver) => {
          await loadSnapshot(driver, DATABASE, snapshots.a, logger);
        });
        await cli(['analyze']);
        // For analyze: B is loaded (without its analysis) and `analyze` is what gets killed.
        // As `load` leaves it when its analysis is about to start (src/cli/pipeline.ts): `analyzing`.
        if (phase === 'analyze')
          await withDriver((driver) =>
            loadSnapshot(driver, DATABASE, snapshots.b, logger, { analysisFollows: true }),
          );
        const after = Math.min(afterStartUp, duration);
        const delay = after + random() * (duration - after);
        const outcome = await killAfter(command, delay, target);
        tally.runs++;
        if (outcome.finished) {
          tally.finishedFirst++;
          duration = Math.min(duration, outcome.ms);
        } else tally.killedMidway++;
        if (target === 'neo4j') await startNeo4j();

        const status = await scanStatus('kill-b');
        if (!outcome.finished)
          tally.statusAfterKill[String(status)] = (tally.statusAfterKill[String(status)] ?? 0) + 1;
        // `complete` is a claim about the whole graph: every unit loaded and the findings of this scan
        // written. After a kill it may only be seen when the command had in fact finished.
        const afterKill = await withDriver((driver) => graphDump(driver, DATABASE));
        if (
          status === 'complete' &&
          (JSON.stringify(await loaderNodes()) !== JSON.stringify(referenceLoaded) ||
            dumpDifferences(reference, afterKill).length > 0)
        ) {
          tally.halfWrittenComplete++;
          tally.failures.push(
            `run ${run}: scan kill-b reported complete after a kill at ${Math.round(delay)} ms`,
          );
        }
        const again = await cli(command);
        const dump = await withDriver((driver) => graphDump(driver, DATABASE));
        const differences = dumpDifferences(reference, dump);
        if (differences.length === 0 && again.code === 0) tally.converged++;
        else
          tally.failures.push(
            `run ${run} (kill at ${Math.round(delay)} ms, rerun exit ${again.code}): ${differences.join(' | ')}`,
          );
        const seconds = (performance.now() - runStarted) / 1000;
        tally.minSeconds = Math.min(tally.minSeconds, seconds);
        tally.maxSeconds = Math.max(tally.maxSeconds, seconds);
        // What differs, shortened, as it happens: a long run may be stopped before its summary.
        for (const line of differences) process.stdout.write(`    ${line.slice(0, 400)}\n`);
        process.stdout.write(
          `${phase}, ${target} killed at ${Math.round(delay)} of ${Math.round(duration)} ms: ${outcome.finished ? 'finished first' : 'killed mid-way'}, ` +
            `scan status after the kill ${status}, rerun exit ${again.code}, ${differences.length === 0 ? 'converged' : 'DIFFERS'} ` +
            `(run ${seconds.toFixed(1)} s)\n`,
        );
      }
    }
    let failed = false;
    for (const [name, tally] of tallies) {
      const statuses = Object.entries(tally.statusAfterKill)
        .map(([status, count]) => `${status} ${count}`)
        .join(', ');
      process.stdout.write(
        `${name}: ${tally.runs} runs, ${tally.killedMidway} killed mid-way (scan status after the kill: ${statuses}), ` +
          `${tally.finishedFirst} finished before the kill; ${tally.converged} converged to the uninterrupted graph; ` +
          `${tally.halfWrittenComplete} half-written scans reported complete; ${tally.minSeconds.toFixed(0)}–${tally.maxSeconds.toFixed(0)} s per run\n`,
      );
      for (const failure of tally.failures) process.stdout.write(`  ${failure}\n`);
      failed ||= tally.failures.length > 0;
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    await cli(['neo4j', 'stop']);
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Runs the command and SIGKILLs the CLI (or Neo4j, then the CLI) after `delay` ms. `finished`: the command
 * ended before the kill (then `ms` is how long it took).
 */
async function killAfter(
  command: string[],
  delay: number,
  target: Target,
): Promise<{ finished: boolean; ms: number }> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [launcher, ...command], { env, stdio: 'ignore' });
  const exited = new Promise<boolean>((resolve) => child.on('exit', () => resolve(true)));
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), delay));
  if (await Promise.race([exited, timer])) return { finished: true, ms: performance.now() - started };
  if (target === 'neo4j') {
    process.kill(await neo4jPid(), 'SIGKILL');
    // The CLI would now wait for its connection to time out; it is killed too, as a crashed host would be.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill('SIGKILL');
  await exited;
  return { finished: false, ms: performance.now() - started };
}

await main();
