import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BROWSER_CONTENT_HOSTS } from '../src/graph/local-server.js';

const root = path.resolve(import.meta.dirname, '..');
const composeText = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText);
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
const documented = new Set([...envExample.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));

describe('docker-compose.yml agrees with the contract', () => {
  it('runs Neo4j 5.26 Community with Browser on 7474, Bolt on 7687, a healthcheck and a named volume', () => {
    const neo4j = compose.services.neo4j;
    expect(neo4j.image).toBe('neo4j:5.26-community');
    expect(neo4j.ports).toEqual(expect.arrayContaining(['127.0.0.1:7474:7474', '127.0.0.1:7687:7687']));
    expect(neo4j.healthcheck.test.join(' ')).toContain('7474');
    const [volume] = neo4j.volumes[0].split(':');
    expect(Object.keys(compose.volumes)).toContain(volume);
    expect(neo4j.environment.NEO4J_AUTH).toContain('NEO4J_PASSWORD');
  });

  it('lets Neo4j Browser load the toxgraph guide and style from the hosts the local server allows', () => {
    // The image maps NEO4J_<setting> to neo4j.conf: "_" becomes "." and "__" becomes "_".
    const hosts = compose.services.neo4j.environment.NEO4J_browser_remote__content__hostname__whitelist;
    expect(hosts).toBe(BROWSER_CONTENT_HOSTS);
  });

  it('builds toxgraph from the Dockerfile, waits for a healthy Neo4j and serves on a schedule', () => {
    const toxgraph = compose.services.toxgraph;
    expect(toxgraph.build).toBe('.');
    expect(toxgraph.depends_on.neo4j.condition).toBe('service_healthy');
    expect(toxgraph.command.slice(0, 1)).toEqual(['serve']);
    expect(toxgraph.command).toContain('--schedule');
    expect(toxgraph.environment.NEO4J_URI).toBe('bolt://neo4j:7687');
    // The API listens on 0.0.0.0 inside the container, so a token is mandatory.
    expect(toxgraph.environment.TOXGRAPH_API_TOKEN).toMatch(/:\?/);
    expect(toxgraph.volumes.some((v: string) => v.endsWith('/home/node/.aws:ro'))).toBe(true);
  });

  it('uses the contract variable names and documents every variable in .env.example', () => {
    const toxgraphEnv = Object.keys(compose.services.toxgraph.environment);
    for (const name of [
      'NEO4J_URI',
      'NEO4J_USERNAME',
      'NEO4J_PASSWORD',
      'NEO4J_DATABASE',
      'TOXGRAPH_API_TOKEN',
      'TOXGRAPH_HOME',
    ]) {
      expect(toxgraphEnv).toContain(name);
    }
    const referenced = [...composeText.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]);
    const undocumented = referenced.filter((name) => !documented.has(name));
    expect(undocumented).toEqual([]);
  });
});
