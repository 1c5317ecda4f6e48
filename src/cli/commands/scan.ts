import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { findingsTable } from '../../findings/table.js';
import type { CommandContext } from '../context.js';
import { historyLine, loadAndAnalyze, pipelineExitCode, problemLines } from '../pipeline.js';
import { withGraph } from './analyze.js';
import { addScopeOptions, runCollection, type ScopeFlags } from './collect.js';
import { formatSummary } from './load.js';

interface ScanFlags extends ScopeFlags {
  snapshotOut?: string;
}

export function registerScanCommand(program: Command, context: () => CommandContext): void {
  const command = program
    .command('scan')
    .description(
      'collect, load and analyze in one go: read AWS, write the graph, compute exposure and privileges, ' +
        'and print the findings',
    )
    .option(
      '--snapshot-out <dir>',
      'also keep the snapshot in this directory (default: a temporary one, removed)',
    );
  addScopeOptions(command).action(async (flags: ScanFlags) => {
    const ctx = context();
    const { config, logger, out } = ctx;
    // Fail before reading AWS when the graph is not there.
    await withGraph(config.neo4j, async () => undefined);
    const dir = flags.snapshotOut ?? (await mkdtemp(path.join(os.tmpdir(), 'toxgraph-scan-')));
    try {
      const manifest = await runCollection(dir, flags, ctx, program.version() ?? '0.0.0');
      await withGraph(config.neo4j, async (driver) => {
        const result = await loadAndAnalyze(driver, config.neo4j.database, dir, logger, config.analysis);
        out(formatSummary(result.load));
        for (const line of problemLines(result.problems)) out(line);
        out('');
        out(findingsTable(result.findings));
        out(historyLine(result.history));
        const code = pipelineExitCode(result);
        process.exitCode = code > 0 ? code : flags.strict && manifest.gaps.length > 0 ? 1 : 0;
      });
    } finally {
      if (!flags.snapshotOut) await rm(dir, { recursive: true, force: true });
    }
  });
}
