import path from 'node:path';
import { InputError } from './errors.js';
import { ACCESS_ADVISOR_TRACKING_DAYS, DEFAULT_UNUSED_DAYS } from './iam/usage.js';

/** Settings that come from the environment (docs: README "Configuration"). Flags override some of them. */
export interface Config {
  neo4j: Neo4jSettings;
  /** NEO4J_URI was set: the user chose the graph; otherwise the local server of `home` (or the default). */
  neo4jUriSet: boolean;
  /** Where local state lives: the local Neo4j server, the moto venv for tests, reports. */
  home: string;
  apiTokens: string[];
  /** TOXGRAPH_API_CYPHER: `serve` also offers the read-only Cypher endpoint (docs/api.md). */
  apiCypher: boolean;
  logLevel: string;
  /** Settings of the analysis that a user may need to move when AWS does (docs/exposure.md). */
  analysis: AnalysisSettings;
  /** TOXGRAPH_WEBHOOK_URL / TOXGRAPH_WEBHOOK_FORMAT: where scheduled runs announce their changes. */
  webhook: WebhookSettings | undefined;
}

export interface WebhookSettings {
  /** A secret in practice (a Slack webhook URL is one): never logged. */
  url: string;
  format: 'slack' | 'json';
}

export interface AnalysisSettings {
  /** TOXGRAPH_URL_INVOKE_RULE_DATE; unset: the date AWS announced (URL_INVOKE_RULE_DATE). */
  urlInvokeRuleDate: Date | undefined;
  /** TOXGRAPH_UNUSED_DAYS: the N of "granted but not used in N days" (docs/usage.md); default 90. */
  unusedDays?: number;
}

export interface Neo4jSettings {
  uri: string;
  username: string | undefined;
  password: string | undefined;
  database: string;
}

export const DEFAULT_BOLT_PORT = 7687;
export const DEFAULT_HTTP_PORT = 7474;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const SWITCH_VALUES: Record<string, boolean> = { '': false, '0': false, false: false, '1': true, true: true };

function parseSwitch(name: string, env: NodeJS.ProcessEnv): boolean {
  const value = (env[name] ?? '').trim().toLowerCase();
  const parsed = SWITCH_VALUES[value];
  if (parsed === undefined) {
    throw new InputError(`${name} is "${env[name]}"; expected 1 or true (on), 0 or false (off)`);
  }
  return parsed;
}

/**
 * `interactive`: stderr is a terminal. There, JSON log lines would drown the progress display and the
 * output, so the default level is `warn`; under cron, CI or Docker it is `info`.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  interactive = Boolean(process.stderr.isTTY),
): Config {
  const logLevel = env.TOXGRAPH_LOG_LEVEL ?? (interactive ? 'warn' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new InputError(`TOXGRAPH_LOG_LEVEL is "${logLevel}"; expected one of ${LOG_LEVELS.join(', ')}`);
  }
  return {
    neo4j: {
      uri: env.NEO4J_URI || `bolt://127.0.0.1:${DEFAULT_BOLT_PORT}`,
      username: env.NEO4J_USERNAME || undefined,
      password: env.NEO4J_PASSWORD || undefined,
      database: env.NEO4J_DATABASE || 'neo4j',
    },
    neo4jUriSet: Boolean(env.NEO4J_URI),
    home: path.resolve(env.TOXGRAPH_HOME || '.toxgraph'),
    apiTokens: (env.TOXGRAPH_API_TOKEN ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token.length > 0),
    apiCypher: parseSwitch('TOXGRAPH_API_CYPHER', env),
    logLevel,
    analysis: {
      urlInvokeRuleDate: parseRuleDate('TOXGRAPH_URL_INVOKE_RULE_DATE', env),
      unusedDays: parseUnusedDays(env),
    },
    webhook: parseWebhook(env),
  };
}

const WEBHOOK_FORMATS = ['slack', 'json'] as const;

function parseWebhook(env: NodeJS.ProcessEnv): WebhookSettings | undefined {
  const url = env.TOXGRAPH_WEBHOOK_URL?.trim();
  const format = env.TOXGRAPH_WEBHOOK_FORMAT?.trim() || 'slack';
  if (!(WEBHOOK_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(
      `TOXGRAPH_WEBHOOK_FORMAT is "${format}"; expected one of ${WEBHOOK_FORMATS.join(', ')}`,
    );
  }
  if (!url) return undefined;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // The value itself is not repeated: it usually carries a secret token.
    throw new InputError(
      'TOXGRAPH_WEBHOOK_URL is not a URL; expected https://... (or http:// on a trusted network)',
    );
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new InputError(`TOXGRAPH_WEBHOOK_URL uses ${protocol}; expected https:// (or http://)`);
  }
  return { url, format: format as WebhookSettings['format'] };
}

/** A calendar date (YYYY-MM-DD, midnight UTC) or a full ISO 8601 time with its zone. */
const RULE_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** AWS tracks 400 days, so a larger N could never be claimed (docs/usage.md, "Tracking period"). */
function parseUnusedDays(env: NodeJS.ProcessEnv): number {
  const value = env.TOXGRAPH_UNUSED_DAYS?.trim();
  if (!value) return DEFAULT_UNUSED_DAYS;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > ACCESS_ADVISOR_TRACKING_DAYS) {
    throw new InputError(
      `TOXGRAPH_UNUSED_DAYS is "${value}"; expected a whole number of days from 1 to ${ACCESS_ADVISOR_TRACKING_DAYS} (the period AWS tracks)`,
    );
  }
  return days;
}

function parseRuleDate(name: string, env: NodeJS.ProcessEnv): Date | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  // `new Date` rolls 2026-02-30 over to March: a date that does not print back as written is not one.
  if (!RULE_DATE.test(value) || Number.isNaN(date.getTime()) || !sameDay(date, value)) {
    throw new InputError(
      `${name} is "${value}"; expected a date as YYYY-MM-DD (e.g. 2026-11-01) or an ISO 8601 time with its zone`,
    );
  }
  return date;
}

function sameDay(date: Date, value: string): boolean {
  return value.length !== 10 || date.toISOString().slice(0, 10) === value;
}
