/**
 * Differential test: our evaluator against @cloud-copilot/iam-simulate (AGPL, devDependency, test oracle
 * only) on generated identity policies, boundaries, several SCP levels and requests, in two modes:
 * - `known`: every context key known (the oracle's Strict mode); decided outcomes must agree exactly
 *   (`conditional` there only marks what AWS leaves undocumented, counted and bounded).
 * - `attacker`: production mode (attackerContext, docs/iam.md "Conditions from the attacker's seat"). The
 *   oracle runs once per completion of the keys the attacker chooses (region, TLS, tag keys) and of the
 *   keys nobody knows here (source IP, resource tag, organization). Expected: `allowed` when one choice
 *   is allowed whatever the unknown keys are; `denied` when no completion is allowed; `conditional`
 *   otherwise. The test fails on any fail-open case (ours `denied` where a completion is allowed) and
 *   prints the confusion matrix; over-approximations (ours stronger than expected) are counted.
 * Fixed seed and bounded count, so CI is deterministic; TOXGRAPH_DIFF_SEED and TOXGRAPH_DIFF_CASES run
 * others (`TOXGRAPH_DIFF_CASES=5000 npx vitest run --project unit test/iam/differential.test.ts`).
 *
 * Oracle notes: in Strict mode the oracle drops context keys an action does not support, so
 * aws:ResourceTag is only sent for requests on resources that carry tags (not S3 objects, not `*`).
 * runUnsafeSimulation does not flag wildcard-only actions (it lets `iam:ListRoles` on `*`
 * match any Resource ARN, which AWS does not: service-authorization reference, "resource types" column
 * empty means only "*" applies), so the validated runSimulation is the oracle.
 */
import { writeFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { attackerContext } from '../../src/iam/context.js';
import { type AttachedPolicy, decide, type Outcome, type PolicySet } from '../../src/iam/evaluate.js';
import { parsePolicy } from '../../src/iam/policy.js';
import { ACCOUNT, catalogForTests, NOW } from './principal-fixture.js';

const SEED = Number(process.env.TOXGRAPH_DIFF_SEED ?? 20261128);
const RUNS = Number(process.env.TOXGRAPH_DIFF_CASES ?? 1000);
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/app-fn-role`;

/** Requests: each action with resources of its type (or `*` for wildcard-only actions). */
const REQUESTS: [string, string[]][] = [
  [
    's3:GetObject',
    ['arn:aws:s3:::bucket-a/key1', 'arn:aws:s3:::bucket-b/dir/Key2', 'arn:aws:s3:::payments-bucket/k'],
  ],
  ['s3:PutObject', ['arn:aws:s3:::bucket-a/key1']],
  ['iam:PassRole', [`arn:aws:iam::${ACCOUNT}:role/app-fn-role`, `arn:aws:iam::${ACCOUNT}:role/admin/Ops`]],
  [
    'lambda:InvokeFunction',
    [
      `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`,
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:pay`,
    ],
  ],
  ['lambda:UpdateFunctionCode', [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`]],
  ['dynamodb:GetItem', [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`]],
  ['iam:ListRoles', ['*']],
];

const ACTION_PATTERNS = [
  '*',
  's3:*',
  's3:Get*',
  'S3:getobject',
  's3:?utObject',
  'iam:PassRole',
  'iam:*',
  'iam:List*',
  'lambda:*Function*',
  'lambda:InvokeFunction',
  'dynamodb:Get*',
  'sqs:SendMessage',
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::bucket-a/*',
  'arn:aws:s3:::bucket-*',
  'arn:aws:s3:::*/dir/*',
  'arn:aws:s3:::bucket-b/dir/key2',
  'arn:aws:s3:::${aws:PrincipalTag/team}-bucket/*',
  `arn:aws:iam::${ACCOUNT}:role/*`,
  'arn:aws:iam::${aws:PrincipalAccount}:role/admin/*',
  'arn:aws:lambda:*:*:function:*',
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`,
  'arn:aws:lambda:us-*:*:function:o*',
  'arn:aws:dynamodb:*:*:table/orders',
];

/** Condition entries over keys whose request values are generated below (values may hold variables). */
const CONDITIONS: [string, string, string | string[]][] = [
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8'],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.1.0/24']],
  ['StringEquals', 'aws:PrincipalTag/team', 'payments'],
  ['StringNotEquals', 'aws:PrincipalTag/team', ['web', 'data']],
  ['StringLike', 'aws:RequestedRegion', 'us-*'],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'web'],
  ['Bool', 'aws:SecureTransport', 'true'],
  ['DateGreaterThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z'],
  ['DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['owner', 'env']],
  ['ForAllValues:StringLike', 'aws:TagKeys', ['own*', 'cost*']],
  ['Null', 'aws:PrincipalTag/team', 'true'],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/app-*'],
  // The SCP shape. (Variables under ARN operators are covered by variables.test.ts: the oracle
  // does not substitute them, although AWS does.)
  ['StringNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::${aws:PrincipalAccount}:role/app-fn-role'],
  ['StringEquals', 'aws:ResourceTag/env', 'prod'],
  ['StringNotEquals', 'aws:ResourceTag/env', '${aws:PrincipalTag/team}'],
  ['StringEquals', 'aws:PrincipalOrgID', 'o-1'],
];

