/**
 * Loading snapshots in an unexpected order or under a re-used scan id (issue 9, items 4 and 5), with the
 * demo estate and its fixed scan id (`demo-2026-11-28`), as `toxgraph demo` loads it every time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoEstate, type DemoEstate } from '../../src/demo/estate.js';
import { InputError } from '../../src/errors.js';
import { loadSnapshot } from '../../src/graph/load-snapshot.js';
import { createLogger } from '../../src/log.js';
import type { SnapshotData, UnitFile } from '../../src/snapshot/format.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { runCli } from '../support/cli.js';
import { cypher, testDriver } from '../support/graph.js';
import { dumpGraph } from './dump.js';

const logger = createLogger('silent');
const DEMO_SCAN_ID = 'demo-2026-11-28';
let root: string;

async function written(name: string, change: (estate: DemoEstate) => void = () => {}): Promise<string> {
  const estate = buildDemoEstate();
  change(estate);
  const dir = path.join(root, name);
  await writeSnapshot(dir, estate.manifest, estate.units as never);
  return dir;
}

/** The first Lambda unit of the demo (the production account's), typed. */
function lambdaUnit(estate: DemoEstate): UnitFile<SnapshotData<'lambda'>> {
  const unit = estate.units.find((candidate) => candidate.unit.service === 'lambda');
  if (!unit) throw new Error('the demo estate has no lambda unit');
  return unit as UnitFile<SnapshotData<'lambda'>>;
}

const functionNames = () =>
  cypher<{ name: string }>(
    'MATCH (f:LambdaFunction) WHERE f.lastScanId IS NOT NULL RETURN f.name AS name',
  ).then((rows) => rows.map((row) => row.name).sort());

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'toxgraph-reload-'));
  await cypher('MATCH (n) DETACH DELETE n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await cypher('MATCH (n) DETACH DELETE n');
});

describe('the same scan id with other content', () => {
  let original: string;
  let removed: string;

  beforeAll(async () => {
    original = await written('original');
    removed = lambdaUnit(buildDemoEstate()).data.functions[0]!.FunctionName!;
    await loadSnapshot(testDriver(), 'neo4j', original, logger);
  });

  it('removes what the new content no longer holds, although the scan id is the same', async () => {
    expect(await functionNames()).toContain(removed);
    const before = await cypher<{ n: number }>(
      'MATCH (f:LambdaFunction {name: $name})-[r]-() RETURN count(r) AS n',
      { name: removed },
    );
    expect(before[0]!.n).toBeGreaterThan(0);

    const smaller = await written('smaller', (estate) => {
      const unit = lambdaUnit(estate);
      unit.data.functions = unit.data.functions.filter((fn) => fn.FunctionName !== removed);
    });
    const summary = await loadSnapshot(testDriver(), 'neo4j', smaller, logger);
    expect(summary.scanId).toBe(DEMO_SCAN_ID);
    expect(summary.deleted.nodes.LambdaFunction).toBe(1);
    expect(await functionNames()).not.toContain(removed);
  });

  it('comes back to exactly the first graph when the first content is loaded again', async () => {
    await cypher('MATCH (n) DETACH DELETE n');
    await loadSnapshot(testDriver(), 'neo4j', original, logger);
    const first = await dumpGraph();
    await loadSnapshot(testDriver(), 'neo4j', path.join(root, 'smaller'), logger);
    const again = await loadSnapshot(testDriver(), 'neo4j', original, logger);
    expect(again.status).toBe('complete');
    expect(await dumpGraph()).toEqual(first);
  });

  it('changes nothing when the same content is loaded again under the same id', async () => {
    const before = await dumpGraph();
    const summary = await loadSnapshot(testDriver(), 'neo4j', original, logger);
    expect(summary.deleted).toEqual({ nodes: {}, relationships: {} });
    expect(await dumpGraph()).toEqual(before);
  });
});

describe('a snapshot older than what the graph holds', () => {
  const newer = '2026-11-29T09:00:00.000Z';
  let newerDir: string;
  let olderDir: string;

  beforeAll(async () => {
    await cypher('MATCH (n) DETACH DELETE n');
    newerDir = await written('newer', (estate) => {
      estate.manifest.scanId = 'demo-newer';
      for (const unit of estate.units) unit.collectedAt = newer;
    });
    // The demo as it is: collected on 2026-11-28, one day before.
    olderDir = await written('older');
    await loadSnapshot(testDriver(), 'neo4j', newerDir, logger);
  });

  it('is refused before anything is written, naming each unit and both times', async () => {
    const before = await dumpGraph();
    const refusal = await loadSnapshot(testDriver(), 'neo4j', olderDir, logger).catch((error) => error);
    expect(refusal).toBeInstanceOf(InputError);
    const message = (refusal as Error).message;
    expect(message).toContain(
      `snapshot ${olderDir} (scan ${DEMO_SCAN_ID}) is older than what the graph holds`,
    );
    expect(message).toMatch(
      /account \d{12}, region us-east-1, service lambda: collected 2026-11-28T[\d:.]+Z, the graph holds 2026-11-29T09:00:00.000Z/,
    );
    expect(message).toMatch(/account \d{12}, region global, service iam: collected/);
    expect(message).toContain('--allow-older');
    expect(await dumpGraph()).toEqual(before);
  });

  it('refuses only the units that are older: a newer snapshot of a unit loads', async () => {
    const mixed = await written('mixed', (estate) => {
      estate.manifest.scanId = 'demo-mixed';
      for (const unit of estate.units) unit.collectedAt = '2026-11-30T09:00:00.000Z';
    });
    const summary = await loadSnapshot(testDriver(), 'neo4j', mixed, logger);
    expect(summary.status).toBe('complete');
  });

  it('through the CLI: exit 2 with the message; --allow-older loads it and rolls lastSeen back', async () => {
    const refused = await runCli(['load', olderDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is older than what the graph holds');
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const allowed = await runCli(['load', '--allow-older', olderDir]);
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    const [latest] = await cypher<{ lastSeen: string }>(
      'MATCH (f:LambdaFunction) WHERE f.lastSeen IS NOT NULL RETURN max(f.lastSeen) AS lastSeen',
    );
    expect(latest!.lastSeen.startsWith('2026-11-28')).toBe(true);
  });
});
