/**
 * Exposure of Application Load Balancer listener rules that forward to Lambda target groups: the scheme,
 * the security groups on the listener port (IPv4 and IPv6), rules in priority order with the default last,
 * authenticate-oidc/cognito (OnUnauthenticatedRequest) and jwt-validation actions, weighted forwards,
 * source-ip and http-header conditions (docs/exposure.md "Application Load Balancers").
 */
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import type {
  Action,
  Listener,
  LoadBalancer,
  Rule,
  RuleCondition,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  type Confidence,
  type EntryExposure,
  type Evidence,
  type ExposureClass,
  lowerConfidence,
  moreExposed,
  notExposed,
} from './exposure-class.js';
import { type FunctionPolicies, invokePermission } from './invoke-permission.js';
import {
  cidrReach,
  type PrefixListFacts,
  type ReachVerdict,
  securityGroupReach,
  uncollectedSecurityGroups,
  withinReach,
} from './network.js';

export interface LambdaTargetGroup {
  readonly targetGroup: TargetGroup;
  /** DescribeTargetHealth Target.Id values: function or alias ARNs. */
  readonly targets: readonly string[];
}

export interface ListenerFacts {
  readonly loadBalancer: LoadBalancer;
  readonly listener: Listener;
  /** DescribeRules, default rule included; when empty the listener's DefaultActions act as the default rule. */
  readonly rules: readonly Rule[];
  /** undefined when the load balancer's security groups were not collected. */
  readonly securityGroups: readonly SecurityGroup[] | undefined;
  /** The managed prefix lists the security groups name, by id (absent: none was collected). */
  readonly prefixLists?: ReadonlyMap<string, PrefixListFacts>;
  readonly targetGroups: ReadonlyMap<string, LambdaTargetGroup>;
  /** An exposed API route that forwards to this listener over a VPC link (an internal ALB made public). */
  readonly upstream?: UpstreamEntry;
}

export interface UpstreamEntry {
  /** The entry point in words, e.g. "HTTP API orders route GET /x". */
  readonly via: string;
  readonly exposure: EntryExposure;
}

const ELB = 'elasticloadbalancing.amazonaws.com';
const AUTHENTICATE = new Set(['authenticate-oidc', 'authenticate-cognito']);
const CATCH_ALL_PATHS = new Set(['*', '/*']);

/** Keyed by RuleArn (the listener ARN for the synthesized default rule). */
export function listenerRuleExposures(
  facts: ListenerFacts,
  policies: FunctionPolicies,
): Map<string, EntryExposure> {
  const { loadBalancer, listener } = facts;
  const rules = orderedRules(facts);
  const exposures = new Map<string, EntryExposure>();
  const lbSource = `DescribeLoadBalancers ${loadBalancer.LoadBalancerArn}`;
  const port = listener.Port ?? 0;
  const internal = loadBalancer.Scheme === 'internal';
  const upstream = internal ? facts.upstream : undefined;
  const network: ReachVerdict = upstream
    ? {
        reach: 'internet',
        evidence: {
          text: `the internal load balancer is reached from the internet through ${upstream.via}`,
          source: lbSource,
        },
        blocker: 'internal_scheme',
        // The VPC link's network interfaces must also pass the security groups; not checked.
        confidence: 'medium',
      }
    : facts.securityGroups === undefined
      ? uncollectedSecurityGroups(loadBalancer.SecurityGroups ?? [], port)
      : securityGroupReach(facts.securityGroups, port, facts.prefixLists);
  const earlier: Rule[] = [];
  for (const rule of rules) {
    const key = rule.RuleArn ?? '';
    const shadow = earlier.find((candidate) => shadows(candidate, rule));
    earlier.push(rule);
    if (internal && upstream === undefined) {
      exposures.set(
        key,
        notExposed('internal_scheme', 'not evaluated', [
          {
            text: `load balancer ${loadBalancer.LoadBalancerName} is internal: only clients inside the VPC reach it`,
            source: lbSource,
          },
        ]),
      );
      continue;
    }
    if (shadow !== undefined) {
      exposures.set(
        key,
        notExposed('shadowed_by_earlier_rule', 'not evaluated', [
          {
            text: `rule ${shadow.Priority} matches every request this rule would match and comes first`,
            source: `DescribeRules ${shadow.RuleArn}`,
          },
        ]),
      );
      continue;
    }
    let exposure = ruleExposure(rule, facts, policies);
    if (exposure.exposure === 'not_exposed') {
      exposures.set(key, exposure);
      continue;
    }
    exposure = withinReach(exposure, network);
    const sourceIp = sourceIpVerdict(rule);
    if (sourceIp !== undefined) exposure = withinReach(exposure, sourceIp);
    if (upstream !== undefined) exposure = behindUpstream(exposure, upstream);
    exposures.set(key, {
      ...exposure,
      evidence: [
        {
          text: `load balancer ${loadBalancer.LoadBalancerName} is internet-facing; listener ${listener.Protocol} ${port}`,
          source: lbSource,
        },
        ...exposure.evidence,
      ],
    });
  }
  return exposures;
}

