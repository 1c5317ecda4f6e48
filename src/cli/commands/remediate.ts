import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import type { Driver } from 'neo4j-driver';
import { CallRecorder } from '../../aws/calls.js';
import { clientFactory } from '../../aws/clients.js';
import { describeAwsError } from '../../aws/errors.js';
import { InputError, ToxgraphError } from '../../errors.js';
import type { Finding } from '../../findings/finding.js';
import { readFinding } from '../../findings/query.js';
import { type AwsSide, applyChange, checkChange, undoChange } from '../../remediation/aws-changes.js';
import type { Change } from '../../remediation/change.js';
import { readRemediationFacts } from '../../remediation/facts.js';
import { permissionFields } from '../../remediation/permission.js';
import { planRemediation, type RemediationPlan } from '../../remediation/plan.js';
import {
  newRemediationId,
  type RemediationRecord,
  readRemediation,
  updateRemediation,
  writeRemediation,
} from '../../remediation/record.js';
import { planText } from '../../remediation/text.js';
import type { CommandContext } from '../context.js';
import { oneOf } from '../options.js';
import { loadAndAnalyze } from '../pipeline.js';
import { withGraph } from './analyze.js';
import { runCollection } from './collect.js';

interface RemediateFlags {
  plan?: boolean;
  apply?: boolean;
  option?: string;
  yes?: boolean;
  undo?: string;
  format: 'text' | 'json';
}

export function registerRemediateCommand(program: Command, context: () => CommandContext): void {
  program
    .command('remediate')
    .argument('[finding-id]', 'the finding to fix (toxgraph findings --format json lists the ids)')
    .description(
      "the smallest changes that break a toxic finding's path, ranked by what else they break; --plan (the default) changes nothing, --apply performs one through the AWS SDK, records it and rescans, --undo restores what it replaced",
    )
    .option('--plan', 'print the options (the default); changes nothing')
    .option(
      '--apply',
      'perform an option through the AWS SDK (docs/iam/remediation-policy.json), then rescan',
    )
    .option('--option <n>', 'which option --apply performs (default: 1, the least collateral)')
    .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .option('--undo <remediation-id>', 'restore the state a remediation replaced, then rescan')
    .option('--format <format>', 'plan output: text or json', oneOf(['text', 'json'] as const), 'text')
    .addHelpText('after', '\nWhat each option changes and how it is undone: docs/remediation.md.')
    .action(async (findingId: string | undefined, flags: RemediateFlags) => {
      const ctx = context();
      const version = program.version() ?? '0.0.0';
      if (flags.undo !== undefined) {
        if (findingId !== undefined || flags.apply || flags.plan)
          throw new InputError(
            '--undo takes a remediation id alone: toxgraph remediate --undo REMEDIATION_ID',
          );
        return undo(flags.undo, flags, ctx, version);
      }
      if (findingId === undefined)
        throw new InputError('remediate: expected a finding id (or --undo REMEDIATION_ID)');
      if (flags.apply && flags.plan) throw new InputError('--plan and --apply exclude each other');
      if (flags.option !== undefined && !flags.apply) throw new InputError('--option goes with --apply');
      await withGraph(ctx.config.neo4j, async (driver) => {
        const { finding, plan } = await planFor(driver, ctx, findingId);
        if (!flags.apply) {
          ctx.out(flags.format === 'json' ? JSON.stringify(plan, null, 2) : planText(finding, plan));
          return;
        }
        await apply(driver, finding, plan, flags, ctx, version);
      });
    });
}

async function planFor(driver: Driver, ctx: CommandContext, findingId: string) {
  const database = ctx.config.neo4j.database;
  const finding = await readFinding(driver, database, findingId);
  if (!finding)
    throw new InputError(
      `finding ${findingId} is not in the graph (toxgraph findings lists the current ids)`,
    );
  if (finding.status === 'resolved')
    throw new InputError(
      `finding ${findingId} is resolved (last seen ${finding.lastSeen}): there is nothing to fix`,
    );
  const facts = await readRemediationFacts(driver, database, finding);
  if (!facts.toxic)
    throw new InputError(
      `finding ${findingId} (${finding.detection}) is a hygiene finding: remediate plans toxic combinations only; its remediation text says what to change`,
    );
  return { finding, plan: planRemediation(facts) };
}

