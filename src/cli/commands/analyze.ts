import type { Command } from 'commander';
import type { Driver } from 'neo4j-driver';
import { analyze } from '../../analysis/index.js';
import type { Neo4jSettings } from '../../config.js';
import { ToxgraphError } from '../../errors.js';
import { summaryLine } from '../../findings/table.js';
import { createDriver } from '../../graph/driver.js';
import type { CommandContext } from '../context.js';
import { historyLine, problemLines } from '../pipeline.js';

export function registerAnalyzeCommand(program: Command, context: () => CommandContext): void {
  program
    .command('analyze')
    .description(
      'recompute the derived facts (privilege, exposure) and the findings on what is loaded in Neo4j; ' +
        'findings keep their history (new, persisting, resolved)',
    )
    .action(async () => {
      const { config, logger, out } = context();
      await withGraph(config.neo4j, async (driver) => {
        const { findings, summary, problems, scanStatus } = await analyze(driver, {
          database: config.neo4j.database,
          logger,
        });
        for (const line of problemLines(problems)) out(line);
        out(`${summaryLine(findings)}.`);
        out(historyLine(summary));
        out('List them with: toxgraph findings');
        if (scanStatus === 'loading') {
          out(
            `Scan ${summary.scanId} never finished loading (interrupted): load its snapshot again to complete it.`,
          );
        }
        if (problems.length > 0 || scanStatus === 'loading') process.exitCode = 1;
      });
    });
}

/** Runs `work` with a driver on the configured graph; a graph that does not answer is a clear error. */
export async function withGraph<T>(
  settings: Neo4jSettings,
  work: (driver: Driver) => Promise<T>,
): Promise<T> {
  const driver = createDriver(settings, { connectionTimeoutMs: 5_000 });
  try {
    try {
      await driver.getServerInfo({ database: settings.database });
    } catch (error) {
      throw new ToxgraphError(
        `cannot reach Neo4j at ${settings.uri} (${(error as Error).message}); start a local one with ` +
          '`toxgraph neo4j start` or set NEO4J_URI',
        { cause: error },
      );
    }
    return await work(driver);
  } finally {
    await driver.close();
  }
}