function orderedRules(facts: ListenerFacts): Rule[] {
  const rules: Rule[] = facts.rules.length
    ? [...facts.rules]
    : [
        {
          RuleArn: facts.listener.ListenerArn,
          Priority: 'default',
          IsDefault: true,
          Conditions: [],
          Actions: facts.listener.DefaultActions,
        },
      ];
  const rank = (rule: Rule) =>
    rule.IsDefault || rule.Priority === 'default' ? Number.POSITIVE_INFINITY : Number(rule.Priority);
  return rules.sort((a, b) => rank(a) - rank(b));
}

/** An earlier rule catches everything a later one would: it matches every request, or the very same ones. */
function shadows(earlier: Rule, later: Rule): boolean {
  const conditions = earlier.Conditions ?? [];
  if (earlier.IsDefault) return false;
  const catchAll =
    conditions.length > 0 &&
    conditions.every(
      (c) => c.Field === 'path-pattern' && pathValues(c).some((value) => CATCH_ALL_PATHS.has(value)),
    );
  return (
    catchAll || (!later.IsDefault && JSON.stringify(conditions) === JSON.stringify(later.Conditions ?? []))
  );
}

function pathValues(condition: RuleCondition): string[] {
  return [...(condition.PathPatternConfig?.Values ?? []), ...(condition.Values ?? [])];
}

