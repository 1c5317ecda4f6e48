import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.js';
import {
  loadBrowserKitFiles,
  loadExplorations,
  paramCommands,
  parseExploration,
  parseGrass,
  renderBrowserGuide,
  renderBrowserKit,
  STYLE_PATH,
  styleCommand,
} from '../../src/findings/browser-kit.js';
import { loadDetections } from '../../src/findings/detections.js';
import { SEVERITIES } from '../../src/findings/finding.js';
import { SEVERITY_LABELS } from '../../src/findings/history.js';
import { NODE_LABELS } from '../../src/graph/schema.js';

const unescapeHtml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const runnableBlocks = (guide: string) =>
  [...guide.matchAll(/<pre class="pre-scrollable code runnable">([\s\S]*?)<\/pre>/g)].map((match) =>
    unescapeHtml(match[1]!),
  );

describe('the Neo4j Browser kit (cypher/browser/)', () => {
  it('ships the generated files the detections and queries give (regenerate: npm run build && node dist/findings/browser-kit.js)', async () => {
    const expected = await renderBrowserKit();
    const shipped = await loadBrowserKitFiles();
    for (const [file, text] of expected) expect(shipped.get(file), file).toBe(text);
    const generatedDetections = [...shipped.keys()].filter((file) => file.startsWith('detections/'));
    expect(generatedDetections.sort()).toEqual(
      [...expected.keys()].filter((f) => f.startsWith('detections/')).sort(),
    );
  });

  it('has a saved query for every detection, named by its first line and running the detection query', async () => {
    const detections = await loadDetections();
    const files = await loadBrowserKitFiles();
    for (const detection of detections) {
      const text = files.get(`detections/${detection.id}.cypher`);
      expect(text, detection.id).toBeDefined();
      expect(text!.split('\n')[0]).toBe(`// toxgraph: detection ${detection.id}: ${detection.title}`);
      expect(text!.trimEnd().endsWith(detection.query)).toBe(true);
      const saved = parseExploration(text!, `detections/${detection.id}.cypher`);
      expect(saved.query).toBe(detection.query);
      expect(saved.params).toEqual([]);
    }
  });

  it('covers the explorations the issue asks for, each with a description and, where it needs one, a :param example', async () => {
    const explorations = await loadExplorations();
    const byFile = new Map(explorations.map((e) => [e.file, e]));
    expect([...byFile.keys()]).toEqual([
      '01-open-findings.cypher',
      '02-toxic-combinations.cypher',
      '03-internet-entry-points.cypher',
      '04-internet-paths-to-function.cypher',
      '05-who-can-reach-admin.cypher',
      '06-role-blast-radius.cypher',
      '07-who-can-assume-role.cypher',
      '08-functions-sharing-a-role.cypher',
      '09-changes-since-last-scan.cypher',
    ]);
    for (const exploration of explorations) {
      expect(exploration.description.length, exploration.file).toBeGreaterThan(40);
      expect(exploration.query).toMatch(/^MATCH /);
    }
    expect(paramCommands(byFile.get('04-internet-paths-to-function.cypher')!)).toBe(
      ":param function => 'billing-webhook'",
    );
    expect(byFile.get('06-role-blast-radius.cypher')!.params.map((p) => p.name)).toEqual(['role']);
    expect(byFile.get('07-who-can-assume-role.cypher')!.params.map((p) => p.name)).toEqual(['role']);
  });

  it('puts the style command, every :param line and every query on a runnable slide, escaped for HTML', async () => {
    const detections = await loadDetections();
    const explorations = await loadExplorations();
    const style = await readFile(STYLE_PATH, 'utf8');
    const guide = renderBrowserGuide(detections, explorations, style);
    const blocks = runnableBlocks(guide);
    expect(blocks).toContain(styleCommand(style));
    for (const exploration of explorations) {
      expect(blocks).toContain(exploration.query);
      if (exploration.params.length > 0) expect(blocks).toContain(paramCommands(exploration));
    }
    for (const detection of detections) {
      expect(blocks).toContain(detection.query);
      expect(guide).toContain(`<code>${detection.id}</code>`);
    }
    expect(guide).not.toMatch(/<pre[^>]*>[^<]*->/);
  });
});

