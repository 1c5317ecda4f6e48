import type { Command } from 'commander';
import { InputError, ToxgraphError } from '../../errors.js';
import { readFinding } from '../../findings/query.js';
import { DEFAULT_UNUSED_DAYS } from '../../iam/usage.js';
import { generateLeastPrivilege } from '../../remediation/least-privilege-facts.js';
import { leastPrivilegeText } from '../../remediation/text.js';
import type { CommandContext } from '../context.js';
import { oneOf } from '../options.js';
import { withGraph } from './analyze.js';

interface LeastPrivilegeFlags {
  finding?: string;
  format: 'text' | 'json' | 'policy';
}

export function registerLeastPrivilegeCommand(program: Command, context: () => CommandContext): void {
  program
    .command('least-privilege')
    .argument('[role-arn]', 'the role (default: the execution role of --finding)')
    .description(
      "a generated least-privilege policy for a role: the services and actions IAM Access Advisor shows it used, on the resources its statements name, checked by toxgraph's IAM engine; printed, never applied",
    )
    .option('--finding <id>', "judge the policy against this finding's path (its role and privilege)")
    .option(
      '--format <format>',
      'text (summary and policy), json (everything), policy (the policy document alone)',
      oneOf(['text', 'json', 'policy'] as const),
      'text',
    )
    .addHelpText(
      'after',
      '\nHow the policy is built and checked: docs/least-privilege.md (needs a scan with --usage).',
    )
    .action(async (roleArn: string | undefined, flags: LeastPrivilegeFlags) => {
      const { config, out } = context();
      await withGraph(config.neo4j, async (driver) => {
        const finding = flags.finding
          ? await readFinding(driver, config.neo4j.database, flags.finding)
          : undefined;
        if (flags.finding && !finding) throw new InputError(`finding ${flags.finding} is not in the graph`);
        const arn = roleArn ?? finding?.role?.arn;
        if (!arn)
          throw new InputError(
            'least-privilege: expected a role ARN (or --finding ID of a finding with a role)',
          );
        if (finding?.role?.arn && finding.role.arn !== arn)
          throw new InputError(`finding ${finding.id} runs as ${finding.role.arn}, not ${arn}`);
        const generated = await generateLeastPrivilege(driver, config.neo4j.database, {
          roleArn: arn,
          unusedDays: config.analysis.unusedDays ?? DEFAULT_UNUSED_DAYS,
          ...(finding ? { toxicTier: finding.privilege } : {}),
        });
        if (!generated) throw new InputError(`role ${arn} is not in the graph (scan its account first)`);
        const { roleName, result } = generated;
        if (flags.format === 'json') out(JSON.stringify({ role: arn, ...result }, null, 2));
        else if (flags.format === 'policy' && result.status === 'generated')
          out(JSON.stringify(result.document, null, 2));
        else out(leastPrivilegeText(roleName, result));
        // Never fail open: no policy, or one that would take away what the role uses, is a failure.
        if (result.status === 'refused')
          throw new ToxgraphError(`no least-privilege policy for ${arn}: ${result.reason}`);
        if (result.validation.lostActions.length > 0)
          throw new ToxgraphError(
            `the generated policy would take away ${result.validation.lostActions.join(', ')}: not usable as is`,
          );
      });
    });
}
