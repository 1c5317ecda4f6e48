/**
 * The Neo4j Browser guide of cypher/browser/, rendered from the detection files and the exploration
 * queries next to it: one slide per query, each runnable with a click. A test fails when the committed
 * guide differs; regenerate with `npm run build && node dist/findings/browser-kit.js`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Detection, loadDetections } from './detections.js';

export const BROWSER_DIR = fileURLToPath(new URL('../../cypher/browser/', import.meta.url));
export const GUIDE_PATH = path.join(BROWSER_DIR, 'toxgraph-guide.html');

/** An exploration query of cypher/browser/: its first line, `// <title>`, names it. */
export interface Exploration {
  title: string;
  query: string;
}

export async function loadExplorations(dir: string = BROWSER_DIR): Promise<Exploration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.cypher')).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = (await readFile(path.join(dir, name), 'utf8')).trim();
      const [first = '', ...rest] = text.split('\n');
      return { title: first.replace(/^\/\/\s*/, ''), query: rest.join('\n').trim() };
    }),
  );
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function slide(title: string, paragraphs: string[], query: string): string {
  return [
    '    <slide class="row-fluid">',
    '      <div class="col-sm-12">',
    `        <h3>${escapeHtml(title)}</h3>`,
    ...paragraphs.map((paragraph) => `        <p>${paragraph}</p>`),
    `        <pre class="pre-scrollable code runnable">${escapeHtml(query)}</pre>`,
    '      </div>',
    '    </slide>',
  ].join('\n');
}

function detectionSlide(detection: Detection): string {
  return slide(
    `${detection.title} (${detection.severity})`,
    [
      escapeHtml(detection.description),
      `<b>Remediation.</b> ${escapeHtml(detection.remediation)}`,
      `<small>Detection <code>${escapeHtml(detection.id)}</code> · cypher/detections/${escapeHtml(detection.id)}.cypher · ${detection.tags.map(escapeHtml).join(', ')}</small>`,
    ],
    detection.query,
  );
}

export function renderBrowserGuide(
  detections: readonly Detection[],
  explorations: readonly Exploration[],
): string {
  const intro = [
    '    <slide class="row-fluid">',
    '      <div class="col-sm-12">',
    '        <h3>toxgraph</h3>',
    '        <p>Lambda functions anyone on the internet can call without real authentication, and what their',
    '        roles reach. Run <code>toxgraph analyze</code> first: the findings and the derived facts (the',
    '        <code>Internet</code> node, <code>EXPOSES</code>, <code>REACHES</code>, role tiers) come from it.</p>',
    `        <p>The next ${explorations.length} slides explore the findings; then one slide per detection`,
    '        (cypher/detections/). A detection returns its attack path as <code>path</code> (nodes) and',
    '        <code>hops</code> (relationships): switch the result to the graph view to see it.</p>',
    '      </div>',
    '    </slide>',
  ].join('\n');
  return [
    '<!-- Generated from cypher/detections/*.cypher and cypher/browser/*.cypher by src/findings/browser-kit.ts. Do not edit by hand. -->',
    '<article class="guide">',
    '  <carousel class="deck container-fluid">',
    intro,
    ...explorations.map((exploration) => slide(exploration.title, [], exploration.query)),
    ...detections.map(detectionSlide),
    '  </carousel>',
    '</article>',
    '',
  ].join('\n');
}

export async function writeBrowserGuide(): Promise<void> {
  await writeFile(GUIDE_PATH, renderBrowserGuide(await loadDetections(), await loadExplorations()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeBrowserGuide();
  process.stdout.write(`wrote ${GUIDE_PATH}\n`);
}
