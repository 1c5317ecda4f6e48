import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GUIDE_PATH, loadExplorations, renderBrowserGuide } from '../../src/findings/browser-kit.js';
import { loadDetections } from '../../src/findings/detections.js';

describe('the Neo4j Browser kit (cypher/browser/)', () => {
  it('ships the guide the detection files generate (regenerate: npm run build && node dist/findings/browser-kit.js)', async () => {
    const expected = renderBrowserGuide(await loadDetections(), await loadExplorations());
    expect(await readFile(GUIDE_PATH, 'utf8')).toBe(expected);
  });

  it('has one runnable slide per detection and exploration, queries escaped for HTML', async () => {
    const detections = await loadDetections();
    const explorations = await loadExplorations();
    const guide = renderBrowserGuide(detections, explorations);
    const runnable = [...guide.matchAll(/<pre class="pre-scrollable code runnable">([\s\S]*?)<\/pre>/g)].map(
      (match) =>
        match[1]!
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&'),
    );
    expect(runnable).toEqual([...explorations.map((e) => e.query), ...detections.map((d) => d.query)]);
    expect(guide).not.toMatch(/<pre[^>]*>[^<]*->/);
    for (const detection of detections) expect(guide).toContain(`<code>${detection.id}</code>`);
  });

  it('names each exploration query by its first comment line', async () => {
    const explorations = await loadExplorations();
    expect(explorations.length).toBeGreaterThanOrEqual(4);
    for (const exploration of explorations) {
      expect(exploration.title).toMatch(/^toxgraph: /);
      expect(exploration.query).toMatch(/^MATCH /);
    }
  });
});
