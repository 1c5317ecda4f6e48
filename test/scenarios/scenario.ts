/**
 * What every scenario does after seeding moto: `toxgraph scan` (collect → load → analyze → detections)
 * through the compiled CLI, then `toxgraph findings --format json`, and small readers of the result.
 */
import { expect } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { ACCOUNT_ID, REGION } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { CONTRACT_FINDING_KEYS } from '../support/contract.js';
import { cypher } from '../support/graph.js';

const RANK = ['critical', 'high', 'medium', 'low', 'info'];

/** Scans, lists the findings as JSON, and checks the list against the contract (shape, order, unique ids). */
export async function scanAndListFindings(): Promise<Finding[]> {
  const scanned = await runCli(['scan', '--regions', REGION]);
  expect(scanned.stderr).not.toMatch(/toxgraph: /);
  expect(scanned.code, `scan output:\n${scanned.stdout}`).toBe(0);
  const listed = await runCli(['findings', '--format', 'json']);
  expect(listed.code).toBe(0);
  const findings = JSON.parse(listed.stdout) as Finding[];
  for (const finding of findings) {
    expect(Object.keys(finding)).toEqual(expect.arrayContaining(CONTRACT_FINDING_KEYS));
    expect(RANK).toContain(finding.severity);
    expect(finding.remediation.length).toBeGreaterThan(0);
    expect(finding.evidence.length).toBeGreaterThan(0);
  }
  const ranks = findings.map((f) => RANK.indexOf(f.severity));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
  return findings;
}

export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;

/** Every finding that names the function, as its subject or anywhere on its path. */
export function findingsAbout(findings: Finding[], functionName: string): Finding[] {
  const arn = functionArn(functionName);
  return findings.filter(
    (f) => f.function?.arn === arn || f.path.some((p) => p.id === arn || p.id.startsWith(`${arn}:`)),
  );
}

/** The one finding of a detection for a function (fails when there is none or more than one). */
export function theFinding(findings: Finding[], detection: string, functionName: string): Finding {
  const matches = findings.filter(
    (f) => f.detection === detection && f.function?.arn === functionArn(functionName),
  );
  expect(
    matches,
    `${detection} on ${functionName}; found: ${findings.map((f) => `${f.detection}/${f.function?.name}`).join(', ')}`,
  ).toHaveLength(1);
  return matches[0]!;
}

/** A safe look-alike: whatever is reported about it stays below high. */
export function expectNotCriticalOrHigh(findings: Finding[], functionName: string): void {
  const severe = findingsAbout(findings, functionName).filter((f) =>
    ['critical', 'high'].includes(f.severity),
  );
  expect(
    severe.map((f) => `${f.detection}: ${f.severity}`),
    `${functionName} must not be reported as critical or high`,
  ).toEqual([]);
}

/**
 * A safe look-alike: the exact exposure classes of the entry points in front of the function (so the
 * test fails when the entry point was never collected), and nothing critical or high about it. `[]`
 * means no entry point is exposed; the function must then be loaded with its resource policy.
 */
export async function expectLookAlike(
  findings: Finding[],
  functionName: string,
  exposures: readonly string[],
): Promise<void> {
  expect(await exposuresOf(functionName), `exposure of ${functionName}'s entry points`).toEqual(exposures);
  if (exposures.length === 0) {
    const [loaded] = await cypher<{ policy: boolean }>(
      'MATCH (f:LambdaFunction {id: $arn}) RETURN f.resourcePolicyJson IS NOT NULL AS policy',
      { arn: functionArn(functionName) },
    );
    expect(loaded, `${functionName} is loaded with its resource policy`).toEqual({ policy: true });
  }
  expectNotCriticalOrHigh(findings, functionName);
}

export const detectionsAbout = (findings: Finding[], functionName: string) =>
  findingsAbout(findings, functionName)
    .map((f) => f.detection)
    .sort();

/** The path as `Label:name` (the most specific label, i.e. the last one). */
export const pathOf = (finding: Finding) => finding.path.map((p) => `${p.labels.at(-1)}:${p.name}`);

/**
 * The exposure classes the analysis wrote on the entry points in front of a function (or its aliases):
 * its URL, its own resource policy, and every route, method, authorizer or load balancer rule whose
 * integration, target group or REACHES edge leads to it, whether exposed or not.
 */
export async function exposuresOf(functionName: string): Promise<string[]> {
  const rows = await cypher<{ exposure: string }>(
    `MATCH (fn:LambdaFunction {id: $arn})-[:HAS_ALIAS*0..1]->(target)
     MATCH (:Internet)-[e:EXPOSES]->(entry)
     WHERE entry = target OR (target)-[:HAS_URL]->(entry)
        OR (entry)-[:REACHES|TARGETS|INVOKES|FORWARDS_TO|HAS_TARGET*1..3]->(target)
     RETURN DISTINCT e.exposure AS exposure ORDER BY exposure`,
    { arn: functionArn(functionName) },
  );
  return rows.map((row) => row.exposure);
}
