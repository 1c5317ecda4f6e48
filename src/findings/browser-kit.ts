/**
 * The Neo4j Browser kit of cypher/browser/ (cypher/browser/README.md): exploration queries written by hand,
 * a saved query per detection and the Browser guide, both generated here from the detection files and the
 * exploration queries, and the style sheet. A test fails when a generated file is stale; regenerate with
 * `npm run build && node dist/findings/browser-kit.js`.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { type Detection, loadDetections } from './detections.js';

export const BROWSER_DIR = fileURLToPath(new URL('../../cypher/browser/', import.meta.url));
export const GUIDE_FILE = 'toxgraph-guide.html';
export const STYLE_FILE = 'toxgraph.grass';
/** Saved queries generated from cypher/detections/, one per detection. */
export const DETECTION_QUERIES_DIR = 'detections';
/** Where `toxgraph serve` serves these files (src/api/browser-kit-routes.ts). */
export const BROWSER_KIT_PREFIX = '/browser-kit';
export const GUIDE_PATH = path.join(BROWSER_DIR, GUIDE_FILE);
export const STYLE_PATH = path.join(BROWSER_DIR, STYLE_FILE);

/** `// toxgraph: <title>` names a saved query (Browser's Favorites take a script's name from its first line). */
const TITLE_PREFIX = '// toxgraph: ';
const PARAM_LINE = /^\/\/ :param ([A-Za-z_][A-Za-z0-9_]*) => (.+)$/;

/** A Browser parameter an exploration needs, with the example value (a Cypher literal) of its header. */
export interface QueryParam {
  name: string;
  example: string;
}

/** A saved query of cypher/browser/: a comment header (title, description, `:param` examples), then Cypher. */
export interface Exploration {
  file: string;
  title: string;
  description: string;
  params: QueryParam[];
  query: string;
}

export function parseExploration(text: string, file: string): Exploration {
  const lines = text.trim().split(/\r?\n/);
  const where = `Browser query ${file}`;
  const [first = ''] = lines;
  if (!first.startsWith(TITLE_PREFIX) || first.length === TITLE_PREFIX.length) {
    throw new InputError(`${where}: the first line must name the query: "${TITLE_PREFIX}<title>"`);
  }
  let headerEnd = 1;
  while (headerEnd < lines.length && lines[headerEnd]!.startsWith('//')) headerEnd++;
  const description: string[] = [];
  const params: QueryParam[] = [];
  for (const line of lines.slice(1, headerEnd)) {
    const param = PARAM_LINE.exec(line);
    if (param) params.push({ name: param[1]!, example: param[2]!.trim() });
    else if (line.startsWith('// :param')) {
      throw new InputError(`${where}: "${line}": expected "// :param <name> => <Cypher literal>"`);
    } else description.push(line.replace(/^\/\/ ?/, ''));
  }
  const query = lines.slice(headerEnd).join('\n').trim();
  if (description.length === 0) throw new InputError(`${where}: no description after the title line`);
  if (query.length === 0) throw new InputError(`${where}: no query after the comment header`);
  const used = new Set([...query.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]));
  const declared = new Set(params.map((param) => param.name));
  const undeclared = [...used].filter((name) => !declared.has(name!));
  if (undeclared.length > 0) {
    throw new InputError(`${where}: parameters without a "// :param" example: ${undeclared.join(', ')}`);
  }
  return {
    file,
    title: first.slice(TITLE_PREFIX.length).trim(),
    description: description.join(' ').trim(),
    params,
    query,
  };
}

/** The hand-written queries of the folder, in file-name order (the order of the guide). */
export async function loadExplorations(dir: string = BROWSER_DIR): Promise<Exploration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.cypher')).sort();
  return Promise.all(
    names.map(async (name) => parseExploration(await readFile(path.join(dir, name), 'utf8'), name)),
  );
}

/** The `:param` commands that set an exploration's example parameters, one per line. */
export function paramCommands(exploration: Exploration): string {
  return exploration.params.map((param) => `:param ${param.name} => ${param.example}`).join('\n');
}

function commentLines(text: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '//';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length + word.length + 1 > width && line !== '//') {
      lines.push(line);
      line = '//';
    }
    line += ` ${word}`;
  }
  if (line !== '//') lines.push(line);
  return lines;
}

