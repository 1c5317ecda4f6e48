/**
 * Analysis benchmark: loads a synthetic estate (default 10,000 functions, 10,000 roles, 30,000 policies) into
 * an EMPTIED database, then times each stage of `analyze()`: effective privileges (IAM engine + edges),
 * exposure of every entry point, every detection (each also under PROFILE, printing its db hits), and
 * the recording of findings. Baseline measured in the same run: one full read of every function's and
 * role's properties (`MATCH (n:LambdaFunction|AWSRole) RETURN properties(n)`), the least a pass over the
 * estate can cost. Goal: all detections under 10 s on this machine.
 *
 * The database is wiped: point it at a server of its own, e.g.
 *   npm run build && TOXGRAPH_HOME=.toxgraph/bench node bin/toxgraph.js neo4j start --bolt-port 17725 --http-port 17726
 * Run:
 *   npx tsc -p bench/analyze-tsconfig.json && node bench/out/analyze/bench/analyze.js [--uri bolt://127.0.0.1:17725]
 *        [--functions 10000] [--roles 10000] [--policies 30000] [--apis 200] [--load-balancers 100]
 *        [--data-stores 20000]
 * With --data-stores N, the same estate is measured twice in the run: first without data stores (the figure
 * before issue 13), then with N buckets, tables, secrets and parameters; the ratios are printed last.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeExposure } from '../src/analysis/exposure.js';
import { analyzePrivileges } from '../src/analysis/privilege.js';
import { loadDetections } from '../src/findings/detections.js';
import { recordFindings } from '../src/findings/history.js';
import { runDetections } from '../src/findings/run.js';
import { rateSeverity } from '../src/findings/severity.js';
import { createDriver } from '../src/graph/driver.js';
import { loadSnapshot } from '../src/graph/load-snapshot.js';
import { createLogger } from '../src/log.js';
import { type EstateSize, parseSize, writeSyntheticEstate } from './synthetic-estate.js';

const DATABASE = 'neo4j';
// Compiled to bench/out/analyze/bench/: the detections are read from the repository's cypher/ folder.
const DETECTIONS_DIR = fileURLToPath(new URL('../../../../cypher/detections/', import.meta.url));

async function main() {
  const args = process.argv.slice(2);
  const uriIndex = args.indexOf('--uri');
  const uri = uriIndex >= 0 ? args[uriIndex + 1]! : 'bolt://127.0.0.1:17725';
  const size = parseSize(args.filter((_, i) => i !== uriIndex && i !== uriIndex + 1));
  const driver = createDriver({ uri, username: undefined, password: undefined, database: DATABASE });
  const logger = createLogger('warn');
  const runs = size.dataStores > 0 ? [{ ...size, dataStores: 0 }, size] : [size];
  const figures: Figures[] = [];
  try {
    for (const run of runs) figures.push(await measure(driver, run, logger));
  } finally {
    await driver.close();
  }
  if (figures.length === 2) {
    const [before, after] = figures as [Figures, Figures];
    const ratio = (key: keyof Figures) => (after[key] / before[key]).toFixed(2);
    console.log(
      `with ${size.dataStores} data stores vs none: privileges ×${ratio('privileges')}, exposure ×${ratio('exposure')}, detections ×${ratio('detections')} (goal: detections < 10 s)`,
    );
  }
}

interface Figures {
  privileges: number;
  exposure: number;
  detections: number;
}

async function measure(
  driver: ReturnType<typeof createDriver>,
  size: EstateSize,
  logger: ReturnType<typeof createLogger>,
): Promise<Figures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-analyze-bench-'));
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);
  const figures: Figures = { privileges: 0, exposure: 0, detections: 0 };
  try {
    await writeSyntheticEstate(dir, size);
    const session = driver.session({ database: DATABASE });
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    await session.close();
    const loaded = await loadSnapshot(driver, DATABASE, dir, logger);
    console.log(`estate: ${JSON.stringify(size)}; loaded in ${(loaded.durationMs / 1000).toFixed(1)} s`);

    let started = performance.now();
    const { records } = await driver.executeQuery(
      'MATCH (n:LambdaFunction|AWSRole) RETURN properties(n) AS p',
      {},
      { database: DATABASE },
    );
    const baseline = (performance.now() - started) / 1000;
    console.log(`baseline: read ${records.length} function and role nodes in ${baseline.toFixed(2)} s`);

    const now = new Date('2026-11-28T12:00:00Z');
    started = performance.now();
    const privileges = await analyzePrivileges(driver, DATABASE, loaded.scanId, { now });
    figures.privileges = (performance.now() - started) / 1000;
    console.log(
      `privileges: ${seconds(started)} s for ${privileges.principals} principals; edges ${JSON.stringify(privileges.edges)}; data stores ${JSON.stringify(privileges.dataStores)}`,
    );
    started = performance.now();
    await analyzeExposure(driver, { database: DATABASE, logger, now });
    figures.exposure = (performance.now() - started) / 1000;
    console.log(`exposure: ${seconds(started)} s`);

    const detections = await loadDetections(DETECTIONS_DIR);
    started = performance.now();
    const findings = await runDetections(driver, detections, {
      database: DATABASE,
      rateSeverity,
      now: now.toISOString(),
    });
    const detectionSeconds = (performance.now() - started) / 1000;
    figures.detections = detectionSeconds;
    console.log(
      `detections: ${detectionSeconds.toFixed(2)} s for ${detections.length} detections, ${findings.length} findings ` +
        `(goal < 10 s; ${(detectionSeconds / baseline).toFixed(1)}× the baseline read)`,
    );
    started = performance.now();
    await recordFindings(driver, findings, {
      database: DATABASE,
      now: now.toISOString(),
      scanId: loaded.scanId,
    });
    console.log(`recording findings: ${seconds(started)} s`);

    console.log('db hits per detection (PROFILE):');
    for (const detection of detections) {
      const { summary } = await driver.executeQuery(`PROFILE ${detection.query}`, {}, { database: DATABASE });
      let hits = 0;
      const walk = (plan: { dbHits?: number; children?: unknown[] } | false | undefined) => {
        if (!plan) return;
        hits += plan.dbHits ?? 0;
        for (const child of plan.children ?? []) walk(child as never);
      };
      walk(summary.profile as never);
      console.log(`  ${detection.id.padEnd(48)} ${String(hits).padStart(12)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

await main();
