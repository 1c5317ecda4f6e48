import type { Command } from 'commander';
import { collect } from '../../aws/collect.js';
import { describeCounts, logProgress, terminalProgress } from '../../aws/progress.js';
import { parseAccounts, parseRegions } from '../../aws/scope.js';
import { DISPLAY_MAX_LENGTH, displayText } from '../../findings/display-text.js';
import type { Manifest } from '../../snapshot/format.js';
import type { CommandContext } from '../context.js';

interface CollectFlags {
  out: string;
  regions?: string;
  accounts?: string;
  org?: boolean;
  assumeRole?: string;
  strict?: boolean;
  usage?: boolean;
}

export function registerCollectCommand(program: Command, context: () => CommandContext): void {
  const command = program
    .command('collect')
    .description(
      'read AWS (read-only) and write a snapshot: the raw API responses, one file per account/region/service, ' +
        'plus a manifest. Environment variable values never leave the collector.',
    )
    .requiredOption(
      '--out <dir>',
      'directory of the snapshot (created; a previous snapshot there is replaced)',
    );
  addScopeOptions(command).action(async (flags: CollectFlags) => {
    const { out } = context();
    const manifest = await runCollection(flags.out, flags, context(), program.version() ?? '0.0.0');
    if (flags.strict && manifest.gaps.length > 0) {
      out(`--strict: ${manifest.gaps.length} unit(s) could not be collected; exiting 1.`);
      process.exitCode = 1;
    }
  });
}

export type ScopeFlags = Omit<CollectFlags, 'out'>;

/** The flags that choose what to read, shared by `collect` and `scan`. */
export function addScopeOptions(command: Command): Command {
  return addScopeSelection(command)
    .option('--strict', 'exit 1 when any unit could not be collected (a gap)')
    .option(
      '--usage',
      'also read IAM Access Advisor (last-accessed services and actions) for execution roles: slower, and ' +
        'needs the UsageData statement of the collector policy (docs/usage.md)',
    )
    .addHelpText(
      'after',
      '\nCredentials come from the AWS SDK chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...); AWS_ENDPOINT_URL is honoured.\n' +
        'The least-privilege policy the collector needs is docs/iam/collector-policy.json.',
    );
}

/** Which accounts and regions a scan reads (also `serve`'s scheduled scans). */
export function addScopeSelection(command: Command): Command {
  return command
    .option(
      '--regions <list>',
      'comma-separated regions, or "all" for every enabled region (default: the configured region)',
    )
    .option(
      '--accounts <list>',
      "comma-separated account ids; accounts other than the caller's need --assume-role",
    )
    .option(
      '--org',
      'every active account of the organization (run from the management or a delegated admin account)',
    )
    .option(
      '--assume-role <name>',
      "role name (optionally with path) assumed in each account other than the caller's",
    );
}

/** Collects into `dir` with progress on stderr, prints the summary, and returns the manifest. */
export async function runCollection(
  dir: string,
  flags: ScopeFlags,
  { logger, out }: CommandContext,
  version: string,
): Promise<Manifest> {
  const accounts = parseAccounts(flags);
  const regions = parseRegions(flags.regions);
  const progress = process.stderr.isTTY ? terminalProgress(process.stderr) : logProgress(logger);
  const { manifest, totalCalls } = await collect({
    out: dir,
    accounts,
    regions,
    assumeRole: flags.assumeRole,
    usage: flags.usage === true,
    version,
    logger,
    progress,
  });
  out(summary(dir, manifest, totalCalls));
  return manifest;
}

function summary(dir: string, manifest: Manifest, totalCalls: number): string {
  const ok = manifest.units.filter((unit) => unit.status === 'ok');
  const totals: Record<string, number> = {};
  for (const unit of ok) {
    for (const [kind, count] of Object.entries(unit.counts ?? {})) totals[kind] = (totals[kind] ?? 0) + count;
  }
  const lines = [
    `Snapshot written to ${dir} (scan ${manifest.scanId}).`,
    `Caller: ${manifest.callerIdentity.Arn ?? 'unknown'}`,
    `Accounts: ${manifest.accounts.join(', ')}   Regions: ${manifest.regions.join(', ') || 'none'}`,
    `Units: ${ok.length} collected, ${manifest.units.length - ok.length} failed   AWS calls: ${totalCalls}`,
  ];
  if (Object.keys(totals).length > 0) lines.push(`Resources: ${describeCounts(totals)}`);
  if (manifest.gaps.length === 0) {
    lines.push('Gaps: none');
  } else {
    lines.push(
      `Gaps (${manifest.gaps.length}): these units were not collected; a load keeps their previous data.`,
    );
    for (const gap of manifest.gaps) {
      lines.push(`  ${gap.accountId} ${gap.region} ${gap.service} ${gap.api}: ${gap.error}`);
    }
  }
  // AWS error messages quote resource names: untrusted (docs/output.md).
  return lines.map((line) => displayText(line, DISPLAY_MAX_LENGTH * 4)).join('\n');
}
