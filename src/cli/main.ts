import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ToxgraphError } from '../errors.js';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerBrowserCommand } from './commands/browser.js';
import { registerCollectCommand } from './commands/collect.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerFindingsCommand } from './commands/findings.js';
import { registerLoadCommand } from './commands/load.js';
import { registerNeo4jCommand } from './commands/neo4j.js';
import { registerScanCommand } from './commands/scan.js';
import { type CommandContext, createContext } from './context.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export function buildProgram(): Command {
  let context: CommandContext | undefined;
  // Built on first use so that `--help` works even with a bad environment.
  const getContext = () => {
    context ??= createContext();
    return context;
  };
  const program = new Command('toxgraph')
    .description(
      'Maps an AWS serverless estate into Neo4j and finds the toxic combinations: Lambda functions ' +
        'reachable from the internet without real authentication, running as roles that are admin, can ' +
        'escalate privileges or reach sensitive data.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerNeo4jCommand(program, getContext);
  registerLoadCommand(program, getContext);
  registerAnalyzeCommand(program, getContext);
  registerFindingsCommand(program, getContext);
  registerCollectCommand(program, getContext);
  registerScanCommand(program, getContext);
  registerDemoCommand(program, getContext);
  registerBrowserCommand(program, getContext);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the exit code of the contract: 0 ok, 1 error, 2 bad usage or input, 3 findings. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof ToxgraphError) {
      process.stderr.write(`toxgraph: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `toxgraph: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
