/**
 * Load benchmark: generates a synthetic estate (default: 10,000 functions, 10,000 roles, 30,000 policies),
 * loads it with `loadSnapshot` into an EMPTIED database, and measures in the same run a raw baseline doing
 * the same graph work without toxgraph: the same node rows MERGEd by key (under a uniqueness constraint,
 * as ours) with their properties, then the same relationship rows CREATEd between nodes found by key
 * (targets outside the rows merged as stubs, as ours), with the same payloads and batch limits. Baseline
 * and load alternate for `--rounds` rounds and each keeps its best (the machine is shared). Prints rows per
 * second for both, the ratio (goal ≥ 0.5) and the total load time (goal < 60 s), then loads the same
 * snapshot again and FAILS (exit 1) unless that second load changed nothing: no deletion, and every node
 * and relationship with the same stamps as before.
 *
 * The database is wiped: point it at a server of its own, e.g.
 *   npm run build && TOXGRAPH_HOME=.toxgraph/bench node bin/toxgraph.js neo4j start --bolt-port 17725 --http-port 17726
 * Run:
 *   npx tsc -p bench/load-tsconfig.json && node bench/out/load/bench/load.js [--uri bolt://127.0.0.1:17725]
 *        [--rounds 2] [--accounts 1] [--functions 10000] [--roles 10000] [--policies 30000] [--apis 200]
 *        [--load-balancers 100]
 * Stop the server after: TOXGRAPH_HOME=.toxgraph/bench node bin/toxgraph.js neo4j stop
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../src/graph/driver.js';
import { loadSnapshot } from '../src/graph/load-snapshot.js';
import { batches, DEFAULT_BATCH_LIMITS } from '../src/graph/loader.js';
import type { GraphRows } from '../src/graph/rows.js';
import { transformUnit } from '../src/graph/transform/index.js';
import { createLogger } from '../src/log.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { dumpDifferences, graphDump } from './graph-dump.js';
import { parseSize, writeSyntheticEstate } from './synthetic-estate.js';

const DATABASE = 'neo4j';
const args = process.argv.slice(2);
const uriFlag = args.indexOf('--uri');
const uri = uriFlag >= 0 ? args[uriFlag + 1]! : 'bolt://127.0.0.1:17725';
const size = parseSize(args);
const roundsFlag = args.indexOf('--rounds');
const rounds = roundsFlag >= 0 ? Number(args[roundsFlag + 1]) : 2;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function wipe(driver: Driver): Promise<void> {
  const session = driver.session({ database: DATABASE });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

interface RawRows {
  nodes: { id: string; props: Record<string, unknown> }[];
  relationships: { from: string; to: string; props: Record<string, unknown> }[];
}

/** The same payloads the loader sends: node rows (id + properties) and relationship rows (ends + properties). */
function rawRows(units: GraphRows[]): RawRows {
  const rows: RawRows = { nodes: [], relationships: [] };
  for (const unit of units) {
    for (const list of [...Object.values(unit.nodes), ...Object.values(unit.shared)]) {
      for (const row of list ?? []) rows.nodes.push({ id: row.id, props: nonNull(row.props) });
    }
    for (const list of Object.values(unit.relationships)) {
      for (const row of list ?? [])
        rows.relationships.push({ from: row.from, to: row.to, props: nonNull(row.props) });
    }
  }
  return rows;
}

/** `SET n += map` cannot store nulls (ours removes the property): leave them out of the baseline's maps. */
function nonNull(props: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([, value]) => value !== null && value !== undefined),
  );
}

const RAW_CONSTRAINT = 'CREATE CONSTRAINT bench_raw_id IF NOT EXISTS FOR (n:BenchRaw) REQUIRE n.id IS UNIQUE';
const RAW_NODES = 'UNWIND $rows AS row MERGE (n:BenchRaw {id: row.id}) SET n += row.props';
const RAW_RELATIONSHIPS = [
  'UNWIND $rows AS row',
  'MATCH (a:BenchRaw {id: row.from})',
  'MERGE (b:BenchRaw {id: row.to})',
  'CREATE (a)-[r:BENCH_RAW]->(b) SET r += row.props',
].join('\n');

