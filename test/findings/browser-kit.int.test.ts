/**
 * The Neo4j Browser kit against the demo estate: every saved query of cypher/browser/ returns rows, and a
 * real Neo4j Browser (headless Chromium, served by the test Neo4j at /browser/) plays the guide and loads the
 * style sheet from browserKitRoutes, then runs a saved query. Screenshots go to .toxgraph/test/artifacts/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { BROWSER_KIT_PREFIX, browserKitRoutes } from '../../src/api/browser-kit-routes.js';
import { type Exploration, loadBrowserKitFiles, parseExploration } from '../../src/findings/browser-kit.js';
import { runCli } from '../support/cli.js';
import { cypher, testDriver } from '../support/graph.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../.toxgraph/test/artifacts');
/**
 * The detection the demo estate has no case for: `new-access` needs a baseline scan to compare with, and the
 * demo loads one snapshot (a second load and analysis only to stage drift would double the demo's time;
 * test/scenarios/drift.int.test.ts covers it end to end). Its saved query runs but returns nothing. (The
 * usage detections have cases: the demo's IAM unit carries Access Advisor data; edge-router is the demo's
 * toxic Lambda@Edge function.)
 */
const NOT_IN_DEMO = ['detections/new-access.cypher'];

async function savedQueries(): Promise<Exploration[]> {
  const files = await loadBrowserKitFiles();
  return [...files]
    .filter(([file]) => file.endsWith('.cypher'))
    .map(([file, text]) => parseExploration(text, file));
}

/** The `:param` examples, evaluated by Neo4j itself as Browser would. */
async function exampleParams(query: Exploration): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const param of query.params) {
    const [row] = await cypher<{ value: unknown }>(`RETURN ${param.example} AS value`);
    params[param.name] = row!.value;
  }
  return params;
}

let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'toxgraph-browser-kit-'));
  const demo = await runCli(['demo'], { TOXGRAPH_HOME: home });
  expect(demo.stderr).not.toMatch(/unexpected error/);
  expect(demo.code).toBe(0);
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('the saved queries of cypher/browser/ on the demo estate', () => {
  it('each returns rows, with its :param examples (except detections the demo cannot show)', async () => {
    const empty: string[] = [];
    for (const query of await savedQueries()) {
      const rows = await cypher(query.query, await exampleParams(query));
      if (rows.length === 0) empty.push(query.file);
    }
    expect(empty.sort()).toEqual(NOT_IN_DEMO);
  });

  it('labels every finding with its severity, and only that one (the style sheet colours these labels)', async () => {
    const rows = await cypher<{ severity: string; labels: string[] }>(
      "MATCH (f:Finding) RETURN f.severity AS severity, [l IN labels(f) WHERE l <> 'Finding'] AS labels",
    );
    expect(rows.length).toBeGreaterThan(0);
    const expected: Record<string, string> = {
      critical: 'Critical',
      high: 'High',
      medium: 'Medium',
      low: 'Low',
      info: 'Info',
    };
    expect(rows.filter((row) => row.labels.join() !== expected[row.severity])).toEqual([]);
  });

  it('finds what the demo estate declares: who can assume ops-admin, and the role orders functions share', async () => {
    const byFile = new Map((await savedQueries()).map((query) => [query.file, query]));
    const assume = byFile.get('07-who-can-assume-role.cypher')!;
    const paths = await cypher<{ who: string; hops: string[] }>(
      `CALL () { ${assume.query} } RETURN last(nodes(path)).name AS who, [r IN relationships(path) | type(r)] AS hops`,
      await exampleParams(assume),
    );
    // ops-admin's trust policy names legacy-upload-role, whose policy allows sts:AssumeRole on ops-admin.
    expect(paths.map((p) => `${p.who}:${p.hops.join('>')}`).sort()).toEqual([
      'legacy-upload-role:TRUSTS',
      'ops-admin:CAN_ASSUME',
    ]);
    const shared = await cypher(byFile.get('08-functions-sharing-a-role.cypher')!.query);
    expect(shared).toEqual([
      expect.objectContaining({
        role: 'orders-shared-role',
        functions: expect.arrayContaining(['orders-api', 'orders-reconcile']),
      }),
    ]);
  });
});

// The Browser is the one the test Neo4j serves; an external Neo4j (TOXGRAPH_TEST_NEO4J_URI) has no known HTTP port.
const external = Boolean(process.env.TOXGRAPH_TEST_NEO4J_URI);
const httpPort = Number(process.env.TOXGRAPH_TEST_HTTP_PORT ?? 17474);

