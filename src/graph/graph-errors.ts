/**
 * What a Neo4j driver error means for the user, and the one-line cause and fix we print for it
 * (README.md "Troubleshooting"). Neo4j names its errors with status codes
 * (https://neo4j.com/docs/status-codes/current/errors/all-errors/); the JavaScript driver adds
 * `ServiceUnavailable` (no server answers, or it went away) and `SessionExpired` (the connection of a running
 * transaction broke).
 */
import type { Neo4jSettings } from '../config.js';
import { InputError, ToxgraphError } from '../errors.js';

export type GraphFault =
  | 'bad-uri'
  | 'unauthorized'
  | 'unknown-database'
  | 'unreachable'
  | 'connection-lost'
  | 'other';

/** The URI schemes the driver accepts (https://neo4j.com/docs/javascript-manual/current/connect-advanced/). */
export const BOLT_SCHEMES = ['bolt', 'bolt+s', 'bolt+ssc', 'neo4j', 'neo4j+s', 'neo4j+ssc'] as const;

const UNAUTHORIZED = new Set([
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.CredentialsExpired',
  'Neo.ClientError.Security.TokenExpired',
]);
const UNKNOWN_DATABASE = new Set([
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.ClientError.Database.DatabaseUnavailable',
]);

interface DriverErrorShape {
  code?: string;
  message?: string;
}

export function classifyGraphError(error: unknown): GraphFault {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as DriverErrorShape;
  const code = shape.code ?? '';
  if (UNAUTHORIZED.has(code)) return 'unauthorized';
  if (UNKNOWN_DATABASE.has(code)) return 'unknown-database';
  if (code === 'ServiceUnavailable') return 'unreachable';
  if (code === 'SessionExpired') return 'connection-lost';
  if (/^Unknown scheme/.test(shape.message ?? '')) return 'bad-uri';
  return 'other';
}

/** Thrown by a long run (a load) when the graph went away mid-way: `during` says where it stopped. */
export class GraphConnectionLost extends Error {
  readonly during: string;
  constructor(during: string, cause: unknown) {
    super(`lost the connection to Neo4j ${during}`, { cause });
    this.name = 'GraphConnectionLost';
    this.during = during;
  }
}

/** A dead or vanished server: every later query would wait for the driver's retries, so the run stops. */
export function isConnectionLoss(error: unknown): boolean {
  const fault = classifyGraphError(error);
  return fault === 'unreachable' || fault === 'connection-lost';
}

/** The scheme check, before any driver is built: a typo in NEO4J_URI is bad input (exit 2). */
export function checkBoltUri(uri: string): void {
  const scheme = /^([a-z0-9+]+):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || !(BOLT_SCHEMES as readonly string[]).includes(scheme)) throw badUri(uri);
}

function badUri(uri: string, cause?: unknown): InputError {
  return new InputError(
    `NEO4J_URI "${uri}" is not a Bolt URI; expected ${BOLT_SCHEMES.map((s) => `${s}://`).join(', ')} ` +
      '(for example bolt://127.0.0.1:7687)',
    { cause },
  );
}

/**
 * The user-facing error for a driver error met while talking to the graph at `settings`; `during` says what
 * was going on when a connection broke. Anything that is no connection problem is returned unchanged.
 */
export function explainGraphError(error: unknown, settings: Neo4jSettings, during?: string): unknown {
  const at = `Neo4j at ${settings.uri}`;
  switch (classifyGraphError(error)) {
    case 'bad-uri':
      return badUri(settings.uri, error);
    case 'unauthorized':
      return new InputError(
        settings.username === undefined
          ? `${at} requires authentication; set NEO4J_USERNAME and NEO4J_PASSWORD`
          : `${at} refused user "${settings.username}"; check NEO4J_USERNAME and NEO4J_PASSWORD`,
        { cause: error },
      );
    case 'unknown-database':
      return new InputError(
        `${at} has no available database "${settings.database}"; set NEO4J_DATABASE to an existing one ` +
          '(Neo4j Community has only "neo4j")',
        { cause: error },
      );
    case 'unreachable':
    case 'connection-lost':
      return during === undefined
        ? new ToxgraphError(
            `cannot reach ${at}; start a local one with \`toxgraph neo4j start\`, or set NEO4J_URI to a running server`,
            { cause: error },
          )
        : new ToxgraphError(
            `lost the connection to ${at} ${during}; stopped (nothing was recorded as complete). ` +
              'Rerun once Neo4j answers again',
            { cause: error },
          );
    default:
      return error;
  }
}
