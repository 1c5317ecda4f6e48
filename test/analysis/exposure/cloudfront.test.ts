/**
 * CloudFront as an entry point (docs/exposure.md "CloudFront"), pure: the AWS-shaped fixture of
 * test/fixtures/cloudfront/estate.ts goes through the CloudFront transform, and the estate is classified as
 * the analysis does it. Expected verdicts come from the CloudFront and Lambda documentation: an AWS_IAM URL
 * behind origin access control needs an OAC that signs and a grant to cloudfront.amazonaws.com pinned to
 * the distribution (InvokeFunctionUrl, and InvokeFunction since the rule date); trusted key groups are
 * authentication; a viewer-request function may authenticate (weak, medium); WAF never authenticates.
 */
import type { DistributionSummary } from '@aws-sdk/client-cloudfront';
import { describe, expect, it } from 'vitest';
import { classifyEstate, type EstateFacts, type ExposureRow } from '../../../src/analysis/exposure/estate.js';
import { transformCloudFront } from '../../../src/graph/transform/cloudfront.js';
import type { CloudFrontData, SnapshotData } from '../../../src/snapshot/format.js';
import {
  ACCOUNT,
  behavior,
  cloudFrontData,
  DISTRIBUTION_ARN,
  distribution,
  EDGE_FUNCTION,
  URL_DOMAIN,
} from '../../fixtures/cloudfront/estate.js';

const ORDERS = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const EDGE = EDGE_FUNCTION.split(':').slice(0, 7).join(':');
const AFTER_RULE = new Date('2026-11-28T12:00:00Z');
const BEFORE_RULE = new Date('2026-10-15T12:00:00Z');

const grant = (action: string, sourceArn: string | null) => ({
  Effect: 'Allow',
  Principal: { Service: 'cloudfront.amazonaws.com' },
  Action: action,
  Resource: ORDERS,
  ...(sourceArn ? { Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } } } : {}),
});
const policyOf = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const BOTH_GRANTS = policyOf(
  grant('lambda:InvokeFunctionUrl', DISTRIBUTION_ARN),
  grant('lambda:InvokeFunction', DISTRIBUTION_ARN),
);
const PUBLIC_NONE = policyOf(
  {
    Effect: 'Allow',
    Principal: '*',
    Action: 'lambda:InvokeFunctionUrl',
    Resource: ORDERS,
    Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
  },
  {
    Effect: 'Allow',
    Principal: '*',
    Action: 'lambda:InvokeFunction',
    Resource: ORDERS,
    Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
  },
);

interface Case {
  policy: string | null;
  authType?: 'AWS_IAM' | 'NONE';
  data?: CloudFrontData;
  now?: Date;
  reserved?: number;
}

/** The estate as the analysis reads it from the graph: the transform's rows, as node properties. */
function estateOf({ policy, authType = 'AWS_IAM', data = cloudFrontData(), reserved }: Case): EstateFacts {
  const rows = transformCloudFront({
    accountId: ACCOUNT,
    region: 'global',
    data: JSON.parse(JSON.stringify(data)) as SnapshotData<'cloudfront'>,
  });
  const nodes = (label: keyof typeof rows.nodes) =>
    new Map((rows.nodes[label] ?? []).map((row) => [row.id, { id: row.id, ...row.props }]));
  const edges = (name: keyof typeof rows.relationships) => rows.relationships[name] ?? [];
  const behaviors = nodes('CloudFrontCacheBehavior');
  const origins = nodes('CloudFrontOrigin');
  const oacs = nodes('CloudFrontOriginAccessControl');
  const acls = nodes('WAFv2WebACL');
  const distributions = [...nodes('CloudFrontDistribution').values()].map((d) => ({
    distribution: d,
    webAcl: acls.get(edges('distributionWebAcl').find((e) => e.from === d.id)?.to ?? '') ?? null,
    behaviors: edges('distributionBehavior')
      .filter((e) => e.from === d.id)
      .map((e) => behaviors.get(e.to)!),
    origins: edges('distributionOrigin')
      .filter((e) => e.from === d.id)
      .map((e) => ({
        origin: origins.get(e.to)!,
        oac: oacs.get(edges('originAccessControl').find((o) => o.from === e.to)?.to ?? '') ?? null,
      })),
  }));
  return {
    functions: [
      { id: ORDERS, policy, reservedConcurrency: reserved ?? null },
      { id: EDGE, policy: null, reservedConcurrency: null },
    ],
    aliases: [],
    urls: [{ id: ORDERS, functionArn: ORDERS, qualifier: null, url: `https://${URL_DOMAIN}/`, authType }],
    v2Apis: [],
    restApis: [],
    listeners: [],
    distributions,
  };
}

