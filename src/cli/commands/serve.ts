import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { buildApp } from '../../api/app.js';
import { isLoopbackHost } from '../../api/auth.js';
import type { ScanRunner } from '../../api/scan-jobs.js';
import { InputError } from '../../errors.js';
import { createDriver } from '../../graph/driver.js';
import type { CommandContext } from '../context.js';
import { loadAndAnalyze } from '../pipeline.js';
import { runCollection } from './collect.js';

interface ServeFlags {
  host: string;
  port: number;
}

const port = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new InvalidArgumentError(`expected a port number 0-65535, got "${value}"`);
  }
  return parsed;
};

export function registerServeCommand(program: Command, context: () => CommandContext): void {
  program
    .command('serve')
    .description('the REST API (OpenAPI at /openapi.json, docs at /docs) and the web UI (/ui/) on the graph')
    .option(
      '--host <host>',
      'address to listen on; other than loopback needs TOXGRAPH_API_TOKEN',
      '127.0.0.1',
    )
    .option('--port <port>', 'port to listen on', port, 8080)
    .addHelpText(
      'after',
      '\nAuthentication: set TOXGRAPH_API_TOKEN (comma-separated tokens) and send "Authorization: Bearer <token>".\n' +
        'Without a token the API is open and serve listens on loopback only.',
    )
    .action(async (flags: ServeFlags) => {
      const ctx = context();
      const { config, logger } = ctx;
      if (config.apiTokens.length === 0 && !isLoopbackHost(flags.host)) {
        throw new InputError(
          `--host ${flags.host} is not a loopback address and TOXGRAPH_API_TOKEN is not set: anyone on the ` +
            'network could read the estate. Set TOXGRAPH_API_TOKEN, or listen on 127.0.0.1.',
        );
      }
      const driver = createDriver(config.neo4j, { connectionTimeoutMs: 3_000, maxRetryTimeMs: 2_000 });
      const app = await buildApp({
        driver,
        database: config.neo4j.database,
        logger,
        tokens: config.apiTokens,
        runScan: scanRunner(ctx, driver, program.version() ?? '0.0.0'),
        version: program.version() ?? '0.0.0',
        // Features register their plugins here (the Neo4j Browser guide routes, ...).
        plugins: [],
      });
      // `--schedule CRON` (nightly scans) starts here, next to the server it shares the scan runner with.
      const stop = async () => {
        await app.close();
        await driver.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const address = await app.listen({ host: flags.host, port: flags.port });
      ctx.out(`toxgraph serve: API on ${address} (docs ${address}/docs), web UI on ${address}/ui/`);
      await new Promise<void>((resolve) => app.server.once('close', resolve));
    });
}

/** POST /scans runs what `toxgraph scan` runs: collect into a temporary snapshot, load it, analyze. */
function scanRunner(
  ctx: CommandContext,
  driver: ReturnType<typeof createDriver>,
  version: string,
): ScanRunner {
  const { config, logger } = ctx;
  return async (request) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-scan-'));
    try {
      const flags = { regions: request.regions?.join(','), accounts: request.accounts?.join(',') };
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