describe.skipIf(external)('Neo4j Browser with the kit, in headless Chromium', () => {
  let kit: FastifyInstance;
  let kitUrl: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The kit as `toxgraph serve` serves it: behind the token check (a token is set, the kit is public),
    // the rate limit and the security headers.
    kit = await buildApp({
      driver: testDriver(),
      database: 'neo4j',
      logger: pino({ level: 'silent' }),
      tokens: ['a-token-the-browser-never-sends'],
      version: 'test',
      plugins: [browserKitRoutes],
    });
    kitUrl = `${await kit.listen({ host: '127.0.0.1', port: 0 })}${BROWSER_KIT_PREFIX}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  /** Types a command into Browser's editor and runs it; its frame becomes the first one. */
  async function run(command: string): Promise<void> {
    await page.locator('[data-testid="activeEditor"]').click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }
  const firstFrame = () => page.locator('[data-testid="frame"]').first();

  /**
   * Plays the guide and waits for its first slide. Browser sometimes answers the first `:play` of a URL with
   * its "Not found" page although the kit served the guide (200, seen in about one run in three on a busy
   * machine; Browser's cause not established): that answer is retried, twice at most, and each attempt's
   * outcome is part of the failure message.
   */
  async function playGuide(url: string): Promise<void> {
    const title = firstFrame().getByText('toxgraph: toxic combinations in your Lambda estate');
    const notFound = firstFrame().getByText('No guide by that name.');
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      // The answer is read from the new frame only, not from the previous attempt's.
      const frames = await page.locator('[data-testid="frame"]').count();
      await run(`:play ${url}`);
      await page.waitForFunction(
        (before) => {
          const doc = (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document;
          return doc.querySelectorAll('[data-testid="frame"]').length > before;
        },
        frames,
        { timeout: 60_000 },
      );
      await title.or(notFound).first().waitFor({ timeout: 60_000 });
      if (await title.isVisible()) return;
      outcomes.push(`attempt ${attempt}: Browser said "No guide by that name."`);
      console.warn(`Neo4j Browser: ${outcomes.at(-1)}; playing the guide again`);
    }
    throw new Error(`the guide never played:\n${outcomes.join('\n')}`);
  }

  it('connects, plays the guide, loads the style and shows a saved query on the demo', async () => {
    const connectUrl = encodeURIComponent(inject('neo4jUri'));
    await page.goto(`http://127.0.0.1:${httpPort}/browser/?dbms=${connectUrl}&preselectAuthMethod=NO_AUTH`);
    // Authentication is off on the test server: Browser connects on its own.
    await page.getByText('Connected to Neo4j').waitFor({ timeout: 90_000 });

    await playGuide(`${kitUrl}/toxgraph-guide.html`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'neo4j-browser-guide.png') });

    await run(`:style ${kitUrl}/toxgraph.grass`);
    await firstFrame().getByText('node.LambdaFunction').waitFor();

    const queries = new Map((await savedQueries()).map((query) => [query.file, query]));
    const assume = queries.get('07-who-can-assume-role.cypher')!;
    await run(`:param role => ${assume.params[0]!.example}`);
    await run(assume.query.replace(/\s*\n\s*/g, ' '));
    await firstFrame().locator('svg .node').first().waitFor({ timeout: 30_000 });
    await firstFrame().locator('[data-testid="cypherFrameSidebarTable"]').click();
    await firstFrame().getByText('legacy-upload-role').first().waitFor();

    const toxic = queries.get('02-toxic-combinations.cypher')!;
    await run(toxic.query.replace(/\s*\n\s*/g, ' '));
    // Browser keeps the last view (the table above): back to the graph.
    await firstFrame().locator('[data-testid="cypherFrameSidebarVisualization"]').click();
    // The overview lists labels with counts; the severity labels come from the analysis, colours from the style.
    await firstFrame()
      .getByText(/^Critical \(\d+\)$/)
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'neo4j-browser-toxic-combinations.png') });
    const criticalColour = await firstFrame()
      .getByText(/^Critical \(\d+\)$/)
      // Runs in the page; the tests' tsconfig has no DOM library, hence the type of the page's global.
      .evaluate((element) => {
        const page = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } };
        return page.getComputedStyle(element).backgroundColor;
      });
    expect(criticalColour).toBe('rgb(183, 28, 28)'); // #B71C1C, node.Critical in toxgraph.grass
  }, 300_000); // One broad case: Browser's start and three renders take minutes on a busy CI machine.
});
