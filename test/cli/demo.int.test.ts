import { describe, expect, it } from 'vitest';
import { EXPOSURE_CLASSES } from '../../src/analysis/exposure/exposure-class.js';
import { DEMO_DATA_EXPECTATIONS, DEMO_EXPECTATIONS } from '../../src/demo/estate.js';
import { type Finding, SEVERITIES } from '../../src/findings/finding.js';
import { pathText } from '../../src/findings/table.js';
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

    // Where a case pins its path, the most severe finding about the function reads exactly so.
    const pinned = DEMO_EXPECTATIONS.filter((e) => e.path !== undefined);
    const mostSevere = (name: string) =>
      findings
        .filter((f) => f.function?.name === name)
        .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity))[0];
    expect(pinned.map((e) => ({ function: e.function, path: pathText(mostSevere(e.function)!) }))).toEqual(
      pinned.map((e) => ({ function: e.function, path: e.path })),
    );

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
      'edge-function-privileged-role': reportedBy('edge-function-privileged-role'),
      'public-bucket-triggers-privileged-function': reportedBy('public-bucket-triggers-privileged-function'),
    }).toEqual({
      'alb-rule-privileged-role': ['partner-portal'],
      'websocket-api-privileged-role': ['support-agent', 'support-agent', 'support-agent'],
      'exposed-pass-role-chain': ['preview-deploy-hook'],
      'function-url-cors-wildcard': ['rates-feed'],
      'exposed-function-reaches-data': ['export-download'],
      'edge-function-privileged-role': ['edge-router'],
      'public-bucket-triggers-privileged-function': ['upload-processor'],
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

    // Least privilege (docs/least-privilege.md), from the demo's usage data (src/demo/estate.ts, "Demo usage
    // data"): roles created 2025-03-01, data as of the collection (2026-11-28T02:00Z), so AWS tracked the
    // whole 400 days (docs/usage.md) and "never used" means 400 days.
    const usageFindings = findings
      .filter((f) => f.detection === 'unused-permissions' || f.detection === 'unused-privileged-role')
      .map((f) => ({
        detection: f.detection,
        role: f.role?.arn.split('/').pop(),
        severity: f.severity,
        // The lines about usage (the others explain the privilege, as on every finding).
        evidence: f.evidence.map((e) => e.text).filter((text) => text.startsWith('not used')),
      }))
      .sort((a, b) => `${a.detection}${a.role}`.localeCompare(`${b.detection}${b.role}`));
    const since = 'AWS tracked this role since 2025-10-24T02:00:00.000Z';
    expect(usageFindings).toEqual([
      // Unused IAM on the role of an exposed function weighs high (docs/usage.md, weights).
      {
        detection: 'unused-permissions',
        role: 'billing-webhook-role',
        severity: 'high',
        evidence: [`not used in the last 90 days (${since}): services s3, ec2, iam, sts`],
      },
      {
        detection: 'unused-permissions',
        role: 'orders-api-role',
        severity: 'high',
        evidence: [`not used in the last 90 days (${since}): services iam; actions lambda:CreateFunction`],
      },
      {
        detection: 'unused-privileged-role',
        role: 'preview-env-role',
        severity: 'medium',
        evidence: ['not used for 400 days (RoleLastUsed: never, in the period AWS tracks) while admin'],
      },
    ]);
    // The escalation of orders-api-role (pass a role to a new function) is its path to admin.
    const ordersCreate = findings.find(
      (f) => f.severity === 'critical' && f.function?.name === 'orders-create',
    );
    expect(ordersCreate?.evidence.map((e) => e.text).filter((t) => t.includes('has not used'))).toEqual([
      'the path to admin uses iam:PassRole, which this role has not used in 400 days',
      'the path to admin uses lambda:CreateFunction, which this role has not used in 400 days',
    ]);

    // The brief of the first critical finding (table order) whose role has usage data: billing-webhook.
    // Its admin capability is method 1 (docs/iam-escalation.md); the plan's options and commands are those
    // docs/remediation.md gives for a public function URL on an AdministratorAccess role; the generated
    // policy keeps the two services the demo data show used.
    const billing = findings.find(
      (f) => f.detection === 'function-url-privileged-role' && f.function?.name === 'billing-webhook',
    )!;
    const id = billing.id;
    const brief = demo.stdout.slice(demo.stdout.indexOf('First critical finding with usage data'));
    expect(brief).toBe(
      [
        `First critical finding with usage data: Public function URL runs as a privileged role: billing-webhook (id ${id})`,
        '  Unused capabilities of billing-webhook-role (IAM Access Advisor, data as of 2026-11-28T02:00:00.000Z):',
        '    the path to admin uses ec2:RunInstances, not used in 400 days',
        '    the path to admin uses iam:AttachRolePolicy, not used in 400 days',
        '    the path to admin uses iam:CreateUser, not used in 400 days',
        '    the path to admin uses iam:PutRolePolicy, not used in 400 days',
        `    not used in the last 90 days (${since}): services s3, ec2, iam, sts`,
        `  Ways to break the path (nothing is changed; full plan: toxgraph remediate ${id}):`,
        '    1. Remove the public grant: statement(s) FunctionURLAllowPublicAccess, FunctionURLInvokeAllowPublicAccess of the resource policy of billing-webhook',
        "       aws lambda remove-permission --region us-east-1 --function-name 'billing-webhook' --statement-id 'FunctionURLAllowPublicAccess' (+1 more)",
        '    2. Require authentication on the function url',
        "       aws lambda update-function-url-config --region us-east-1 --function-name 'billing-webhook' --auth-type AWS_IAM",
        '    3. Cut the capability on role billing-webhook-role: detach managed policy arn:aws:iam::aws:policy/AdministratorAccess from role billing-webhook-role',
        "       aws iam detach-role-policy --role-name 'billing-webhook-role' --policy-arn 'arn:aws:iam::aws:policy/AdministratorAccess'",
        '    4. Quarantine function billing-webhook: reserved concurrency 0',
        "       aws lambda put-function-concurrency --region us-east-1 --function-name 'billing-webhook' --reserved-concurrent-executions 0",
        '    5. Quarantine role billing-webhook-role: an inline policy denying every action',
        `       aws iam put-role-policy --role-name 'billing-webhook-role' --policy-name 'toxgraph-quarantine' --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"ToxgraphQuarantine","Effect":"Deny","Action":"*","Resource":"*"}]}'`,
        "    Least privilege: replace the role's policies with a generated one keeping logs, sqs (tier admin -> broad_write, breaks the path, nothing used is lost)",
        `       toxgraph least-privilege arn:aws:iam::111111111111:role/billing-webhook-role --finding ${id}`,
        'Next: `toxgraph findings --format json` for the full findings with evidence;',
        `explore the graph in the Neo4j Browser of the server at ${process.env.NEO4J_URI}.`,
        '',
      ].join('\n'),
    );

    // The policy itself, as `toxgraph least-privilege` prints it for piping into put-role-policy.
    const policy = await runCli([
      'least-privilege',
      'arn:aws:iam::111111111111:role/billing-webhook-role',
      '--finding',
      id,
      '--format',
      'policy',
    ]);
    expect(policy.code).toBe(0);
    expect(JSON.parse(policy.stdout)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'UsedLogs0', Effect: 'Allow', Action: ['logs:*'], Resource: ['*'] },
        { Sid: 'UsedSqs1', Effect: 'Allow', Action: ['sqs:*'], Resource: ['*'] },
      ],
    });
    // Every critical finding whose role has usage data: the generated policy breaks its path and keeps every
    // action the role used (issue 14: the evaluator checks both). The demo data show billing-webhook-role
    // using only logs and sqs, and orders-api-role never using iam or lambda:CreateFunction, its way to admin.
    const withUsage = findings.filter(
      (f) =>
        f.severity === 'critical' &&
        ['billing-webhook-role', 'orders-api-role'].includes(f.role?.arn.split('/').pop() ?? ''),
    );
    const verdicts = [];
    for (const finding of withUsage) {
      const run = await runCli([
        'least-privilege',
        finding.role!.arn,
        '--finding',
        finding.id,
        '--format',
        'json',
      ]);
      const result = JSON.parse(run.stdout) as {
        status: string;
        validation?: { breaksPath: boolean | null; lostActions: string[] };
      };
      verdicts.push({
        function: finding.function?.name,
        code: run.code,
        status: result.status,
        breaksPath: result.validation?.breaksPath,
        lostActions: result.validation?.lostActions,
      });
    }
    expect(verdicts.sort((a, b) => String(a.function).localeCompare(String(b.function)))).toEqual(
      ['billing-webhook', 'orders-create'].map((name) => ({
        function: name,
        code: 0,
        status: 'generated',
        breaksPath: true,
        lostActions: [],
      })),
    );
    // A role without usage data gets no policy, and says why (never a guess).
    const none = await runCli(['least-privilege', 'arn:aws:iam::111111111111:role/support-agent-role']);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe(
      'No least-privilege policy for support-agent-role: usage not collected (scan without --usage).\n',
    );
  }, 600_000);
});