function ruleExposure(rule: Rule, facts: ListenerFacts, policies: FunctionPolicies): EntryExposure {
  const source = `DescribeRules ${rule.RuleArn} (priority ${rule.Priority})`;
  const actions = [...(rule.Actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  const evidence: Evidence[] = [];
  let exposure: ExposureClass = 'public_unauthenticated';
  let authentication = 'none';
  let confidence: Confidence = 'high';
  for (const action of actions) {
    if (AUTHENTICATE.has(action.Type ?? '')) {
      const onUnauthenticated = authenticateConfig(action)?.OnUnauthenticatedRequest ?? 'authenticate';
      const what = `${action.Type} (${authenticateIssuer(action)})`;
      if (onUnauthenticated === 'allow') {
        authentication = `${what} with OnUnauthenticatedRequest=allow: unauthenticated requests pass through`;
        evidence.push({
          text: `${action.Type} lets unauthenticated requests through (OnUnauthenticatedRequest=allow)`,
          source,
        });
      } else {
        exposure = 'public_authenticated';
        authentication = `${what}, OnUnauthenticatedRequest=${onUnauthenticated}`;
        evidence.push({
          text: `${action.Type} runs before the forward and rejects unauthenticated requests`,
          source,
        });
      }
    }
    if (action.Type === 'jwt-validation') {
      exposure = 'public_authenticated';
      authentication = `jwt-validation (issuer ${action.JwtValidationConfig?.Issuer})`;
      evidence.push({ text: 'jwt-validation runs before the forward', source });
    }
  }
  const header = (rule.Conditions ?? []).find((c) => c.Field === 'http-header');
  if (header !== undefined && exposure === 'public_unauthenticated') {
    exposure = 'public_weak_auth';
    authentication = `a shared header value (${header.HttpHeaderConfig?.HttpHeaderName})`;
    confidence = 'medium';
    evidence.push({
      text: `the rule only matches requests carrying header ${header.HttpHeaderConfig?.HttpHeaderName}: a shared secret at best`,
      source,
    });
  }
  const forward = actions.find((action) => action.Type === 'forward');
  const reaches = new Set<string>();
  let lambdaGroups = 0;
  for (const groupArn of forwardedGroups(forward)) {
    const group = facts.targetGroups.get(groupArn);
    if (group?.targetGroup.TargetType !== 'lambda') continue;
    lambdaGroups++;
    for (const target of group.targets) {
      const permission = invokePermission(policies, {
        target,
        service: ELB,
        sourceArn: groupArn,
        sourceAccount: accountOf(groupArn),
      });
      evidence.push(permission.evidence);
      if (!permission.granted) continue;
      confidence = lowerConfidence(confidence, permission.confidence);
      reaches.add(target);
    }
  }
  evidence.unshift({ text: `the rule ${describeActions(actions)}`, source });
  if (lambdaGroups > 0 && reaches.size === 0)
    return notExposed('missing_invoke_permission', authentication, evidence);
  return { exposure, authentication, reaches: [...reaches], evidence, confidence };
}

/** A request passes the upstream entry's authentication, then the rule's: the stronger of the two holds. */
function behindUpstream(exposure: EntryExposure, upstream: UpstreamEntry): EntryExposure {
  if (exposure.exposure === 'not_exposed') return exposure;
  const upstreamWins = moreExposed(exposure.exposure, upstream.exposure.exposure);
  return {
    ...exposure,
    exposure: upstreamWins ? upstream.exposure.exposure : exposure.exposure,
    authentication: `${upstream.exposure.authentication} at ${upstream.via}, then ${exposure.authentication}`,
    evidence: [...upstream.exposure.evidence, ...exposure.evidence],
    confidence: lowerConfidence(exposure.confidence, upstream.exposure.confidence),
  };
}

/** Target groups a forward sends traffic to: weight 0 receives none. */
function forwardedGroups(forward: Action | undefined): string[] {
  if (forward === undefined) return [];
  const weighted = forward.ForwardConfig?.TargetGroups ?? [];
  if (weighted.length > 0)
    return weighted.filter((g) => (g.Weight ?? 1) > 0).map((g) => g.TargetGroupArn ?? '');
  return forward.TargetGroupArn ? [forward.TargetGroupArn] : [];
}

function describeActions(actions: readonly Action[]): string {
  return actions
    .map((action) => {
      if (action.Type !== 'forward') return action.Type;
      const groups = action.ForwardConfig?.TargetGroups?.map(
        (g) => `${g.TargetGroupArn} weight ${g.Weight ?? 1}`,
      );
      return `forward to ${groups?.join(', ') ?? action.TargetGroupArn}`;
    })
    .join(', then ');
}

function authenticateConfig(action: Action) {
  return action.AuthenticateOidcConfig ?? action.AuthenticateCognitoConfig;
}

function authenticateIssuer(action: Action): string {
  return (
    action.AuthenticateOidcConfig?.Issuer ?? action.AuthenticateCognitoConfig?.UserPoolArn ?? 'unknown issuer'
  );
}

function sourceIpVerdict(rule: Rule): ReachVerdict | undefined {
  const conditions = (rule.Conditions ?? []).filter((c) => c.Field === 'source-ip');
  if (conditions.length === 0) return undefined;
  const cidrs = conditions.flatMap((c) => c.SourceIpConfig?.Values ?? c.Values ?? []);
  return {
    reach: cidrReach(cidrs),
    evidence: {
      text: `the rule only matches source addresses ${cidrs.join(', ')}`,
      source: `DescribeRules ${rule.RuleArn} Conditions`,
    },
    blocker: 'private_source_ip',
  };
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}