function classify(input: Case): ExposureRow[] {
  const { rows, problems } = classifyEstate(estateOf(input), { now: input.now ?? AFTER_RULE });
  expect(problems).toEqual([]);
  return rows;
}

/** What a viewer of `pattern` gets at the function URL. */
function fronted(rows: ExposureRow[], pattern: string) {
  const row = rows.find((r) => r.entryId === `${DISTRIBUTION_ARN}/behaviors/${pattern}`);
  const entry = row?.fronts?.find((f) => f.label === 'LambdaFunctionUrl');
  return (
    entry && {
      exposure: entry.result.exposure,
      blockedBy: entry.result.blockedBy ?? null,
      confidence: entry.result.confidence,
      reaches: entry.result.reaches,
    }
  );
}

const withOrigin = (overrides: object): CloudFrontData => {
  const base = distribution();
  return cloudFrontData([
    distribution({
      Origins: { Quantity: 1, Items: [{ ...base.Origins!.Items![0]!, ...overrides }] },
    } as Partial<DistributionSummary>),
  ]);
};

describe('a function URL behind a CloudFront behaviour (/api/*: no signed URLs, no viewer function)', () => {
  it.each<[string, Case, { exposure: string; blockedBy: string | null; confidence: string }]>([
    [
      'AWS_IAM, OAC always, both grants pinned to this distribution: public through it',
      { policy: BOTH_GRANTS },
      { exposure: 'public_unauthenticated', blockedBy: null, confidence: 'high' },
    ],
    [
      'grants without SourceArn still let this distribution in',
      { policy: policyOf(grant('lambda:InvokeFunctionUrl', null), grant('lambda:InvokeFunction', null)) },
      { exposure: 'public_unauthenticated', blockedBy: null, confidence: 'high' },
    ],
    [
      'grants pinned to another distribution: CloudFront gets 403',
      {
        policy: policyOf(
          grant('lambda:InvokeFunctionUrl', `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHER`),
          grant('lambda:InvokeFunction', `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHER`),
        ),
      },
      { exposure: 'not_exposed', blockedBy: 'no_cloudfront_grant', confidence: 'high' },
    ],
    [
      'no resource policy at all',
      { policy: null },
      { exposure: 'not_exposed', blockedBy: 'no_cloudfront_grant', confidence: 'high' },
    ],
    [
      'only InvokeFunctionUrl, after the rule date',
      { policy: policyOf(grant('lambda:InvokeFunctionUrl', DISTRIBUTION_ARN)) },
      { exposure: 'not_exposed', blockedBy: 'missing_invoke_function_grant', confidence: 'high' },
    ],
    [
      'only InvokeFunctionUrl, before the rule date (the exception is invisible)',
      { policy: policyOf(grant('lambda:InvokeFunctionUrl', DISTRIBUTION_ARN)), now: BEFORE_RULE },
      { exposure: 'public_unauthenticated', blockedBy: null, confidence: 'medium' },
    ],
    [
      'the origin names no OAC: unsigned requests to an AWS_IAM URL',
      { policy: BOTH_GRANTS, data: withOrigin({ OriginAccessControlId: '' }) },
      { exposure: 'not_exposed', blockedBy: 'origin_request_unsigned', confidence: 'high' },
    ],
    [
      'the OAC never signs',
      {
        policy: BOTH_GRANTS,
        data: {
          ...cloudFrontData(),
          originAccessControls: [{ ...cloudFrontData().originAccessControls[0]!, SigningBehavior: 'never' }],
        },
      },
      { exposure: 'not_exposed', blockedBy: 'origin_request_unsigned', confidence: 'high' },
    ],
    [
      'the OAC the origin names was not collected: assumed to sign, low confidence',
      { policy: BOTH_GRANTS, data: { ...cloudFrontData(), originAccessControls: [] } },
      { exposure: 'public_unauthenticated', blockedBy: null, confidence: 'low' },
    ],
    [
      'AuthType NONE with a public grant: CloudFront is one more anonymous caller',
      { policy: PUBLIC_NONE, authType: 'NONE' },
      { exposure: 'public_unauthenticated', blockedBy: null, confidence: 'high' },
    ],
    [
      'AuthType NONE without a public grant',
      { policy: BOTH_GRANTS, authType: 'NONE' },
      { exposure: 'not_exposed', blockedBy: 'no_public_url_grant', confidence: 'high' },
    ],
    [
      'reserved concurrency 0',
      { policy: BOTH_GRANTS, reserved: 0 },
      { exposure: 'not_exposed', blockedBy: 'reserved_concurrency_zero', confidence: 'high' },
    ],
  ])('%s', (_, input, expected) => {
    expect(fronted(classify(input), '/api/*')).toMatchObject({ ...expected, reaches: [ORDERS] });
  });
});

