/**
 * `toxgraph scan --usage` end to end: moto for everything, the local Access Advisor stub for the two IAM
 * calls moto lacks (test/README.md). One execution role's job completes, the other's fails. The failure is a
 * gap naming the role; the completed report is stored on the role; and nothing is called unused, because the
 * report (dated 2026-11-29T00:00Z) predates roles created by this test: AWS tracked no day of their use.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { type AccessAdvisorStub, startAccessAdvisorStub } from '../support/access-advisor-stub.js';
import { createFunction, createRole, REGION } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';
import { LOGS_ONLY } from './policies.js';
import { roleArn } from './scenario.js';

let stub: AccessAdvisorStub;
let scanOutput: string;
let scanCode: number;
let findings: Finding[];

beforeAll(async () => {
  await createFunction('usage-fn', await createRole({ name: 'usage-role', inline: { logs: LOGS_ONLY } }));
  await createFunction(
    'usage-broken-fn',
    await createRole({ name: 'usage-broken', inline: { logs: LOGS_ONLY } }),
  );
  await createRole({ name: 'not-an-execution-role', inline: { logs: LOGS_ONLY } });
  stub = await startAccessAdvisorStub(
    {
      [roleArn('usage-role')]: { kind: 'complete', inProgressPolls: 1 },
      [roleArn('usage-broken')]: { kind: 'fail', message: 'report generation failed' },
    },
    inject('motoUrl'),
  );
  const scan = await runCli(['scan', '--regions', REGION, '--usage'], { AWS_ENDPOINT_URL_IAM: stub.url });
  scanOutput = scan.stdout;
  scanCode = scan.code;
  findings = JSON.parse((await runCli(['findings', '--format', 'json'])).stdout) as Finding[];
});

afterAll(async () => {
  await stub?.close();
});

describe('scan --usage', () => {
  it('asks Access Advisor (action level) for the execution roles only', () => {
    expect(stub.calls.filter((call) => call.startsWith('Generate')).sort()).toEqual([
      `GenerateServiceLastAccessedDetails ${roleArn('usage-broken')} ACTION_LEVEL`,
      `GenerateServiceLastAccessedDetails ${roleArn('usage-role')} ACTION_LEVEL`,
    ]);
  });

  it('reports the failed job as a gap naming the role, not as unused', () => {
    expect(scanCode, scanOutput).toBe(0);
    expect(scanOutput).toContain(
      `GetServiceLastAccessedDetails: Access Advisor for ${roleArn('usage-broken')}: FAILED (report generation failed)`,
    );
    expect(findings.filter((f) => f.detection.startsWith('unused-'))).toEqual([]);
  });

  it('stores the completed report and says why nothing is claimed', async () => {
    const rows = await cypher<{ id: string; status: string; reason: string | null; report: string | null }>(
      `MATCH (r:AWSRole) WHERE r.id IN $ids
       RETURN r.id AS id, r.usageStatus AS status, r.usageReason AS reason, r.accessAdvisorJson AS report ORDER BY id`,
      { ids: [roleArn('usage-broken'), roleArn('usage-role'), roleArn('not-an-execution-role')] },
    );
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      [roleArn('not-an-execution-role'), 'not_collected'],
      [roleArn('usage-broken'), 'unknown'],
      [roleArn('usage-role'), 'unknown'],
    ]);
    expect(rows[1]!.reason).toBe('Access Advisor job FAILED: report generation failed');
    expect(rows[2]!.reason).toBe('AWS tracked 0 day(s) for this role, fewer than the 90 asked about');
    expect(JSON.parse(rows[2]!.report!).status).toBe('COMPLETED');
  });
});