/** A detection as a saved query: the detection's own query under a header a Browser user can read. */
export function detectionQueryFile(detection: Detection): string {
  const severity = detection.severity === 'matrix' ? 'exposure × privilege' : detection.severity;
  return [
    `${TITLE_PREFIX}detection ${detection.id}: ${detection.title}`,
    ...commentLines(detection.description),
    ...commentLines(`Remediation: ${detection.remediation}`),
    ...commentLines(
      `Severity: ${severity}. No parameters. Graph view: the attack path (path, hops). Generated from ` +
        `cypher/detections/${detection.id}.cypher by src/findings/browser-kit.ts; do not edit.`,
    ),
    // A blank line ends the header: a query may open with comments of its own.
    '',
    detection.query,
    '',
  ].join('\n');
}

/** A GraSS style sheet as Browser holds it: selector (`node.Label`) → property → value. */
export type GraphStyle = Record<string, Record<string, string>>;

/**
 * Reads a GraSS file the way Browser's own parser does: `selector { property: value; ... }`, quotes
 * dropped, no comments (Browser's parser has none).
 */
export function parseGrass(text: string): GraphStyle {
  const style: GraphStyle = {};
  let selector = '';
  let body = '';
  let inBody = false;
  let inQuote = false;
  for (const char of text) {
    if (char === "'" || char === '"') inQuote = !inQuote;
    else if (!inQuote && char === '{') inBody = true;
    else if (!inQuote && char === '}' && inBody) {
      style[selector.replace(/\s/g, '')] = grassDeclarations(body);
      [selector, body, inBody] = ['', '', false];
    } else if (inBody) body += char;
    else selector += char;
  }
  return style;
}

function grassDeclarations(body: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const declaration of body.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0) properties[declaration.slice(0, colon).trim()] = declaration.slice(colon + 1).trim();
  }
  return properties;
}

/**
 * The `:style` command that applies the style sheet inline. Browser parses JSON before GraSS; one line of
 * JSON keeps the command whole in the editor (GraSS's `;` and line breaks would not).
 */
