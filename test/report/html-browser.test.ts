/**
 * The HTML report as a person opens it: headless Chromium loads the file offline and the attack paths
 * must render, with no console error, no script run, no request beyond the file itself. The screenshot is
 * kept in test-artifacts/ (gitignored) for a look.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { launchChromium, watchedPage } from '../support/browser.js';
import { HOSTILE_NAME, renderToString } from './sample-report.js';

const ARTIFACTS = path.resolve('test-artifacts');

it('renders the attack-path diagrams offline with no console error and no script', async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'report.html');
  await writeFile(file, await renderToString(renderHtml));
  const browser = await launchChromium();
  try {
    const { page, problems } = await watchedPage(browser, { width: 1200, height: 900 });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const diagrams = await page.$$eval('svg.path', (svgs) =>
      svgs.map((svg) => ({
        boxes: svg.querySelectorAll('rect').length,
        arrows: svg.querySelectorAll('line').length,
        height: svg.getBoundingClientRect().height,
        texts: [...svg.querySelectorAll('text.name')].map((text) => text.textContent),
      })),
    );
    expect(diagrams.map((d) => [d.boxes, d.arrows])).toEqual([
      [5, 4],
      [5, 4],
    ]);
    for (const diagram of diagrams) expect(diagram.height).toBeGreaterThan(300);
    // The hostile name shows as text, its bidi override made visible; nothing of it became markup.
    expect(diagrams[0]!.texts[2]).toContain('pay</text><script>alert(1)</script>');
    expect(diagrams[0]!.texts[2]).toContain('<U+202E>');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.textContent('body')).toContain(HOSTILE_NAME.slice(0, 20));

    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}, 60_000);