describe('parseExploration', () => {
  const cases: { name: string; text: string; error: RegExp }[] = [
    { name: 'no title line', text: 'MATCH (n) RETURN n', error: /first line must name the query/ },
    { name: 'no description', text: '// toxgraph: t\nMATCH (n) RETURN n', error: /no description/ },
    { name: 'no query', text: '// toxgraph: t\n// what it does', error: /no query/ },
    {
      name: 'a parameter without an example',
      text: '// toxgraph: t\n// what it does\nMATCH (n {id: $id}) RETURN n',
      error: /parameters without a "\/\/ :param" example: id/,
    },
    {
      name: 'a malformed :param line',
      text: "// toxgraph: t\n// what it does\n// :param id = 'x'\nMATCH (n {id: $id}) RETURN n",
      error: /expected "\/\/ :param <name> => <Cypher literal>"/,
    },
  ];
  for (const { name, text, error } of cases) {
    it(`refuses ${name}, naming the file`, () => {
      let message = '';
      try {
        parseExploration(text, 'bad.cypher');
      } catch (e) {
        message = errorMessage(e);
      }
      expect(message).toMatch(/^Browser query bad\.cypher: /);
      expect(message).toMatch(error);
    });
  }

  it('reads title, description, params and query', () => {
    const parsed = parseExploration(
      "// toxgraph: a title\n// line one\n// line two\n// :param role => 'r'\nMATCH (r {name: $role})\nRETURN r\n",
      'x.cypher',
    );
    expect(parsed).toEqual({
      file: 'x.cypher',
      title: 'a title',
      description: 'line one line two',
      params: [{ name: 'role', example: "'r'" }],
      query: 'MATCH (r {name: $role})\nRETURN r',
    });
  });
});

describe('the style sheet (cypher/browser/toxgraph.grass)', () => {
  it('gives every label of the graph model a colour, a caption and a size', async () => {
    const style = parseGrass(await readFile(STYLE_PATH, 'utf8'));
    const missing = NODE_LABELS.filter((label) => {
      const rule = style[`node.${label}`];
      return !rule?.color || !rule.caption || !rule.diameter;
    });
    expect(missing).toEqual([]);
  });

  it('colours a finding by its severity label, each severity its own colour, after the Finding rule', async () => {
    const text = await readFile(STYLE_PATH, 'utf8');
    const style = parseGrass(text);
    const selectors = Object.keys(style);
    const colours = SEVERITIES.map((severity) => style[`node.${SEVERITY_LABELS[severity]}`]?.color);
    expect(colours.every((colour) => /^#[0-9A-F]{6}$/i.test(colour ?? ''))).toBe(true);
    expect(new Set(colours).size).toBe(SEVERITIES.length);
    // Browser applies matching rules in order: the severity rule must come after node.Finding to win.
    for (const severity of SEVERITIES) {
      expect(selectors.indexOf(`node.${SEVERITY_LABELS[severity]}`)).toBeGreaterThan(
        selectors.indexOf('node.Finding'),
      );
    }
  });

  it('is plain GraSS Browser can parse: no comments, quoted captions, every value terminated', async () => {
    const text = await readFile(STYLE_PATH, 'utf8');
    expect(text).not.toMatch(/\/\*|\/\//);
    const style = parseGrass(text);
    expect(style['node.LambdaFunction']).toMatchObject({ caption: '{name}', color: '#FF9900' });
    expect(JSON.parse(styleCommand(text).slice(':style '.length))).toEqual(style);
  });

  it('reads GraSS like Browser: quotes dropped, declarations split on ";"', () => {
    expect(
      parseGrass("node.A {\n  color: #fff;\n  caption: '{name}';\n}\nrelationship.R { shaft-width: 3px }"),
    ).toEqual({
      'node.A': { color: '#fff', caption: '{name}' },
      'relationship.R': { 'shaft-width': '3px' },
    });
  });
});
