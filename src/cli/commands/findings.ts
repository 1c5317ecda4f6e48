import type { Command } from 'commander';
import { FAIL_ON_EXIT_CODE, isAtOrAbove, SEVERITIES, type Severity } from '../../findings/finding.js';
import { readFindings } from '../../findings/history.js';
import { findingsTable } from '../../findings/table.js';
import type { CommandContext } from '../context.js';
import { addFailOnOption, oneOf } from '../options.js';
import { withGraph } from './analyze.js';

const FORMATS = ['table', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface FindingsFlags {
  format: Format;
  minSeverity?: Severity;
  includeResolved?: boolean;
  failOn?: Severity;
}

export function registerFindingsCommand(program: Command, context: () => CommandContext): void {
  addFailOnOption(program.command('findings'))
    .description('the current findings of the last analysis, most severe first')
    .option('--format <format>', `output format: ${FORMATS.join(' or ')}`, oneOf(FORMATS), 'table')
    .option(
      '--min-severity <severity>',
      `only findings at least this severe: ${SEVERITIES.join(', ')}`,
      oneOf(SEVERITIES),
    )
    .option('--include-resolved', 'also list findings the last analysis no longer produced')
    .addHelpText('after', '\nJSON output is an array of Finding objects (docs/output.md, "Finding (JSON)").')
    .action(async (flags: FindingsFlags) => {
      const { config, out } = context();
      await withGraph(config.neo4j, async (driver) => {
        const findings = await readFindings(driver, {
          database: config.neo4j.database,
          minSeverity: flags.minSeverity,
          includeResolved: flags.includeResolved,
        });
        out(flags.format === 'json' ? JSON.stringify(findings, null, 2) : findingsTable(findings));
        const threshold = flags.failOn;
        if (
          threshold &&
          findings.some((f) => f.status !== 'resolved' && isAtOrAbove(f.severity, threshold))
        ) {
          process.exitCode = FAIL_ON_EXIT_CODE;
        }
      });
    });
}
