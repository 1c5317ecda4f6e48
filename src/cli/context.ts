import { type Config, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../log.js';

/** What every command gets: configuration from the environment, a logger on stderr, and stdout. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  out: (text: string) => void;
}

export function createContext(env: NodeJS.ProcessEnv = process.env): CommandContext {
  const config = loadConfig(env);
  return {
    config,
    logger: createLogger(config.logLevel),
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
