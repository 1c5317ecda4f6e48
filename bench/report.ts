/**
 * Report benchmark: two scans of N findings (default 10,000; 10% resolved and 10% new in the second), then
 * the report of the second scan in every format, each timed with the peak heap growth sampled while it
 * runs. Baseline measured in the same run: the eager way, every finding read in one query
 * (`readFindings`) and written as one JSON string. The report streams, so its peak heap should stay
 * well under the baseline's and grow little with N.
 *
 * The database is wiped: point it at a server of its own, e.g.
 *   npm run build && TOXGRAPH_HOME=.toxgraph/bench node bin/toxgraph.js neo4j start --bolt-port 17725 --http-port 17726
 * Run:
 *   npx tsc -p bench/report-tsconfig.json && node --expose-gc bench/out/report/bench/report.js [--uri bolt://127.0.0.1:17725] [--findings 10000]
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../src/findings/finding.js';
import { readFindings, recordFindings } from '../src/findings/history.js';
import { createDriver } from '../src/graph/driver.js';
import { createReport, REPORT_FORMATS } from '../src/report/index.js';

const DATABASE = 'neo4j';
const DETECTIONS_DIR = fileURLToPath(new URL('../../../../cypher/detections/', import.meta.url));
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

function syntheticFinding(index: number): Finding {
  const account = String(100000000000 + (index % 20));
  const region = ['us-east-1', 'eu-west-1', 'ap-southeast-2'][index % 3]!;
  const name = `fn-${index}`;
  const fnArn = `arn:aws:lambda:${region}:${account}:function:${name}`;
  const roleArn = `arn:aws:iam::${account}:role/${name}-role`;
  return {
    id: `function-url-privileged-role:${fnArn}`,
    detection: index % 2 ? 'function-url-privileged-role' : 'http-api-route-privileged-role',
    severity: SEVERITIES[index % 5]!,
    title: `Public entry of ${name} runs as a privileged role`,
    exposure: 'public_unauthenticated',
    privilege: 'admin',
    entryPoint: {
      kind: 'function_url',
      arn: `${fnArn}#url`,
      name: `https://${name}.lambda-url.${region}.on.aws/`,
    },
    function: { arn: fnArn, name, qualifier: null },
    role: { arn: roleArn },
    accountId: account,
    region,
    path: [
      { id: 'internet', labels: ['Internet'], name: 'internet' },
      {
        id: `${fnArn}#url`,
        labels: ['LambdaFunctionUrl'],
        name: `https://${name}.lambda-url.${region}.on.aws/`,
      },
      { id: fnArn, labels: ['LambdaFunction'], name },
      { id: roleArn, labels: ['AWSPrincipal', 'AWSRole'], name: `${name}-role` },
      { id: `${roleArn}#capability/admin`, labels: ['Capability'], name: 'admin' },
    ],
    evidence: [0, 1, 2, 3].map((hop) => ({
      hop,
      text: `evidence of hop ${hop} for ${name}`,
      source: 'GetPolicy',
    })),
    remediation: 'Require authentication on the URL and cut the role down to what the function uses.',
    status: 'new',
    firstSeen: '',
    lastSeen: '',
    confidence: 'high',
  };
}

/** Runs `work`, sampling the heap every 5 ms: seconds taken and peak heap growth in MB. */
async function measure(work: () => Promise<unknown>): Promise<{ seconds: number; peakMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { seconds, peakMb: (peak - before) / 1024 / 1024 };
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1]! : fallback;
  };
  const uri = option('--uri', 'bolt://127.0.0.1:17725');
  const count = Number(option('--findings', '10000'));
  if (!(globalThis as { gc?: unknown }).gc)
    console.log('(run with node --expose-gc for steadier heap figures)');
  const driver = createDriver({ uri, username: undefined, password: undefined, database: DATABASE });
  const dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-report-bench-'));
  try {
    const session = driver.session({ database: DATABASE });
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    await session.run('CREATE CONSTRAINT finding_id IF NOT EXISTS FOR (n:Finding) REQUIRE n.id IS UNIQUE');
    await session.run('CREATE CONSTRAINT scan_id IF NOT EXISTS FOR (n:Scan) REQUIRE n.id IS UNIQUE');
    await session.run(
      `CREATE (:Scan {id: 'bench-1', startedAt: '2026-11-02T02:00:00.000Z', status: 'complete', gapsJson: '[]', unitsLoaded: 60})
       CREATE (:Scan {id: 'bench-2', startedAt: '2026-11-03T02:00:00.000Z', status: 'complete', gapsJson: '[]', unitsLoaded: 60})`,
    );
    await session.close();
    const churn = Math.round(count / 10);
    const first = Array.from({ length: count }, (_, i) => syntheticFinding(i));
    const second = Array.from({ length: count }, (_, i) => syntheticFinding(i + churn));
    const setup = performance.now();
    await recordFindings(driver, first, {
      database: DATABASE,
      now: '2026-11-02T02:00:00.000Z',
      scanId: 'bench-1',
    });
    await recordFindings(driver, second, {
      database: DATABASE,
      now: '2026-11-03T02:00:00.000Z',
      scanId: 'bench-2',
    });
    console.log(
      `setup: 2 scans of ${count} findings (${churn} resolved, ${churn} new) recorded in ${((performance.now() - setup) / 1000).toFixed(1)} s`,
    );
    first.length = 0;
    second.length = 0;

    const eagerFile = path.join(dir, 'eager.json');
    const baseline = await measure(async () => {
      const findings = await readFindings(driver, { database: DATABASE, includeResolved: true });
      await writeFile(eagerFile, JSON.stringify(findings));
    });
    console.log(
      `baseline (read all in one query, one JSON string): ${baseline.seconds.toFixed(2)} s, peak heap +${baseline.peakMb.toFixed(0)} MB, ${((await stat(eagerFile)).size / 1e6).toFixed(1)} MB written`,
    );
    for (const format of REPORT_FORMATS) {
      const file = path.join(dir, `report.${format}`);
      const db = { driver, database: DATABASE };
      const run = await measure(() =>
        createReport(db, {
          format,
          file,
          now: new Date(),
          toolVersion: 'bench',
          detectionsDir: DETECTIONS_DIR,
        }),
      );
      console.log(
        `report ${format.padEnd(5)}: ${run.seconds.toFixed(2)} s, peak heap +${run.peakMb.toFixed(0)} MB, ${((await stat(file)).size / 1e6).toFixed(1)} MB written`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await driver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