/** Every value a key can take in a request (`undefined`: absent). */
const DOMAINS: Record<string, readonly (string | string[] | undefined)[]> = {
  'aws:SourceIp': ['10.1.2.3', '192.168.1.9', '203.0.113.5'],
  'aws:RequestedRegion': ['us-east-1', 'eu-west-1'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:TagKeys': [undefined, ['owner'], ['env'], ['cost-center'], ['owner', 'env'], ['owner', 'cost-center']],
  'aws:ResourceTag/env': [undefined, 'prod', 'data'],
  'aws:PrincipalOrgID': [undefined, 'o-1', 'o-2'],
};
/** Attacker mode: keys the attacker chooses and keys nobody knows (the rest are the principal's facts). */
const CHOSEN = ['aws:RequestedRegion', 'aws:SecureTransport', 'aws:TagKeys'];
const UNKNOWN = ['aws:SourceIp', 'aws:ResourceTag/env', 'aws:PrincipalOrgID'];
/** Actions whose resources support aws:ResourceTag (service authorization reference). */
const TAGGED_RESOURCES = new Set([
  'iam:PassRole',
  'lambda:InvokeFunction',
  'lambda:UpdateFunctionCode',
  'dynamodb:GetItem',
]);
const appliesTo = (sample: Scenario, key: string) =>
  key !== 'aws:ResourceTag/env' || TAGGED_RESOURCES.has(sample.request.action);

/** Completions above this many oracle runs are skipped in attacker mode (counted and printed). */
const MAX_COMPLETIONS = 64;

const request = fc
  .constantFrom(...REQUESTS)
  .chain(([action, resources]) =>
    fc.record({ action: fc.constant(action), resource: fc.constantFrom(...resources) }),
  );
type Request = { action: string; resource: string };

/** Statements biased towards the request (its action, its resource) so that a fair share is allowed. */
const statement = (req: Request, conditionWeight: number) =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
      notAction: fc.constantFrom(false, false, false, true),
      actions: fc.uniqueArray(
        fc.constantFrom(req.action, req.action, `${req.action.split(':')[0]}:*`, ...ACTION_PATTERNS),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      notResource: fc.constantFrom(false, false, false, true),
      resources: fc.uniqueArray(fc.constantFrom(req.resource, '*', ...RESOURCE_PATTERNS), {
        minLength: 1,
        maxLength: 2,
      }),
      conditions: fc.uniqueArray(fc.constantFrom(...CONDITIONS), {
        maxLength: conditionWeight,
        selector: ([op, key]) => `${op}${key}`,
      }),
    })
    .map((s) => ({
      Effect: s.effect,
      [s.notAction ? 'NotAction' : 'Action']: s.actions,
      [s.notResource ? 'NotResource' : 'Resource']: s.resources,
      ...(s.conditions.length
        ? { Condition: Object.fromEntries(s.conditions.map(([op, key, values]) => [op, { [key]: values }])) }
        : {}),
    }));
const policy = (req: Request, conditionWeight = 1) =>
  fc
    .array(statement(req, conditionWeight), { minLength: 1, maxLength: 3 })
    .map((Statement) => ({ Version: '2012-10-17', Statement }));
const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** An SCP level: mostly FullAWSAccess (as in real organizations), sometimes with a guardrail. */
const scpLevel = (req: Request) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant([FULL_ACCESS]) },
    { weight: 2, arbitrary: policy(req, 1).map((guard) => [FULL_ACCESS, guard]) },
    { weight: 1, arbitrary: fc.array(policy(req, 1), { minLength: 1, maxLength: 2 }) },
  );