async function apply(
  driver: Driver,
  finding: Finding,
  plan: RemediationPlan,
  flags: RemediateFlags,
  ctx: CommandContext,
  version: string,
) {
  const number = flags.option === undefined ? 1 : Number(flags.option);
  const option = plan.options.find((candidate) => candidate.number === number);
  if (!option)
    throw new InputError(
      `--option: finding ${finding.id} has options 1 to ${plan.options.length}, not ${flags.option}`,
    );
  if (!option.automated)
    throw new InputError(
      `option ${number} (${option.kind}) is manual: run the AWS CLI commands that --plan prints`,
    );
  const region = finding.region;
  const accountId = finding.accountId;
  if (!region || !accountId)
    throw new InputError(`finding ${finding.id} names no account and region to change`);
  for (const change of option.changes) {
    const restorable = change.type === 'remove_permission' ? permissionFields(change.statement) : undefined;
    if (typeof restorable === 'string')
      throw new InputError(
        `option ${number} cannot be undone (${restorable}): remove the statement by hand if you must`,
      );
  }
  const aws = await awsSide(region, accountId);
  await confirm(flags, ctx, `Apply option ${number} to account ${accountId} (${region}): ${option.summary}?`);
  await refuseStale(option.changes, aws, region);
  await performAll(option.changes, aws);
  const record: RemediationRecord = {
    id: newRemediationId(),
    findingId: finding.id,
    option: number,
    kind: option.kind,
    summary: option.summary,
    changes: option.changes,
    actor: aws.actor,
    operator: os.userInfo().username,
    accountId,
    region,
    appliedAt: new Date().toISOString(),
    status: 'applied',
    rescanId: null,
    undoneAt: null,
    undoneBy: null,
  };
  const database = ctx.config.neo4j.database;
  await writeRemediation(driver, database, record);
  ctx.out(`Applied option ${number} as remediation ${record.id}; rescanning ${accountId} ${region}.`);
  const rescan = await rescanRegion(driver, region, ctx, version);
  const after = await readFinding(driver, database, finding.id);
  const resolved = after?.status === 'resolved';
  await updateRemediation(driver, database, record.id, {
    status: resolved ? 'verified' : 'not_verified',
    rescanId: rescan,
  });
  if (resolved) {
    ctx.out(
      `Finding ${finding.id} is resolved (scan ${rescan}). Undo with: toxgraph remediate --undo ${record.id}`,
    );
    return;
  }
  process.exitCode = 1;
  ctx.out(
    `Finding ${finding.id} is still ${after?.status ?? 'absent'} after scan ${rescan}: the change did not break the path. Undo with: toxgraph remediate --undo ${record.id}`,
  );
}

async function undo(id: string, flags: RemediateFlags, ctx: CommandContext, version: string) {
  await withGraph(ctx.config.neo4j, async (driver) => {
    const database = ctx.config.neo4j.database;
    const record = await readRemediation(driver, database, id);
    if (!record) throw new InputError(`remediation ${id} is not in the graph`);
    if (record.status === 'undone')
      throw new InputError(`remediation ${id} was already undone at ${record.undoneAt}`);
    const aws = await awsSide(record.region, record.accountId);
    await confirm(
      flags,
      ctx,
      `Undo remediation ${id} in account ${record.accountId} (${record.region}): ${record.summary}?`,
    );
    for (const change of [...record.changes].reverse()) await perform(undoChange, change, aws, 'undo');
    await updateRemediation(driver, database, id, {
      status: 'undone',
      undoneAt: new Date().toISOString(),
      undoneBy: aws.actor,
    });
    ctx.out(
      `Restored the state remediation ${id} replaced; rescanning ${record.accountId} ${record.region}.`,
    );
    const rescan = await rescanRegion(driver, record.region, ctx, version);
    const finding = await readFinding(driver, database, record.findingId);
    ctx.out(`Finding ${record.findingId} is ${finding?.status ?? 'absent'} after scan ${rescan}.`);
  });
}

/** SDK clients for the finding's account: the caller's own (remediation never assumes roles). */
async function awsSide(region: string, accountId: string): Promise<AwsSide & { actor: string }> {
  const clients = clientFactory({ recorder: new CallRecorder() });
  let identity: { Account?: string; Arn?: string };
  try {
    identity = await clients('sts', region).send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw new ToxgraphError(
      `cannot identify the AWS caller (sts:GetCallerIdentity in ${region}): ${describeAwsError(error)}`,
    );
  }
  if (identity.Account !== accountId)
    throw new InputError(
      `the finding is in account ${accountId} but the AWS credentials are of account ${identity.Account}: use credentials of ${accountId} (AWS_PROFILE)`,
    );
  return { clients, region, actor: identity.Arn ?? 'unknown' };
}

async function confirm(flags: RemediateFlags, ctx: CommandContext, question: string) {
  if (flags.yes) return;
  if (!process.stdin.isTTY)
    throw new InputError('this changes AWS: pass --yes to confirm in a non-interactive run');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} Type yes to go on: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new ToxgraphError('not confirmed: nothing was changed');
  } finally {
    prompt.close();
  }
  ctx.logger.info({ question }, 'confirmed');
}

async function refuseStale(changes: readonly Change[], aws: AwsSide, region: string) {
  const differences: string[] = [];
  for (const change of changes) {
    const difference = await perform(checkChange, change, aws, 'read');
    if (difference) differences.push(difference);
  }
  if (differences.length > 0)
    throw new ToxgraphError(
      `the graph is older than AWS, nothing was changed:\n  ${differences.join('\n  ')}\nrun toxgraph scan --regions ${region} and plan again`,
    );
}

/** Performs every change; when one fails, the ones already made are undone, newest first. */
async function performAll(changes: readonly Change[], aws: AwsSide) {
  const done: Change[] = [];
  try {
    for (const change of changes) {
      await perform(applyChange, change, aws, 'apply');
      done.push(change);
    }
  } catch (error) {
    for (const change of done.reverse()) await perform(undoChange, change, aws, 'roll back');
    throw error;
  }
}

async function perform<T>(
  call: (change: Change, aws: AwsSide) => Promise<T>,
  change: Change,
  aws: AwsSide,
  what: string,
): Promise<T> {
  try {
    return await call(change, aws);
  } catch (error) {
    throw new ToxgraphError(`${what} of ${change.type} failed in ${aws.region}: ${describeAwsError(error)}`);
  }
}

/** Collects the caller's account in the region and reanalyzes: the proof that the path is broken (or back). */
async function rescanRegion(
  driver: Driver,
  region: string,
  ctx: CommandContext,
  version: string,
): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-remediate-'));
  try {
    const manifest = await runCollection(dir, { regions: region }, { ...ctx, out: () => undefined }, version);
    await loadAndAnalyze(driver, ctx.config.neo4j.database, dir, ctx.logger, ctx.config.analysis);
    return manifest.scanId;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
