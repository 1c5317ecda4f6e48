import type { SecurityGroup } from '@aws-sdk/client-ec2';
import type { Listener, LoadBalancer, Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { listenerRuleExposures } from '../../../src/analysis/exposure/load-balancer.js';
import {
  authenticateOidc,
  forward,
  headerCondition,
  jwtValidation,
  LAMBDA_TG_ARN,
  LISTENER_ARN,
  lambdaTargetGroup,
  listener,
  loadBalancer,
  OTHER_TG_ARN,
  pathCondition,
  rule,
  securityGroup,
  sourceIpCondition,
  tcpFrom,
  weightedForward,
} from '../../fixtures/exposure/elbv2.js';
import { ALIAS_ARN, FUNCTION_ARN, getPolicy, serviceGrant } from '../../fixtures/exposure/lambda.js';

const OTHER_FUNCTION = FUNCTION_ARN.replace('orders-api', 'orders-canary');
const elbGrant = (resource: string, tg: string) =>
  serviceGrant('elasticloadbalancing.amazonaws.com', { sourceArn: tg, resource });
const permitted = new Map<string, string | null>([
  [FUNCTION_ARN, getPolicy(elbGrant(FUNCTION_ARN, LAMBDA_TG_ARN)).Policy],
  [OTHER_FUNCTION, getPolicy(elbGrant(OTHER_FUNCTION, OTHER_TG_ARN)).Policy],
]);
const openSg = securityGroup(tcpFrom(443, ['0.0.0.0/0']));

interface Case {
  name: string;
  lb?: LoadBalancer;
  listener?: Listener;
  rules?: Rule[];
  /** Which rule to assert (priority); defaults to the first. */
  priority?: string;
  sgs?: SecurityGroup[];
  policies?: Map<string, string | null>;
  exposure: string;
  blockedBy?: string;
  reaches?: string[];
  authentication?: RegExp;
  evidence?: RegExp;
}

const cases: Case[] = [
  {
    name: 'internet-facing, SG open on 443 (IPv4), forward to a lambda target group: public',
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    exposure: 'public_unauthenticated',
    reaches: [FUNCTION_ARN],
  },
  {
    name: 'SG open to ::/0 only (IPv6) is open too',
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    sgs: [securityGroup(tcpFrom(443, [], ['::/0']))],
    exposure: 'public_unauthenticated',
  },
  {
    name: 'SG rule with protocol -1 covers every port',
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    sgs: [securityGroup({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })],
    exposure: 'public_unauthenticated',
  },
  {
    name: 'look-alike: internal scheme',
    lb: loadBalancer({ Scheme: 'internal' }),
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    exposure: 'not_exposed',
    blockedBy: 'internal_scheme',
  },
  {
    name: 'look-alike: SG open to the world on port 80 only, listener on 443',
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    sgs: [securityGroup(tcpFrom(80, ['0.0.0.0/0'], ['::/0']))],
    exposure: 'not_exposed',
    blockedBy: 'security_group_closed',
  },
  {
    name: 'look-alike: SG open to a private range only',
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    sgs: [securityGroup(tcpFrom(443, ['10.0.0.0/8'], ['fd00::/8']))],
    exposure: 'not_exposed',
    blockedBy: 'security_group_closed',
  },
  {
    name: 'SG open to an office range: authenticated by network',
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    sgs: [securityGroup(tcpFrom(443, ['198.51.100.0/24']))],
    exposure: 'public_authenticated',
    authentication: /allow-list/,
  },
  {
    name: 'look-alike: authenticate-oidc (deny) before the forward',
    rules: [rule('10', [authenticateOidc('deny'), forward()], [pathCondition('/api/*')])],
    exposure: 'public_authenticated',
    authentication: /authenticate-oidc.*OnUnauthenticatedRequest=deny/,
  },
  {
    name: 'look-alike: authenticate-oidc (authenticate, the default) before the forward',
    rules: [rule('10', [authenticateOidc('authenticate'), forward()], [pathCondition('/api/*')])],
    exposure: 'public_authenticated',
  },
  {
    name: 'authenticate-oidc with OnUnauthenticatedRequest=allow passes unauthenticated requests',
    rules: [rule('10', [authenticateOidc('allow'), forward()], [pathCondition('/api/*')])],
    exposure: 'public_unauthenticated',
    authentication: /pass through/,
  },
  {
    name: 'look-alike: jwt-validation before the forward',
    rules: [rule('10', [jwtValidation(), forward()], [pathCondition('/api/*')])],
    exposure: 'public_authenticated',
  },
  {
    name: 'weight 0 sends nothing to the lambda target group',
    rules: [
      rule(
        '10',
        [
          weightedForward([
            [LAMBDA_TG_ARN, 0],
            [OTHER_TG_ARN, 1],
          ]),
        ],
        [pathCondition('/api/*')],
      ),
    ],
    exposure: 'public_unauthenticated',
    reaches: [OTHER_FUNCTION],
  },
  {
    name: 'look-alike: source-ip condition with private ranges only',
    rules: [rule('10', [forward()], [sourceIpCondition('10.0.0.0/8', '192.168.0.0/16')])],
    exposure: 'not_exposed',
    blockedBy: 'private_source_ip',
  },
  {
    name: 'source-ip condition with 0.0.0.0/0 stays public',
    rules: [rule('10', [forward()], [sourceIpCondition('0.0.0.0/0')])],
    exposure: 'public_unauthenticated',
  },
  {
    name: 'http-header condition is a shared secret at best: weak',
    rules: [rule('10', [forward()], [headerCondition('X-Origin-Verify', 'a-secret')])],
    exposure: 'public_weak_auth',
  },
  {
    name: 'default rule forwarding to lambda is public',
    rules: [
      rule('10', [authenticateOidc('deny'), forward()], [pathCondition('/admin/*')]),
      rule('default', [forward()]),
    ],
    priority: 'default',
    exposure: 'public_unauthenticated',
  },
  {
    name: 'look-alike: default rule after a catch-all authenticated rule is never used',
    rules: [
      rule('default', [forward()]),
      rule('1', [authenticateOidc('deny'), forward()], [pathCondition('/*')]),
    ],
    priority: 'default',
    exposure: 'not_exposed',
    blockedBy: 'shadowed_by_earlier_rule',
  },
  {
    name: 'rules are walked by priority, not by list order: the later duplicate is shadowed',
    rules: [
      rule('20', [forward()], [pathCondition('/api/*')]),
      rule('5', [authenticateOidc('deny'), forward()], [pathCondition('/api/*')]),
    ],
    priority: '20',
    exposure: 'not_exposed',
    blockedBy: 'shadowed_by_earlier_rule',
  },
  {
    name: 'no rules: the listener default actions act as the default rule',
    listener: listener({ DefaultActions: [forward(LAMBDA_TG_ARN, 1)] }),
    rules: [],
    priority: 'listener',
    exposure: 'public_unauthenticated',
    reaches: [FUNCTION_ARN],
  },
  {
    name: 'look-alike: the function has no ELB invoke permission for this target group',
    rules: [rule('10', [forward()], [pathCondition('/api/*')])],
    policies: new Map([[FUNCTION_ARN, getPolicy(elbGrant(FUNCTION_ARN, OTHER_TG_ARN)).Policy]]),
    exposure: 'not_exposed',
    blockedBy: 'missing_invoke_permission',
  },
  {
    name: 'look-alike: fixed-response rule reaches no function',
    rules: [
      rule(
        '10',
        [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '200' } }],
        [pathCondition('/health')],
      ),
    ],
    exposure: 'public_unauthenticated',
    reaches: [],
  },
];

