/**
 * `toxgraph scan` through the fault-injecting proxy (test/support/fault-proxy.ts) between the AWS SDK and
 * moto: AWS throttling and 5xx are retried until the graph equals the fault-free one, node by node and edge
 * by edge; what can never be read (AccessDenied) is a reported gap whose previous data stay untouched; and
 * no fault ends in a crash. The figures of each run go to stdout. TOXGRAPH_FAULT_SEED picks another seed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dumpGraph } from '../graph/dump.js';
import {
  addPermission,
  createAlias,
  createFunction,
  createPublicFunctionUrl,
  createRole,
} from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { type FaultProxyOptions, startFaultProxy } from '../support/fault-proxy.js';
import { cypher, wipeGraph } from '../support/graph.js';

const SEED = Number(process.env.TOXGRAPH_FAULT_SEED ?? 20261129);
const SCAN = ['scan', '--regions', 'us-east-1'];

/**
 * The graph without what differs between two scans of the same estate: scan ids and times, and the load
 * token (a hash of the scan id with the unit's content, src/graph/load-snapshot.ts).
 */
const STAMPS = new Set([
  'lastScanId',
  'lastSeen',
  'firstSeen',
  'startedAt',
  'finishedAt',
  'scanId',
  'loadToken',
]);
async function graphFacts() {
  const dump = await dumpGraph();
  const strip = (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(props).filter(([key]) => !STAMPS.has(key) && !key.endsWith('At')));
  return {
    nodes: dump.nodes
      .filter((node) => !node.labels.includes('Scan') && !node.labels.includes('Finding'))
      .map((node) => ({ labels: node.labels, props: strip(node.props) })),
    // SEEN_IN links a finding to each scan that saw it: history, one more per scan by design.
    relationships: dump.relationships
      .filter((rel) => rel.type !== 'SEEN_IN')
      .map((rel) => ({
        ...rel,
        props: strip(rel.props as Record<string, unknown>),
      })),
  };
}

