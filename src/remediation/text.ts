/** The remediation plan as a person reads it (CLI and demo). Pure. */
import { displayText } from '../findings/display-text.js';
import type { Finding } from '../findings/finding.js';
import { describeChange } from './change.js';
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
