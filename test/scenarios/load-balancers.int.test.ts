/**
 * Scenarios on Application Load Balancers in front of Lambda target groups, end to end against moto:
 * seeded through the SDK, `toxgraph scan`, `toxgraph findings --format json`. Positive cases: an
 * internet-facing ALB whose security group is open on the listener port, forwarding without
 * authentication, and one whose authenticate-oidc lets unauthenticated requests through. Look-alikes: an
 * internal ALB, a rule behind authenticate-oidc that denies, a security group closed on the listener port.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import {
  createAlias,
  createFunction,
  createLambdaAlb,
  createOpenSecurityGroup,
  createPrefixList,
  createRole,
  createSecurityGroup,
  oidcAction,
  putReservedConcurrency,
} from '../support/aws.js';
import { cypher } from '../support/graph.js';
import { ADMIN } from './policies.js';
import {
  expectLookAlike,
  functionArn,
  pathOf,
  roleArn,
  scanAndListFindings,
  theFinding,
} from './scenario.js';

let findings: Finding[];
const cognitoAction = {
  Type: 'authenticate-cognito',
  AuthenticateCognitoConfig: {
    UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_pool',
    UserPoolClientId: 'client',
    UserPoolDomain: 'login',
    OnUnauthenticatedRequest: 'authenticate',
  },
} as const;
const rules: Record<string, string> = {};
const groups: Record<string, string> = {};

beforeAll(async () => {
  const admin = await createRole({ name: 'admin-role', managed: { 'admin-policy': ADMIN } });
  const open = await createOpenSecurityGroup('alb-open-80', [80]);
  const closed = await createOpenSecurityGroup('alb-open-443-only', [443]);
  const ipv6 = await createOpenSecurityGroup('alb-open-80-ipv6', [80], 'ipv6');
  // Address-space coverage: two halves on two rules are the internet; CloudFront's origin-facing list is
  // the internet through CloudFront; a customer list of one public range is an allow-list.
  const split = await createSecurityGroup('alb-split-80', 80, { cidrs: ['0.0.0.0/1', '128.0.0.0/1'] });
  const viaCloudFront = await createSecurityGroup('alb-cloudfront-80', 80, {
    prefixListNames: ['com.amazonaws.global.cloudfront.origin-facing'],
  });
  groups.cloudFront = viaCloudFront;
  const office = await createSecurityGroup('alb-office-80', 80, {
    prefixListNames: [await createPrefixList('office-egress', ['203.0.113.0/24'])],
  });
  const albs = [
    ['alb-open', 'internet-facing', open, [], undefined],
    ['alb-passthrough', 'internet-facing', open, [oidcAction('allow')], undefined],
    ['alb-ipv6', 'internet-facing', ipv6, [], undefined],
    ['alb-oidc', 'internet-facing', open, [oidcAction('deny')], undefined],
    ['alb-internal', 'internal', open, [], undefined],
    ['alb-closed', 'internet-facing', closed, [], undefined],
    ['alb-weight-zero', 'internet-facing', open, [], 0],
    ['alb-source-ip', 'internet-facing', open, [], undefined],
    ['alb-header', 'internet-facing', open, [], undefined],
    ['alb-cognito', 'internet-facing', open, [cognitoAction], undefined],
    ['alb-split', 'internet-facing', split, [], undefined],
    ['alb-cloudfront', 'internet-facing', viaCloudFront, [], undefined],
    ['alb-office-list', 'internet-facing', office, [], undefined],
  ] as const;
  for (const [name, scheme, securityGroupId, before, weight] of albs) {
    // Only requests from a private range match this rule: the internet never reaches its forward.
    // This one only matches requests carrying a header: a shared secret at best (weak).
    const conditions =
      name === 'alb-source-ip'
        ? [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } }]
        : name === 'alb-header'
          ? [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Internal', Values: ['yes'] } }]
          : [];
    const arn = await createFunction(name, admin);
    await putReservedConcurrency(name, 5);
    const created = await createLambdaAlb({
      name,
      scheme,
      securityGroupId,
      functionName: name,
      functionArn: arn,
      rules: [{ priority: 10, pathPattern: '/admin/*', before: [...before], weight, conditions }],
    });
    rules[name] = created.ruleArns[0]!;
  }
  // Only the listener's default action forwards (no rules): the default rule is the entry point.
  const arn = await createFunction('alb-default', admin);
  await putReservedConcurrency('alb-default', 5);
  await createLambdaAlb({
    name: 'alb-default',
    scheme: 'internet-facing',
    securityGroupId: open,
    functionName: 'alb-default',
    functionArn: arn,
    rules: [],
    defaultForward: true,
  });
  // The target group holds an alias of the function.
  const aliased = await createFunction('alb-alias', admin);
  await putReservedConcurrency('alb-alias', 5);
  await createAlias('alb-alias', 'live');
  await createLambdaAlb({
    name: 'alb-alias',
    scheme: 'internet-facing',
    securityGroupId: open,
    functionName: 'alb-alias',
    functionArn: aliased,
    qualifier: 'live',
    rules: [{ priority: 10, pathPattern: '/admin/*' }],
  });
  findings = await scanAndListFindings();
}, 300_000);

describe('alb-rule-privileged-role', () => {
  it('reports an open internet-facing ALB forwarding to an admin function as critical, with its path', () => {
    const finding = theFinding(findings, 'alb-rule-privileged-role', 'alb-open');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
      entryPoint: { kind: 'alb_rule', arn: rules['alb-open'] },
      function: { arn: functionArn('alb-open'), qualifier: null },
      role: { arn: roleArn('admin-role') },
    });
    expect(finding.path.map((p) => p.labels.at(-1))).toEqual([
      'Internet',
      'ELBV2Rule',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
    expect(pathOf(finding).slice(2)).toEqual([
      'LambdaFunction:alb-open',
      'AWSRole:admin-role',
      'Capability:admin',
    ]);
    const entryEvidence = finding.evidence
      .filter((e) => e.hop === 0)
      .map((e) => e.text)
      .join(' ');
    expect(entryEvidence).toMatch(/internet-facing/);
  });

  it('treats authenticate-oidc with OnUnauthenticatedRequest allow as no authentication', () => {
    expect(theFinding(findings, 'alb-rule-privileged-role', 'alb-passthrough')).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
    });
  });

  it("reports a listener whose default action forwards, through the listener's default rule", () => {
    const finding = theFinding(findings, 'alb-rule-privileged-role', 'alb-default');
    expect(finding).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
      privilege: 'admin',
    });
    expect(finding.path.map((p) => p.labels.at(-1))).toEqual([
      'Internet',
      'ELBV2Rule',
      'LambdaFunction',
      'AWSRole',
      'Capability',
    ]);
  });

  it('follows a target group that holds an alias through the alias to the function', () => {
    const finding = theFinding(findings, 'alb-rule-privileged-role', 'alb-alias');
    expect(finding).toMatchObject({ severity: 'critical', function: { qualifier: 'live' } });
    expect(pathOf(finding).slice(2)).toEqual([
      'LambdaAlias:live',
      'LambdaFunction:alb-alias',
      'AWSRole:admin-role',
      'Capability:admin',
    ]);
  });

  it('counts a security group open to ::/0 only (IPv6) as open', () => {
    expect(theFinding(findings, 'alb-rule-privileged-role', 'alb-ipv6')).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
    });
  });

  it('counts ranges that together cover the internet (0.0.0.0/1 + 128.0.0.0/1) as open', () => {
    expect(theFinding(findings, 'alb-rule-privileged-role', 'alb-split')).toMatchObject({
      severity: 'critical',
      exposure: 'public_unauthenticated',
    });
  });

  it("reads CloudFront's origin-facing prefix list as the internet through CloudFront", async () => {
    expect(theFinding(findings, 'alb-rule-privileged-role', 'alb-cloudfront')).toMatchObject({
      exposure: 'public_unauthenticated',
      privilege: 'admin',
    });
    const rows = await cypher<{ through: boolean; lists: string[] }>(
      `MATCH (:Internet)-[e:EXPOSES]->(:ELBV2Rule {id: $rule})
       MATCH (:LoadBalancerV2)-[:MEMBER_OF_SECURITY_GROUP]->(:EC2SecurityGroup {groupId: $group})-[:ADMITS_PREFIX_LIST]->(pl:EC2PrefixList)
       RETURN e.throughCloudFront AS through, collect(pl.name) AS lists`,
      { rule: rules['alb-cloudfront'], group: groups.cloudFront },
    );
    expect(rows).toEqual([{ through: true, lists: ['com.amazonaws.global.cloudfront.origin-facing'] }]);
  });

  it('look-alike: a customer prefix list of one public range is an allow-list, resolved to its entries', async () => {
    await expectLookAlike(findings, 'alb-office-list', ['public_authenticated']);
    const [list] = await cypher<{ cidrs: string[] }>(
      "MATCH (pl:EC2PrefixList {name: 'office-egress'}) RETURN pl.cidrs AS cidrs",
    );
    expect(list).toEqual({ cidrs: ['203.0.113.0/24'] });
  });

  it('look-alike: a forward whose only target group has weight 0 sends nothing to the function', async () => {
    // The rule itself is open to the internet; it just forwards nothing: no REACHES to the function.
    await expectLookAlike(findings, 'alb-weight-zero', ['public_unauthenticated']);
    const [reached] = await cypher<{ reaches: number }>(
      'MATCH (e:ELBV2Rule {id: $rule}) RETURN COUNT { (e)-[:REACHES]->() } AS reaches',
      { rule: rules['alb-weight-zero'] },
    );
    expect(reached).toEqual({ reaches: 0 });
  });

  it('rates a rule gated only by a header as weak authentication: critical on admin', () => {
    expect(theFinding(findings, 'alb-rule-privileged-role', 'alb-header')).toMatchObject({
      severity: 'critical',
      exposure: 'public_weak_auth',
      privilege: 'admin',
    });
  });

  it('look-alike: a rule behind authenticate-cognito is authenticated', async () => {
    await expectLookAlike(findings, 'alb-cognito', ['public_authenticated']);
  });

  it('look-alike: a rule that only matches requests from 10.0.0.0/8', async () => {
    await expectLookAlike(findings, 'alb-source-ip', ['not_exposed']);
  });

  it('look-alike: a rule behind authenticate-oidc (deny) is authenticated, not critical or high', async () => {
    await expectLookAlike(findings, 'alb-oidc', ['public_authenticated']);
  });

  it('look-alike: an internal ALB is not exposed', async () => {
    await expectLookAlike(findings, 'alb-internal', ['not_exposed']);
  });

  it('look-alike: a security group closed on the listener port keeps the internet out', async () => {
    await expectLookAlike(findings, 'alb-closed', ['not_exposed']);
  });
});
