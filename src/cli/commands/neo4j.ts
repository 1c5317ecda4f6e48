import type { Command } from 'commander';
import { DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT } from '../../config.js';
import {
  boltUri,
  browserUrl,
  localServerStatus,
  startLocalServer,
  stopLocalServer,
} from '../../graph/local-server.js';
import type { CommandContext } from '../context.js';
import { parsePort } from '../options.js';

interface PortOptions {
  boltPort?: number;
  httpPort?: number;
}

export function registerNeo4jCommand(program: Command, context: () => CommandContext): void {
  const neo4j = program
    .command('neo4j')
    .description(
      'a local Neo4j 5 Community server for development, tests and the demo (data under $TOXGRAPH_HOME)',
    );

  neo4j
    .command('start')
    .description('start the local server and wait until Bolt answers; a no-op when NEO4J_URI already answers')
    .option('--bolt-port <port>', 'Bolt port on 127.0.0.1', parsePort)
    .option('--http-port <port>', 'HTTP port on 127.0.0.1 (Neo4j Browser at /browser/)', parsePort)
    .action(async (options: PortOptions) => {
      const { config, out, logger } = context();
      const boltPort = options.boltPort ?? DEFAULT_BOLT_PORT;
      const httpPort = options.httpPort ?? DEFAULT_HTTP_PORT;
      // Without an explicit port, whatever NEO4J_URI names counts as "a server already up"; with one, that
      // port. Either way with the configured credentials, so an authenticated server is recognised.
      const existing =
        options.boltPort === undefined ? config.neo4j : { ...config.neo4j, uri: boltUri(boltPort) };
      logger.info({ boltPort, httpPort, home: config.home }, 'starting local Neo4j');
      const outcome = await startLocalServer({ home: config.home, boltPort, httpPort }, existing);
      if (outcome.kind === 'external') {
        out(`Neo4j already answers at ${outcome.uri}; nothing to start.`);
        return;
      }
      const verb = outcome.kind === 'started' ? 'started' : 'already running';
      out(`Neo4j ${verb} (pid ${outcome.state.pid}).`);
      out(`Bolt:    bolt://127.0.0.1:${outcome.state.boltPort}`);
      out(
        `Browser: ${browserUrl(outcome.state.httpPort)}  (connect URL bolt://127.0.0.1:${outcome.state.boltPort}, no authentication)`,
      );
    });

  neo4j
    .command('stop')
    .description('stop the local server of this $TOXGRAPH_HOME (graceful shutdown)')
    .action(async () => {
      const { config, out } = context();
      const stopped = await stopLocalServer(config.home);
      out(
        stopped ? `Neo4j stopped (pid ${stopped.pid}).` : 'No local Neo4j is running for this TOXGRAPH_HOME.',
      );
    });

  neo4j
    .command('status')
    .description('whether the local server of this $TOXGRAPH_HOME runs, and where')
    .action(async () => {
      const { config, out } = context();
      const status = await localServerStatus(config.home);
      if (!status.running || !status.state) {
        out(`No local Neo4j is running for TOXGRAPH_HOME=${config.home}.`);
        process.exitCode = 1;
        return;
      }
      out(`Neo4j running (pid ${status.state.pid}, since ${status.state.startedAt}).`);
      out(`Bolt:    ${status.boltUri}`);
      out(`Browser: ${status.browserUrl}`);
    });
}
