/**
 * Runs before each integration test file: points the AWS SDK and toxgraph at the test services, and gives
 * the file an empty AWS emulator and an empty graph.
 */
import { beforeAll, inject } from 'vitest';
import { wipeGraph } from './graph.js';
import { resetMoto } from './moto-server.js';

process.env.AWS_ENDPOINT_URL = inject('motoUrl');
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
process.env.NEO4J_URI = inject('neo4jUri');
delete process.env.NEO4J_USERNAME;
delete process.env.NEO4J_PASSWORD;
delete process.env.AWS_PROFILE;

beforeAll(async () => {
  await Promise.all([resetMoto(inject('motoUrl')), wipeGraph()]);
});