describe('listenerRuleExposures', () => {
  it.each(cases)('$name', (c) => {
    const rules = c.rules ?? [];
    const result = listenerRuleExposures(
      {
        loadBalancer: c.lb ?? loadBalancer(),
        listener: c.listener ?? listener(),
        rules,
        securityGroups: c.sgs ?? [openSg],
        targetGroups: new Map([
          [LAMBDA_TG_ARN, { targetGroup: lambdaTargetGroup(), targets: [FUNCTION_ARN] }],
          [OTHER_TG_ARN, { targetGroup: lambdaTargetGroup(OTHER_TG_ARN), targets: [OTHER_FUNCTION] }],
        ]),
      },
      c.policies ?? permitted,
    );
    const key =
      c.priority === 'listener'
        ? LISTENER_ARN
        : rules.find((r) => r.Priority === (c.priority ?? rules[0]?.Priority))!.RuleArn!;
    const exposure = result.get(key)!;
    expect(exposure.exposure).toBe(c.exposure);
    expect(exposure.blockedBy).toBe(c.blockedBy);
    if (c.reaches) expect(exposure.reaches).toEqual(c.reaches);
    if (c.authentication) expect(exposure.authentication).toMatch(c.authentication);
    if (c.evidence) expect(exposure.evidence.map((e) => e.text).join('\n')).toMatch(c.evidence);
    expect(exposure.evidence.length).toBeGreaterThan(0);
  });

  it('security groups missing from the scan: assumed open, low confidence', () => {
    const result = listenerRuleExposures(
      {
        loadBalancer: loadBalancer(),
        listener: listener(),
        rules: [rule('10', [forward()], [pathCondition('/api/*')])],
        securityGroups: undefined,
        targetGroups: new Map([
          [LAMBDA_TG_ARN, { targetGroup: lambdaTargetGroup(), targets: [FUNCTION_ARN] }],
        ]),
      },
      permitted,
    );
    expect([...result.values()][0]).toMatchObject({ exposure: 'public_unauthenticated', confidence: 'low' });
  });

  describe('internal load balancer behind an HTTP API VPC link', () => {
    const upstream = (exposure: 'public_unauthenticated' | 'public_authenticated') => ({
      via: 'HTTP API orders route ANY /intranet/{proxy+}',
      exposure: {
        exposure,
        authentication: exposure === 'public_unauthenticated' ? 'none' : 'JWT authorizer cognito',
        reaches: [],
        evidence: [{ text: 'route ANY /intranet/{proxy+} has AuthorizationType NONE', source: 'GetRoutes' }],
        confidence: 'high' as const,
      },
    });
    const internalFacts = (actions = [forward()], from = upstream('public_unauthenticated')) => ({
      loadBalancer: loadBalancer({ Scheme: 'internal' }),
      listener: listener(),
      rules: [rule('default', actions)],
      securityGroups: [securityGroup(tcpFrom(443, ['10.0.0.0/8']))],
      targetGroups: new Map([[LAMBDA_TG_ARN, { targetGroup: lambdaTargetGroup(), targets: [FUNCTION_ARN] }]]),
      upstream: from,
    });

    it('an unauthenticated route makes the internal rule public', () => {
      const exposure = [...listenerRuleExposures(internalFacts(), permitted).values()][0]!;
      expect(exposure).toMatchObject({
        exposure: 'public_unauthenticated',
        reaches: [FUNCTION_ARN],
        confidence: 'medium',
      });
      expect(exposure.authentication).toMatch(/at HTTP API orders route/);
    });

    it('look-alike: a JWT route in front keeps it authenticated', () => {
      const exposure = [
        ...listenerRuleExposures(
          internalFacts([forward()], upstream('public_authenticated')),
          permitted,
        ).values(),
      ][0]!;
      expect(exposure.exposure).toBe('public_authenticated');
    });

    it('look-alike: the rule authenticates on its own', () => {
      const exposure = [
        ...listenerRuleExposures(internalFacts([authenticateOidc('deny'), forward()]), permitted).values(),
      ][0]!;
      expect(exposure.exposure).toBe('public_authenticated');
    });
  });

  it('an alias target is judged against the alias policy', () => {
    const result = listenerRuleExposures(
      {
        loadBalancer: loadBalancer(),
        listener: listener(),
        rules: [rule('10', [forward()], [pathCondition('/api/*')])],
        securityGroups: [openSg],
        targetGroups: new Map([[LAMBDA_TG_ARN, { targetGroup: lambdaTargetGroup(), targets: [ALIAS_ARN] }]]),
      },
      new Map([
        [FUNCTION_ARN, null],
        [ALIAS_ARN, getPolicy(elbGrant(ALIAS_ARN, LAMBDA_TG_ARN)).Policy],
      ]),
    );
    expect([...result.values()][0]).toMatchObject({
      exposure: 'public_unauthenticated',
      reaches: [ALIAS_ARN],
    });
  });
});
