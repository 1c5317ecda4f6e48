/**
 * CloudFront in front of function URLs and a load balancer, end to end against moto: seeded through the
 * SDK, `toxgraph scan`, `toxgraph findings --format json`. One distribution with a web ACL and four
 * behaviours: `/api/*` to an AWS_IAM function URL signed through origin access control and granted to this
 * distribution (public through CloudFront), the default behaviour to a URL signed the same way but never
 * granted to CloudFront (not reachable), `/private/*` to a granted URL behind a trusted key group
 * (authenticated), and `/legacy/*` to an ALB whose security group admits only CloudFront's origin-facing
 * prefix list. moto drops `Origin.OriginAccessControlId` from its answers: a local endpoint in front of moto
 * adds it back to moto's own ListDistributions answer, as it was given to CreateDistribution
 * (test/README.md).
 */
import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateOriginAccessControlCommand,
} from '@aws-sdk/client-cloudfront';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { type RecordedEndpoint, startRecordedEndpoint } from '../aws/recorded-endpoint.js';
import {
  addPermission,
  aws,
  createFunction,
  createFunctionUrl,
  createLambdaAlb,
  createRole,
  createSecurityGroup,
  putReservedConcurrency,
  REGION,
} from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { cypher } from '../support/graph.js';
import { ADMIN } from './policies.js';
import { expectNotCriticalOrHigh, pathOf, theFinding } from './scenario.js';

const clientConfig = { region: REGION, maxAttempts: 1 };
let endpoint: RecordedEndpoint;
let findings: Finding[];
let distributionArn = '';
let distributionDomain = '';

/** An AWS_IAM function URL for an admin function; returns the URL's host. */
async function iamUrl(name: string, role: string): Promise<string> {
  await createFunction(name, role);
  await putReservedConcurrency(name, 5);
  const { FunctionUrl } = await createFunctionUrl(name, 'AWS_IAM');
  return new URL(FunctionUrl!).hostname;
}

/** The two statements AWS documents for a URL behind origin access control, pinned to the distribution. */
async function grantCloudFront(name: string): Promise<void> {
  for (const Action of ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction']) {
    await addPermission({
      FunctionName: name,
      StatementId: `cloudfront-${Action.split(':')[1]}`,
      Action,
      Principal: 'cloudfront.amazonaws.com',
      SourceArn: distributionArn,
    });
  }
}

const behavior = (origin: string, keyGroup?: string) => ({
  TargetOriginId: origin,
  ViewerProtocolPolicy: 'https-only' as const,
  MinTTL: 0,
  ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' as const } },
  ...(keyGroup ? { TrustedKeyGroups: { Enabled: true, Quantity: 1, Items: [keyGroup] } } : {}),
});

const customOrigin = (Id: string, DomainName: string) => ({
  Id,
  DomainName,
  CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' as const },
});

beforeAll(async () => {
  const admin = await createRole({ name: 'cf-admin-role', managed: { 'cf-admin-policy': ADMIN } });
  const hosts = {
    orders: await iamUrl('cf-orders', admin),
    nogrant: await iamUrl('cf-nogrant', admin),
    signed: await iamUrl('cf-signed', admin),
  };
  const viaCloudFront = await createSecurityGroup('cf-alb-443', 443, {
    prefixListNames: ['com.amazonaws.global.cloudfront.origin-facing'],
  });
  const albFunction = await createFunction('cf-alb', admin);
  await putReservedConcurrency('cf-alb', 5);
  const alb = await createLambdaAlb({
    name: 'cf-alb',
    scheme: 'internet-facing',
    securityGroupId: viaCloudFront,
    port: 443,
    functionName: 'cf-alb',
    functionArn: albFunction,
    rules: [{ priority: 10, pathPattern: '/legacy/*' }],
  });
  const { LoadBalancers } = await aws
    .elbv2()
    .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [alb.loadBalancerArn] }));

  const cloudfront = new CloudFrontClient(clientConfig);
  const { OriginAccessControl } = await cloudfront.send(
    new CreateOriginAccessControlCommand({
      OriginAccessControlConfig: {
        Name: 'cf-lambda-oac',
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 'lambda',
      },
    }),
  );
  const oacId = OriginAccessControl!.Id!;
  const { Summary } = await new WAFV2Client(clientConfig).send(
    new CreateWebACLCommand({
      Name: 'cf-edge-acl',
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [],
      VisibilityConfig: {
        SampledRequestsEnabled: false,
        CloudWatchMetricsEnabled: false,
        MetricName: 'edge',
      },
    }),
  );
  const { Distribution } = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: 'cf-scenario',
        Comment: 'orders front door',
        Enabled: true,
        WebACLId: Summary!.ARN!,
        Origins: {
          Quantity: 4,
          Items: [
            { ...customOrigin('orders', hosts.orders), OriginAccessControlId: oacId },
            { ...customOrigin('nogrant', hosts.nogrant), OriginAccessControlId: oacId },
            { ...customOrigin('signed', hosts.signed), OriginAccessControlId: oacId },
            customOrigin('legacy', LoadBalancers![0]!.DNSName!),
          ],
        },
        DefaultCacheBehavior: behavior('nogrant'),
        CacheBehaviors: {
          Quantity: 3,
          Items: [
            { PathPattern: '/api/*', ...behavior('orders') },
            { PathPattern: '/private/*', ...behavior('signed', 'c6a2ec4e-90d6-4e1b-9d1f-000000000001') },
            { PathPattern: '/legacy/*', ...behavior('legacy') },
          ],
        },
      },
    }),
  );
  distributionArn = Distribution!.ARN!;
  distributionDomain = Distribution!.DomainName!;
  await grantCloudFront('cf-orders');
  await grantCloudFront('cf-signed');

  // moto keeps no OriginAccessControlId: add it back to the origins that were created with one.
  const signedOrigins = new Set(['orders', 'nogrant', 'signed']);
  endpoint = await startRecordedEndpoint(
    process.env.AWS_ENDPOINT_URL!,
    [],
    [
      {
        method: 'GET',
        path: /^\/2020-05-31\/distribution(\?|$)/,
        amend: (body) =>
          body.replace(
            /<Origin><Id>([^<]+)<\/Id>([\s\S]*?)<\/Origin>/g,
            (origin, id: string, rest: string) =>
              signedOrigins.has(id)
                ? `<Origin><Id>${id}</Id>${rest}<OriginAccessControlId>${oacId}</OriginAccessControlId></Origin>`
                : origin,
          ),
      },
    ],
  );
  const scanned = await runCli(['scan', '--regions', REGION], { AWS_ENDPOINT_URL_CLOUDFRONT: endpoint.url });
  expect(scanned.code, `scan output:\n${scanned.stdout}\n${scanned.stderr}`).toBe(0);
  const listed = await runCli(['findings', '--format', 'json']);
  findings = JSON.parse(listed.stdout) as Finding[];
});

