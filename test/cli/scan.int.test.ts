import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEstate } from '../aws/estate.js';
import { canonical } from '../graph/dump.js';
import { runCli } from '../support/cli.js';
import { cypher, wipeGraph } from '../support/graph.js';
import { freePort } from '../support/moto-server.js';

// Properties that name the run or its time, not the estate: two collections of one estate differ only there.
const VOLATILE = new Set([
  'lastScanId',
  'firstSeen',
  'lastSeen',
  'lastRunId',
  'collectedAt',
  'startedAt',
  'finishedAt',
  // A hash of the scan id with the unit's content (src/graph/load-snapshot.ts): it names the run too.
  'loadToken',
]);

/** The whole graph minus scan bookkeeping, in a comparable form. */
async function graphState() {
  const strip = (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(props).filter(([key]) => !VOLATILE.has(key)));
  const nodes = await cypher<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) WHERE NOT n:Scan RETURN labels(n) AS labels, properties(n) AS props',
  );
  const relationships = await cypher<{
    type: string;
    from: string;
    to: string;
    props: Record<string, unknown>;
  }>(
    'MATCH (a)-[r]->(b) WHERE NOT b:Scan RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props',
  );
  // Property maps come back in no fixed key order: compare them with their keys sorted.
  const key = canonical;
  return {
    nodes: nodes.map((n) => key([[...n.labels].sort(), strip(n.props)])).sort(),
    relationships: relationships.map((r) => key([r.type, r.from, r.to, strip(r.props)])).sort(),
  };
}

describe('toxgraph scan', () => {
  const dirs: string[] = [];
  const newDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-scan-'));
    dirs.push(dir);
    return dir;
  };
  let scanned: Awaited<ReturnType<typeof graphState>>;

  beforeAll(async () => {
    await seedEstate({ organizations: false });
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('collects, loads and analyzes in one go, keeping the snapshot when asked', async () => {
    const snapshot = await newDir();
    const result = await runCli(['scan', '--snapshot-out', snapshot]);
    expect(result.stderr).not.toMatch(/toxgraph: /);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Gaps: none');
    expect(result.stdout).toMatch(/\d+ findings?/);
    const [counts] = await cypher<{ functions: number; rules: number; exposed: number }>(
      `MATCH (f:LambdaFunction) WITH count(f) AS functions
       MATCH (r:ELBV2Rule) WITH functions, count(r) AS rules
       OPTIONAL MATCH (:Internet)-[e:EXPOSES]->() RETURN functions, rules, count(e) AS exposed`,
    );
    expect(counts!.functions).toBeGreaterThan(0);
    expect(counts!.rules).toBeGreaterThan(0);
    expect(counts!.exposed).toBeGreaterThan(0);
    scanned = await graphState();
  });

  it('gives the same graph as collect then load', async () => {
    await wipeGraph();
    const dir = await newDir();
    const collected = await runCli(['collect', '--out', dir]);
    expect(collected.code).toBe(0);
    const loaded = await runCli(['load', dir]);
    expect(loaded.code).toBe(0);
    const twoSteps = await graphState();
    expect(twoSteps.nodes).toEqual(scanned.nodes);
    expect(twoSteps.relationships).toEqual(scanned.relationships);
  });

  it('with one service unreachable: loads the rest, reports the gap, keeps that service’s previous data', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const env = { AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: closed, AWS_MAX_ATTEMPTS: '1' };
    const before = await cypher<{ id: string }>('MATCH (r:ELBV2Rule) RETURN r.id AS id ORDER BY id');
    const result = await runCli(['scan'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/elbv2 \S+: /);
    const after = await cypher<{ id: string }>('MATCH (r:ELBV2Rule) RETURN r.id AS id ORDER BY id');
    expect(after).toEqual(before);
    const [scans] = await cypher<{ functionScan: string; ruleScan: string; latest: string; gaps: string }>(
      `MATCH (s:Scan) WITH s ORDER BY s.startedAt DESC LIMIT 1
       MATCH (f:LambdaFunction) WITH s, f LIMIT 1
       MATCH (r:ELBV2Rule) WITH s, f, r LIMIT 1
       RETURN f.lastScanId AS functionScan, r.lastScanId AS ruleScan, s.id AS latest, s.gapsJson AS gaps`,
    );
    expect(scans!.functionScan).toBe(scans!.latest);
    expect(scans!.ruleScan).not.toBe(scans!.latest);
    expect(JSON.parse(scans!.gaps).map((gap: { service: string }) => gap.service)).toContain('elbv2');

    const strict = await runCli(['scan', '--strict'], env);
    expect(strict.code).toBe(1);
  });
});
