/**
 * Fuzzing with fast-check over what toxgraph reads from outside: policy documents (mutations of real
 * shapes), principals, snapshot files (truncation, wrong types, huge values, unicode, deep nesting) and CLI
 * input. The oracle: every input is accepted or rejected with an InputError that names its source (policy,
 * file, field, flag); anything else thrown is a crash. Prints the counts tried / rejected / accepted.
 *
 * Fixed seed; TOXGRAPH_FUZZ_SEED picks another, TOXGRAPH_FUZZ_SCALE multiplies the number of cases
 * (default: about 10,500 cases, well under a minute).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CommanderError } from 'commander';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcePolicyExposures } from '../../src/analysis/exposure/resource-policy.js';
import { parseAccounts, parseRegions } from '../../src/aws/scope.js';
import { buildProgram } from '../../src/cli/main.js';
import { parsePort } from '../../src/cli/options.js';
import { loadConfig } from '../../src/config.js';
import { InputError } from '../../src/errors.js';
import { checkBoltUri } from '../../src/graph/graph-errors.js';
import { transformUnit } from '../../src/graph/transform/index.js';
import { parsePolicy } from '../../src/iam/policy.js';
import { parsePrincipal } from '../../src/iam/principal.js';
import type { ManifestUnit } from '../../src/snapshot/format.js';
import { readManifest, readUnit } from '../../src/snapshot/read.js';
import { ESTATE } from '../graph/fixture.js';

const SEED = Number(process.env.TOXGRAPH_FUZZ_SEED ?? 9_2026);
const SCALE = Number(process.env.TOXGRAPH_FUZZ_SCALE ?? 1);
const runs = (base: number) => Math.max(1, Math.round(base * SCALE));

type Tally = { tried: number; rejected: number; accepted: number };
const tallies: Record<string, Tally> = {};
function tally(family: string): Tally {
  tallies[family] ??= { tried: 0, rejected: 0, accepted: 0 };
  return tallies[family];
}

/** Runs `attempt`; an InputError whose message satisfies `names` is a rejection, anything else thrown a crash. */
function judge(family: string, attempt: () => void, names: (message: string) => boolean): void {
  const count = tally(family);
  count.tried += 1;
  try {
    attempt();
    count.accepted += 1;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (!names(error.message)) throw new Error(`rejection without its source: ${error.message}`);
    count.rejected += 1;
  }
}

// ---- value generators: what hostile or broken JSON holds --------------------------------------------

const deepNesting = fc
  .integer({ min: 50, max: 3_000 })
  .map((depth) => JSON.parse(`${'['.repeat(depth)}"x"${']'.repeat(depth)}`) as unknown);
const hugeString = fc.integer({ min: 10_000, max: 200_000 }).map((length) => 'A'.repeat(length));
const unicodeString = fc.string({ unit: 'binary', maxLength: 40 });
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  unicodeString,
  hugeString,
  deepNesting,
  fc.constantFrom(null, true, 0, -1, 1e308, '', '*', [], {}, '123456789012', 'arn:aws:iam::*:root'),
);

/** The paths of the values in a JSON tree (object keys and array indices), down to a depth of 12. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (prefix.length >= 12) return here;
  if (Array.isArray(value))
    return [...here, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  if (typeof value === 'object' && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  }
  return here;
}

type Mutation = { at: number; kind: 'replace' | 'delete' | 'wrap'; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'wrap'),
  value: hostileValue,
});

/** A copy of `document` with one value replaced, deleted, or wrapped in an array. */
function mutate(document: unknown, { at, kind, value }: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(document) ?? 'null') as unknown;
  const paths = pathsOf(copy);
  const target = paths[at % paths.length]!;
  if (target.length === 0) return kind === 'replace' ? value : copy;
  type Container = Record<string | number, unknown>;
  const parent = target.slice(0, -1).reduce((node, key) => node[key] as Container, copy as Container);
  const key = target.at(-1)!;
  if (kind === 'delete') {
    if (Array.isArray(parent)) (parent as unknown[]).splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = kind === 'replace' ? value : [parent[key]];
  return copy;
}

/** How the document reaches the parser: as an object, as JSON text (maybe truncated), URL-encoded (IAM). */
const encoding = fc.oneof(
  fc.constant((doc: unknown) => doc),
  fc.constant((doc: unknown) => JSON.stringify(doc)),
  fc.constant((doc: unknown) => encodeURIComponent(JSON.stringify(doc) ?? '')),
  fc.nat().map((cut) => (doc: unknown) => {
    const text = JSON.stringify(doc) ?? '';
    return text.slice(0, cut % (text.length + 1));
  }),
);