async function baseline(driver: Driver, rows: RawRows): Promise<number> {
  await driver.executeQuery(RAW_CONSTRAINT, {}, { database: DATABASE });
  const started = performance.now();
  for (const [query, list] of [
    [RAW_NODES, rows.nodes],
    [RAW_RELATIONSHIPS, rows.relationships],
  ] as const) {
    for (const batch of batches<unknown>(list, DEFAULT_BATCH_LIMITS)) {
      await driver.executeQuery(query, { rows: batch }, { database: DATABASE, routing: 'WRITE' });
    }
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-bench-'));
  const driver = createDriver({ uri, username: undefined, password: undefined, database: DATABASE });
  try {
    process.stdout.write(`estate: ${JSON.stringify(size)}\n`);
    let started = performance.now();
    await writeSyntheticEstate(dir, size);
    process.stdout.write(`snapshot written in ${seconds(performance.now() - started)} s (${dir})\n`);

    const snapshot = await readSnapshot(dir);
    const raw = rawRows(snapshot.units.map(transformUnit));
    const rowCount = raw.nodes.length + raw.relationships.length;
    process.stdout.write(
      `rows: ${rowCount} (${raw.nodes.length} nodes, ${raw.relationships.length} relationships)\n`,
    );

    // The machine is shared: alternate baseline and ours, and keep each one's best round.
    const logger = createLogger('warn');
    let rawMs = Number.POSITIVE_INFINITY;
    let oursMs = Number.POSITIVE_INFINITY;
    let summary: Awaited<ReturnType<typeof loadSnapshot>> | undefined;
    for (let round = 0; round < rounds; round++) {
      await wipe(driver);
      rawMs = Math.min(rawMs, await baseline(driver, raw));
      await wipe(driver);
      started = performance.now();
      const result = await loadSnapshot(driver, DATABASE, dir, logger);
      const elapsed = performance.now() - started;
      if (elapsed < oursMs) [oursMs, summary] = [elapsed, result];
      process.stdout.write(`round ${round + 1}: baseline ${seconds(rawMs)} s, ours ${seconds(elapsed)} s\n`);
    }
    if (!summary) throw new Error('--rounds must be at least 1');
    const written =
      Object.values(summary.written.nodes).reduce((a, b) => a + b, 0) +
      Object.values(summary.written.relationships).reduce((a, b) => a + b, 0);
    if (summary.status !== 'complete' || written !== rowCount) {
      throw new Error(`load was ${summary.status}, wrote ${written} rows of ${rowCount}`);
    }

    const before = await graphDump(driver, DATABASE);
    started = performance.now();
    const again = await loadSnapshot(driver, DATABASE, dir, logger);
    const againMs = performance.now() - started;
    const deletedAgain =
      Object.values(again.deleted.nodes).reduce((a, b) => a + b, 0) +
      Object.values(again.deleted.relationships).reduce((a, b) => a + b, 0) +
      again.orphansDeleted;
    if (deletedAgain !== 0 || dumpDifferences(before, await graphDump(driver, DATABASE)).length > 0) {
      throw new Error(`the second load of the same snapshot changed the graph (${deletedAgain} deletions)`);
    }

    const { records } = await driver.executeQuery(
      'MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships',
      {},
      { database: DATABASE },
    );
    const oursRate = rowCount / (oursMs / 1000);
    const rawRate = rowCount / (rawMs / 1000);
    process.stdout.write(
      [
        `graph: ${records[0]?.get('nodes')} nodes, ${records[0]?.get('relationships')} relationships`,
        `toxgraph load (read + validate + transform + MERGE + cleanup): ${seconds(oursMs)} s, ${Math.round(oursRate)} rows/s`,
        `  of which read + validate ${seconds(summary.phasesMs.read)} s, transform ${seconds(summary.phasesMs.transform)} s, ` +
          `write ${seconds(summary.phasesMs.write)} s, cleanup ${seconds(summary.phasesMs.cleanup)} s`,
        `raw baseline (node MERGE by key + relationship CREATE, same rows and batches): ${seconds(rawMs)} s, ${Math.round(rawRate)} rows/s`,
        `ratio: ${(oursRate / rawRate).toFixed(2)} (goal >= 0.5); total load time ${seconds(oursMs)} s (goal < 60 s)`,
        `second load of the same snapshot: ${seconds(againMs)} s, changed nothing (checked: 0 deletions, every stamp equal)`,
        '',
      ].join('\n'),
    );
  } finally {
    await driver.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
