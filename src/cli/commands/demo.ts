import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT } from '../../config.js';
import { buildDemoEstate } from '../../demo/estate.js';
import { ToxgraphError } from '../../errors.js';
import type { Finding } from '../../findings/finding.js';
import { findingsTable, pathText } from '../../findings/table.js';
import { boltAnswers } from '../../graph/driver.js';
import { browserUrl, startLocalServer } from '../../graph/local-server.js';
import { writeSnapshot } from '../../snapshot/write.js';
import type { CommandContext } from '../context.js';
import { loadAndAnalyze } from '../pipeline.js';
import { withGraph } from './analyze.js';

const LOCAL_URI = `bolt://127.0.0.1:${DEFAULT_BOLT_PORT}`;

export function registerDemoCommand(program: Command, context: () => CommandContext): void {
  program
    .command('demo')
    .description(
      'the bundled demo estate end to end: start a local Neo4j if none answers, load a two-account ' +
        'organization (about 25 functions, every entry kind), analyze it and print the findings',
    )
    .action(async () => {
      const { config, logger, out } = context();
      await ensureGraph(config.neo4j.uri, config.home, out);

      const snapshotDir = path.join(config.home, 'demo', 'snapshot');
      const estate = buildDemoEstate();
      await rm(snapshotDir, { recursive: true, force: true });
      await writeSnapshot(snapshotDir, estate.manifest, estate.units as never);
      out(`Demo estate written to ${snapshotDir} (accounts ${estate.manifest.accounts.join(', ')}).`);

      await withGraph(config.neo4j, async (driver) => {
        const { load, findings } = await loadAndAnalyze(
          driver,
          config.neo4j.database,
          snapshotDir,
          logger,
          config.analysis,
        );
        out(
          `Loaded ${load.loaded.length} units in ${(load.durationMs / 1000).toFixed(1)} s and analyzed them.`,
        );
        out('');
        out(findingsTable(findings));
        out(attackPaths(findings));
      });
      out('Next: `toxgraph findings --format json` for the full findings with evidence;');
      out(`explore the graph in Neo4j Browser (${browserUrl(DEFAULT_HTTP_PORT)} for the local server).`);
    });
}

/** The demo is meant to run with nothing prepared: the local server is started when no graph answers. */
async function ensureGraph(uri: string, home: string, out: (text: string) => void): Promise<void> {
  if (await boltAnswers({ uri, username: undefined, password: undefined, database: 'neo4j' })) return;
  if (uri !== LOCAL_URI) {
    throw new ToxgraphError(
      `NEO4J_URI=${uri} does not answer; start that server, or unset NEO4J_URI to use a local one`,
    );
  }
  out('No Neo4j answers; starting the local server (the first start fetches its jars from Maven Central)...');
  const outcome = await startLocalServer(
    { home, boltPort: DEFAULT_BOLT_PORT, httpPort: DEFAULT_HTTP_PORT },
    uri,
  );
  if (outcome.kind !== 'external') out(`Neo4j ${outcome.kind} on ${LOCAL_URI}.`);
}

/** The path of each critical finding, hop by hop, as a reviewer would read it. */
export function attackPaths(findings: readonly Finding[]): string {
  const critical = findings.filter((finding) => finding.severity === 'critical' && finding.path.length > 0);
  if (critical.length === 0) return 'No critical attack paths.';
  const lines = ['Critical attack paths:'];
  for (const finding of critical) {
    lines.push(`  ${finding.title}`);
    lines.push(`    ${pathText(finding)}`);
  }
  return `${lines.join('\n')}\n`;
}