const scenario = request.chain((req) =>
  fc.record({
    request: fc.constant(req),
    identity: fc.array(policy(req), { minLength: 1, maxLength: 3 }),
    boundary: fc.option(fc.oneof(fc.constant(FULL_ACCESS), policy(req, 1)), { nil: undefined, freq: 2 }),
    scpLevels: fc.array(scpLevel(req), { maxLength: 3 }),
    team: fc.option(fc.constantFrom('payments', 'web', 'data'), { nil: undefined }),
    context: fc.record({
      'aws:SourceIp': fc.constantFrom(...(DOMAINS['aws:SourceIp'] as string[])),
      'aws:RequestedRegion': fc.constantFrom(...(DOMAINS['aws:RequestedRegion'] as string[])),
      'aws:SecureTransport': fc.constantFrom(...(DOMAINS['aws:SecureTransport'] as string[])),
      'aws:TagKeys': fc.constantFrom(...DOMAINS['aws:TagKeys']!),
      'aws:ResourceTag/env': fc.constantFrom(...DOMAINS['aws:ResourceTag/env']!),
      'aws:PrincipalOrgID': fc.constantFrom(...DOMAINS['aws:PrincipalOrgID']!),
    }),
  }),
);
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
type Context = Record<string, string | string[] | undefined>;

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const attached = (kind: AttachedPolicy['kind'], name: string, document: object): AttachedPolicy => ({
  kind,
  name,
  arn: undefined,
  policy: parsePolicy(document, name),
});

const policySet = (sample: Scenario): PolicySet => ({
  identity: sample.identity.map((document, i) => attached('inline', `identity-${i}`, document)),
  boundary: sample.boundary ? attached('boundary', 'boundary', sample.boundary) : undefined,
  scpLevels: sample.scpLevels.map((level, l) =>
    level.map((document, i) => attached('scp', `scp-${l}-${i}`, document)),
  ),
});

/** The principal's own facts: what production knows about the credentials. */
const principalFacts = (sample: Scenario): Context => ({
  'aws:PrincipalArn': PRINCIPAL,
  'aws:PrincipalAccount': ACCOUNT,
  'aws:CurrentTime': NOW.toISOString(),
  'aws:PrincipalTag/team': sample.team,
});

async function oracle(sample: Scenario, context: Context): Promise<string> {
  const contextVariables: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(context)) if (value !== undefined) contextVariables[key] = value;
  const simulation = await runSimulation(
    {
      request: {
        principal: PRINCIPAL,
        action: sample.request.action,
        resource: { resource: sample.request.resource, accountId: ACCOUNT },
        contextVariables,
      },
      identityPolicies: sample.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
      permissionBoundaryPolicies: sample.boundary
        ? [{ name: 'boundary', policy: sample.boundary }]
        : undefined,
      serviceControlPolicies: sample.scpLevels.map((level, l) => ({
        orgIdentifier: `ou-${l}`,
        policies: level.map((policy, i) => ({ name: `scp-${l}-${i}`, policy })),
      })),
      resourceControlPolicies: [],
    },
    { simulationMode: 'Strict' },
  );
  if (simulation.resultType !== 'single') throw new Error(`oracle: ${JSON.stringify(simulation)}`);
  return simulation.result.analysis.result;
}

/** Keys a scenario's documents mention: only those need completing. */
function mentionedKeys(sample: Scenario, keys: readonly string[]): string[] {
  const text = JSON.stringify([sample.identity, sample.boundary, sample.scpLevels]).toLowerCase();
  return keys.filter((key) => text.includes(`"${key.toLowerCase()}"`));
}

function completions(keys: readonly string[]): Context[] {
  let result: Context[] = [{}];
  for (const key of keys)
    result = result.flatMap((partial) => DOMAINS[key]!.map((value) => ({ ...partial, [key]: value })));
  return result;
}

function matrixTable(
  matrix: Record<string, Record<string, number>>,
  rows: string[],
  columns: string[],
): string {
  const lines = [`expected \\ ours   ${columns.map((c) => c.padStart(12)).join('')}`];
  for (const row of rows)
    lines.push(`${row.padEnd(18)}${columns.map((c) => String(matrix[row]?.[c] ?? 0).padStart(12)).join('')}`);
  return lines.join('\n');
}

/** The first cases on the console; all of them in TOXGRAPH_DIFF_DUMP's directory when set. */
function report(mode: string, cases: unknown[]) {
  console.log(JSON.stringify(cases.slice(0, 3), null, 1));
  const dir = process.env.TOXGRAPH_DIFF_DUMP;
  if (dir) writeFileSync(`${dir}/differential-${mode}.json`, JSON.stringify(cases));
}