describe('what the behaviour enforces on viewers', () => {
  it('trusted key groups are authentication; a viewer-request function is possible authentication', () => {
    const rows = classify({ policy: BOTH_GRANTS });
    expect(fronted(rows, '/private/*')).toMatchObject({
      exposure: 'public_authenticated',
      confidence: 'high',
    });
    expect(fronted(rows, 'default')).toMatchObject({ exposure: 'public_weak_auth', confidence: 'medium' });
  });

  it('a disabled distribution serves nobody', () => {
    const rows = classify({ policy: BOTH_GRANTS, data: cloudFrontData([distribution({ Enabled: false })]) });
    expect(fronted(rows, '/api/*')).toMatchObject({
      exposure: 'not_exposed',
      blockedBy: 'distribution_disabled',
    });
  });

  it('the behaviour entry is the cloudfront_distribution kind and reaches what its origin lets through', () => {
    const rows = classify({ policy: BOTH_GRANTS }).filter((row) => row.label === 'CloudFrontCacheBehavior');
    expect(
      rows.map((row) => [
        row.entryId.split('/behaviors/')[1],
        row.kind,
        row.result.exposure,
        row.result.reaches,
      ]),
    ).toEqual([
      ['/api/*', 'cloudfront_distribution', 'public_unauthenticated', [ORDERS]],
      ['/private/*', 'cloudfront_distribution', 'public_authenticated', [ORDERS]],
      ['default', 'cloudfront_distribution', 'public_weak_auth', [ORDERS]],
    ]);
  });

  it('records the web ACL as a mitigation in the evidence, never as authentication', () => {
    const api = classify({ policy: BOTH_GRANTS }).find(
      (row) => row.entryId === `${DISTRIBUTION_ARN}/behaviors//api/*`,
    );
    expect(api?.result.exposure).toBe('public_unauthenticated');
    expect(api?.result.evidence.map((e) => e.text)).toContainEqual(
      'web ACL edge-acl (default action Allow; rules: AWS-AWSManagedRulesCommonRuleSet, rate-limit-per-ip) may block or rate-limit requests; a WAF is a mitigation, not authentication',
    );
  });
});

