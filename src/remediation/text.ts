/** The remediation plan as a person reads it (CLI and demo). Pure. */
import { displayText } from '../findings/display-text.js';
import type { Finding } from '../findings/finding.js';
import { describeChange } from './change.js';
import type { LeastPrivilegeResult, ServiceVerdict } from './least-privilege.js';
import type { RemediationOption, RemediationPlan } from './plan.js';

/** AWS names inside the plan are untrusted text (docs/output.md): shown through the neutraliser. */
const safe = (text: string) => displayText(text, 2_000);

export function planText(finding: Finding, plan: RemediationPlan): string {
  const lines = [
    `Finding ${finding.id} (${finding.severity}): ${safe(finding.title)}`,
    plan.options.length === 0
      ? 'No remediation option could be planned.'
      : 'Remediation options, least collateral first (nothing is changed by --plan):',
    '',
    ...plan.options.flatMap(optionLines),
  ];
  if (plan.notPlanned.length > 0)
    lines.push('Not planned:', ...plan.notPlanned.map((why) => `  - ${safe(why)}`), '');
  const automated = plan.options.find((option) => option.automated);
  if (automated)
    lines.push(`Apply one with: toxgraph remediate ${finding.id} --apply --option ${automated.number} --yes`);
  return lines.join('\n');
}

function optionLines(option: RemediationOption): string[] {
  const list = (items: readonly string[], none: string) =>
    items.length === 0 ? [`      ${none}`] : items.map((item) => `      - ${safe(item)}`);
  return [
    ` ${option.number}. [${option.kind}] ${safe(option.summary)}${option.automated ? '' : '  (manual: toxgraph does not apply it)'}`,
    '    Changes:',
    ...option.changes.map((change) => `      - ${safe(describeChange(change))}`),
    `    Turns away: ${safe(option.turnsAway)}`,
    '    Also breaks:',
    ...list(option.breaks, 'nothing else known to the graph'),
    ...(option.leavesOpen.length > 0
      ? ['    Leaves open (their own findings):', ...list(option.leavesOpen, '')]
      : []),
    '    AWS CLI:',
    ...option.awsCli.map((command) => `      ${safe(command)}`),
    '    Terraform / CloudFormation:',
    ...option.iacHints.map((hint) => `      ${safe(hint)}`),
    '',
  ];
}

/** The generated least-privilege policy: what was kept and why, the evaluator's verdict, then the JSON. */
export function leastPrivilegeText(roleName: string, result: LeastPrivilegeResult): string {
  if (result.status === 'refused')
    return `No least-privilege policy for ${safe(roleName)}: ${safe(result.reason)}.`;
  return [...leastPrivilegeSummary(roleName, result), JSON.stringify(result.document, null, 2)].join('\n');
}

export function leastPrivilegeSummary(
  roleName: string,
  result: Extract<LeastPrivilegeResult, { status: 'generated' }>,
): string[] {
  const names = (verdict: ServiceVerdict['verdict'], unreported: boolean) =>
    result.services
      .filter((s) => s.verdict === verdict && s.why.startsWith('not in') === unreported)
      .map((s) => s.service);
  const kept = names('kept', false);
  const unused = names('dropped', false);
  const unreported = names('dropped', true);
  const denied = result.services.flatMap((s) => s.unusedActions);
  const { validation: v } = result;
  const lines = [
    `Least-privilege policy for ${safe(roleName)} (Access Advisor data as of ${result.dataAt}, tracked since ${result.trackedSince}; printed, never applied):`,
    `  keeps: ${kept.join(', ') || 'nothing'} (used in the window, as the role's statements grant them)`,
    `  drops: ${unused.join(', ') || 'nothing'} (unused)${unreported.length > 0 ? `; ${unreported.length} service(s) not in the report` : ''}`,
  ];
  if (denied.length > 0)
    lines.push(`  denies tracked actions never used in the window: ${denied.join(', ')}`);
  lines.push(
    `  evaluator: tier ${v.tierBefore} -> ${v.tierAfter}; ${
      v.breaksPath === null
        ? ''
        : v.breaksPath
          ? 'breaks the path; '
          : 'does NOT break the path (what it keeps was used); '
    }${v.lostActions.length === 0 ? `every one of ${v.checkedActions} action(s) the role may still need stays allowed` : `LOSES ${v.lostActions.join(', ')}`}`,
  );
  if (v.remaining.length > 0) lines.push(`  still grants (used): ${v.remaining.map(safe).join('; ')}`);
  return lines;
}

export interface CriticalBrief {
  readonly finding: Finding;
  /** The evidence lines of the role's unused-permissions finding, when there is one. */
  readonly unusedGrants: readonly string[];
  readonly plan: RemediationPlan;
  readonly leastPrivilege: LeastPrivilegeResult;
}

/**
 * What `toxgraph demo` prints for its first critical finding with usage data: the capabilities of its
 * role that were never used, then each way to break the path with its first command. Concise: the full
 * plan is `toxgraph remediate ID`.
 */
export function criticalBriefText(brief: CriticalBrief): string {
  const { finding, plan, leastPrivilege } = brief;
  const role = finding.role?.arn.split('/').pop() ?? 'its role';
  const usage = finding.usage;
  const unused = (usage?.actions ?? []).filter((action) => action.status === 'unused');
  const lines = [
    `First critical finding with usage data: ${safe(finding.title)} (id ${finding.id})`,
    `  Unused capabilities of ${safe(role)} (IAM Access Advisor, data as of ${usage?.dataAt ?? 'unknown'}):`,
    ...unused.map(
      (action) =>
        `    the path to ${finding.privilege?.replace('_', ' ')} uses ${action.action}, not used in ${action.daysUnused} days`,
    ),
    ...brief.unusedGrants.map((text) => `    ${safe(text)}`),
    `  Ways to break the path (nothing is changed; full plan: toxgraph remediate ${finding.id}):`,
    ...plan.options.map(
      (option) =>
        `    ${option.number}. ${safe(option.summary)}\n       ${safe(option.awsCli[0] ?? '(manual)')}${option.awsCli.length > 1 ? ` (+${option.awsCli.length - 1} more)` : ''}`,
    ),
  ];
  if (leastPrivilege.status === 'generated') {
    const v = leastPrivilege.validation;
    const kept = leastPrivilege.services.filter((s) => s.verdict === 'kept').map((s) => s.service);
    lines.push(
      `    Least privilege: replace the role's policies with a generated one keeping ${kept.join(', ') || 'nothing'} (tier ${v.tierBefore} -> ${v.tierAfter}, ${v.breaksPath ? 'breaks the path' : 'does not break the path'}, ${v.lostActions.length === 0 ? 'nothing used is lost' : `loses ${v.lostActions.join(', ')}`})`,
      `       toxgraph least-privilege ${finding.role?.arn ?? ''} --finding ${finding.id}`,
    );
  } else lines.push(`    Least privilege: not generated (${safe(leastPrivilege.reason)})`);
  return `${lines.join('\n')}\n`;
}
