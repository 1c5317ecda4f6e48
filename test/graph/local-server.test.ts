import { describe, expect, it } from 'vitest';
import { neo4jConf, parseJavaMajor } from '../../src/graph/local-server.js';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "25.0.1" 2025-10-21', 25],
    ['java version "1.8.0_392"', 8],
    ['no java here', undefined],
  ])('%s → %s', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });
});

describe('neo4jConf', () => {
  it('binds to loopback on the requested ports and keeps state under the home', () => {
    const conf = neo4jConf({ home: '/tmp/tg', boltPort: 17001, httpPort: 17002 });
    expect(conf).toContain('server.bolt.listen_address=127.0.0.1:17001\n');
    expect(conf).toContain('server.http.listen_address=127.0.0.1:17002\n');
    expect(conf).toContain('server.default_listen_address=127.0.0.1\n');
    expect(conf).toContain('server.directories.data=/tmp/tg/neo4j/data\n');
    expect(conf).not.toMatch(/0\.0\.0\.0/);
  });

  it("lets Browser fetch guides and styles from Neo4j's default hosts and from 127.0.0.1 (toxgraph serve)", () => {
    const conf = neo4jConf({ home: '/tmp/tg', boltPort: 17001, httpPort: 17002 });
    expect(conf).toContain(
      'browser.remote_content_hostname_whitelist=guides.neo4j.com,localhost,127.0.0.1\n',
    );
  });
});
