/**
 * `toxgraph remediate` end to end against moto: plan, apply each automated kind to a toxic function,
 * the rescan resolves the finding and changes nothing else in the graph than the fixed part, and undo
 * restores the previous state (AWS and graph). Refusals: unknown or resolved finding, no --yes without a
 * terminal, a graph older than AWS.
 */
import { GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import type { RemediationPlan } from '../../src/remediation/plan.js';
import { canonical } from '../graph/dump.js';
import { ADMIN, ATTACH_ANY_POLICY, LOGS_ONLY } from '../scenarios/policies.js';
import { functionArn, roleArn, scanAndListFindings } from '../scenarios/scenario.js';
import {
  addPermission,
  allowApiGateway,
  aws,
  createFunction,
  createPublicFunctionUrl,
  createRole,
  createV2Api,
  lambdaInvocationUri,
} from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';

/** Properties the analysis or the load stamp on every pass: not part of "what AWS holds". */
const VOLATILE = new Set(['lastScanId', 'loadToken', 'firstSeen', 'lastSeen']);
const DERIVED_LABELS = ['Finding', 'Scan', 'Remediation', 'Internet'];
const DERIVED_EDGES = [
  'EXPOSES',
  'REACHES',
  'AFFECTS',
  'SEEN_IN',
  'REMEDIATES',
  'CAN_ASSUME',
  'CAN_UPDATE_CODE',
  'CAN_PASS_ROLE',
  'CAN_MODIFY_POLICY',
  'CAN_ACCESS',
];
const DERIVED_PROPERTIES = new Set([
  'tier',
  'effectiveTier',
  'capabilitiesJson',
  'effectivePathJson',
  'privilegeProblemsJson',
  'exposure',
]);

/** Lambda appends a statement AddPermission writes back: policies compare statement by statement, by Sid. */
function normalised(key: string, value: unknown): unknown {
  if (key !== 'resourcePolicyJson' || typeof value !== 'string') return value;
  const policy = JSON.parse(value) as { Statement: { Sid: string }[] };
  return { ...policy, Statement: [...policy.Statement].sort((a, b) => a.Sid.localeCompare(b.Sid)) };
}

/** What the collected graph says about AWS, keyed by node id (and edge ends), volatile stamps left out. */
async function collected(): Promise<Map<string, string>> {
  const nodes = await cypher<{ id: string; labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) WHERE none(l IN labels(n) WHERE l IN $derived) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props',
    { derived: DERIVED_LABELS },
  );
  const edges = await cypher<{ from: string; type: string; to: string; props: Record<string, unknown> }>(
    'MATCH (a)-[r]->(b) WHERE NOT type(r) IN $derived RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props',
    { derived: DERIVED_EDGES },
  );
  const state = new Map<string, string[]>();
  const add = (key: string, value: unknown) => state.set(key, [...(state.get(key) ?? []), canonical(value)]);
  for (const node of nodes) {
    const props = Object.entries(node.props).filter(
      ([key]) => !VOLATILE.has(key) && !DERIVED_PROPERTIES.has(key),
    );
    add(node.id, {
      labels: [...node.labels].sort(),
      props: Object.fromEntries(props.map(([k, v]) => [k, normalised(k, v)])),
    });
  }
  for (const edge of edges) {
    const props = Object.entries(edge.props).filter(([key]) => !VOLATILE.has(key));
    add(`${edge.from} -${edge.type}-> ${edge.to}`, Object.fromEntries(props));
  }
  return new Map([...state].map(([key, values]) => [key, values.sort().join('|')]));
}

/** Keys whose content differs between two states (present in one only, or changed). */
function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key)).sort();
}

async function openFindings(): Promise<Finding[]> {
  const listed = await runCli(['findings', '--format', 'json']);
  expect(listed.code).toBe(0);
  return JSON.parse(listed.stdout) as Finding[];
}