describe('an origin domain that names no collected function URL, API or load balancer', () => {
  // S3 endpoints serve objects (no function runs there); anything else the scan cannot see is unknown.
  it.each<[string, string, string[] | undefined, string]>([
    ['S3 REST endpoint, virtual-host style', 'orders-assets.s3.us-east-1.amazonaws.com', undefined, 'high'],
    ['S3 website endpoint', 'orders-assets.s3-website-us-east-1.amazonaws.com', undefined, 'high'],
    ['S3 legacy global endpoint', 'orders-assets.s3.amazonaws.com', undefined, 'high'],
    [
      'S3 Object Lambda access point: runs a function',
      'reports-111122223333.s3-object-lambda.us-east-1.amazonaws.com',
      ['origin reports-111122223333.s3-object-lambda.us-east-1.amazonaws.com'],
      'low',
    ],
    ['a custom domain no collected API maps', 'api.example.com', ['origin api.example.com'], 'low'],
    [
      'a function URL the scan did not collect',
      'zyxwvutsrqponmlkjihgfedcba654321.lambda-url.us-east-1.on.aws',
      ['origin zyxwvutsrqponmlkjihgfedcba654321.lambda-url.us-east-1.on.aws'],
      'low',
    ],
    [
      'an API of a region that was not scanned',
      'a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com',
      ['origin a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com'],
      'low',
    ],
  ])('%s', (_, domain, unresolved, confidence) => {
    const rows = classify({ policy: BOTH_GRANTS, data: withOrigin({ DomainName: domain }) });
    const api = rows.find((row) => row.entryId === `${DISTRIBUTION_ARN}/behaviors//api/*`);
    // The viewer class stays (anyone reaches the behaviour); only what it reaches behind is unknown.
    expect(api?.result).toMatchObject({ exposure: 'public_unauthenticated', reaches: [], confidence });
    expect(api?.result.unresolvedOrigins).toEqual(unresolved);
    expect(api?.fronts).toEqual([]);
  });
});

describe('Lambda@Edge functions run on the requests themselves', () => {
  const edgeRow = (rows: ExposureRow[]) => rows.find((row) => row.label === 'CloudFrontDistribution');
  it.each<[string, string, string | null, string]>([
    [
      'origin-request behind a trusted key group: what the behaviour lets through',
      'origin-request',
      'k1',
      'public_authenticated',
    ],
    ['viewer-request: every request, before any check', 'viewer-request', 'k1', 'public_unauthenticated'],
    ['origin-request on an open behaviour', 'origin-request', null, 'public_unauthenticated'],
  ])('%s', (_, event, keyGroup, exposure) => {
    const data = cloudFrontData([
      distribution({
        DefaultCacheBehavior: behavior('orders-url', {
          trustedKeyGroups: keyGroup ? [keyGroup] : [],
          lambdaAtEdge: [{ arn: EDGE_FUNCTION, event }],
        }),
        CacheBehaviors: { Quantity: 0 },
      } as Partial<DistributionSummary>),
    ]);
    const row = edgeRow(classify({ policy: BOTH_GRANTS, data }));
    expect(row).toMatchObject({ entryId: DISTRIBUTION_ARN, kind: 'cloudfront_distribution' });
    expect(row?.result).toMatchObject({ exposure, reaches: [EDGE_FUNCTION] });
  });

  it('each function keeps the class of its own association: a viewer-event neighbour does not make an origin-event function public', () => {
    // Lambda@Edge events (docs/exposure.md "CloudFront"): viewer-request runs on every request; origin-request
    // only on what the behaviour lets through, here signed URLs only.
    const viewerFunction = EDGE_FUNCTION.replace('edge-auth:3', 'edge-router:1');
    const data = cloudFrontData([
      distribution({
        DefaultCacheBehavior: behavior('orders-url', {
          lambdaAtEdge: [{ arn: viewerFunction, event: 'viewer-request' }],
        }),
        CacheBehaviors: {
          Quantity: 1,
          Items: [
            {
              PathPattern: '/private/*',
              ...behavior('orders-url', {
                trustedKeyGroups: ['k1'],
                lambdaAtEdge: [{ arn: EDGE_FUNCTION, event: 'origin-request' }],
              }),
            },
          ],
        },
      } as Partial<DistributionSummary>),
    ]);
    const row = edgeRow(classify({ policy: BOTH_GRANTS, data }));
    expect(row?.result.exposure).toBe('public_unauthenticated');
    expect(row?.result.reachExposure).toEqual({
      [viewerFunction]: 'public_unauthenticated',
      [EDGE_FUNCTION]: 'public_authenticated',
    });
    expect([...(row?.result.reaches ?? [])].sort()).toEqual([EDGE_FUNCTION, viewerFunction].sort());
  });

  it('a distribution without Lambda@Edge has no entry of its own', () => {
    const data = cloudFrontData([
      distribution({ CacheBehaviors: { Quantity: 0 } } as Partial<DistributionSummary>),
    ]);
    expect(edgeRow(classify({ policy: BOTH_GRANTS, data }))).toBeUndefined();
  });
});