describe('differential test against iam-simulate', () => {
  it(`known mode: agrees on ${RUNS} generated scenarios (seed ${SEED})`, async () => {
    const samples = fc.sample(scenario, { seed: SEED, numRuns: RUNS });
    const disagreements: unknown[] = [];
    const oracleOutcomes: Record<string, number> = {};
    let undecided = 0;
    for (const sample of samples) {
      const context: Context = { ...principalFacts(sample), ...sample.context };
      if (!appliesTo(sample, 'aws:ResourceTag/env')) delete context['aws:ResourceTag/env'];
      const expected = await oracle(sample, context);
      oracleOutcomes[expected] = (oracleOutcomes[expected] ?? 0) + 1;
      const ours = decide(catalog, policySet(sample), {
        action: sample.request.action,
        resource: sample.request.resource,
        context: (key) => {
          const entry = Object.entries(context).find(([name]) => name.toLowerCase() === key);
          return { kind: 'known', values: entry?.[1] === undefined ? undefined : [entry[1]].flat() };
        },
      }).outcome;
      // With every key known, `conditional` only comes from what AWS leaves undocumented (docs/iam.md
      // "Policy variables": a variable before an ARN's resource part in NotResource or an ARN operator).
      if (ours === 'conditional') undecided++;
      else if ((ours === 'allowed') !== (expected === 'Allowed'))
        disagreements.push({ sample, ours, expected });
    }
    const rate = (samples.length - undecided - disagreements.length) / (samples.length - undecided);
    console.log(
      `known mode: agreement ${(rate * 100).toFixed(2)}% of ${samples.length - undecided} decided scenarios (${undecided} undecided by documented gaps), oracle ${JSON.stringify(oracleOutcomes)}`,
    );
    if (disagreements.length) report('known', disagreements);
    expect(disagreements).toEqual([]);
    expect(undecided).toBeLessThan(samples.length / 20);
    // The generator must exercise grants, not only denials.
    expect(oracleOutcomes.Allowed ?? 0).toBeGreaterThan(samples.length / 4);
  }, 300_000);

  it(`attacker mode: never denies what some completion allows (${RUNS} scenarios, seed ${SEED})`, async () => {
    const samples = fc.sample(scenario, { seed: SEED + 1, numRuns: RUNS });
    const matrix: Record<string, Record<string, number>> = {};
    const failOpen: unknown[] = [];
    let skipped = 0;
    for (const sample of samples) {
      const chosen = completions(mentionedKeys(sample, CHOSEN));
      const unknown = completions(mentionedKeys(sample, UNKNOWN).filter((key) => appliesTo(sample, key)));
      if (chosen.length * unknown.length > MAX_COMPLETIONS) {
        skipped++;
        continue;
      }
      let someAllowed = false;
      let oneChoiceAlwaysAllowed = false;
      for (const choice of chosen) {
        let all = true;
        for (const fact of unknown) {
          const allowed =
            (await oracle(sample, { ...principalFacts(sample), ...choice, ...fact })) === 'Allowed';
          someAllowed ||= allowed;
          all &&= allowed;
        }
        oneChoiceAlwaysAllowed ||= all;
      }
      const expected: Outcome = oneChoiceAlwaysAllowed ? 'allowed' : someAllowed ? 'conditional' : 'denied';
      const ours = decide(catalog, policySet(sample), {
        action: sample.request.action,
        resource: sample.request.resource,
        context: attackerContext(
          {
            principalArn: PRINCIPAL,
            accountId: ACCOUNT,
            principalType: 'AssumedRole',
            tags: sample.team === undefined ? {} : { team: sample.team },
            now: NOW,
          },
          {},
          catalog.conditionKeys,
        ),
      }).outcome;
      matrix[expected] ??= {};
      matrix[expected][ours] = (matrix[expected][ours] ?? 0) + 1;
      if (ours === 'denied' && expected !== 'denied') failOpen.push({ sample, ours, expected });
    }
    const outcomes = ['allowed', 'conditional', 'denied'];
    const judged = samples.length - skipped;
    const agree = outcomes.reduce((sum, outcome) => sum + (matrix[outcome]?.[outcome] ?? 0), 0);
    console.log(
      `attacker mode: ${judged} scenarios judged (${skipped} skipped: over ${MAX_COMPLETIONS} completions), exact agreement ${((agree / judged) * 100).toFixed(2)}%\n${matrixTable(matrix, outcomes, outcomes)}`,
    );
    if (failOpen.length) report('attacker', failOpen);
    expect(failOpen).toEqual([]);
    expect(matrix.allowed?.allowed ?? 0).toBeGreaterThan(judged / 5);
    expect(matrix.conditional?.conditional ?? 0).toBeGreaterThan(0);
  }, 600_000);
});
