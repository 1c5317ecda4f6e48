/**
 * Elastic Load Balancing v2, per region: load balancers, their listeners, each listener's rules in
 * priority order (conditions and actions kept in AWS's order), target groups, and the registered targets of
 * the target groups that can lead to a function (TargetType lambda, or alb for NLB → ALB chains).
 */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2Data } from '../../snapshot/format.js';
import type { UnitContext } from '../unit.js';

const PAGE_SIZE = 400;
const TARGET_TYPES_WITH_TARGETS = new Set(['lambda', 'alb']);

export async function collectElbv2(ctx: UnitContext): Promise<Elbv2Data> {
  const client = ctx.clients('elbv2', ctx.region);
  const listAll = <P extends { NextMarker?: string }, T>(
    api: string,
    fetch: (token?: string) => Promise<P>,
    items: (page: P) => T[] | undefined,
  ) => ctx.list(api, fetch, (page) => page.NextMarker, items);

  const loadBalancers = await listAll(
    'DescribeLoadBalancers',
    (Marker) => client.send(new DescribeLoadBalancersCommand({ Marker, PageSize: PAGE_SIZE })),
    (page) => page.LoadBalancers,
  );
  ctx.count('loadBalancers', loadBalancers.length);
  const listeners = await ctx.each(loadBalancers, async (lb) => {
    const LoadBalancerArn = lb.LoadBalancerArn!;
    const found = await listAll(
      'DescribeListeners',
      (Marker) => client.send(new DescribeListenersCommand({ LoadBalancerArn, Marker, PageSize: PAGE_SIZE })),
      (page) => page.Listeners,
    );
    return [LoadBalancerArn, found] as const;
  });
  const allListeners = listeners.flatMap(([, found]) => found);
  ctx.count('listeners', allListeners.length);
  const rules = await ctx.each(allListeners, async (listener) => {
    const ListenerArn = listener.ListenerArn!;
    const found = await listAll(
      'DescribeRules',
      (Marker) => client.send(new DescribeRulesCommand({ ListenerArn, Marker, PageSize: PAGE_SIZE })),
      (page) => page.Rules,
    );
    ctx.count('rules', found.length);
    return [ListenerArn, sortRules(found)] as const;
  });
  const targetGroups = await listAll(
    'DescribeTargetGroups',
    (Marker) => client.send(new DescribeTargetGroupsCommand({ Marker, PageSize: PAGE_SIZE })),
    (page) => page.TargetGroups,
  );
  ctx.count('targetGroups', targetGroups.length);
  const withTargets = targetGroups.filter((group) => TARGET_TYPES_WITH_TARGETS.has(group.TargetType ?? ''));
  const targetHealth = await ctx.each(withTargets, async (group) => {
    const TargetGroupArn = group.TargetGroupArn!;
    const answer = await ctx.call('DescribeTargetHealth', () =>
      client.send(new DescribeTargetHealthCommand({ TargetGroupArn })),
    );
    return [TargetGroupArn, answer.TargetHealthDescriptions ?? []] as const;
  });
  return {
    loadBalancers,
    listeners: Object.fromEntries(listeners),
    rules: Object.fromEntries(rules),
    targetGroups,
    targetHealth: Object.fromEntries(targetHealth),
  };
}

/** Rules in evaluation order: ascending numeric priority, the default rule last. Actions keep AWS's order. */
export function sortRules(rules: Rule[]): Rule[] {
  const rank = (rule: Rule) =>
    rule.IsDefault || rule.Priority === 'default' ? Number.POSITIVE_INFINITY : Number(rule.Priority);
  return [...rules].sort((a, b) => rank(a) - rank(b));
}
