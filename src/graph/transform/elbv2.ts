/**
 * ELBv2 unit → rows: load balancers with their security groups, listeners, rules in priority order with
 * conditions and actions kept in AWS order, the target groups a forward action names (with weights), and
 * the Lambda functions registered in target groups.
 */
import { GraphRowsBuilder } from '../rows.js';
import { securityGroupId } from './ec2.js';
import type { UnitInput } from './input.js';
import {
  booleanOrNull,
  jsonOrNull,
  lambdaReference,
  numberOrNull,
  textOrNull,
  textsOrEmpty,
  unusableLambdaTarget,
} from './values.js';

type Rule = NonNullable<UnitInput<'elbv2'>['data']['rules'][string]>[number];

export function transformElbv2(unit: UnitInput<'elbv2'>) {
  const rows = new GraphRowsBuilder();
  const { accountId, region, data } = unit;
  for (const lb of data.loadBalancers) {
    if (!lb.LoadBalancerArn) continue;
    rows.node('LoadBalancerV2', lb.LoadBalancerArn, {
      name: textOrNull(lb.LoadBalancerName),
      scheme: textOrNull(lb.Scheme),
      type: textOrNull(lb.Type),
      dnsName: textOrNull(lb.DNSName),
      vpcId: textOrNull(lb.VpcId),
      ipAddressType: textOrNull(lb.IpAddressType),
      securityGroupIds: textsOrEmpty(lb.SecurityGroups),
      state: textOrNull(lb.State?.Code),
    });
    for (const group of lb.SecurityGroups ?? []) {
      rows.relationship(
        'loadBalancerSecurityGroup',
        lb.LoadBalancerArn,
        securityGroupId(region, accountId, group),
        {},
      );
    }
  }

  for (const [lbArn, listeners] of Object.entries(data.listeners)) {
    for (const listener of listeners) {
      if (!listener.ListenerArn) continue;
      rows.node('ELBV2Listener', listener.ListenerArn, {
        port: numberOrNull(listener.Port),
        protocol: textOrNull(listener.Protocol),
        sslPolicy: textOrNull(listener.SslPolicy),
        defaultActionsJson: jsonOrNull(listener.DefaultActions),
        mutualAuthenticationJson: jsonOrNull(listener.MutualAuthentication),
      });
      rows.relationship('loadBalancerListener', lbArn, listener.ListenerArn, {});
    }
  }

  for (const [listenerArn, rules] of Object.entries(data.rules)) {
    for (const rule of rules) {
      if (!rule.RuleArn) continue;
      const priority = Number(rule.Priority);
      rows.node('ELBV2Rule', rule.RuleArn, {
        priority: rule.Priority === 'default' || !Number.isInteger(priority) ? null : priority,
        isDefault: rule.IsDefault ?? rule.Priority === 'default',
        conditionsJson: jsonOrNull(rule.Conditions ?? []),
        actionsJson: jsonOrNull(rule.Actions),
      });
      rows.relationship('listenerRule', listenerArn, rule.RuleArn, {});
      for (const [targetGroupArn, weight, actionOrder] of forwards(rule)) {
        rows.relationship('ruleForwardsTo', rule.RuleArn, targetGroupArn, { weight, actionOrder });
      }
    }
  }

  for (const group of data.targetGroups) {
    if (!group.TargetGroupArn) continue;
    rows.node('ELBV2TargetGroup', group.TargetGroupArn, {
      name: textOrNull(group.TargetGroupName),
      targetType: textOrNull(group.TargetType),
      protocol: textOrNull(group.Protocol),
      port: numberOrNull(group.Port),
      loadBalancerArns: textsOrEmpty(group.LoadBalancerArns),
      healthCheckEnabled: booleanOrNull(group.HealthCheckEnabled),
    });
    if (group.TargetType !== 'lambda') continue;
    for (const health of data.targetHealth[group.TargetGroupArn] ?? []) {
      const target = lambdaReference(health.Target?.Id);
      if (!target) {
        const problem = unusableLambdaTarget(health.Target?.Id);
        if (problem) rows.warn(`${group.TargetGroupArn}: ${problem}`);
        continue;
      }
      const edge = target.label === 'LambdaAlias' ? 'targetGroupAlias' : 'targetGroupFunction';
      rows.relationship(edge, group.TargetGroupArn, target.id, {});
    }
  }
  return rows.build();
}

/** [target group ARN, weight, action Order] for every target group a forward action of the rule names. */
function forwards(rule: Rule): [string, number | null, number | null][] {
  const result: [string, number | null, number | null][] = [];
  for (const action of rule.Actions ?? []) {
    if (action.Type !== 'forward') continue;
    const order = numberOrNull(action.Order);
    const weighted = action.ForwardConfig?.TargetGroups ?? [];
    if (weighted.length > 0) {
      for (const group of weighted) {
        if (group.TargetGroupArn) result.push([group.TargetGroupArn, numberOrNull(group.Weight), order]);
      }
    } else if (action.TargetGroupArn) {
      result.push([action.TargetGroupArn, null, order]);
    }
  }
  return result;
}