// ---- real shapes --------------------------------------------------------------------------------

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders';
const POLICIES: unknown[] = [
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  {
    Version: '2012-10-17',
    Id: 'default',
    Statement: [
      {
        Sid: 'FunctionURLAllowPublicAccess',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: FUNCTION_ARN,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      },
      {
        Sid: 'partner',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::444455556666:root', '777788889999'] },
        Action: ['lambda:InvokeFunction', 'lambda:UpdateFunctionCode'],
        Resource: `${FUNCTION_ARN}:live`,
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FUNCTION_ARN,
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:eu-west-1:123456789012:abc/*' } },
      },
    ],
  },
  {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } },
    },
  },
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/admin' },
        NotAction: 's3:Get*',
        NotResource: 'arn:aws:s3:::b/*',
      },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: {
          StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      },
    ],
  },
];
const PRINCIPALS: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: '123456789012' },
  { AWS: ['arn:aws:iam::123456789012:root', 'arn:aws:sts::123456789012:assumed-role/r/s'] },
  { Service: ['lambda.amazonaws.com', 'apigateway.amazonaws.com'] },
  { Federated: 'arn:aws:iam::123456789012:saml-provider/idp' },
  { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
];

let work: string;
let units: { entry: ManifestUnit; document: unknown }[];
let manifest: unknown;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'toxgraph-fuzz-'));
  manifest = JSON.parse(await readFile(path.join(ESTATE, 'manifest.json'), 'utf8'));
  const entries = (manifest as { units: ManifestUnit[] }).units.filter((entry) => entry.status === 'ok');
  units = await Promise.all(
    entries.map(async (entry) => ({
      entry,
      document: JSON.parse(await readFile(path.join(ESTATE, entry.file!), 'utf8')) as unknown,
    })),
  );
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  const total = Object.values(tallies).reduce(
    (sum, t) => ({
      tried: sum.tried + t.tried,
      rejected: sum.rejected + t.rejected,
      accepted: sum.accepted + t.accepted,
    }),
    { tried: 0, rejected: 0, accepted: 0 },
  );
  const lines = Object.entries(tallies).map(
    ([family, t]) =>
      `  ${family.padEnd(18)} tried ${t.tried}, rejected ${t.rejected}, accepted ${t.accepted}`,
  );
  process.stdout.write(
    `fuzz (seed ${SEED}, scale ${SCALE}): tried ${total.tried}, rejected ${total.rejected}, accepted ${total.accepted}\n${lines.join('\n')}\n`,
  );
});

/** fast-check's own report prints the (possibly deeply nested) counterexample: report the error instead. */
function report(details: fc.RunDetails<unknown>): void {
  if (!details.failed) return;
  const error = details.errorInstance as Error | undefined;
  throw new Error(`fuzz case ${details.numRuns} (seed ${SEED}) failed: ${error?.stack ?? String(error)}`);
}
const params = (numRuns: number) => ({
  seed: SEED,
  numRuns: runs(numRuns),
  endOnFailure: true,
  reporter: report as never,
});

describe('fuzzing hostile input', () => {
  it('policy documents: parsed and classified, or rejected naming the policy', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...POLICIES),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        encoding,
        (base, mutations, encode) => {
          const document = encode(mutations.reduce(mutate, base));
          judge(
            'policy',
            () => void parsePolicy(document, 'role/fuzz inline policy p1'),
            (m) => m.includes('role/fuzz inline policy p1'),
          );
          // The resource-policy analysis reads the same text; it may skip a document it cannot use, never crash.
          if (typeof document === 'string') {
            judge(
              'resource policy',
              () => void resourcePolicyExposures(FUNCTION_ARN, document),
              (m) => m.includes(FUNCTION_ARN),
            );
          }
        },
      ),
      params(2_500),
    );
  }, 60_000);

  it('principals: every AWS-accepted form parsed, anything else rejected naming the element', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRINCIPALS),
        mutation,
        fc.constantFrom('Principal', 'NotPrincipal'),
        (base, change, element) => {
          const fail = (reason: string) => new InputError(`policy fuzz statement 0: ${reason}`);
          judge(
            'principal',
            () => void parsePrincipal(mutate(base, change), fail, element, 'aws'),
            (m) => m.includes(element),
          );
        },
      ),
      params(2_000),
    );
  }, 60_000);

  it('snapshot unit files: read (and transformed) or rejected naming the file and field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        encoding,
        async (pick, mutations, encode) => {
          const { entry, document } = units[pick % units.length]!;
          const encoded = encode(mutations.reduce(mutate, document));
          await writeFile(
            path.join(work, 'unit.json'),
            typeof encoded === 'string' ? encoded : (JSON.stringify(encoded) ?? ''),
          );
          const outcome = await readUnit(work, { ...entry, file: 'unit.json' });
          const count = tally('snapshot unit');
          count.tried += 1;
          if ('problems' in outcome) {
            expect(outcome.file).toBe('unit.json');
            expect(outcome.problems.length).toBeGreaterThan(0);
            for (const problem of outcome.problems) expect(problem.expected.length).toBeGreaterThan(0);
            count.rejected += 1;
            return;
          }
          count.accepted += 1;
          // A unit that validates is loaded: its transform takes what the schema let through.
          judge(
            'unit transform',
            () => void transformUnit(outcome),
            (m) => m.length > 0,
          );
        },
      ),
      params(2_000),
    );
  }, 60_000);

  it('snapshot manifests: read or rejected naming manifest.json and the field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        encoding,
        async (mutations, encode) => {
          const encoded = encode(mutations.reduce(mutate, manifest));
          await writeFile(
            path.join(work, 'manifest.json'),
            typeof encoded === 'string' ? encoded : (JSON.stringify(encoded) ?? ''),
          );
          let error: unknown;
          await readManifest(work).catch((caught: unknown) => {
            error = caught;
          });
          judge(
            'manifest',
            () => {
              if (error) throw error;
            },
            (m) => m.includes('manifest.json'),
          );
        },
      ),
      params(600),
    );
  }, 60_000);

  it('CLI input: every argv parsed or refused with a usage error naming the flag; flag values likewise', async () => {
    const FLAGS = [
      '--regions',
      '--accounts',
      '--bolt-port',
      '--http-port',
      '--format',
      '--min-severity',
      '--snapshot-out',
      '--assume-role',
      '--org',
      '--debug',
      '--strict',
      '--help',
      '-V',
    ];
    const COMMANDS = [
      'scan',
      'collect',
      'load',
      'analyze',
      'findings',
      'demo',
      'neo4j start',
      'neo4j status',
      'bogus',
    ];
    const word = fc.oneof(
      fc.constantFrom(...FLAGS),
      unicodeString,
      fc.constantFrom('all', 'us-east-1,eu-west-1', '65536', '0', 'critical', 'json', '123456789012'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COMMANDS),
        fc.array(word, { maxLength: 6 }),
        async (command, args) => {
          const program = buildProgram();
          const silence = (cmd: typeof program) => {
            cmd.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
            cmd.action(() => undefined);
            for (const sub of cmd.commands) silence(sub);
          };
          silence(program);
          const count = tally('cli argv');
          count.tried += 1;
          try {
            await program.parseAsync(['node', 'toxgraph', ...command.split(' '), ...args]);
            count.accepted += 1;
          } catch (error) {
            if (!(error instanceof CommanderError)) throw error;
            expect(error.message.length).toBeGreaterThan(0);
            count.rejected += 1;
          }
        },
      ),
      params(1_000),
    );
    fc.assert(
      fc.property(unicodeString, fc.boolean(), (value, org) => {
        judge(
          '--regions',
          () => void parseRegions(value),
          (m) => m.startsWith('--regions'),
        );
        judge(
          '--accounts',
          () => void parseAccounts({ accounts: value }),
          (m) => m.startsWith('--accounts'),
        );
        judge(
          '--assume-role',
          () => void parseAccounts({ org, assumeRole: value }),
          (m) => m.includes('--assume-role') || m.includes('--org'),
        );
        judge(
          'NEO4J_URI',
          () => checkBoltUri(value),
          (m) => m.startsWith('NEO4J_URI'),
        );
        judge(
          'TOXGRAPH_LOG_LEVEL',
          () => void loadConfig({ TOXGRAPH_LOG_LEVEL: value }),
          (m) => m.startsWith('TOXGRAPH_LOG_LEVEL'),
        );
        const port = tally('--bolt-port');
        port.tried += 1;
        try {
          parsePort(value);
          port.accepted += 1;
        } catch (error) {
          expect((error as Error).message).toMatch(/^expected a port number/);
          port.rejected += 1;
        }
      }),
      params(400),
    );
  }, 60_000);
});
