/**
 * The report as one self-contained HTML page: inline CSS, attack paths as inline SVG, no script and no
 * external resource (its Content-Security-Policy forbids both), so it opens offline from a file or a mail
 * attachment. Every name is escaped (src/report/escape.ts). Yields the page piece by piece. Pure.
 */
import { type Finding, SEVERITIES } from '../findings/finding.js';
import { pathSvg } from './diagram.js';
import { html } from './escape.js';
import { CHANGE_TITLES } from './markdown.js';
import { CHANGES, type GroupCount, type Report, total } from './model.js';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:72rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
td.n{text-align:right}code{font-size:.9em;word-break:break-all}
.sev{font-weight:600;text-transform:uppercase}.critical{color:#a00}.high{color:#c50}.medium{color:#a80}.low{color:#357}.info{color:#555}
.gaps{border-left:4px solid #c50;padding-left:1rem}
svg.path rect{fill:#f4f6fa;stroke:#567}svg.path rect.start{fill:#fde8e8}svg.path rect.end{fill:#fff3d6}
svg.path text{font-family:system-ui,sans-serif}svg.path .kind{font-size:11px;fill:#555}svg.path .name{font-size:14px}svg.path .hop{font-size:11px;fill:#333}
article{border-top:1px solid #ddd;padding:.5rem 0}`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function countsTable(title: string, rows: readonly GroupCount[]): string {
  const head = `<tr><th>${title}</th>${SEVERITIES.map((s) => `<th>${s}</th>`).join('')}<th>total</th></tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr><td>${html(row.key)}</td>${SEVERITIES.map((s) => `<td class="n">${row.counts[s]}</td>`).join('')}<td class="n">${total(row.counts)}</td></tr>`,
    )
    .join('');
  return `<table>${head}${body || `<tr><td colspan="${SEVERITIES.length + 2}">none</td></tr>`}</table>`;
}

function metadata(report: Report): string {
  const { scan, baseScan } = report;
  return `<ul>
<li>Scan <code>${html(scan.id)}</code>, started ${html(scan.startedAt)}, finished ${html(scan.finishedAt ?? 'unknown')}, <strong>${scan.status}</strong> (${scan.unitsLoaded} units loaded)</li>
<li>${baseScan ? `Compared with scan <code>${html(baseScan.id)}</code>, started ${html(baseScan.startedAt)}` : 'Compared with: no earlier analyzed scan, so every finding is new'}</li>
<li>Generated ${html(report.generatedAt)} by toxgraph ${html(report.toolVersion)}</li>
</ul>`;
}

function gaps(report: Report): string {
  const list = report.scan.gaps;
  if (list.length === 0) return '<p>Every unit of the scan was collected and loaded.</p>';
  const rows = list
    .map(
      (gap) =>
        `<tr><td>${html(gap.accountId)}</td><td>${html(gap.region)}</td><td>${html(gap.service)}</td><td>${html(gap.api)}</td><td>${html(gap.error)}</td></tr>`,
    )
    .join('');
  return `<div class="gaps"><p><strong>${list.length} gap(s): what is listed here was not seen in this scan, so no finding about it means nothing.</strong></p>
<table><tr><th>account</th><th>region</th><th>service</th><th>API</th><th>error</th></tr>${rows}</table></div>`;
}

function findingArticle(finding: Finding): string {
  const where = [finding.accountId, finding.region]
    .filter(Boolean)
    .map((v) => html(v!))
    .join(' / ');
  return `<article id="finding-${html(finding.id)}">
<h4><span class="sev ${finding.severity}">${finding.severity}</span> ${html(finding.title)}</h4>
<ul>
<li>Detection <code>${html(finding.detection)}</code>; exposure ${html(finding.exposure ?? 'n/a')}; privilege ${html(finding.privilege ?? 'n/a')}; confidence ${html(finding.confidence)}</li>
<li>Where: ${where || 'n/a'}${finding.function ? `; function <code>${html(finding.function.arn)}</code>` : ''}${finding.role ? `; role <code>${html(finding.role.arn)}</code>` : ''}</li>
<li>Entry point: ${html(finding.entryPoint.kind ?? 'n/a')}${finding.entryPoint.arn ? ` <code>${html(finding.entryPoint.arn)}</code>` : ''}</li>
<li>First seen ${html(finding.firstSeen)}, last seen ${html(finding.lastSeen)}; id <code>${html(finding.id)}</code></li>
<li>Remediation: ${html(finding.remediation, Number.POSITIVE_INFINITY)}</li>
</ul></article>\n`;
}

export async function* renderHtml(report: Report): AsyncGenerator<string> {
  yield `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>toxgraph report: scan ${html(report.scan.id)}</title><style>${STYLE}</style></head>
<body><h1>toxgraph report: scan <code>${html(report.scan.id)}</code></h1>\n`;
  yield metadata(report);
  yield `<h2>Summary</h2><p>${total(report.bySeverity)} open finding(s): ${SEVERITIES.map((s) => `<span class="sev ${s}">${report.bySeverity[s]} ${s}</span>`).join(', ')}.
Since the compared scan: ${CHANGES.map((c) => `${total(report.changes[c])} ${c}`).join(', ')}.</p>\n`;
  yield countsTable('detection', report.byDetection);
  yield countsTable('account', report.byAccount);
  yield countsTable('region', report.byRegion);
  yield `<h2>Gaps</h2>${gaps(report)}\n<h2>Top attack paths</h2>\n`;
  if (report.topPaths.length === 0) yield '<p>No finding of this scan has an attack path.</p>\n';
  for (const [index, finding] of report.topPaths.entries()) {
    yield `<figure><figcaption><span class="sev ${finding.severity}">${finding.severity}</span> ${html(finding.title)}</figcaption>${pathSvg(finding, index)}</figure>\n`;
  }
  for (const change of CHANGES) {
    yield `<h2>${CHANGE_TITLES[change]} (${total(report.changes[change])})</h2>\n`;
    let any = false;
    for await (const finding of report.findings(change)) {
      any = true;
      yield findingArticle(finding);
    }
    if (!any) yield '<p>None.</p>\n';
  }
  yield '</body></html>\n';
}
