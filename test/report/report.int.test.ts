/**
 * The nightly report end to end against moto: a first scan, a change (the public URL of an admin function
 * made private, a new unauthenticated HTTP API route to an admin function), a second scan, then `toxgraph
 * report` in every format. The report must list exactly what was resolved and what is new.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RemovePermissionCommand, UpdateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { ADMIN } from '../scenarios/policies.js';
import {
  allowApiGateway,
  aws,
  createFunction,
  createPublicFunctionUrl,
  createRole,
  createV2Api,
  putReservedConcurrency,
  REGION,
} from '../support/aws.js';
import { runCli } from '../support/cli.js';

let dir: string;
const out = (name: string) => path.join(dir, name);

async function scan(): Promise<void> {
  const scanned = await runCli(['scan', '--regions', REGION]);
  expect(scanned.stderr).not.toMatch(/toxgraph: /);
  expect(scanned.code).toBe(0);
}

interface JsonReport {
  scan: { id: string; status: string; gaps: unknown[] };
  baseScan: { id: string } | null;
  summary: { changes: Record<string, Record<string, number>> };
  findings: Record<'new' | 'persisting' | 'resolved', Finding[]>;
}

const about = (findings: Finding[]) =>
  findings.map((f) => `${f.detection} ${f.function?.name ?? '-'}`).sort();

let report: JsonReport;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-report-'));
  // Each function its own admin role: no shared-execution-role finding to move with the change.
  const urlRole = await createRole({ name: 'url-admin-role', managed: { 'url-admin-policy': ADMIN } });
  const routeRole = await createRole({ name: 'route-admin-role', managed: { 'route-admin-policy': ADMIN } });
  await createFunction('url-admin', urlRole);
  const routeAdmin = await createFunction('route-admin', routeRole);
  for (const name of ['url-admin', 'route-admin']) await putReservedConcurrency(name, 5);
  await createPublicFunctionUrl('url-admin');
  await scan();

  // The URL made private: IAM authentication and no public grant left.
  await aws
    .lambda()
    .send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'url-admin', AuthType: 'AWS_IAM' }));
  for (const StatementId of ['FunctionURLAllowPublicAccess', 'FunctionURLInvokeAllowPublicAccess']) {
    await aws.lambda().send(new RemovePermissionCommand({ FunctionName: 'url-admin', StatementId }));
  }
  // A new public route to an admin function.
  const { apiId } = await createV2Api({
    name: 'shop',
    protocol: 'HTTP',
    routes: [{ routeKey: 'GET /admin', target: routeAdmin }],
  });
  await allowApiGateway('route-admin', apiId);
  await scan();

  const written = await runCli(['report', '--format', 'json', '--out', out('report.json')]);
  expect(written.stderr).not.toMatch(/toxgraph: /);
  expect(written.code).toBe(0);
  report = JSON.parse(await readFile(out('report.json'), 'utf8')) as JsonReport;
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the report after a change', () => {
  it('lists exactly the resolved and the new findings since the previous scan', () => {
    expect(report.baseScan).not.toBeNull();
    expect(report.baseScan!.id).not.toBe(report.scan.id);
    expect(about(report.findings.resolved)).toEqual(['function-url-privileged-role url-admin']);
    expect(about(report.findings.new)).toEqual(['http-api-route-privileged-role route-admin']);
    expect(report.findings.new[0]).toMatchObject({
      severity: 'critical',
      status: 'new',
      exposure: 'public_unauthenticated',
    });
    expect(report.findings.resolved[0]).toMatchObject({ severity: 'critical', status: 'resolved' });
    expect(report.summary.changes.new!.critical).toBe(1);
    expect(report.summary.changes.resolved!.critical).toBe(1);
  });

  it('fails a pipeline with exit code 3 when an open finding is at or above --fail-on', async () => {
    const sarif = await runCli([
      'report',
      '--format',
      'sarif',
      '--out',
      out('report.sarif'),
      '--fail-on',
      'critical',
    ]);
    expect(sarif.code).toBe(3);
    const log = JSON.parse(await readFile(out('report.sarif'), 'utf8'));
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain(
      'http-api-route-privileged-role',
    );
    const findings = await runCli(['findings', '--format', 'json', '--fail-on', 'high']);
    expect(findings.code).toBe(3);
  });

  it('compares with any earlier scan named by --since, and refuses an unknown one', async () => {
    const since = await runCli([
      'report',
      '--format',
      'json',
      '--out',
      out('since.json'),
      '--since',
      report.baseScan!.id,
    ]);
    expect(since.code).toBe(0);
    const again = JSON.parse(await readFile(out('since.json'), 'utf8')) as JsonReport;
    expect(about(again.findings.new)).toEqual(about(report.findings.new));
    const unknown = await runCli([
      'report',
      '--format',
      'md',
      '--out',
      out('x.md'),
      '--since',
      'no-such-scan',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no scan with id "no-such-scan"/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes Markdown, HTML and OCSF with the same new and resolved findings', async () => {
    for (const format of ['md', 'html', 'ocsf']) {
      const written = await runCli(['report', '--format', format, '--out', out(`report.${format}`)]);
      expect(written.code).toBe(0);
    }
    const md = await readFile(out('report.md'), 'utf8');
    expect(md).toMatch(
      /## New findings \(1\)[\s\S]*## Persisting findings \(0\)[\s\S]*## Resolved findings \(1\)/,
    );
    // The remediation of the detection header, whole.
    expect(md).not.toMatch(/Remediation:.*more characters/);
    expect(md).toContain('```mermaid');
    const html = await readFile(out('report.html'), 'utf8');
    expect(html).toContain('<svg ');
    const events = JSON.parse(await readFile(out('report.ocsf'), 'utf8')) as {
      activity_id: number;
      finding_info: { types: string[] };
    }[];
    expect(events.filter((e) => e.activity_id === 1).map((e) => e.finding_info.types[0])).toEqual([
      'http-api-route-privileged-role',
    ]);
    expect(events.filter((e) => e.activity_id === 3).map((e) => e.finding_info.types[0])).toEqual([
      'function-url-privileged-role',
    ]);
  });
});
