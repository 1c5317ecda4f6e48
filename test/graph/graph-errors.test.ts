import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { InputError, ToxgraphError } from '../../src/errors.js';
import { checkBoltUri, classifyGraphError, explainGraphError } from '../../src/graph/graph-errors.js';

const settings = {
  uri: 'neo4j+s://graph.example.org:7687',
  username: 'scanner',
  password: 'hunter2',
  database: 'estate',
};
// Errors as neo4j-driver 5 raises them: server status codes (https://neo4j.com/docs/status-codes/) and the
// driver's own ServiceUnavailable / SessionExpired.
const serverError = (code: string, message = 'server says no') => new Neo4jError(message, code, code, code);

describe('classifyGraphError / explainGraphError', () => {
  it.each([
    [
      'Neo.ClientError.Security.Unauthorized',
      'unauthorized',
      InputError,
      /refused user "scanner"; check NEO4J_USERNAME and NEO4J_PASSWORD/,
    ],
    [
      'Neo.ClientError.Security.AuthenticationRateLimit',
      'unauthorized',
      InputError,
      /refused user "scanner"/,
    ],
    [
      'Neo.ClientError.Database.DatabaseNotFound',
      'unknown-database',
      InputError,
      /no available database "estate"; set NEO4J_DATABASE/,
    ],
    [
      'ServiceUnavailable',
      'unreachable',
      ToxgraphError,
      /cannot reach Neo4j at neo4j\+s:\/\/graph\.example\.org:7687; start a local one/,
    ],
    ['SessionExpired', 'connection-lost', ToxgraphError, /cannot reach Neo4j/],
  ])('%s is %s', (code, fault, type, message) => {
    const error = serverError(code);
    expect(classifyGraphError(error)).toBe(fault);
    const explained = explainGraphError(error, settings) as Error;
    expect(explained).toBeInstanceOf(type);
    expect(explained.message).toMatch(message);
    expect(explained.message).not.toContain('hunter2');
    expect(explained.message).not.toContain('\n');
  });

  it('asks for credentials when none were given', () => {
    const explained = explainGraphError(serverError('Neo.ClientError.Security.Unauthorized'), {
      ...settings,
      username: undefined,
      password: undefined,
    }) as Error;
    expect(explained.message).toMatch(/requires authentication; set NEO4J_USERNAME and NEO4J_PASSWORD/);
  });

  it('says a connection lost mid-run stopped the run', () => {
    const explained = explainGraphError(
      serverError('ServiceUnavailable'),
      settings,
      'while loading iam.json',
    ) as Error;
    expect(explained.message).toMatch(/^lost the connection to Neo4j at .* while loading iam\.json; stopped/);
    expect((explained as ToxgraphError).exitCode).toBe(1);
  });

  it('leaves other errors alone', () => {
    const other = serverError('Neo.ClientError.Statement.SyntaxError');
    expect(classifyGraphError(other)).toBe('other');
    expect(explainGraphError(other, settings)).toBe(other);
  });
});

describe('checkBoltUri', () => {
  it.each(['bolt://127.0.0.1:7687', 'neo4j://db:7687', 'neo4j+s://x.databases.neo4j.io', 'bolt+ssc://h'])(
    'accepts %s',
    (uri) => expect(() => checkBoltUri(uri)).not.toThrow(),
  );
  it.each(['http://127.0.0.1:7474', '127.0.0.1:7687', 'bolt:/x', ''])(
    'rejects %s naming NEO4J_URI',
    (uri) => {
      expect(() => checkBoltUri(uri)).toThrow(InputError);
      expect(() => checkBoltUri(uri)).toThrow(/NEO4J_URI .* is not a Bolt URI; expected bolt:\/\//);
    },
  );
});
