import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { recordFindings } from '../../src/findings/history.js';
import {
  countFindings,
  diffScans,
  listScans,
  previousScan,
  readScan,
  requireAnalyzedScan,
  streamChanges,
} from '../../src/findings/scans.js';
import { ensureSchema } from '../../src/graph/constraints.js';
import { cypher, testDriver } from '../support/graph.js';

const db = () => ({ driver: testDriver(), database: 'neo4j' });

const finding = (id: string, severity: Finding['severity'], accountId = '111122223333'): Finding => ({
  id,
  detection: id.startsWith('url') ? 'function-url-privileged-role' : 'http-api-route-privileged-role',
  severity,
  title: `finding ${id}`,
  exposure: 'public_unauthenticated',
  privilege: 'admin',
  entryPoint: { kind: null, arn: null, name: null },
  function: null,
  role: null,
  accountId,
  region: 'eu-west-3',
  path: [],
  evidence: [],
  remediation: 'Require authentication.',
  status: 'new',
  firstSeen: 'ignored',
  lastSeen: 'ignored',
  confidence: 'high',
});

const gap = {
  accountId: '111122223333',
  region: 'eu-west-3',
  service: 'apigatewayv2',
  api: 'GetApis',
  error: 'AccessDenied',
};

beforeAll(async () => {
  await ensureSchema(testDriver(), 'neo4j');
  await cypher(
    `CREATE (:Scan {id: 'monday', startedAt: '2026-11-02T02:00:00.000Z', finishedAt: '2026-11-02T02:05:00.000Z', status: 'complete', gapsJson: '[]', unitsLoaded: 7})
     CREATE (:Scan {id: 'tuesday', startedAt: '2026-11-03T02:00:00.000Z', finishedAt: '2026-11-03T02:04:00.000Z', status: 'partial', gapsJson: $gaps, unitsLoaded: 6})
     CREATE (:Scan {id: 'wednesday', startedAt: '2026-11-04T02:00:00.000Z', status: 'partial', gapsJson: 'not json', unitsLoaded: 0})`,
    { gaps: JSON.stringify([gap]) },
  );
  const record = (scanId: string, now: string, findings: Finding[]) =>
    recordFindings(testDriver(), findings, { database: 'neo4j', now, scanId });
  await record('monday', '2026-11-02T02:00:00.000Z', [
    finding('url-a', 'critical'),
    finding('url-b', 'high'),
    finding('route-c', 'medium', '444455556666'),
  ]);
  // A first analysis of Tuesday that a second one corrects: only the second counts.
  await record('tuesday', '2026-11-03T02:00:00.000Z', [finding('route-z', 'low')]);
  await record('tuesday', '2026-11-03T02:00:00.000Z', [
    finding('url-a', 'critical'),
    finding('route-c', 'high', '444455556666'),
    finding('route-d', 'low'),
  ]);
});

describe('scan history', () => {
  it('lists every scan newest first with its status, counts by severity in that scan, and gaps', async () => {
    const scans = await listScans(db());
    expect(scans.map((scan) => [scan.id, scan.status, scan.analyzed, scan.counts.total])).toEqual([
      ['wednesday', 'partial', false, 0],
      ['tuesday', 'partial', true, 3],
      ['monday', 'complete', true, 3],
    ]);
    expect(scans[2]!.counts.bySeverity).toEqual({ critical: 1, high: 1, medium: 1, low: 0, info: 0 });
    expect(scans[1]!.counts.bySeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 1, info: 0 });
    expect(scans[1]!.gaps).toEqual([gap]);
    expect(await listScans(db(), 1)).toHaveLength(1);
  });

  it('reads one scan; unreadable gaps are reported as a gap, never as none', async () => {
    expect(await readScan(db(), 'nope')).toBeUndefined();
    const monday = await readScan(db(), 'monday');
    expect(monday).toEqual({
      id: 'monday',
      startedAt: '2026-11-02T02:00:00.000Z',
      finishedAt: '2026-11-02T02:05:00.000Z',
      status: 'complete',
      unitsLoaded: 7,
      analyzed: true,
      counts: { total: 3, bySeverity: { critical: 1, high: 1, medium: 1, low: 0, info: 0 } },
      gaps: [],
    });
    const wednesday = await readScan(db(), 'wednesday');
    expect(wednesday!.gaps).toHaveLength(1);
    expect(wednesday!.gaps[0]!.error).toMatch(/could not be read/);
  });

  it('finds the previous analyzed scan and refuses scans that were never analyzed', async () => {
    expect((await previousScan(db(), 'wednesday'))?.id).toBe('tuesday');
    expect((await previousScan(db(), 'tuesday'))?.id).toBe('monday');
    expect(await previousScan(db(), 'monday')).toBeUndefined();
    expect((await requireAnalyzedScan(db())).id).toBe('tuesday');
    await expect(requireAnalyzedScan(db(), 'wednesday')).rejects.toThrow(/never analyzed/);
    await expect(requireAnalyzedScan(db(), 'nope')).rejects.toThrow(/no scan with id "nope"/);
  });

  it('diffs two scans: new, resolved and changed severity, each at its severity in its scan', async () => {
    const diff = await diffScans(db(), 'monday', 'tuesday');
    expect(diff.new.map((f) => [f.id, f.severity, f.status])).toEqual([['route-d', 'low', 'new']]);
    expect(diff.resolved.map((f) => [f.id, f.severity, f.status])).toEqual([['url-b', 'high', 'resolved']]);
    expect(diff.changed.map((c) => [c.finding.id, c.from, c.to])).toEqual([['route-c', 'medium', 'high']]);
    const backwards = await diffScans(db(), 'tuesday', 'monday');
    expect(backwards.new.map((f) => f.id)).toEqual(['url-b']);
    expect(backwards.resolved.map((f) => f.id)).toEqual(['route-d']);
    await expect(diffScans(db(), 'monday', 'wednesday')).rejects.toThrow(/never analyzed/);
  });

  it('streams a change most severe first, bounded by a limit; with no base every finding is new', async () => {
    const all: string[] = [];
    for await (const f of streamChanges(db(), { scanId: 'tuesday', baseScanId: null, change: 'new' })) {
      all.push(`${f.id}:${f.severity}`);
    }
    expect(all).toEqual(['url-a:critical', 'route-c:high', 'route-d:low']);
    const top: string[] = [];
    for await (const f of streamChanges(db(), {
      scanId: 'tuesday',
      baseScanId: 'monday',
      change: 'persisting',
      limit: 1,
    })) {
      top.push(f.id);
    }
    expect(top).toEqual(['url-a']);
  });

  it('counts a scan findings by account, detection and region', async () => {
    expect(await countFindings(db(), 'tuesday', 'accountId')).toEqual([
      { key: '111122223333', counts: { critical: 1, high: 0, medium: 0, low: 1, info: 0 } },
      { key: '444455556666', counts: { critical: 0, high: 1, medium: 0, low: 0, info: 0 } },
    ]);
    expect((await countFindings(db(), 'tuesday', 'detection')).map((row) => row.key)).toEqual([
      'function-url-privileged-role',
      'http-api-route-privileged-role',
    ]);
  });
});
