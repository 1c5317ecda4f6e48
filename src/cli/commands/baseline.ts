import type { Command } from 'commander';
import { readBaseline, setBaseline } from '../../findings/baseline.js';
import type { CommandContext } from '../context.js';
import { withGraph } from './analyze.js';

export function registerBaselineCommand(program: Command, context: () => CommandContext): void {
  const baseline = program
    .command('baseline')
    .description(
      'the scan that new-access findings compare with: a role or function whose access grew since it gets a ' +
        'new-access finding at the next analysis (docs/usage.md)',
    );
  baseline
    .command('set [scanId]')
    .description('mark a scan as the baseline (default: the latest complete scan)')
    .action(async (scanId: string | undefined) => {
      const { config, out } = context();
      await withGraph(config.neo4j, async (driver) => {
        const set = await setBaseline({ driver, database: config.neo4j.database }, scanId, new Date());
        out(`Baseline: scan ${set.scanId} (${set.status}, started ${set.startedAt}).`);
        out('Later scans (and toxgraph analyze) report what grew since it as new-access findings.');
      });
    });
  baseline
    .command('show')
    .description('print the baseline scan')
    .action(async () => {
      const { config, out } = context();
      await withGraph(config.neo4j, async (driver) => {
        const current = await readBaseline({ driver, database: config.neo4j.database });
        out(
          current
            ? `Baseline: scan ${current.scanId} (${current.status}, started ${current.startedAt}), set ${current.setAt}.`
            : 'No baseline: set one with toxgraph baseline set [SCAN_ID].',
        );
      });
    });
}
