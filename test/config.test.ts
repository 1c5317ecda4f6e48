import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('applies the contract defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.neo4j).toEqual({
      uri: 'bolt://127.0.0.1:7687',
      username: undefined,
      password: undefined,
      database: 'neo4j',
    });
    expect(config.home.endsWith('.toxgraph')).toBe(true);
    expect(config.apiTokens).toEqual([]);
  });

  it('reads the standard Neo4j variables and splits API tokens on commas', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://db.example.com',
      NEO4J_USERNAME: 'reader',
      NEO4J_PASSWORD: 'pw',
      NEO4J_DATABASE: 'estate',
      TOXGRAPH_API_TOKEN: ' one, two ,,',
      TOXGRAPH_HOME: '/var/lib/toxgraph',
    });
    expect(config.neo4j).toEqual({
      uri: 'neo4j+s://db.example.com',
      username: 'reader',
      password: 'pw',
      database: 'estate',
    });
    expect(config.apiTokens).toEqual(['one', 'two']);
    expect(config.home).toBe('/var/lib/toxgraph');
  });

  it('offers the read-only Cypher endpoint only when TOXGRAPH_API_CYPHER turns it on, and names a bad value', () => {
    const cases: [string | undefined, boolean][] = [
      [undefined, false],
      ['', false],
      ['0', false],
      ['false', false],
      ['1', true],
      ['true', true],
      [' TRUE ', true],
    ];
    for (const [value, expected] of cases) {
      expect(loadConfig(value === undefined ? {} : { TOXGRAPH_API_CYPHER: value }).apiCypher, value).toBe(
        expected,
      );
    }
    expect(() => loadConfig({ TOXGRAPH_API_CYPHER: 'yes please' })).toThrow(
      'TOXGRAPH_API_CYPHER is "yes please"; expected 1 or true (on), 0 or false (off)',
    );
  });

  it('logs at info for cron, CI and Docker, at warn on a terminal, unless TOXGRAPH_LOG_LEVEL says', () => {
    expect(loadConfig({}, false).logLevel).toBe('info');
    expect(loadConfig({}, true).logLevel).toBe('warn');
    expect(loadConfig({ TOXGRAPH_LOG_LEVEL: 'debug' }, true).logLevel).toBe('debug');
  });

  it('leaves the function URL rule date to the analysis unless TOXGRAPH_URL_INVOKE_RULE_DATE moves it', () => {
    expect(loadConfig({}).analysis.urlInvokeRuleDate).toBeUndefined();
    expect(loadConfig({ TOXGRAPH_URL_INVOKE_RULE_DATE: '2027-05-01' }).analysis.urlInvokeRuleDate).toEqual(
      new Date('2027-05-01T00:00:00Z'),
    );
    expect(
      loadConfig({ TOXGRAPH_URL_INVOKE_RULE_DATE: '2027-05-01T12:00:00+02:00' }).analysis.urlInvokeRuleDate,
    ).toEqual(new Date('2027-05-01T10:00:00Z'));
  });

  it.each(['November 1st', '2026-13-01', '2026-02-30', '2026-11-01T10:00', '01/11/2026'])(
    'rejects the rule date %s, naming the variable and the expected form',
    (value) => {
      expect(() => loadConfig({ TOXGRAPH_URL_INVOKE_RULE_DATE: value })).toThrow(
        new RegExp(`TOXGRAPH_URL_INVOKE_RULE_DATE is "${value}"; expected a date as YYYY-MM-DD`),
      );
    },
  );

  it('rejects an unknown log level, naming the variable', () => {
    expect(() => loadConfig({ TOXGRAPH_LOG_LEVEL: 'loud' })).toThrow(/TOXGRAPH_LOG_LEVEL.*loud/);
  });

  it('reads the webhook of scheduled runs, never repeating a URL that does not parse (it holds a secret)', () => {
    expect(loadConfig({}, false).webhook).toBeUndefined();
    expect(loadConfig({ TOXGRAPH_WEBHOOK_URL: 'https://hooks.example.com/T0/B0/x' }, false).webhook).toEqual({
      url: 'https://hooks.example.com/T0/B0/x',
      format: 'slack',
    });
    expect(
      loadConfig({ TOXGRAPH_WEBHOOK_URL: 'http://127.0.0.1:9/h', TOXGRAPH_WEBHOOK_FORMAT: 'json' }, false)
        .webhook,
    ).toEqual({ url: 'http://127.0.0.1:9/h', format: 'json' });
    expect(() => loadConfig({ TOXGRAPH_WEBHOOK_URL: 'not a url secret-token' }, false)).toThrow(
      /^TOXGRAPH_WEBHOOK_URL is not a URL; expected https:/,
    );
    expect(() => loadConfig({ TOXGRAPH_WEBHOOK_URL: 'not a url secret-token' }, false)).not.toThrow(
      /secret-token/,
    );
    expect(() => loadConfig({ TOXGRAPH_WEBHOOK_URL: 'ftp://example.com/x' }, false)).toThrow(/uses ftp:/);
    expect(() => loadConfig({ TOXGRAPH_WEBHOOK_FORMAT: 'teams' }, false)).toThrow(
      /TOXGRAPH_WEBHOOK_FORMAT is "teams"; expected one of slack, json/,
    );
  });
});
