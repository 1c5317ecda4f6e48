import { describe, expect, it } from 'vitest';
import { EXPOSURE_CLASSES } from '../../src/analysis/exposure/exposure-class.js';
import { DEMO_DATA_EXPECTATIONS, DEMO_EXPECTATIONS } from '../../src/demo/estate.js';
import { type Finding, SEVERITIES } from '../../src/findings/finding.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';

const strongest = <T extends string>(order: readonly T[], values: readonly T[]): T | 'none' =>
  [...values].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? 'none';

// `toxgraph demo` is the README's quick start: it must print the true toxic combinations as critical with
// their paths, rate every function exactly as DEMO_EXPECTATIONS says, and classify the entry point of every
// look-alike exactly (a look-alike whose entry point was never collected must fail, not pass as "safe").
describe('toxgraph demo', () => {
  it('loads the demo estate, prints the critical paths, and rates each function exactly', async () => {
    const demo = await runCli(['demo']);
    expect(demo.stderr).not.toMatch(/unexpected error/);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Critical attack paths:');
    expect(demo.stdout).toMatch(/internet → .*billing-webhook → billing-webhook-role/);

    const listed = await runCli(['findings', '--format', 'json']);
    expect(listed.code).toBe(0);
    const findings = JSON.parse(listed.stdout) as Finding[];
    const exposures = await cypher<{ name: string; exposures: (typeof EXPOSURE_CLASSES)[number][] }>(
      `MATCH (f:LambdaFunction)
       OPTIONAL MATCH (:Internet)-[e:EXPOSES]->()-[:REACHES*0..2]->(f)
       RETURN f.name AS name, collect(DISTINCT e.exposure) AS exposures`,
    );
    const exposureOf = new Map(
      exposures.map((row) => [row.name, strongest(EXPOSURE_CLASSES, row.exposures)]),
    );

    const got = DEMO_EXPECTATIONS.map((e) => ({
      function: e.function,
      severity: strongest(
        SEVERITIES,
        findings.filter((f) => f.function?.name === e.function).map((f) => f.severity),
      ),
      exposure: exposureOf.get(e.function),
    }));
    const expected = DEMO_EXPECTATIONS.map((e) => ({
      function: e.function,
      severity: e.severity,
      exposure: e.exposure,
    }));
    expect(got).toEqual(expected);

    // Each of these detections has exactly one case in the demo (the rules of their .cypher headers): the
    // other public functions either run a role that is not privileged by itself, or have their own rule.
    const reportedBy = (detection: string) =>
      findings.filter((f) => f.detection === detection).map((f) => f.function?.name);
    expect({
      'alb-rule-privileged-role': reportedBy('alb-rule-privileged-role'),
      'websocket-api-privileged-role': reportedBy('websocket-api-privileged-role'),
      'exposed-pass-role-chain': reportedBy('exposed-pass-role-chain'),
      'function-url-cors-wildcard': reportedBy('function-url-cors-wildcard'),
      'exposed-function-reaches-data': reportedBy('exposed-function-reaches-data'),
    }).toEqual({
      'alb-rule-privileged-role': ['partner-portal'],
      'websocket-api-privileged-role': ['support-agent', 'support-agent', 'support-agent'],
      'exposed-pass-role-chain': ['preview-deploy-hook'],
      'function-url-cors-wildcard': ['rates-feed'],
      'exposed-function-reaches-data': ['export-download'],
    });
    // A finding with a concrete data blast radius, and the public bucket on its own (docs/data-stores.md).
    expect(
      DEMO_DATA_EXPECTATIONS.blastRadius.map((radius) => {
        const reaching = findings.filter(
          (f) => f.function?.name === radius.function && f.detection === radius.detection,
        );
        return { ...radius, top: reaching.map((f) => f.blastRadius?.top.map((item) => item.arn)) };
      }),
    ).toEqual(DEMO_DATA_EXPECTATIONS.blastRadius.map((radius) => ({ ...radius, top: [radius.top] })));
    expect(
      findings
        .filter((f) => f.detection === 'public-data-store')
        .map((f) => ({ arn: f.entryPoint.arn, severity: f.severity })),
    ).toEqual(DEMO_DATA_EXPECTATIONS.publicStores);
    // Two CLI runs (the whole demo, then the findings), each allowed 300 s by runCli on a loaded machine.
  }, 600_000);
});
