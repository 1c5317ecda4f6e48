import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { errorMessage, ToxgraphError } from '../errors.js';
import { DISPLAY_MAX_LENGTH, displayText } from '../findings/display-text.js';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerBrowserCommand } from './commands/browser.js';
import { registerCollectCommand } from './commands/collect.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerFindingsCommand } from './commands/findings.js';
import { registerLeastPrivilegeCommand } from './commands/least-privilege.js';
import { registerLoadCommand } from './commands/load.js';
import { registerNeo4jCommand } from './commands/neo4j.js';
import { registerRemediateCommand } from './commands/remediate.js';
import { registerReportCommand } from './commands/report.js';
import { registerScanCommand } from './commands/scan.js';
import { registerServeCommand } from './commands/serve.js';
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
    .option('--debug', 'print the stack trace of an error (with its causes) after its one-line message')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerNeo4jCommand(program, getContext);
  registerLoadCommand(program, getContext);
  registerAnalyzeCommand(program, getContext);
  registerFindingsCommand(program, getContext);
  registerReportCommand(program, getContext);
  registerCollectCommand(program, getContext);
  registerScanCommand(program, getContext);
  registerDemoCommand(program, getContext);
  registerServeCommand(program, getContext);
  registerBrowserCommand(program, getContext);
  registerBaselineCommand(program, getContext);
  registerRemediateCommand(program, getContext);
  registerLeastPrivilegeCommand(program, getContext);
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
    const debug = program.opts().debug === true || argv.includes('--debug');
    const known = error instanceof ToxgraphError;
    const message = known ? error.message : `unexpected error: ${errorMessage(error)}`;
    process.stderr.write(`toxgraph: ${displayLines(message)}\n`);
    if (debug) process.stderr.write(`${stackTrace(error)}\n`);
    else if (!known) process.stderr.write('toxgraph: run again with --debug for the stack trace\n');
    return known ? error.exitCode : 1;
  }
}

/** Error messages quote AWS names and files: shown line by line through the neutraliser. */
function displayLines(message: string): string {
  return message
    .split('\n')
    .map((line) => displayText(line, DISPLAY_MAX_LENGTH * 8))
    .join('\n');
}

function stackTrace(error: unknown): string {
  const lines: string[] = [];
  for (let current = error; current !== undefined; current = (current as { cause?: unknown }).cause) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    if (!(current instanceof Error)) break;
  }
  return lines.join('\ncaused by: ');
}
