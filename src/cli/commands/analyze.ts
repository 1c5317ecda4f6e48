import type { Command } from 'commander';
import type { Driver } from 'neo4j-driver';
import { analyze } from '../../analysis/index.js';
import type { Neo4jSettings } from '../../config.js';
import { summaryLine } from '../../findings/table.js';
import { checkGraph, createDriver } from '../../graph/driver.js';
import { checkBoltUri, explainGraphError, GraphConnectionLost } from '../../graph/graph-errors.js';
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
        const { findings, summary, problems, scanStatus, resumedInterrupted } = await analyze(driver, {
          database: config.neo4j.database,
          logger,
          ...config.analysis,
        });
        for (const line of problemLines(problems)) out(line);
        out(`${summaryLine(findings)}.`);
        out(historyLine(summary));
        out('List them with: toxgraph findings');
        if (resumedInterrupted) {
          out(`The previous analysis of scan ${summary.scanId} was interrupted; this one completed it.`);
        }
        if (scanStatus === 'loading') {
          out(
            `Scan ${summary.scanId} never finished loading (interrupted): load its snapshot again to complete it.`,
          );
        }
        if (problems.length > 0 || scanStatus === 'loading') process.exitCode = 1;
      });
    });
}

/**
 * Runs `work` with a driver on the configured graph. A graph that does not answer, refuses the credentials
 * or lacks the database is a one-line error before any work; a connection lost during the work stops it.
 */
export async function withGraph<T>(
  settings: Neo4jSettings,
  work: (driver: Driver) => Promise<T>,
): Promise<T> {
  checkBoltUri(settings.uri);
  const driver = createDriver(settings, { connectionTimeoutMs: 5_000 });
  try {
    try {
      await checkGraph(driver, settings.database);
    } catch (error) {
      throw explainGraphError(error, settings);
    }
    try {
      return await work(driver);
    } catch (error) {
      if (error instanceof GraphConnectionLost) throw explainGraphError(error.cause, settings, error.during);
      throw explainGraphError(error, settings, 'during the run');
    }
  } finally {
    await driver.close();
  }
}
