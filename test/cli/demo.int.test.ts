import { describe, expect, it } from 'vitest';
import { DEMO_EXPECTATIONS } from '../../src/demo/estate.js';
import type { Finding } from '../../src/findings/finding.js';
import { runCli } from '../support/cli.js';

const RANK = ['critical', 'high', 'medium', 'low', 'info'];

// `toxgraph demo` is the README's quick start: it must print the true toxic combinations as critical with
// their paths, and must not rate any safe look-alike critical or high.
describe('toxgraph demo', () => {
  it('loads the demo estate, prints the critical paths, and rates each function as expected', async () => {
    const demo = await runCli(['demo']);
    expect(demo.stderr).not.toMatch(/unexpected error/);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Critical attack paths:');
    expect(demo.stdout).toMatch(/internet → .*billing-webhook → billing-webhook-role/);

    const listed = await runCli(['findings', '--format', 'json']);
    expect(listed.code).toBe(0);
    const findings = JSON.parse(listed.stdout) as Finding[];
    const worst = (name: string) =>
      findings
        .filter((f) => f.function?.name === name)
        .map((f) => f.severity)
        .sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0] ?? 'none';
    const verdicts = DEMO_EXPECTATIONS.map((e) => ({
      function: e.function,
      expected: e.expect,
      got: worst(e.function),
    }));
    const wrong = verdicts.filter(({ expected, got }) =>
      expected === 'safe' ? got === 'critical' || got === 'high' : got !== expected,
    );
    expect(wrong).toEqual([]);
  });
});
