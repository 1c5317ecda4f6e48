import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoEstate, DEMO_EXPECTATIONS } from '../../src/demo/estate.js';
import { readSnapshot, writeSnapshot } from '../../src/snapshot/index.js';

describe('demo estate', () => {
  it('is a valid snapshot: every unit passes the same validation as a collected one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-demo-'));
    try {
      const estate = buildDemoEstate();
      await writeSnapshot(dir, estate.manifest, estate.units as never);
      const snapshot = await readSnapshot(dir);
      expect(snapshot.rejected).toEqual([]);
      expect(snapshot.units).toHaveLength(estate.units.length);
      expect(new Set(snapshot.units.map((u) => u.accountId))).toEqual(
        new Set(['111111111111', '222222222222']),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has about 35 functions covering every entry kind, and an expectation for each named function', () => {
    const { units } = buildDemoEstate();
    const functions = units.flatMap((u) =>
      u.unit.service === 'lambda' ? (u.data as { functions: { FunctionName: string }[] }).functions : [],
    );
    expect(functions.length).toBeGreaterThanOrEqual(34);
    const names = new Set(functions.map((f) => f.FunctionName));
    for (const expectation of DEMO_EXPECTATIONS) expect(names).toContain(expectation.function);
    const services = new Set(units.map((u) => u.unit.service));
    for (const service of ['iam', 'lambda', 'apigatewayv2', 'apigateway', 'elbv2', 'ec2', 'datastores'])
      expect(services).toContain(service);
    expect(DEMO_EXPECTATIONS.filter((e) => e.lookAlike).length).toBeGreaterThanOrEqual(14);
  });

  it('never expects a look-alike to be critical or high', () => {
    const wrong = DEMO_EXPECTATIONS.filter(
      (e) => e.lookAlike && (e.severity === 'critical' || e.severity === 'high'),
    );
    expect(wrong).toEqual([]);
  });
});
