import type { Command } from 'commander';
import { DISPLAY_MAX_LENGTH, displayText } from '../../findings/display-text.js';
import { summaryLine } from '../../findings/table.js';
import type { LoadSummary } from '../../graph/load-snapshot.js';
import { readManifest } from '../../snapshot/read.js';
import type { CommandContext } from '../context.js';
import { historyLine, loadAndAnalyze, pipelineExitCode, problemLines } from '../pipeline.js';
import { withGraph } from './analyze.js';

export function registerLoadCommand(program: Command, context: () => CommandContext): void {
  program
    .command('load')
    .description(
      'validate a snapshot directory (written by `collect`) and load it into Neo4j: every valid unit is ' +
        'written and its stale data removed; a rejected or failed unit keeps its previous data. Then analyze.',
    )
    .argument('<dir>', 'the snapshot directory (with manifest.json)')
    .option(
      '--allow-older',
      'load even when a unit was collected before what the graph holds for it (rolls that unit back)',
    )
    .action(async (dir: string, flags: { allowOlder?: boolean }) => {
      const { config, logger, out } = context();
      // An unusable snapshot is bad input (exit 2) whether or not the graph answers: check it first.
      await readManifest(dir);
      const result = await withGraph(config.neo4j, (driver) =>
        loadAndAnalyze(driver, config.neo4j.database, dir, logger, config.analysis, {
          allowOlder: flags.allowOlder === true,
        }),
      );
      out(formatSummary(result.load));
      for (const line of problemLines(result.problems)) out(line);
      out(`${summaryLine(result.findings)}. ${historyLine(result.history)}`);
      out('List them with: toxgraph findings');
      // A corrupt or truncated file is bad input: the rest is loaded, and the exit code says so.
      process.exitCode = pipelineExitCode(result);
    });
}

export function formatSummary(summary: LoadSummary): string {
  const lines = [
    `Scan ${summary.scanId}: ${summary.status}; ${summary.loaded.length} units loaded in ${(summary.durationMs / 1000).toFixed(1)} s.`,
  ];
  const table = (title: string, counts: Record<string, number>) => {
    const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) return;
    lines.push(title);
    const width = Math.max(...entries.map(([name]) => name.length));
    for (const [name, count] of entries) lines.push(`  ${name.padEnd(width)}  ${count}`);
  };
  table('Nodes written:', summary.written.nodes);
  table('Relationships written:', summary.written.relationships);
  table('Stale nodes removed:', summary.deleted.nodes);
  table('Stale relationships removed:', summary.deleted.relationships);
  if (summary.orphansDeleted > 0) lines.push(`Unreferenced stub nodes removed: ${summary.orphansDeleted}`);
  for (const problem of summary.rejected) lines.push(`Rejected: ${problem.error} (previous data kept)`);
  for (const problem of summary.failed) {
    lines.push(`Failed: ${problem.file} (${problem.error}); previous data kept`);
  }
  for (const gap of summary.gaps) {
    lines.push(`Gap: ${gap.accountId} ${gap.region} ${gap.service} ${gap.api}: ${gap.error}`);
  }
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  if (summary.loaded.length === 0) {
    lines.push(
      'Nothing was loaded: every unit failed or was rejected. The graph keeps its previous data and no finding was re-verified.',
    );
  } else if (summary.status === 'partial') {
    lines.push(
      'This scan is partial: resources of the units not loaded keep their previous data, and their findings are not re-verified.',
    );
  }
  // Files, AWS error messages and warnings quote names from the snapshot: untrusted (docs/output.md).
  return lines.map((line) => displayText(line, DISPLAY_MAX_LENGTH * 4)).join('\n');
}