afterAll(async () => {
  await endpoint?.close();
});

describe('CloudFront in front of function URLs and a load balancer (moto)', () => {
  it('collects the distribution, its behaviours, origins with their OAC, and its web ACL', async () => {
    expect(endpoint.answered.some((request) => request.endsWith('(amended)'))).toBe(true);
    const rows = await cypher<{ pattern: string; origin: string; oac: string | null; acl: string | null }>(
      `MATCH (d:CloudFrontDistribution {id: $arn})-[:HAS_BEHAVIOR]->(b)-[:USES_ORIGIN]->(o:CloudFrontOrigin)
       OPTIONAL MATCH (o)-[:SIGNED_BY]->(oac:CloudFrontOriginAccessControl)
       OPTIONAL MATCH (d)-[:PROTECTED_BY]->(w:WAFv2WebACL)
       RETURN b.pathPattern AS pattern, o.originId AS origin, oac.signingBehavior AS oac, w.name AS acl
       ORDER BY pattern`,
      { arn: distributionArn },
    );
    expect(rows).toEqual([
      { pattern: '*', origin: 'nogrant', oac: 'always', acl: 'cf-edge-acl' },
      { pattern: '/api/*', origin: 'orders', oac: 'always', acl: 'cf-edge-acl' },
      { pattern: '/legacy/*', origin: 'legacy', oac: null, acl: 'cf-edge-acl' },
      { pattern: '/private/*', origin: 'signed', oac: 'always', acl: 'cf-edge-acl' },
    ]);
  });

  it('judges what each behaviour reaches at its origin (FRONTS), exactly', async () => {
    const rows = await cypher<{ pattern: string; label: string; exposure: string; blockedBy: string | null }>(
      `MATCH (:CloudFrontDistribution {id: $arn})-[:HAS_BEHAVIOR]->(b)-[f:FRONTS]->(origin)
       RETURN b.pathPattern AS pattern, labels(origin)[0] AS label, f.exposure AS exposure, f.blockedBy AS blockedBy
       ORDER BY pattern, label`,
      { arn: distributionArn },
    );
    expect(rows).toEqual([
      { pattern: '*', label: 'LambdaFunctionUrl', exposure: 'not_exposed', blockedBy: 'no_cloudfront_grant' },
      { pattern: '/api/*', label: 'LambdaFunctionUrl', exposure: 'public_unauthenticated', blockedBy: null },
      { pattern: '/legacy/*', label: 'ELBV2Rule', exposure: 'public_unauthenticated', blockedBy: null },
      {
        pattern: '/private/*',
        label: 'LambdaFunctionUrl',
        exposure: 'public_authenticated',
        blockedBy: null,
      },
    ]);
  });

  it('reports the granted URL behind OAC as public through the distribution (critical)', () => {
    const finding = theFinding(findings, 'cloudfront-origin-privileged-role', 'cf-orders');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'cloudfront_distribution', name: `${distributionDomain} /api/*` },
    });
    expect(pathOf(finding).map((step) => step.split(':')[0])).toEqual([
      'Internet',
      'CloudFrontCacheBehavior',
      'LambdaFunctionUrl',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
    const evidence = finding.evidence.map((item) => item.text).join('\n');
    expect(evidence).toMatch(/web ACL cf-edge-acl .*not authentication/);
    expect(evidence).toMatch(/signs requests/);
    expect(evidence).toMatch(/cloudfront\.amazonaws\.com may invoke from .*\(lambda:InvokeFunctionUrl\)/);
  });

  it('does not reach a URL whose policy never lets CloudFront in, nor report one behind signed URLs', () => {
    const cloudFrontFindings = findings.filter((f) => f.detection === 'cloudfront-origin-privileged-role');
    expect(cloudFrontFindings.map((f) => f.function?.name).sort()).toEqual(['cf-alb', 'cf-orders']);
    expectNotCriticalOrHigh(findings, 'cf-nogrant');
    expectNotCriticalOrHigh(findings, 'cf-signed');
  });

  it('reaches the ALB open only to the CloudFront prefix list through the distribution', () => {
    const finding = theFinding(findings, 'cloudfront-origin-privileged-role', 'cf-alb');
    expect(finding).toMatchObject({ severity: 'critical', exposure: 'public_unauthenticated' });
    expect(pathOf(finding).map((step) => step.split(':')[0])).toEqual([
      'Internet',
      'CloudFrontCacheBehavior',
      'ELBV2Rule',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
  });
});
