/**
 * The findings as a table for an 80-column terminal, most severe first. Every name from AWS goes through
 * `displayText` (docs/output.md). Pure.
 */
import { displayText } from './display-text.js';
import { compareFindings, type Exposure, type Finding, type Privilege, SEVERITIES } from './finding.js';

const WIDTH = 80;
const COLUMNS = [
  { title: 'SEVERITY', width: 10 },
  { title: 'EXPOSURE', width: 11 },
  { title: 'PRIVILEGE', width: 10 },
] as const;
const TEXT_WIDTH = WIDTH - COLUMNS.reduce((sum, column) => sum + column.width, 0);

const EXPOSURE_SHORT: Record<Exposure, string> = {
  public_unauthenticated: 'public',
  public_weak_auth: 'weak-auth',
  public_authenticated: 'auth',
  cross_account: 'x-account',
  not_exposed: 'internal',
};
const PRIVILEGE_SHORT: Record<Privilege, string> = {
  admin: 'admin',
  privilege_escalation: 'privesc',
  sensitive_data: 'data',
  broad_write: 'write',
  scoped: 'scoped',
  basic: 'basic',
};

export function findingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.\n';
  const lines = [
    row(
      COLUMNS.map((column) => column.title),
      'FINDING',
    ),
  ];
  for (const finding of [...findings].sort(compareFindings)) {
    const cells = [
      finding.severity,
      finding.exposure ? EXPOSURE_SHORT[finding.exposure] : '-',
      finding.privilege ? PRIVILEGE_SHORT[finding.privilege] : '-',
    ];
    const text = [
      ...wrap(displayText(finding.title), TEXT_WIDTH),
      ...wrap(`path: ${pathText(finding)}`, TEXT_WIDTH),
      ...wrap(
        displayText(
          `id ${finding.id} · ${finding.status}${finding.accountId ? ` · ${finding.accountId}` : ''}`,
        ),
        TEXT_WIDTH,
      ),
    ];
    lines.push(row(cells, text[0]!), ...text.slice(1).map((line) => row(['', '', ''], line)));
  }
  lines.push('', summaryLine(findings));
  return `${lines.join('\n')}\n`;
}

/** The path as a terminal reads it: `internet → function URL → billing-webhook → billing-webhook-role → admin`. */
export function pathText(finding: Finding): string {
  return finding.path.map((element) => displayText(shortName(element))).join(' → ');
}

/**
 * In a terminal, an ARN reads best as its last segment, and a function URL (a long random host) as what it
 * is, since the function follows it on the path. The JSON keeps the whole names.
 */
function shortName(element: Finding['path'][number]): string {
  if (element.labels.includes('LambdaFunctionUrl')) return 'function URL';
  const { name } = element;
  return name.startsWith('arn:') ? (name.split(/[/:]/).filter(Boolean).pop() ?? name) : name;
}

/** "3 findings: 1 critical, 2 high". */
export function summaryLine(findings: readonly Finding[]): string {
  const counts = SEVERITIES.map(
    (severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const total = `${findings.length} finding${findings.length === 1 ? '' : 's'}`;
  return counts.length > 0 ? `${total}: ${counts.join(', ')}` : total;
}

function row(cells: readonly string[], text: string): string {
  const padded = cells.map((cell, index) => cell.padEnd(COLUMNS[index]!.width)).join('');
  return `${padded}${text}`.trimEnd();
}

/** Word wrap; words longer than the width (ARNs, URLs) are cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