export function styleCommand(style: string): string {
  return `:style ${JSON.stringify(parseGrass(style))}`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const runnable = (code: string) =>
  `        <pre class="pre-scrollable code runnable">${escapeHtml(code)}</pre>`;

function slide(title: string, body: string[]): string {
  return [
    '    <slide class="row-fluid">',
    '      <div class="col-sm-12">',
    `        <h3>${escapeHtml(title)}</h3>`,
    ...body,
    '      </div>',
    '    </slide>',
  ].join('\n');
}

const paragraph = (html: string) => `        <p>${html}</p>`;

function explorationSlide(exploration: Exploration): string {
  const params =
    exploration.params.length === 0
      ? []
      : [
          paragraph('Set the parameter first (change the example to explore another):'),
          runnable(paramCommands(exploration)),
        ];
  return slide(exploration.title, [
    paragraph(escapeHtml(exploration.description)),
    ...params,
    runnable(exploration.query),
    paragraph(`<small>Saved query cypher/browser/${escapeHtml(exploration.file)}</small>`),
  ]);
}

function detectionSlide(detection: Detection): string {
  return slide(`${detection.title} (${detection.severity})`, [
    paragraph(escapeHtml(detection.description)),
    paragraph(`<b>Remediation.</b> ${escapeHtml(detection.remediation)}`),
    runnable(detection.query),
    paragraph(
      `<small>Detection <code>${escapeHtml(detection.id)}</code> · cypher/detections/${escapeHtml(detection.id)}.cypher · ${detection.tags.map(escapeHtml).join(', ')}</small>`,
    ),
  ]);
}

function introSlides(explorationCount: number, style: string): string[] {
  return [
    slide('toxgraph: toxic combinations in your Lambda estate', [
      paragraph(
        'toxgraph finds Lambda functions anyone on the internet can call without real authentication, and ' +
          'what their execution roles reach: admin, privilege escalation, sensitive data. This guide walks ' +
          'through the graph of the bundled demo estate; the same queries work on a real scan.',
      ),
      paragraph(
        'Load the demo first: <code>npx toxgraph demo</code> writes a two-account organization of about 35 ' +
          'functions (every entry kind, true toxic combinations and safe look-alikes), loads it and analyzes ' +
          'it. The analysis writes the <code>Internet</code> node, the <code>EXPOSES</code> and ' +
          '<code>REACHES</code> edges, role tiers, the <code>CAN_*</code> privilege edges and the ' +
          '<code>Finding</code> nodes these queries read.',
      ),
      paragraph('Count what was loaded:'),
      runnable('MATCH (n) RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY nodes DESC'),
    ]),
    slide('Style the graph', [
      paragraph(
        'Run this once: it applies the toxgraph style sheet (cypher/browser/toxgraph.grass). Each label gets ' +
          'a colour, a caption and a size; the internet is the big red node, Lambda functions are orange, ' +
          'roles blue, and a finding is coloured by its severity (critical dark red, high orange, medium ' +
          'yellow, low blue, info grey). <code>:style reset</code> goes back to Browser&#39;s defaults.',
      ),
      runnable(styleCommand(style)),
    ]),
    slide('How to read the next slides', [
      paragraph(
        `The next ${explorationCount} slides explore the findings, the internet's entry points and the ` +
          'privilege graph. Click a query to copy it to the editor, then run it. A query that needs a ' +
          'parameter has a <code>:param</code> line above it: run that first. Graph results read from the ' +
          'left: <code>Internet</code> -EXPOSES-&gt; entry point -REACHES-&gt; function -EXECUTION_ROLE-&gt; ' +
          'role.',
      ),
      paragraph(
        'Then one slide per detection (cypher/detections/): each returns its attack paths as ' +
          '<code>path</code> (nodes) and <code>hops</code> (relationships); switch the result to the graph ' +
          'view to see them. In the demo, <code>billing-webhook</code> (a public function URL running as ' +
          'an admin role) is the first critical path to look at.',
      ),
    ]),
  ];
}

export function renderBrowserGuide(
  detections: readonly Detection[],
  explorations: readonly Exploration[],
  style: string,
): string {
  return [
    '<!-- Generated from cypher/detections/*.cypher and cypher/browser/ by src/findings/browser-kit.ts. Do not edit by hand. -->',
    '<article class="guide">',
    '  <carousel class="deck container-fluid">',
    ...introSlides(explorations.length, style),
    ...explorations.map(explorationSlide),
    ...detections.map(detectionSlide),
    '  </carousel>',
    '</article>',
    '',
  ].join('\n');
}

/** Every generated file of the kit, by path relative to cypher/browser/. */
export async function renderBrowserKit(dir: string = BROWSER_DIR): Promise<Map<string, string>> {
  const detections = await loadDetections();
  const style = await readFile(path.join(dir, STYLE_FILE), 'utf8');
  const files = new Map<string, string>([
    [GUIDE_FILE, renderBrowserGuide(detections, await loadExplorations(dir), style)],
  ]);
  for (const detection of detections) {
    files.set(path.join(DETECTION_QUERIES_DIR, `${detection.id}.cypher`), detectionQueryFile(detection));
  }
  return files;
}

/**
 * The files a Browser user loads, by path relative to cypher/browser/ (with `/`): the guide, the style
 * sheet, the exploration queries and the detection queries.
 */
export async function loadBrowserKitFiles(dir: string = BROWSER_DIR): Promise<Map<string, string>> {
  const top = (await readdir(dir)).filter((name) => name.endsWith('.cypher')).sort();
  const detections = (await readdir(path.join(dir, DETECTION_QUERIES_DIR)))
    .filter((name) => name.endsWith('.cypher'))
    .sort()
    .map((name) => `${DETECTION_QUERIES_DIR}/${name}`);
  const files = new Map<string, string>();
  for (const file of [GUIDE_FILE, STYLE_FILE, ...top, ...detections]) {
    files.set(file, await readFile(path.join(dir, file), 'utf8'));
  }
  return files;
}

export async function writeBrowserKit(dir: string = BROWSER_DIR): Promise<void> {
  const files = await renderBrowserKit(dir);
  // A removed detection must not leave its saved query behind.
  await rm(path.join(dir, DETECTION_QUERIES_DIR), { recursive: true, force: true });
  await mkdir(path.join(dir, DETECTION_QUERIES_DIR), { recursive: true });
  for (const [file, text] of files) await writeFile(path.join(dir, file), text);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeBrowserKit();
  process.stdout.write(`wrote the guide and the detection queries under ${BROWSER_DIR}\n`);
}
