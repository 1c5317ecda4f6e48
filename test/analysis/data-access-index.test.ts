/**
 * The index-led access evaluation (docs/data-stores.md "At scale") must give exactly the edges of the naive
 * one: every action of the access table asked on every store for every principal, with no prefilter and no
 * sharing. The estate is generated from a fixed seed: literal ARNs, wildcards in the middle of a resource,
 * `*` grants, NotResource, Deny statements, a permissions boundary, a policy variable, mixed-case prefix
 * segments, and store policies that deny a role, open a store to everyone, name another account, or (KMS)
 * do not delegate to IAM.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DataAccessEdge,
  dataAccessEdges,
  decideStoreAccess,
  parseStores,
} from '../../src/analysis/data-access.js';
import {
  DATA_ACCESS,
  type DataAccessType,
  type DataStoreFacts,
  type DataStoreKind,
} from '../../src/analysis/data-stores.js';
import { principalAsker } from '../../src/iam/ask.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import type { PrincipalPolicies } from '../../src/iam/principals.js';
import { guardrails } from '../../src/iam/resource-access.js';
import { ACCOUNT, allow, catalogForTests, type Doc, deny, doc, NOW, role } from '../iam/principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const OTHER = '210987654321';
const REGIONS = ['eu-west-1', 'us-east-1'];
const roleArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;

/** mulberry32: a small deterministic generator, so that a failure replays. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

function facts(kind: DataStoreKind, id: string, accountId: string, policy?: Doc): DataStoreFacts {
  return {
    id,
    kind,
    name: id.split(/[:/]/).pop() ?? null,
    accountId,
    policyJson: policy ? JSON.stringify(policy) : null,
    tags: {},
    parameterType: kind === 'ssm_parameter' ? 'SecureString' : null,
    protectsData: kind === 'kms_key',
    ignorePublicAcls: null,
    restrictPublicBuckets: null,
    aclAllUsers: [],
    aclAuthenticatedUsers: [],
  };
}

function generateStores(random: ReturnType<typeof generator>): DataStoreFacts[] {
  const stores: DataStoreFacts[] = [];
  const bucketPolicy = (name: string): Doc | undefined => {
    const objects = `arn:aws:s3:::${name}/*`;
    switch (random.int(6)) {
      case 0:
        return doc({
          Effect: 'Deny',
          Principal: { AWS: roleArn(`role-${random.int(12)}`) },
          Action: 's3:*',
          Resource: objects,
        });
      case 1:
        return doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: objects });
      case 3:
        return doc({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: objects,
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
        });
      case 2:
        return doc({
          Effect: 'Allow',
          Principal: { AWS: roleArn('reader', OTHER) },
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: objects,
        });
      default:
        return undefined;
    }
  };
  for (let i = 0; i < 60; i++) {
    const name = `${random.pick(['b', 'data', 'logs'])}-${i}`;
    stores.push(
      facts('s3_bucket', `arn:aws:s3:::${name}`, random.pick([ACCOUNT, OTHER]), bucketPolicy(name)),
    );
  }
  for (const region of REGIONS) {
    for (const account of [ACCOUNT, OTHER]) {
      for (let i = 0; i < 8; i++) {
        const table = `arn:aws:dynamodb:${region}:${account}:table/t-${i}`;
        stores.push(
          facts(
            'dynamodb_table',
            table,
            account,
            random.int(4) === 0
              ? doc({ Effect: 'Deny', Principal: '*', Action: 'dynamodb:GetItem', Resource: table })
              : undefined,
          ),
        );
        const secret = `arn:aws:secretsmanager:${region}:${account}:secret:app-${i}-AbCdEf`;
        stores.push(
          facts(
            'secret',
            secret,
            account,
            random.int(3) === 0
              ? doc({
                  Effect: 'Allow',
                  Principal: { AWS: roleArn(`role-${random.int(12)}`) },
                  Action: 'secretsmanager:GetSecretValue',
                  Resource: '*',
                })
              : undefined,
          ),
        );
        stores.push(facts('ssm_parameter', `arn:aws:ssm:${region}:${account}:parameter/app/p-${i}`, account));
      }
      for (let i = 0; i < 3; i++) {
        const key = `arn:aws:kms:${region}:${account}:key/k-${i}`;
        const delegates = random.int(2) === 0;
        stores.push(
          facts(
            'kms_key',
            key,
            account,
            doc({
              Effect: 'Allow',
              Principal: { AWS: delegates ? `arn:aws:iam::${account}:root` : roleArn('key-admin', account) },
              Action: 'kms:*',
              Resource: '*',
            }),
          ),
        );
      }
    }
  }
  return stores;
}

/** The statements roles are drawn from: every shape of Resource the index has to get right. */
function statementMenu(random: ReturnType<typeof generator>): object[] {
  const region = random.pick(REGIONS);
  const account = random.pick([ACCOUNT, OTHER]);
  const i = random.int(10);
  return [
    allow('s3:GetObject', `arn:aws:s3:::b-${random.int(60)}/*`),
    allow(['s3:Get*', 's3:PutObject'], `arn:aws:s3:::data-${i}*/*`),
    allow('s3:GetObject', `arn:aws:s3:::*-${i}/*`),
    allow('s3:GetObject', `arn:AWS:S3:::logs-${random.int(60)}/*`),
    allow('s3:*', 'arn:aws:s3:::*'),
    allow('dynamodb:*', `arn:aws:dynamodb:*:${account}:table/t-?`),
    allow('dynamodb:GetItem', `arn:aws:dynamodb:${region}:${account}:table/t-${random.int(8)}`),
    allow('secretsmanager:GetSecretValue', '*'),
    {
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      NotResource: `arn:aws:secretsmanager:${region}:${account}:secret:app-${random.int(8)}-*`,
    },
    allow('ssm:GetParameter*', `arn:aws:ssm:${region}:${account}:parameter/app/*`),
    allow('kms:Decrypt', '*'),
    allow('kms:Decrypt', `arn:aws:kms:${region}:${account}:key/k-${random.int(3)}`),
    allow('*', '*'),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template.
    allow('s3:GetObject', 'arn:aws:s3:::home-${aws:username}/*'),
    deny('s3:*', `arn:aws:s3:::b-${random.int(60)}*`),
    deny('dynamodb:GetItem', `arn:aws:dynamodb:${region}:*:table/*`),
    deny('kms:Decrypt', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    allow('s3:PutObject', `arn:aws:s3:::data-*/*`, {
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } },
    }),
  ];
}

