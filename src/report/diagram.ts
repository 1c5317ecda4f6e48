/**
 * Attack paths as diagrams, drawn by our own code so that a report needs no network and no script to be
 * read: an inline SVG for HTML, a Mermaid flowchart for Markdown. A path runs top to bottom from the
 * internet (or the outside principal) through the entry point, the function, its role and every hop to
 * the capability reached; each arrow carries the evidence of its hop. Pure.
 */
import { displayText } from '../findings/display-text.js';
import type { Finding, PathElement } from '../findings/finding.js';
import { html, mermaidLabel } from './escape.js';

const BOX = { width: 560, height: 44, gap: 40, margin: 8 } as const;
const LABEL_MAX = 60;

/** The label a person reads for one step: its kind and its name. */
function stepLabel(element: PathElement): { kind: string; name: string } {
  const kind = element.labels.filter((label) => label !== 'AWSPrincipal').join(' ') || 'Node';
  return { kind, name: element.name || element.id };
}

function hopEvidence(finding: Finding, hop: number): string {
  return finding.evidence
    .filter((evidence) => evidence.hop === hop)
    .map((evidence) => evidence.text)
    .join('; ');
}

/** An inline SVG of the finding's path; its title names the finding for screen readers. */
export function pathSvg(finding: Finding, key: number): string {
  const steps = finding.path;
  const height = steps.length * (BOX.height + BOX.gap) - BOX.gap + 2 * BOX.margin;
  const width = BOX.width + 2 * BOX.margin;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="path" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${html(finding.title)}</title>`,
    `<defs><marker id="arrow-${key}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`,
  ];
  steps.forEach((element, index) => {
    const y = BOX.margin + index * (BOX.height + BOX.gap);
    const { kind, name } = stepLabel(element);
    const last = index === steps.length - 1;
    parts.push(
      `<rect x="${BOX.margin}" y="${y}" width="${BOX.width}" height="${BOX.height}" rx="6" class="${index === 0 ? 'start' : last ? 'end' : 'step'}"/>`,
      `<text x="${BOX.margin + 10}" y="${y + 18}" class="kind">${html(kind)}</text>`,
      `<text x="${BOX.margin + 10}" y="${y + 36}" class="name">${html(displayText(name, LABEL_MAX))}</text>`,
    );
    if (!last) {
      const from = y + BOX.height;
      parts.push(
        `<line x1="${BOX.margin + 20}" y1="${from}" x2="${BOX.margin + 20}" y2="${from + BOX.gap - 2}" stroke="#555" marker-end="url(#arrow-${key})"/>`,
        `<text x="${BOX.margin + 32}" y="${from + BOX.gap / 2 + 4}" class="hop">${html(displayText(hopEvidence(finding, index), LABEL_MAX + 20))}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A Mermaid flowchart of the finding's path, to be put in a ```mermaid fence. */
export function pathMermaid(finding: Finding): string {
  const lines = ['flowchart TD'];
  finding.path.forEach((element, index) => {
    const { kind, name } = stepLabel(element);
    lines.push(`  n${index}["${mermaidLabel(kind)}: ${mermaidLabel(displayText(name, LABEL_MAX))}"]`);
    if (index > 0) {
      const evidence = hopEvidence(finding, index - 1);
      const edge = evidence ? `-- "${mermaidLabel(displayText(evidence, LABEL_MAX))}" -->` : '-->';
      lines.push(`  n${index - 1} ${edge} n${index}`);
    }
  });
  return lines.join('\n');
}
