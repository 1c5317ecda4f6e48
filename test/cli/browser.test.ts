import { describe, expect, it } from 'vitest';
import { browserInstructions, browserTarget } from '../../src/cli/commands/browser.js';

describe('browserTarget', () => {
  // Neo4j's default ports: HTTP 7474 and HTTPS 7473 (operations manual, "Ports").
  const cases = [
    {
      name: 'the running local server NEO4J_URI names',
      uri: 'bolt://127.0.0.1:17708',
      local: { boltPort: 17708, httpPort: 17718 },
      expected: { browserUrl: 'http://127.0.0.1:17718/browser/', connectUrl: 'bolt://127.0.0.1:17708' },
    },
    {
      name: 'the local server on the default Bolt port, named by localhost without a port',
      uri: 'neo4j://localhost',
      local: { boltPort: 7687, httpPort: 7474 },
      expected: { browserUrl: 'http://127.0.0.1:7474/browser/', connectUrl: 'bolt://127.0.0.1:7687' },
    },
    {
      name: 'a running local server NEO4J_URI does not name: the host of NEO4J_URI',
      uri: 'bolt://graph.internal:7687',
      local: { boltPort: 7687, httpPort: 7474 },
      expected: {
        browserUrl: 'http://graph.internal:7474/browser/',
        connectUrl: 'bolt://graph.internal:7687',
      },
    },
    {
      name: 'an unencrypted remote server: HTTP on 7474',
      uri: 'neo4j://10.0.0.5:7688',
      local: undefined,
      expected: { browserUrl: 'http://10.0.0.5:7474/browser/', connectUrl: 'neo4j://10.0.0.5:7688' },
    },
    {
      name: 'an encrypted server (neo4j+s): HTTPS on 7473',
      uri: 'neo4j+s://abc.databases.neo4j.io',
      local: undefined,
      expected: {
        browserUrl: 'https://abc.databases.neo4j.io:7473/browser/',
        connectUrl: 'neo4j+s://abc.databases.neo4j.io',
      },
    },
    {
      name: 'a self-signed encrypted server (bolt+ssc): HTTPS on 7473',
      uri: 'bolt+ssc://db.example.org:7687',
      local: undefined,
      expected: {
        browserUrl: 'https://db.example.org:7473/browser/',
        connectUrl: 'bolt+ssc://db.example.org:7687',
      },
    },
  ];
  for (const { name, uri, local, expected } of cases) {
    it(name, () => {
      expect(browserTarget(uri, local)).toMatchObject(expected);
    });
  }

  it('refuses a NEO4J_URI that is no URI, naming the variable', () => {
    expect(() => browserTarget('127.0.0.1:7687 oops', undefined)).toThrow(
      /NEO4J_URI is "127\.0\.0\.1:7687 oops"/,
    );
  });
});

describe('browserInstructions', () => {
  const target = browserTarget('bolt://127.0.0.1:7687', { boltPort: 7687, httpPort: 7474 });

  it('gives the :play and :style commands on the serve URL, and where the saved queries are', () => {
    const text = browserInstructions({
      target,
      username: undefined,
      serveUrl: 'http://127.0.0.1:8080',
      kitDir: '/opt/toxgraph/cypher/browser',
    });
    expect(text).toContain('Neo4j Browser: http://127.0.0.1:7474/browser/');
    expect(text).toContain('connect URL bolt://127.0.0.1:7687, with "No authentication"');
    expect(text).toContain(':play http://127.0.0.1:8080/browser-kit/toxgraph-guide.html');
    expect(text).toContain(':style http://127.0.0.1:8080/browser-kit/toxgraph.grass');
    expect(text).toContain('/opt/toxgraph/cypher/browser/detections');
    expect(text).toContain('browser.remote_content_hostname_whitelist');
  });

  it("names the user and keeps the serve URL's path prefix", () => {
    const text = browserInstructions({
      target,
      username: 'analyst',
      serveUrl: 'https://tox.example.com/prefix',
      kitDir: '/k',
    });
    expect(text).toContain('as analyst (NEO4J_USERNAME)');
    expect(text).toContain(':play https://tox.example.com/prefix/browser-kit/toxgraph-guide.html');
  });
});
