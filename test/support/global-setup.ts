/**
 * Starts the real services of the integration tests once per run: a Neo4j 5.26 server of the tests' own
 * (never the developer's graph, which the tests would wipe) and moto's server on a free loopback port.
 * Both are started through the same code users and CI run. Set TOXGRAPH_TEST_NEO4J_URI to use another
 * Neo4j (its database is wiped), TOXGRAPH_TEST_KEEP_NEO4J=1 to leave the test server running between runs.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { startLocalServer, stopLocalServer } from '../../src/graph/local-server.js';
import { startMoto } from './moto-server.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
export const testHome = process.env.TOXGRAPH_TEST_HOME ?? path.join(repoRoot, '.toxgraph', 'test');

declare module 'vitest' {
  export interface ProvidedContext {
    motoUrl: string;
    neo4jUri: string;
  }
}

export default async function setup(project: TestProject) {
  // Integration tests run the CLI as users do, from the compiled output.
  // Type errors are `npm run typecheck`'s job; here tsc still emits, and the tests report what breaks.
  const build = run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot }).catch((error) => {
    process.stderr.write(`warning: the build reported errors:\n${error.stdout ?? error}\n`);
  });
  const moto = startMoto(testHome);
  const explicitUri = process.env.TOXGRAPH_TEST_NEO4J_URI;
  let startedNeo4j = false;
  let neo4jUri = explicitUri;
  if (!neo4jUri) {
    const boltPort = Number(process.env.TOXGRAPH_TEST_BOLT_PORT ?? 17687);
    const httpPort = Number(process.env.TOXGRAPH_TEST_HTTP_PORT ?? 17474);
    const outcome = await startLocalServer({ home: testHome, boltPort, httpPort });
    if (outcome.kind === 'external') {
      throw new Error(
        `Something that is not the tests' Neo4j answers on port ${boltPort}; set TOXGRAPH_TEST_BOLT_PORT ` +
          'to a free port, or TOXGRAPH_TEST_NEO4J_URI to a server whose data the tests may wipe.',
      );
    }
    startedNeo4j = outcome.kind === 'started';
    neo4jUri = `bolt://127.0.0.1:${boltPort}`;
  }
  const [motoServer] = await Promise.all([moto, build]);
  project.provide('motoUrl', motoServer.url);
  project.provide('neo4jUri', neo4jUri);
  return async () => {
    await motoServer.stop();
    if (startedNeo4j && process.env.TOXGRAPH_TEST_KEEP_NEO4J !== '1') await stopLocalServer(testHome);
  };
}