function generatePrincipals(random: ReturnType<typeof generator>): PrincipalPolicies[] {
  return Array.from({ length: 12 }, (_, index) => {
    const statements = Array.from({ length: 1 + random.int(4) }, () => random.pick(statementMenu(random)));
    return role({
      name: `role-${index}`,
      inline: [doc(...statements)],
      ...(random.int(4) === 0 ? { boundary: doc(allow(['s3:*', 'kms:*'], '*')) } : {}),
    });
  });
}

/** Every action of the access table on every store, each decided afresh. */
function naiveEdges(principals: readonly PrincipalPolicies[], stores: readonly DataStoreFacts[]) {
  const { parsed } = parseStores(catalog, stores);
  const edges: DataAccessEdge[] = [];
  for (const principal of principals) {
    const ask = principalAsker(catalog, principal, { now: NOW });
    for (const store of parsed) {
      for (const [type, rule] of Object.entries(DATA_ACCESS[store.facts.kind]) as [
        DataAccessType,
        (typeof DATA_ACCESS)[DataStoreKind][DataAccessType] & object,
      ][]) {
        const resource = rule.resource(store.facts.id);
        const edge = decideStoreAccess(catalog, principal, store, type, rule.anyOf, NOW, {
          identity: (action) => ask(action, resource).decision,
          guard: (action, lifted) => guardrails(catalog, principal, { action, resource }, lifted, NOW),
        });
        if (edge) edges.push(edge);
      }
    }
  }
  return edges;
}

const sorted = (edges: readonly DataAccessEdge[]) =>
  [...edges].sort((a, b) => `${a.from} ${a.to} ${a.type}`.localeCompare(`${b.from} ${b.to} ${b.type}`));

describe('index-led data access', () => {
  for (const seed of [13, 20261129, 7]) {
    it(`gives exactly the naive edges (seed ${seed})`, () => {
      const random = generator(seed);
      const stores = generateStores(random);
      const principals = generatePrincipals(random);
      const naive = sorted(naiveEdges(principals, stores));
      const indexed = sorted(
        dataAccessEdges(catalog, principals, parseStores(catalog, stores).parsed, { now: NOW }),
      );
      expect(indexed).toEqual(naive);
      // Not vacuous: the estate yields edges of every type, both confidences, and through store policies.
      expect(new Set(naive.map((edge) => edge.type))).toEqual(
        new Set(['CAN_READ', 'CAN_WRITE', 'CAN_DECRYPT']),
      );
      expect(new Set(naive.map((edge) => edge.confidence))).toEqual(new Set(['high', 'conditional']));
      expect(naive.some((edge) => edge.grantedBy.includes('resource_policy'))).toBe(true);
    });
  }
});