function toxicFinding(findings: Finding[], detection: string, functionName: string): Finding {
  const found = findings.find(
    (f) => f.detection === detection && f.function?.arn === functionArn(functionName),
  );
  expect(found, `${detection} on ${functionName}`).toBeDefined();
  return found!;
}

async function planOf(findingId: string): Promise<RemediationPlan> {
  const result = await runCli(['remediate', findingId, '--format', 'json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as RemediationPlan;
}

const remediationIdOf = (stdout: string) => /as remediation (rem-[\w-]+)/.exec(stdout)?.[1] ?? '';

/**
 * Applies the option of `kind` (the first one whose summary matches), checks the finding resolved and
 * only `expectedChanges` changed in the collected graph, then undoes and checks both states are back.
 */
async function applyAndUndo(
  finding: Finding,
  kind: string,
  summary: RegExp,
  expectedChanges: string[],
  expectedNew: string[] = [],
) {
  const plan = await planOf(finding.id);
  const option = plan.options.find((o) => o.kind === kind && summary.test(o.summary));
  expect(option, `${kind} ${summary} among ${plan.options.map((o) => o.summary).join(' / ')}`).toBeDefined();
  const stateBefore = await collected();
  const openBefore = (await openFindings()).map((f) => f.id).sort();

  const applied = await runCli([
    'remediate',
    finding.id,
    '--apply',
    '--option',
    String(option!.number),
    '--yes',
  ]);
  expect(applied.stderr).not.toMatch(/toxgraph: /);
  expect(applied.code, applied.stdout).toBe(0);
  expect(applied.stdout).toContain(`Finding ${finding.id} is resolved`);
  const id = remediationIdOf(applied.stdout);
  const [record] = await cypher<{ status: string; kind: string; actor: string }>(
    'MATCH (r:Remediation {id: $id})-[:REMEDIATES]->(:Finding {id: $finding}) RETURN r.status AS status, r.kind AS kind, r.actor AS actor',
    { id, finding: finding.id },
  );
  expect(record).toEqual({
    status: 'verified',
    kind,
    actor: expect.stringMatching(/^arn:aws:(iam|sts)::123456789012:/),
  });
  expect(changedKeys(stateBefore, await collected())).toEqual([...expectedChanges].sort());
  const openAfter = await openFindings();
  expect(openAfter.map((f) => f.id)).not.toContain(finding.id);
  // New findings only where the fix itself creates one, about the fixed function.
  const added = openAfter.filter((f) => !openBefore.includes(f.id));
  expect(added.map((f) => `${f.detection} ${f.function?.name}`)).toEqual(expectedNew);

  const undone = await runCli(['remediate', '--undo', id, '--yes']);
  expect(undone.stderr).not.toMatch(/toxgraph: /);
  expect(undone.code, undone.stdout).toBe(0);
  expect(changedKeys(stateBefore, await collected())).toEqual([]);
  expect((await openFindings()).map((f) => f.id).sort()).toEqual(openBefore);
  const [after] = await cypher<{ status: string }>(
    'MATCH (r:Remediation {id: $id}) RETURN r.status AS status',
    { id },
  );
  expect(after!.status).toBe('undone');
}

let urlFinding: Finding;
let routeFinding: Finding;
let routeId: string;
let apiId: string;

beforeAll(async () => {
  const admin = await createRole({ name: 'rem-admin-role', managed: { 'rem-admin': ADMIN } });
  await createFunction('rem-url', admin);
  await createPublicFunctionUrl('rem-url');
  // A second function on the same role: collateral of cutting or quarantining the role.
  await createFunction('rem-sibling', admin);
  const privesc = await createRole({
    name: 'rem-privesc-role',
    inline: {
      mixed: { Version: '2012-10-17', Statement: [...LOGS_ONLY.Statement, ...ATTACH_ANY_POLICY.Statement] },
    },
  });
  const routed = await createFunction('rem-route', privesc);
  const api = await createV2Api({
    name: 'rem-api',
    protocol: 'HTTP',
    routes: [{ routeKey: 'GET /open', target: lambdaInvocationUri(routed) }],
  });
  apiId = api.apiId;
  routeId = api.routeIds['GET /open']!;
  await allowApiGateway('rem-route', apiId);
  const findings = await scanAndListFindings();
  urlFinding = toxicFinding(findings, 'function-url-privileged-role', 'rem-url');
  routeFinding = toxicFinding(findings, 'http-api-route-privileged-role', 'rem-route');
}, 300_000);

describe('toxgraph remediate --plan', () => {
  it('ranks the options of a public function URL on an admin role by what else they break', async () => {
    const plan = await planOf(urlFinding.id);
    expect(plan.options.map((o) => [o.number, o.kind, o.automated, o.breaks.length])).toEqual([
      [1, 'remove_public_grant', true, 0],
      [2, 'require_auth', true, 0],
      [3, 'quarantine', true, 0],
      [4, 'cut_capability', true, 1],
      [5, 'quarantine', true, 1],
    ]);
    const [grant, auth, quarantineFunction, cut, quarantineRole] = plan.options;
    // Both statements a public URL needs (AWS's names), one RemovePermission each.
    expect(grant!.changes.map((c) => c.type === 'remove_permission' && c.statementId)).toEqual([
      'FunctionURLAllowPublicAccess',
      'FunctionURLInvokeAllowPublicAccess',
    ]);
    expect(grant!.awsCli[0]).toBe(
      "aws lambda remove-permission --region us-east-1 --function-name 'rem-url' --statement-id 'FunctionURLAllowPublicAccess'",
    );
    // The InvokeFunctionUrl grant applies only while AuthType is NONE (moto's top-level FunctionUrlAuthType):
    // AWS_IAM alone breaks the path.
    expect(auth!.changes.map((c) => c.type)).toEqual(['set_url_auth_type']);
    expect(quarantineFunction!.changes).toEqual([
      { type: 'set_reserved_concurrency', functionName: 'rem-url', from: null, to: 0 },
    ]);
    expect(cut!.changes).toEqual([
      {
        type: 'detach_role_policy',
        roleName: 'rem-admin-role',
        policyArn: 'arn:aws:iam::123456789012:policy/rem-admin',
      },
    ]);
    expect(cut!.breaks).toEqual([
      'function rem-sibling also runs as rem-admin-role and loses the same permissions',
    ]);
    expect(quarantineRole!.changes).toEqual([
      { type: 'put_deny_all_policy', roleName: 'rem-admin-role', policyName: 'toxgraph-quarantine' },
    ]);
  });

  it('prints the plan for people, with the command that applies the first option', async () => {
    const result = await runCli(['remediate', urlFinding.id]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(' 1. [remove_public_grant] Remove the public grant');
    expect(result.stdout).toContain(
      'Terraform: delete the aws_lambda_permission with statement_id = "FunctionURLAllowPublicAccess"',
    );
    expect(result.stdout).toContain(
      `Apply one with: toxgraph remediate ${urlFinding.id} --apply --option 1 --yes`,
    );
  });

  it('plans the inline statement and the route authorization of an HTTP API route on a privilege-escalation role', async () => {
    const plan = await planOf(routeFinding.id);
    expect(plan.options.map((o) => o.kind)).toEqual([
      'require_auth',
      'cut_capability',
      'quarantine',
      'quarantine',
    ]);
    expect(plan.options[0]!.changes).toEqual([
      { type: 'set_route_authorization', apiId, routeId, routeKey: 'GET /open', from: 'NONE', to: 'AWS_IAM' },
    ]);
    const cut = plan.options[1]!.changes[0]!;
    expect(cut).toMatchObject({
      type: 'remove_inline_statements',
      roleName: 'rem-privesc-role',
      policyName: 'mixed',
      statementIndexes: [1],
    });
    expect(cut.type === 'remove_inline_statements' && JSON.parse(cut.after!)).toEqual({
      Version: '2012-10-17',
      Statement: LOGS_ONLY.Statement,
    });
  });
});

describe('toxgraph remediate refusals', () => {
  it('refuses an unknown finding, and --apply without --yes when stdin is no terminal', async () => {
    const unknown = await runCli(['remediate', 'no-such-finding']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('finding no-such-finding is not in the graph');
    const unconfirmed = await runCli(['remediate', urlFinding.id, '--apply']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes to confirm in a non-interactive run');
  });

  it('refuses to apply when AWS changed since the scan, and changes nothing', async () => {
    const lambda = aws.lambda();
    await lambda.send(
      new RemovePermissionCommand({
        FunctionName: 'rem-url',
        StatementId: 'FunctionURLInvokeAllowPublicAccess',
      }),
    );
    try {
      const stale = await runCli(['remediate', urlFinding.id, '--apply', '--option', '1', '--yes']);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain('the graph is older than AWS, nothing was changed');
      expect(stale.stderr).toContain(
        'statement FunctionURLInvokeAllowPublicAccess is no longer in the resource policy of rem-url',
      );
      const { Policy } = await lambda.send(new GetPolicyCommand({ FunctionName: 'rem-url' }));
      expect((JSON.parse(Policy!) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid)).toEqual([
        'FunctionURLAllowPublicAccess',
      ]);
    } finally {
      await addPermission({
        FunctionName: 'rem-url',
        StatementId: 'FunctionURLInvokeAllowPublicAccess',
        Action: 'lambda:InvokeFunction',
        Principal: '*',
        InvokedViaFunctionUrl: true,
      });
    }
  });
});

describe('toxgraph remediate --apply, then --undo', () => {
  const url = () => functionArn('rem-url');
  const adminRole = roleArn('rem-admin-role');

  it('removes the public grant', async () => {
    // A URL with AuthType NONE and no grant answers 403: the info finding the detections report for it.
    await applyAndUndo(
      urlFinding,
      'remove_public_grant',
      /public grant/,
      [url()],
      ['function-url-unreachable-grant rem-url'],
    );
  }, 300_000);

  it('requires IAM authentication on the URL', async () => {
    await applyAndUndo(urlFinding, 'require_auth', /function url/, [url()]);
  }, 300_000);

  it('detaches the managed policy that makes the role admin', async () => {
    await applyAndUndo(urlFinding, 'cut_capability', /rem-admin-role/, [
      `${adminRole} -POLICY-> arn:aws:iam::123456789012:policy/rem-admin`,
      'arn:aws:iam::123456789012:policy/rem-admin',
    ]);
  }, 300_000);

  it('quarantines the function with reserved concurrency 0', async () => {
    await applyAndUndo(urlFinding, 'quarantine', /function rem-url/, [url()]);
  }, 300_000);

  it('quarantines the role with a deny-all inline policy', async () => {
    await applyAndUndo(urlFinding, 'quarantine', /role rem-admin-role/, [
      `${adminRole}/inline/toxgraph-quarantine`,
      `${adminRole} -POLICY-> ${adminRole}/inline/toxgraph-quarantine`,
    ]);
  }, 300_000);

  it('requires IAM authorization on the HTTP API route', async () => {
    await applyAndUndo(routeFinding, 'require_auth', /http api route/, [routeFinding.entryPoint.arn!]);
  }, 300_000);

  it('removes the privilege-escalation statement from the inline policy', async () => {
    await applyAndUndo(routeFinding, 'cut_capability', /rem-privesc-role/, [
      `${roleArn('rem-privesc-role')}/inline/mixed`,
    ]);
  }, 300_000);

  it('refuses a resolved finding', async () => {
    await runCli(['remediate', urlFinding.id, '--apply', '--option', '1', '--yes']);
    const again = await runCli(['remediate', urlFinding.id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`finding ${urlFinding.id} is resolved`);
  }, 300_000);
});