async function scanThrough(options: Omit<FaultProxyOptions, 'target' | 'seed'>, seed = SEED) {
  const proxy = await startFaultProxy({ target: inject('motoUrl'), seed, ...options });
  const started = performance.now();
  try {
    const run = await runCli(SCAN, { AWS_ENDPOINT_URL: proxy.url });
    const figures = {
      ...proxy.figures(),
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
    process.stdout.write(
      `fault-injection figures (seed ${seed}): ${JSON.stringify({ rates: options.rates, ...figures })}\n`,
    );
    return { run, figures };
  } finally {
    await proxy.close();
  }
}

const noCrash = (stderr: string) => {
  expect(stderr).not.toMatch(/unexpected error/);
  expect(stderr).not.toMatch(/^\s+at /m);
};

let faultFree: Awaited<ReturnType<typeof graphFacts>>;
let publicUrlArn = '';

beforeAll(async () => {
  const admin = await createRole({
    name: 'fault-admin-role',
    inline: { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
  });
  const reader = await createRole({
    name: 'fault-reader-role',
    inline: {
      read: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
      },
    },
  });
  for (let index = 0; index < 6; index++) {
    await createFunction(`fault-fn-${index}`, index % 2 === 0 ? admin : reader);
  }
  publicUrlArn = (await createPublicFunctionUrl('fault-fn-0')).FunctionArn!;
  await createAlias('fault-fn-1', 'live');
  await addPermission({
    FunctionName: 'fault-fn-2',
    StatementId: 'partner',
    Action: 'lambda:InvokeFunction',
    Principal: 'arn:aws:iam::444455556666:root',
  });
  const clean = await runCli(SCAN);
  expect(clean.code, clean.stderr).toBe(0);
  faultFree = await graphFacts();
  expect(faultFree.nodes.filter((node) => node.labels.includes('LambdaFunction'))).toHaveLength(6);
});

afterAll(async () => {
  await wipeGraph();
});

describe('scan through AWS faults', () => {
  it('under 20% throttling and 5% 5xx finishes with the fault-free graph, node by node and edge by edge', async () => {
    await wipeGraph();
    const { run, figures } = await scanThrough({ rates: { throttle: 0.2, serverError: 0.05 } });
    noCrash(run.stderr);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/^Gap:/m);
    expect(figures.faults.throttle).toBeGreaterThan(0);
    expect(figures.faults.serverError).toBeGreaterThan(0);
    expect(figures.retries).toBeGreaterThanOrEqual(figures.faults.throttle + figures.faults.serverError);
    const faulty = await graphFacts();
    expect(faulty.nodes).toEqual(faultFree.nodes);
    expect(faulty.relationships).toEqual(faultFree.relationships);
  });

  it('reports a service it is always denied as a gap, and keeps the previous data of that service as they were', async () => {
    const lambdaBefore = (await dumpGraph()).nodes.filter((node) => node.labels.includes('LambdaFunction'));
    const { run, figures } = await scanThrough({ deny: (call) => call.service === 'lambda' });
    noCrash(run.stderr);
    expect(figures.faults.denied).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^Gap: 123456789012 us-east-1 lambda \S+: .*AccessDenied/m);
    const lambdaAfter = (await dumpGraph()).nodes.filter((node) => node.labels.includes('LambdaFunction'));
    // Untouched, stamps included: the gap's unit was neither rewritten nor cleaned up.
    expect(lambdaAfter).toEqual(lambdaBefore);
    const facts = await graphFacts();
    expect(facts.nodes).toEqual(faultFree.nodes);
    expect(facts.relationships).toEqual(faultFree.relationships);
  });

  // Resets, slow answers and cut bodies at fixed seeds (TOXGRAPH_FAULT_SEEDS="1,2,3" runs more). Whatever
  // the faults hit, the public function URL of fault-fn-0 is never silently lost: either it is in the graph
  // with its verdict, or the Lambda unit is a reported gap (docs/collection-faults.md). The "one run in two"
  // loss seen earlier was the graph dump's order (a function and its URL share an id; test/graph/dump.ts).
  const transportSeeds = (process.env.TOXGRAPH_FAULT_SEEDS ?? String(SEED)).split(',').map(Number);
  it.each(transportSeeds)(
    'meets resets, slow answers and cut bodies (seed %i) without a crash: the public URL is in the graph or its unit is a gap',
    async (seed) => {
      await wipeGraph();
      const { run, figures } = await scanThrough(
        { rates: { reset: 0.08, slow: 0.08, truncate: 0.08 }, slowMs: 500 },
        seed,
      );
      noCrash(run.stderr);
      expect(figures.faults.reset + figures.faults.truncate).toBeGreaterThan(0);
      expect([0, 1]).toContain(run.code);
      const facts = await graphFacts();
      const gaps = run.stdout.match(/^Gap: .*$/gm) ?? [];
      const lambdaGap = gaps.some((gap) => / lambda /.test(gap));
      const [url] = await cypher<{ exposure: string | null; verdict: string | null }>(
        `MATCH (u:LambdaFunctionUrl {id: $arn})
         OPTIONAL MATCH (:Internet)-[e:EXPOSES]->(u)
         RETURN u.exposure AS exposure, e.exposure AS verdict`,
        { arn: publicUrlArn },
      );
      if (lambdaGap) {
        expect(run.code, run.stdout).toBe(1);
      } else {
        expect(url, `no Lambda gap reported, yet the public URL is missing:\n${run.stdout}`).toEqual({
          exposure: 'public_unauthenticated',
          verdict: 'public_unauthenticated',
        });
      }
      if (gaps.length === 0) {
        expect(facts.nodes).toEqual(faultFree.nodes);
        expect(facts.relationships).toEqual(faultFree.relationships);
      } else {
        // What was collected is right; nothing was invented.
        expect(
          facts.nodes.every((node) =>
            faultFree.nodes.some((known) => JSON.stringify(known) === JSON.stringify(node)),
          ),
        ).toBe(true);
      }
    },
    60_000,
  );
});
