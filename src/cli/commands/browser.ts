import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_BOLT_PORT } from '../../config.js';
import { InputError } from '../../errors.js';
import {
  BROWSER_DIR,
  BROWSER_KIT_PREFIX,
  DETECTION_QUERIES_DIR,
  GUIDE_FILE,
  STYLE_FILE,
} from '../../findings/browser-kit.js';
import { BROWSER_CONTENT_HOSTS, boltUri, browserUrl, localServerStatus } from '../../graph/local-server.js';
import type { CommandContext } from '../context.js';

/** Where `toxgraph serve` listens unless told otherwise (docs/contract: serve's defaults). */
const DEFAULT_SERVE_URL = 'http://127.0.0.1:8080';
/** Neo4j's default HTTP and HTTPS ports; a remote server's real ones are not visible over Bolt. */
const NEO4J_HTTP_PORT = 7474;
const NEO4J_HTTPS_PORT = 7473;

export interface BrowserTarget {
  browserUrl: string;
  connectUrl: string;
  /** How the Browser URL was found, for the reader. */
  source: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The Browser of the running local server when NEO4J_URI names it, else the host of NEO4J_URI on Neo4j's
 * default HTTP(S) port.
 */
export function browserTarget(
  neo4jUri: string,
  local: { boltPort: number; httpPort: number } | undefined,
): BrowserTarget {
  let uri: URL;
  try {
    uri = new URL(neo4jUri);
  } catch {
    throw new InputError(`NEO4J_URI is "${neo4jUri}"; expected a URI such as bolt://127.0.0.1:7687`);
  }
  if (local && LOOPBACK.has(uri.hostname) && Number(uri.port || DEFAULT_BOLT_PORT) === local.boltPort) {
    return {
      browserUrl: browserUrl(local.httpPort),
      connectUrl: boltUri(local.boltPort),
      source: 'the local Neo4j of TOXGRAPH_HOME',
    };
  }
  const encrypted = /\+s(sc)?:$/.test(uri.protocol);
  const scheme = encrypted ? 'https' : 'http';
  const port = encrypted ? NEO4J_HTTPS_PORT : NEO4J_HTTP_PORT;
  return {
    browserUrl: `${scheme}://${uri.hostname}:${port}/browser/`,
    connectUrl: `${uri.protocol}//${uri.host}`,
    source: `the host of NEO4J_URI, on Neo4j's default ${scheme.toUpperCase()} port ${port}`,
  };
}

export interface BrowserInstructionsInput {
  target: BrowserTarget;
  username: string | undefined;
  serveUrl: string;
  kitDir: string;
}

/** What `toxgraph browser` prints: where Browser is, and how to load the guide, the style and the queries. */
export function browserInstructions({
  target,
  username,
  serveUrl,
  kitDir,
}: BrowserInstructionsInput): string {
  const kit = `${serveUrl}${BROWSER_KIT_PREFIX}`;
  const login = username
    ? `as ${username} (NEO4J_USERNAME), with the password of NEO4J_PASSWORD`
    : 'with "No authentication"';
  return [
    `Neo4j Browser: ${target.browserUrl}  (${target.source})`,
    `  connect URL ${target.connectUrl}, ${login}`,
    '',
    `The guide, a walk through the findings (needs \`toxgraph serve\` at ${serveUrl}):`,
    `  :play ${kit}/${GUIDE_FILE}`,
    'The style sheet (colours, captions and sizes; findings by severity):',
    `  :style ${kit}/${STYLE_FILE}`,
    '  or run the "Style the graph" slide of the guide.',
    'The saved queries: open Favorites (the star), then drop the .cypher files of',
    `  ${kitDir}`,
    `  ${path.join(kitDir, DETECTION_QUERIES_DIR)}`,
    '  onto its import area; each is also a slide of the guide.',
    '',
    `Browser loads guides and styles only from the hosts its server lists in browser.remote_content_hostname_whitelist;`,
    `the local server and docker-compose.yml list ${BROWSER_CONTENT_HOSTS}.`,
  ].join('\n');
}

function parseServeUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:')
      return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new InvalidArgumentError(`expected an http(s) URL such as ${DEFAULT_SERVE_URL}, got "${value}"`);
}

export function registerBrowserCommand(program: Command, context: () => CommandContext): void {
  program
    .command('browser')
    .description(
      'print the Neo4j Browser URL (the running local server, or the host of NEO4J_URI) and how to load ' +
        "toxgraph's guide, style sheet and saved queries into it",
    )
    .option('--serve-url <url>', 'where `toxgraph serve` runs (it serves the guide and style)', parseServeUrl)
    .action(async (options: { serveUrl?: string }) => {
      const { config, out } = context();
      const status = await localServerStatus(config.home);
      const target = browserTarget(config.neo4j.uri, status.running ? status.state : undefined);
      out(
        browserInstructions({
          target,
          username: config.neo4j.username,
          serveUrl: options.serveUrl ?? DEFAULT_SERVE_URL,
          kitDir: path.resolve(BROWSER_DIR),
        }),
      );
    });
}
