import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { buildApp } from '../../api/app.js';
import { isLoopbackHost } from '../../api/auth.js';
import { browserKitRoutes } from '../../api/browser-kit-routes.js';
import { reportRoutes } from '../../api/report-routes.js';
import { DEFAULT_CYPHER_LIMITS } from '../../api/routes/cypher.js';
import type { ScanRunner } from '../../api/scan-jobs.js';
import { InputError } from '../../errors.js';
import { createDriver } from '../../graph/driver.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/index.js';
import { DEFAULT_KEEP, REPORTS_FOLDER, scanAndReport, startSchedule } from '../../report/schedule.js';
import type { CommandContext } from '../context.js';
import { loadAndAnalyze } from '../pipeline.js';
import { addScopeSelection, runCollection, type ScopeFlags } from './collect.js';

interface ServeFlags extends ScopeFlags {
  host: string;
  port: number;
  schedule?: string;
  keepReports: number;
  reportFormats: ReportFormat[];
  cypherEndpoint?: boolean;
}

const wholeNumber = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected a whole number of 1 or more, got "${value}"`);
  }
  return parsed;
};

const reportFormats = (value: string): ReportFormat[] => {
  const formats = value.split(',').map((format) => format.trim());
  const unknown = formats.filter((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (formats.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`expected formats among ${REPORT_FORMATS.join(', ')}, got "${value}"`);
  }
  return formats as ReportFormat[];
};

const port = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new InvalidArgumentError(`expected a port number 0-65535, got "${value}"`);
  }
  return parsed;
};

export function registerServeCommand(program: Command, context: () => CommandContext): void {
  const command = program
    .command('serve')
    .description('the REST API (OpenAPI at /openapi.json, docs at /docs) and the web UI (/ui/) on the graph')
    .option(
      '--host <host>',
      'address to listen on; other than loopback needs TOXGRAPH_API_TOKEN',
      '127.0.0.1',
    )
    .option('--port <port>', 'port to listen on', port, 8080)
    .option(
      '--schedule <cron>',
      'run scan + analysis + report on this cron schedule (5 fields, or 6 with seconds first), one at a time',
    )
    .option(
      '--keep-reports <n>',
      'how many scheduled runs (and their reports) to keep',
      wholeNumber,
      DEFAULT_KEEP,
    )
    .option(
      '--report-formats <list>',
      `formats written by each scheduled run: ${REPORT_FORMATS.join(', ')}`,
      reportFormats,
      ['html', 'json'] as ReportFormat[],
    )
    .option(
      '--cypher-endpoint',
      'also serve POST /cypher: read-only Cypher with a timeout and a row cap (or TOXGRAPH_API_CYPHER=1)',
    )
    .addHelpText(
      'after',
      '\nAuthentication: set TOXGRAPH_API_TOKEN (comma-separated tokens) and send "Authorization: Bearer <token>".\n' +
        'Without a token the API is open and serve listens on loopback only.\n' +
        'Scheduled runs and POST /scans read the accounts and regions chosen by the scope flags; their reports go\n' +
        `to $TOXGRAPH_HOME/${REPORTS_FOLDER} (listed at GET /reports). TOXGRAPH_WEBHOOK_URL announces each run's new and\n` +
        'resolved findings (TOXGRAPH_WEBHOOK_FORMAT slack or json).',
    );
  addScopeSelection(command).action(async (flags: ServeFlags) => {
    const ctx = context();
    const { config, logger } = ctx;
    if (config.apiTokens.length === 0 && !isLoopbackHost(flags.host)) {
      throw new InputError(
        `--host ${flags.host} is not a loopback address and TOXGRAPH_API_TOKEN is not set: anyone on the ` +
          'network could read the estate. Set TOXGRAPH_API_TOKEN, or listen on 127.0.0.1.',
      );
    }
    const version = program.version() ?? '0.0.0';
    const driver = createDriver(config.neo4j, { connectionTimeoutMs: 3_000, maxRetryTimeMs: 2_000 });
    const reportsDir = path.join(config.home, REPORTS_FOLDER);
    // Scans started over the API and by the schedule share one runner: one scan at a time, the next waits.
    const runScan = oneAtATime(scanRunner(ctx, driver, version, flags));
    const app = await buildApp({
      driver,
      database: config.neo4j.database,
      logger,
      tokens: config.apiTokens,
      runScan,
      version,
      plugins: [browserKitRoutes, reportRoutes(reportsDir)],
      ...(flags.cypherEndpoint || config.apiCypher ? { cypher: DEFAULT_CYPHER_LIMITS } : {}),
    });
    const schedule = flags.schedule
      ? startSchedule({
          cron: flags.schedule,
          reportsDir,
          keep: flags.keepReports,
          logger,
          task: scanAndReport({
            scan: async () => {
              await runScan({});
            },
            db: { driver, database: config.neo4j.database },
            formats: flags.reportFormats,
            toolVersion: version,
            ...(config.webhook ? { webhook: { ...config.webhook, logger } } : {}),
          }),
        })
      : undefined;
    const stop = async () => {
      await schedule?.stop();
      await app.close();
      await driver.close();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const address = await app.listen({ host: flags.host, port: flags.port });
    ctx.out(`toxgraph serve: API on ${address} (docs ${address}/docs), web UI on ${address}/ui/`);
    const next = schedule?.nextRun();
    if (next)
      ctx.out(
        `Scheduled scans: "${flags.schedule}", next at ${next.toISOString()}; reports in ${reportsDir}`,
      );
    await new Promise<void>((resolve) => app.server.once('close', resolve));
  });
}

/** POST /scans runs what `toxgraph scan` runs: collect into a temporary snapshot, load it, analyze. */
function scanRunner(
  ctx: CommandContext,
  driver: ReturnType<typeof createDriver>,
  version: string,
  scope: ScopeFlags,
): ScanRunner {
  const { config, logger } = ctx;
  return async (request) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-scan-'));
    try {
      // The request's regions and accounts replace those serve was started with; the role to assume stays.
      const flags: ScopeFlags = {
        ...scope,
        ...(request.regions ? { regions: request.regions.join(',') } : {}),
        ...(request.accounts ? { accounts: request.accounts.join(',') } : {}),
      };
      await runCollection(dir, flags, { ...ctx, out: (text) => logger.info(text) }, version);
      const { load, findings } = await loadAndAnalyze(
        driver,
        config.neo4j.database,
        dir,
        logger,
        config.analysis,
      );
      return { scanId: load.scanId, status: load.status, findings: findings.length };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

/** Serialises scans: a call made while another runs starts when it ends (two loads never interleave). */
function oneAtATime(runner: ScanRunner): ScanRunner {
  let queue: Promise<unknown> = Promise.resolve();
  return (request) => {
    const run = queue.then(() => runner(request));
    queue = run.catch(() => undefined);
    return run;
  };
}
