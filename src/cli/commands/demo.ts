import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Driver } from 'neo4j-driver';
import { type Config, DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT, type Neo4jSettings } from '../../config.js';
import { buildDemoEstate } from '../../demo/estate.js';
import { InputError } from '../../errors.js';
import { displayText } from '../../findings/display-text.js';
import { compareFindings, type Finding } from '../../findings/finding.js';
import { findingsTable, pathText } from '../../findings/table.js';
import { probeBolt } from '../../graph/driver.js';
import { explainGraphError } from '../../graph/graph-errors.js';
import { boltUri, browserUrl, runningLocalServer, startLocalServer } from '../../graph/local-server.js';
import { DEFAULT_UNUSED_DAYS } from '../../iam/usage.js';
import { readRemediationFacts } from '../../remediation/facts.js';
import { generateLeastPrivilege } from '../../remediation/least-privilege-facts.js';
import { planRemediation } from '../../remediation/plan.js';
import { criticalBriefText } from '../../remediation/text.js';
import { writeSnapshot } from '../../snapshot/write.js';
import type { CommandContext } from '../context.js';
import { parsePort } from '../options.js';
import { loadAndAnalyze } from '../pipeline.js';
import { withGraph } from './analyze.js';

/** The detection whose evidence lists a role's unused services and actions (cypher/detections/). */
const UNUSED_PERMISSIONS = 'unused-permissions';

interface DemoFlags {
  boltPort?: number;
  httpPort?: number;
}

export function registerDemoCommand(program: Command, context: () => CommandContext): void {
  program
    .command('demo')
    .description(
      'the bundled demo estate end to end: start a local Neo4j if none answers, load a two-account ' +
        'organization (40 functions, every entry kind), analyze it and print the findings',
    )
    .option('--bolt-port <port>', 'Bolt port of the local server (when NEO4J_URI is unset)', parsePort)
    .option('--http-port <port>', 'HTTP port of the local server, for Neo4j Browser', parsePort)
    .action(async (flags: DemoFlags) => {
      const { config, logger, out } = context();
      const graph = await ensureGraph(config, flags, out);

      const snapshotDir = path.join(config.home, 'demo', 'snapshot');
      const estate = buildDemoEstate();
      await rm(snapshotDir, { recursive: true, force: true });
      await writeSnapshot(snapshotDir, estate.manifest, estate.units as never);
      out(
        `Demo estate written to ${displayText(snapshotDir)} (accounts ${estate.manifest.accounts.join(', ')}).`,
      );

      await withGraph(graph.settings, async (driver) => {
        const { load, findings } = await loadAndAnalyze(
          driver,
          graph.settings.database,
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
        out(await firstCriticalBrief(driver, graph.settings.database, findings, config));
      });
      out('Next: `toxgraph findings --format json` for the full findings with evidence;');
      out(
        graph.browser === undefined
          ? `explore the graph in the Neo4j Browser of the server at ${graph.settings.uri}.`
          : `explore the graph in Neo4j Browser: ${graph.browser} (connect URL ${graph.settings.uri}, no authentication).`,
      );
    });
}

/**
 * The demo is meant to run with nothing prepared: the local server of $TOXGRAPH_HOME (on the flags' ports)
 * is started when no graph answers. NEO4J_URI, when set, is used as it is.
 */
async function ensureGraph(
  config: Config,
  flags: DemoFlags,
  out: (text: string) => void,
): Promise<{ settings: Neo4jSettings; browser: string | undefined }> {
  if (config.neo4jUriSet) {
    if (flags.boltPort !== undefined || flags.httpPort !== undefined) {
      throw new InputError(
        '--bolt-port and --http-port choose the local server; unset NEO4J_URI to use them',
      );
    }
    return { settings: config.neo4j, browser: undefined };
  }
  const running = runningLocalServer(config.home);
  const boltPort = flags.boltPort ?? running?.boltPort ?? DEFAULT_BOLT_PORT;
  const httpPort = flags.httpPort ?? running?.httpPort ?? DEFAULT_HTTP_PORT;
  const settings = { ...config.neo4j, uri: boltUri(boltPort) };
  const probe = await probeBolt(settings);
  if (probe.kind === 'refused') throw explainGraphError(probe.error, settings);
  if (probe.kind === 'answers') {
    // Someone else's server on that port: its Browser address is not ours to guess.
    return { settings, browser: running?.boltPort === boltPort ? browserUrl(running.httpPort) : undefined };
  }
  out('No Neo4j answers; starting the local server (the first start fetches its jars from Maven Central)...');
  const outcome = await startLocalServer({ home: config.home, boltPort, httpPort }, settings);
  if (outcome.kind === 'external') return { settings, browser: undefined };
  out(`Neo4j ${outcome.kind} on ${settings.uri}.`);
  return { settings, browser: browserUrl(outcome.state.httpPort) };
}

/**
 * Least privilege on the demo (docs/least-privilege.md): for the first critical finding (in the table's
 * order) whose role carries usage data, what it never used and how to break its path. A few reads of what
 * the analysis just wrote: no rescan.
 */
async function firstCriticalBrief(
  driver: Driver,
  database: string,
  findings: readonly Finding[],
  config: Config,
): Promise<string> {
  const finding = [...findings]
    .sort(compareFindings)
    .find((candidate) => candidate.severity === 'critical' && candidate.usage !== undefined);
  if (!finding?.role) return 'No critical finding carries usage data (scan with --usage).\n';
  const facts = await readRemediationFacts(driver, database, finding);
  const generated = await generateLeastPrivilege(driver, database, {
    roleArn: finding.role.arn,
    unusedDays: config.analysis.unusedDays ?? DEFAULT_UNUSED_DAYS,
    toxicTier: finding.privilege,
  });
  if (!generated) return '';
  const unusedGrants = findings
    .filter((f) => f.detection === UNUSED_PERMISSIONS && f.role?.arn === finding.role?.arn)
    .flatMap((f) => f.evidence.map((evidence) => evidence.text));
  return criticalBriefText({
    finding,
    unusedGrants,
    plan: planRemediation(facts),
    leastPrivilege: generated.result,
  });
}

/** The path of each critical finding, hop by hop, as a reviewer would read it. */
export function attackPaths(findings: readonly Finding[]): string {
  const critical = findings.filter((finding) => finding.severity === 'critical' && finding.path.length > 0);
  if (critical.length === 0) return 'No critical attack paths.';
  const lines = ['Critical attack paths:'];
  for (const finding of critical) {
    lines.push(`  ${displayText(finding.title)}`);
    lines.push(`    ${pathText(finding)}`);
  }
  return `${lines.join('\n')}\n`;
}
