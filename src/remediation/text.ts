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
