/**
 * Differential test: our evaluator against @cloud-copilot/iam-simulate (AGPL, devDependency, test oracle
 * only) on generated identity policies, boundaries, SCPs and requests with every context key known.
 * Fixed seed and bounded count, so CI is deterministic; the agreement rate is printed.
 *
 * Every context key is known here (the oracle's Strict mode); the attacker's view (unknown and chosen
 * keys) is ours alone and is covered by evaluation.test.ts.
 * Oracle notes: runUnsafeSimulation does not flag wildcard-only actions (it lets `iam:ListRoles` on `*`
 * match any Resource ARN, which AWS does not: service-authorization reference, "resource types" column
 * empty means only "*" applies), so the validated runSimulation is the oracle. No disagreement remains.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { type AttachedPolicy, decide } from '../../src/iam/evaluate.js';
import { parsePolicy } from '../../src/iam/policy.js';
import { ACCOUNT, catalogForTests } from './principal-fixture.js';

const SEED = 20261128;
const RUNS = 1000;
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/app-fn-role`;

/** Requests: each action with resources of its type (or `*` for wildcard-only actions). */
const REQUESTS: [string, string[]][] = [
  ['s3:GetObject', ['arn:aws:s3:::bucket-a/key1', 'arn:aws:s3:::bucket-b/dir/Key2']],
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
  `arn:aws:iam::${ACCOUNT}:role/*`,
  'arn:aws:iam::*:role/admin/*',
  'arn:aws:lambda:*:*:function:*',
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`,
  'arn:aws:lambda:us-*:*:function:o*',
  'arn:aws:dynamodb:*:*:table/orders',
];

/** Condition entries over global keys whose request values are generated below. */
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
];

const statement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
    notAction: fc.boolean(),
    actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
    notResource: fc.boolean(),
    resources: fc.uniqueArray(fc.constantFrom('*', ...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
    conditions: fc.uniqueArray(fc.constantFrom(...CONDITIONS), {
      maxLength: 2,
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
const policy = fc
  .array(statement, { minLength: 1, maxLength: 3 })
  .map((Statement) => ({ Version: '2012-10-17', Statement }));

const context = fc.record({
  'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.168.1.9', '203.0.113.5'),
  'aws:PrincipalTag/team': fc.option(fc.constantFrom('payments', 'web', 'data'), { nil: undefined }),
  'aws:RequestedRegion': fc.constantFrom('us-east-1', 'eu-west-1'),
  'aws:SecureTransport': fc.constantFrom('true', 'false'),
  'aws:CurrentTime': fc.constant('2026-11-28T12:00:00Z'),
  'aws:TagKeys': fc.option(fc.subarray(['owner', 'env', 'cost-center']), { nil: undefined }),
  'aws:PrincipalArn': fc.constant(PRINCIPAL),
});

const scenario = fc.record({
  identity: fc.array(policy, { minLength: 1, maxLength: 4 }),
  boundary: fc.option(policy, { nil: undefined, freq: 2 }),
  scps: fc.option(fc.array(policy, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
  request: fc
    .constantFrom(...REQUESTS)
    .chain(([action, resources]) =>
      fc.record({ action: fc.constant(action), resource: fc.constantFrom(...resources) }),
    ),
  context,
});

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

describe('differential test against iam-simulate', () => {
  it(`agrees on ${RUNS} generated scenarios (seed ${SEED})`, async () => {
    const samples = fc.sample(scenario, { seed: SEED, numRuns: RUNS });
    const disagreements: unknown[] = [];
    const oracleOutcomes: Record<string, number> = {};
    for (const sample of samples) {
      const contextVariables: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(sample.context)) {
        if (value !== undefined) contextVariables[key] = typeof value === 'string' ? value : [...value];
      }
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
          serviceControlPolicies: sample.scps
            ? [
                {
                  orgIdentifier: 'ou-1',
                  policies: sample.scps.map((policy, i) => ({ name: `scp-${i}`, policy })),
                },
              ]
            : [],
          resourceControlPolicies: [],
        },
        { simulationMode: 'Strict' },
      );
      if (simulation.resultType !== 'single') throw new Error(`oracle: ${JSON.stringify(simulation)}`);
      const oracle = simulation.result.analysis.result;
      oracleOutcomes[oracle] = (oracleOutcomes[oracle] ?? 0) + 1;
      const ours = decide(
        catalog,
        {
          identity: sample.identity.map((document, i) => attached('inline', `identity-${i}`, document)),
          boundary: sample.boundary ? attached('boundary', 'boundary', sample.boundary) : undefined,
          scpLevels: sample.scps
            ? [sample.scps.map((document, i) => attached('scp', `scp-${i}`, document))]
            : [],
        },
        {
          action: sample.request.action,
          resource: sample.request.resource,
          context: (key) => {
            const entry = Object.entries(contextVariables).find(([name]) => name.toLowerCase() === key);
            return { kind: 'known', values: entry === undefined ? undefined : [entry[1]].flat() };
          },
        },
      ).outcome;
      if ((ours === 'allowed') !== (oracle === 'Allowed')) disagreements.push({ sample, ours, oracle });
    }
    const rate = (samples.length - disagreements.length) / samples.length;
    console.log(
      `iam-simulate agreement: ${(rate * 100).toFixed(2)}% of ${samples.length} scenarios ${JSON.stringify(oracleOutcomes)}`,
    );
    if (disagreements.length) console.log(JSON.stringify(disagreements.slice(0, 3), null, 1));
    expect(disagreements).toEqual([]);
  }, 120_000); // a thousand validated simulations: seconds, more on a busy machine
});
