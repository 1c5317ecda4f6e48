/**
 * The report as GitHub-flavoured Markdown, attack paths as Mermaid flowcharts (rendered by GitHub, GitLab
 * and most Markdown viewers; plain text elsewhere). Yields the text piece by piece. Pure.
 */
import { type Finding, SEVERITIES } from '../findings/finding.js';
import type { Change } from '../findings/scans.js';
import { pathMermaid } from './diagram.js';
import { markdown as md } from './escape.js';
import { CHANGES, type GroupCount, type Report, total } from './model.js';

export const CHANGE_TITLES: Record<Change, string> = {
  new: 'New findings',
  persisting: 'Persisting findings',
  resolved: 'Resolved findings',
};

function countsTable(title: string, rows: readonly GroupCount[]): string {
  const header = `| ${title} | ${SEVERITIES.join(' | ')} | total |\n|---|${SEVERITIES.map(() => '---:').join('|')}|---:|\n`;
  if (rows.length === 0) return `${header}| (none) |${SEVERITIES.map(() => ' 0 ').join('|')}| 0 |\n`;
  return (
    header +
    rows
      .map(
        (row) =>
          `| ${md(row.key)} | ${SEVERITIES.map((s) => row.counts[s]).join(' | ')} | ${total(row.counts)} |`,
      )
      .join('\n') +
    '\n'
  );
}

function metadata(report: Report): string {
  const { scan, baseScan } = report;
  return [
    `- Scan: ${md(scan.id)}, started ${scan.startedAt}, finished ${scan.finishedAt ?? 'unknown'}, ${scan.status} (${scan.unitsLoaded} units loaded)`,
    baseScan
      ? `- Compared with scan ${md(baseScan.id)}, started ${baseScan.startedAt}`
      : '- Compared with: no earlier analyzed scan, so every finding is new',
    `- Generated ${report.generatedAt} by toxgraph ${report.toolVersion}`,
    '',
  ].join('\n');
}

function gaps(report: Report): string {
  const { gaps: list } = report.scan;
  if (list.length === 0) return 'Every unit of the scan was collected and loaded.\n';
  return (
    `**${list.length} gap(s): what is listed here was not seen in this scan, so no finding about it means nothing.**\n\n` +
    '| account | region | service | API | error |\n|---|---|---|---|---|\n' +
    list
      .map(
        (gap) =>
          `| ${md(gap.accountId)} | ${md(gap.region)} | ${md(gap.service)} | ${md(gap.api)} | ${md(gap.error)} |`,
      )
      .join('\n') +
    '\n'
  );
}

function findingBlock(finding: Finding): string {
  const where = [finding.accountId, finding.region]
    .filter(Boolean)
    .map((v) => md(v!))
    .join(' / ');
  const lines = [
    `#### ${finding.severity.toUpperCase()}: ${md(finding.title)}`,
    '',
    `- Detection: ${md(finding.detection)}; exposure ${finding.exposure ?? 'n/a'}; privilege ${finding.privilege ?? 'n/a'}; confidence ${finding.confidence}`,
    `- Where: ${where || 'n/a'}${finding.function ? `; function ${md(finding.function.arn)}` : ''}${finding.role ? `; role ${md(finding.role.arn)}` : ''}`,
    `- Entry point: ${finding.entryPoint.kind ?? 'n/a'}${finding.entryPoint.arn ? ` ${md(finding.entryPoint.arn)}` : ''}`,
    `- First seen ${finding.firstSeen}, last seen ${finding.lastSeen}; id ${md(finding.id)}`,
    `- Remediation: ${md(finding.remediation, Number.POSITIVE_INFINITY)}`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

export async function* renderMarkdown(report: Report): AsyncGenerator<string> {
  yield `# toxgraph report: scan ${md(report.scan.id)}\n\n`;
  yield metadata(report);
  yield '\n## Summary\n\n';
  yield `${total(report.bySeverity)} open finding(s): ${SEVERITIES.map((s) => `${report.bySeverity[s]} ${s}`).join(', ')}. `;
  yield `Since the compared scan: ${CHANGES.map((c) => `${total(report.changes[c])} ${c}`).join(', ')}.\n\n`;
  yield countsTable('detection', report.byDetection);
  yield `\n${countsTable('account', report.byAccount)}`;
  yield `\n${countsTable('region', report.byRegion)}`;
  yield '\n## Gaps\n\n';
  yield gaps(report);
  yield '\n## Top attack paths\n\n';
  if (report.topPaths.length === 0) yield 'No finding of this scan has an attack path.\n';
  for (const finding of report.topPaths) {
    yield `### ${finding.severity.toUpperCase()}: ${md(finding.title)}\n\n\`\`\`mermaid\n${pathMermaid(finding)}\n\`\`\`\n\n`;
  }
  for (const change of CHANGES) {
    yield `\n## ${CHANGE_TITLES[change]} (${total(report.changes[change])})\n\n`;
    let any = false;
    for await (const finding of report.findings(change)) {
      any = true;
      yield findingBlock(finding);
    }
    if (!any) yield 'None.\n';
  }
}
