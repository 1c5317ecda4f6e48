import { type Config, loadConfig } from '../config.js';
import { boltUri, runningLocalServer } from '../graph/local-server.js';
import { createLogger, type Logger } from '../log.js';

/** What every command gets: configuration from the environment, a logger on stderr, and stdout. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  out: (text: string) => void;
}

export function createContext(env: NodeJS.ProcessEnv = process.env): CommandContext {
  const config = loadConfig(env);
  // Without NEO4J_URI, the local server of this home is the graph, on the ports `neo4j start` was given.
  const local = config.neo4jUriSet ? undefined : runningLocalServer(config.home);
  if (local) config.neo4j.uri = boltUri(local.boltPort);
  return {
    config,
    logger: createLogger(config.logLevel),
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
