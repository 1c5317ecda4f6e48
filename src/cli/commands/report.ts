import path from 'node:path';
import type { Command } from 'commander';
import { FAIL_ON_EXIT_CODE, type Severity } from '../../findings/finding.js';
import { createReport, REPORT_FORMATS, type ReportFormat } from '../../report/index.js';
import { failsOn, total } from '../../report/model.js';
import type { CommandContext } from '../context.js';
import { addFailOnOption, oneOf } from '../options.js';
import { withGraph } from './analyze.js';

interface ReportFlags {
  format: ReportFormat;
  out: string;
  since?: string;
  failOn?: Severity;
}

export function registerReportCommand(program: Command, context: () => CommandContext): void {
  addFailOnOption(program.command('report'))
    .description(
      'the toxic-combination report of the latest analyzed scan: summary, new / persisting / resolved ' +
        'findings since the previous scan, top attack paths, remediation, and what the scan could not see',
    )
    .requiredOption('--format <format>', `one of ${REPORT_FORMATS.join(', ')}`, oneOf(REPORT_FORMATS))
    .requiredOption('--out <path>', 'the file to write (replaced whole once the report is complete)')
    .option('--since <scanId>', 'compare with this scan instead of the previous analyzed one')
    .addHelpText('after', '\nFormats and field mappings: docs/report.md.')
    .action(async (flags: ReportFlags) => {
      const { config, out } = context();
      await withGraph(config.neo4j, async (driver) => {
        const report = await createReport(
          { driver, database: config.neo4j.database },
          {
            format: flags.format,
            file: path.resolve(flags.out),
            since: flags.since,
            now: new Date(),
            toolVersion: program.version() ?? '0.0.0',
          },
        );
        const { changes, scan } = report;
        out(
          `Report of scan ${scan.id} (${scan.status}${scan.gaps.length > 0 ? `, ${scan.gaps.length} gap(s)` : ''}) ` +
            `written to ${flags.out}: ${total(report.bySeverity)} open finding(s); ` +
            `${total(changes.new)} new, ${total(changes.persisting)} persisting, ${total(changes.resolved)} resolved` +
            `${report.baseScan ? ` since scan ${report.baseScan.id}` : ''}.`,
        );
        if (flags.failOn && failsOn(report.bySeverity, flags.failOn)) process.exitCode = FAIL_ON_EXIT_CODE;
      });
    });
}
