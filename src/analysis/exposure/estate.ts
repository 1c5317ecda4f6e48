/**
 * Classifies every entry point of what is loaded: function URLs, resource policies, HTTP/WebSocket routes,
 * REST methods, Lambda authorizers and ALB rules. Pure: takes the records ../exposure.ts reads from the
 * graph and returns one row per (entry point, exposure) for it to write.
 */
import { type EvaluationProblem, problemOf } from '../problems.js';
import { requiresClientCertificate, type StageMapping } from './api-gateway.js';
import { apiGatewayV2Exposure } from './api-gateway-v2.js';
import { distributionRows, originIndex } from './cloudfront-rows.js';
import { type EntryExposure, type Evidence, moreExposed } from './exposure-class.js';
import {
  listener,
  loadBalancer,
  type Props,
  prefixList,
  type RestMethodRecord,
  restApi,
  restAuthorizer,
  restResources,
  restStage,
  rule,
  securityGroup,
  v2Api,
  v2Authorizer,
  v2Integration,
  v2Route,
  v2Stage,
} from './from-graph.js';
import { functionUrlExposure, grantsUrlToAnyone } from './function-url.js';
import type { FunctionPolicies } from './invoke-permission.js';
import { lambdaPolicy } from './lambda-policy.js';
import { type LambdaTargetGroup, listenerRuleExposures, type UpstreamEntry } from './load-balancer.js';
import { withoutThrottledTargets } from './reserved-concurrency.js';
import { resourcePolicyExposures } from './resource-policy.js';
import { restApiExposure, restMethodKey } from './rest-api.js';
import { webAclFacts, webAclMitigation } from './web-acl.js';

/** Entry-point labels the analysis writes EXPOSES to; Cypher label text only ever comes from here. */
export const ENTRY_LABELS = [
  'LambdaFunctionUrl',
  'LambdaFunction',
  'LambdaAlias',
  'APIGatewayV2Route',
  'APIGatewayV2Authorizer',
  'APIGatewayMethod',
  'APIGatewayRestAuthorizer',
  'ELBV2Rule',
  'ELBV2Listener',
  'CloudFrontCacheBehavior',
  'CloudFrontDistribution',
] as const;
export type EntryLabel = (typeof ENTRY_LABELS)[number];

/** The contract's entry kinds, plus `api_authorizer` for Lambda authorizers of either API Gateway. */
export type EntryKind =
  | 'function_url'
  | 'resource_policy'
  | 'http_api_route'
  | 'websocket_api'
  | 'rest_api_method'
  | 'alb_rule'
  | 'api_authorizer'
  | 'cloudfront_distribution';

export interface ExposureRow {
  readonly label: EntryLabel;
  readonly entryId: string;
  readonly kind: EntryKind;
  readonly result: EntryExposure;
  /** A CloudFront behaviour's origin entry points, each with what a viewer of the behaviour gets there. */
  readonly fronts?: readonly FrontedEntry[];
}

/** An entry point reached through a CloudFront behaviour (written as `FRONTS` with its own verdict). */
export interface FrontedEntry {
  readonly label: EntryLabel;
  readonly entryId: string;
  readonly result: EntryExposure;
}

/** An API mapping as read from the graph, with the domain's MutualTlsAuthentication (JSON). */
export interface Mapping {
  readonly domainName: string;
  readonly stage: string;
  readonly mutualTlsJson: string | null;
  /** The domain's DomainNameConfigurations (JSON): the regional domain names it is served from. */
  readonly configurationsJson?: string | null;
}

function stageMapping(mapping: Mapping): StageMapping {
  return {
    domainName: mapping.domainName,
    stage: mapping.stage,
    mutualTls: requiresClientCertificate(mapping.mutualTlsJson),
  };
}

export interface EstateFacts {
  readonly functions: readonly { id: string; policy: string | null; reservedConcurrency: number | null }[];
  readonly aliases: readonly { id: string; policy: string | null }[];
  readonly urls: readonly Props[];
  readonly v2Apis: readonly {
    api: Props;
    routes: Props[];
    integrations: Props[];
    authorizers: Props[];
    stages: Props[];
    mappings: Mapping[];
  }[];
  readonly restApis: readonly {
    api: Props;
    methods: RestMethodRecord[];
    authorizers: Props[];
    stages: Props[];
    /** The collected web ACLs the stages name (PROTECTED_BY). */
    webAcls: Props[];
    mappings: Mapping[];
  }[];
  readonly listeners: readonly {
    loadBalancer: Props;
    /** The web ACL that PROTECTS the load balancer, null when none is associated (or WAFv2 failed). */
    webAcl: Props | null;
    listener: Props;
    rules: Props[];
    securityGroups: Props[];
    prefixLists: Props[];
    targetGroups: { id: string; targetType: string | null; targets: string[] }[];
  }[];
  /** CloudFront distributions with their behaviours, origins (and the OAC each names) and web ACL. */
  readonly distributions: readonly {
    distribution: Props;
    webAcl: Props | null;
    behaviors: Props[];
    origins: { origin: Props; oac: Props | null }[];
  }[];
}

/** The time the scan describes, and from when function URLs need lambda:InvokeFunction everywhere. */
export interface EstateClock {
  readonly now: Date;
  readonly urlInvokeRuleDate?: Date | undefined;
}

/** The rows, and what could not be evaluated: the problems and every entry point or function they leave unknown. */
/** A typed fact of a function's or alias's own resource policy, stored on its node. */
export interface PolicyFacts {
  readonly id: string;
  /** The policy lets anyone call its function URL (./function-url.ts `grantsUrlToAnyone`). */
  readonly publicUrlGrant: boolean;
}

export interface EstateClassification {
  readonly rows: ExposureRow[];
  /** One per function or alias whose resource policy could be read (no policy: false). */
  readonly policyFacts: PolicyFacts[];
  readonly problems: EvaluationProblem[];
  readonly unevaluated: ReadonlySet<string>;
}

/**
 * Classifies every entry point. A document that cannot be read stops the classification of what depends on
 * it only (one function URL, one function's policy, one API, one listener), never of the whole estate: the
 * problem is kept with the resource, and those entry points get no row rather than a "safe" one.
 */
export function classifyEstate(facts: EstateFacts, clock: EstateClock): EstateClassification {
  const policies: FunctionPolicies = new Map([
    ...facts.functions.map((f) => [f.id, f.policy] as const),
    ...facts.aliases.map((a) => [a.id, a.policy] as const),
  ]);
  const reservedConcurrency = new Map(facts.functions.map((f) => [f.id, f.reservedConcurrency]));
  const sink: Sink = { problems: [], unevaluated: new Set() };
  const policyFacts = [...policies].flatMap(([id, text]): PolicyFacts[] => {
    const read = isolate(sink, id, [id], () => ({ policy: lambdaPolicy(text, id) }));
    return read === undefined ? [] : [{ id, publicUrlGrant: grantsUrlToAnyone(read.policy) }];
  });
  const apiRows = v2Rows(facts, policies, sink);
  const originRows = [
    ...functionUrlRows(facts, clock, sink),
    ...resourcePolicyRows(facts),
    ...apiRows,
    ...restRows(facts, policies, sink),
    ...listenerRows(facts, policies, vpcLinkUpstreams(facts, apiRows), sink),
  ];
  const rows = [...originRows, ...cloudFrontRows(facts, originRows, policies, clock, sink)];
  const unthrottled = (result: EntryExposure) =>
    withoutThrottledTargets(result, (arn) => reservedConcurrency.get(arn));
  return {
    rows: rows.map((row) => ({
      ...row,
      result: unthrottled(row.result),
      ...(row.fronts
        ? { fronts: row.fronts.map((entry) => ({ ...entry, result: unthrottled(entry.result) })) }
        : {}),
    })),
    policyFacts,
    problems: sink.problems,
    unevaluated: sink.unevaluated,
  };
}

interface Sink {
  problems: EvaluationProblem[];
  unevaluated: Set<string>;
}

/** Runs one classification; a failure is recorded against `resource` and leaves `entries` unevaluated. */
function isolate<T>(sink: Sink, resource: string, entries: readonly string[], work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    sink.problems.push(problemOf(resource, error));
    for (const entry of [resource, ...entries]) sink.unevaluated.add(entry);
    return undefined;
  }
}

function functionUrlRows(facts: EstateFacts, clock: EstateClock, sink: Sink): ExposureRow[] {
  const functions = new Map(facts.functions.map((f) => [f.id, f]));
  const aliases = new Map(facts.aliases.map((a) => [a.id, a]));
  return facts.urls.flatMap((url): ExposureRow[] => {
    const functionArn = String(url.functionArn ?? '');
    const qualifier = typeof url.qualifier === 'string' ? url.qualifier : undefined;
    const owner = qualifier ? aliases.get(`${functionArn}:${qualifier}`) : functions.get(functionArn);
    const ownerArn = qualifier ? `${functionArn}:${qualifier}` : functionArn;
    const result = isolate(sink, ownerArn, [String(url.id)], () =>
      functionUrlExposure({
        urlConfig: {
          FunctionArn: String(url.id),
          FunctionUrl: String(url.url ?? ''),
          AuthType: url.authType as 'NONE' | 'AWS_IAM',
        },
        policy: owner?.policy,
        reservedConcurrency: functions.get(functionArn)?.reservedConcurrency ?? undefined,
        now: clock.now,
        urlInvokeRuleDate: clock.urlInvokeRuleDate,
      }),
    );
    return result
      ? [{ label: 'LambdaFunctionUrl', entryId: String(url.id), kind: 'function_url', result }]
      : [];
  });
}

function resourcePolicyRows(facts: EstateFacts): ExposureRow[] {
  const owners = [
    ...facts.functions.map((f) => ({ ...f, label: 'LambdaFunction' as const })),
    ...facts.aliases.map((a) => ({ ...a, label: 'LambdaAlias' as const })),
  ];
  // The policies were read once above: a failure here is already recorded against its owner.
  const quiet: Sink = { problems: [], unevaluated: new Set() };
  return owners.flatMap((owner) =>
    (isolate(quiet, owner.id, [], () => resourcePolicyExposures(owner.id, owner.policy)) ?? []).map(
      (result) => ({
        label: owner.label,
        entryId: owner.id,
        kind: 'resource_policy' as const,
        result,
      }),
    ),
  );
}

function v2Rows(facts: EstateFacts, policies: FunctionPolicies, sink: Sink): ExposureRow[] {
  return facts.v2Apis.flatMap((record) => {
    const api = v2Api(record.api);
    const entries = [...record.routes, ...record.authorizers].map((node) => String(node.id));
    const result = isolate(sink, String(record.api.id), entries, () =>
      apiGatewayV2Exposure(
        {
          accountId: String(record.api.accountId ?? ''),
          region: String(record.api.region ?? ''),
          api,
          routes: record.routes.map(v2Route),
          integrations: record.integrations.map(v2Integration),
          authorizers: record.authorizers.map(v2Authorizer),
          stages: record.stages.map(v2Stage),
          mappings: record.mappings.map(stageMapping),
        },
        policies,
      ),
    );
    if (!result) return [];
    const kind = api.ProtocolType === 'WEBSOCKET' ? 'websocket_api' : 'http_api_route';
    return [
      ...rowsById(record.routes, 'routeId', result.routes, 'APIGatewayV2Route', kind),
      ...rowsById(
        record.authorizers,
        'authorizerId',
        result.authorizers,
        'APIGatewayV2Authorizer',
        'api_authorizer',
      ),
    ];
  });
}

function restRows(facts: EstateFacts, policies: FunctionPolicies, sink: Sink): ExposureRow[] {
  return facts.restApis.flatMap((record) => {
    const entries = [
      ...record.methods.map(({ method }) => String(method.id)),
      ...record.authorizers.map((node) => String(node.id)),
    ];
    const result = isolate(sink, String(record.api.id), entries, () =>
      restApiExposure(
        {
          accountId: String(record.api.accountId ?? ''),
          region: String(record.api.region ?? ''),
          api: restApi(record.api),
          resources: restResources(record.methods),
          authorizers: record.authorizers.map(restAuthorizer),
          stages: record.stages.map(restStage),
          mappings: record.mappings.map(stageMapping),
        },
        policies,
      ),
    );
    if (!result) return [];
    const mitigation = stageWebAcls(record);
    const methodRows = record.methods.flatMap(({ resource, method }): ExposureRow[] => {
      const exposure = result.methods.get(
        restMethodKey(String(resource.resourceId), String(method.httpMethod)),
      );
      return exposure
        ? [
            {
              label: 'APIGatewayMethod',
              entryId: String(method.id),
              kind: 'rest_api_method',
              result: withEvidence(exposure, mitigation),
            },
          ]
        : [];
    });
    return [
      ...methodRows,
      ...rowsById(
        record.authorizers,
        'authorizerId',
        result.authorizers,
        'APIGatewayRestAuthorizer',
        'api_authorizer',
      ),
    ];
  });
}

const ALB_LISTENER_ARN = /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:listener\/app\//;

/**
 * Exposed HTTP API routes whose private integration (VPC link) targets an ALB listener, by listener ARN:
 * they carry internet requests to load balancers that are themselves internal (docs/exposure.md
 * "Application Load Balancers").
 */
function vpcLinkUpstreams(facts: EstateFacts, apiRows: readonly ExposureRow[]): Map<string, UpstreamEntry> {
  const byRoute = new Map(apiRows.map((row) => [row.entryId, row.result]));
  const upstreams = new Map<string, UpstreamEntry>();
  for (const record of facts.v2Apis) {
    for (const route of record.routes) {
      const exposure = byRoute.get(String(route.id));
      const integration = record.integrations.find((i) => `integrations/${i.integrationId}` === route.target);
      const listenerArn = String(integration?.integrationUri ?? '');
      if (exposure === undefined || exposure.exposure === 'not_exposed') continue;
      if (integration?.connectionType !== 'VPC_LINK' || !ALB_LISTENER_ARN.test(listenerArn)) continue;
      const known = upstreams.get(listenerArn);
      if (known !== undefined && !moreExposed(exposure.exposure, known.exposure.exposure)) continue;
      upstreams.set(listenerArn, { via: `HTTP API ${record.api.name} route ${route.routeKey}`, exposure });
    }
  }
  return upstreams;
}

function listenerRows(
  facts: EstateFacts,
  policies: FunctionPolicies,
  upstreams: ReadonlyMap<string, UpstreamEntry>,
  sink: Sink,
): ExposureRow[] {
  return facts.listeners.flatMap((record) => {
    // Network load balancers cannot target Lambda; gateway load balancers carry no HTTP.
    if (record.loadBalancer.type !== 'application') return [];
    const targetGroups = new Map<string, LambdaTargetGroup>(
      record.targetGroups.map((tg) => [
        tg.id,
        {
          targetGroup: { TargetGroupArn: tg.id, TargetType: (tg.targetType ?? undefined) as never },
          targets: tg.targets,
        },
      ]),
    );
    const entries = [String(record.listener.id), ...record.rules.map((node) => String(node.id))];
    const result = isolate(sink, String(record.listener.id), entries, () =>
      listenerRuleExposures(
        {
          loadBalancer: loadBalancer(record.loadBalancer),
          listener: listener(record.listener),
          rules: record.rules.map(rule),
          securityGroups: allCollected(record.loadBalancer, record.securityGroups)
            ? record.securityGroups.map(securityGroup)
            : undefined,
          prefixLists: new Map(record.prefixLists.map(prefixList).map((list) => [list.prefixListId, list])),
          targetGroups,
          upstream: upstreams.get(String(record.listener.id)),
        },
        policies,
      ),
    );
    if (!result) return [];
    const acl = webAclFacts(record.webAcl);
    const mitigation = webAclMitigation(
      acl?.arn ?? null,
      acl,
      `web ACL of ${String(record.loadBalancer.id)}`,
    );
    return [...result].map(([id, exposure]): ExposureRow => {
      const onListener = id === record.listener.id;
      return {
        label: onListener ? 'ELBV2Listener' : 'ELBV2Rule',
        entryId: id,
        kind: 'alb_rule',
        result: withEvidence(exposure, mitigation),
      };
    });
  });
}

/** The web ACL each stage of a REST API names (a method is served by every deployed stage). */
function stageWebAcls(record: EstateFacts['restApis'][number]): Evidence[] {
  const collected = new Map(record.webAcls.map((props) => [String(props.id), webAclFacts(props)]));
  return record.stages.flatMap((stage) => {
    const configured = typeof stage.webAclArn === 'string' && stage.webAclArn !== '' ? stage.webAclArn : null;
    return webAclMitigation(
      configured,
      configured ? (collected.get(configured) ?? null) : null,
      `webAclArn of stage ${String(stage.stageName)} (${String(stage.id)})`,
    );
  });
}

/** Mitigations are evidence only: the class, authentication and confidence stay as they are. */
function withEvidence(result: EntryExposure, evidence: readonly Evidence[]): EntryExposure {
  return evidence.length === 0 ? result : { ...result, evidence: [...result.evidence, ...evidence] };
}

/** Behaviour and Lambda@Edge rows, one distribution at a time (a failure stops that distribution only). */
function cloudFrontRows(
  facts: EstateFacts,
  originRows: readonly ExposureRow[],
  policies: FunctionPolicies,
  clock: EstateClock,
  sink: Sink,
): ExposureRow[] {
  const index = originIndex(facts, originRows);
  return facts.distributions.flatMap((record) => {
    const entries = record.behaviors.map((behavior) => String(behavior.id));
    return (
      isolate(sink, String(record.distribution.id), entries, () =>
        distributionRows(record, index, policies, clock),
      ) ?? []
    );
  });
}

/** Whether every security group the load balancer names is in the graph (the ec2 unit may have failed). */
function allCollected(loadBalancerProps: Props, groups: readonly Props[]): boolean {
  const declared = Array.isArray(loadBalancerProps.securityGroupIds)
    ? loadBalancerProps.securityGroupIds
    : [];
  return declared.every((id) => groups.some((group) => group.groupId === id));
}

/** Rows for results keyed by an AWS id, written to the node carrying that id. */
function rowsById(
  nodes: readonly Props[],
  idProperty: string,
  results: ReadonlyMap<string, EntryExposure>,
  label: EntryLabel,
  kind: EntryKind,
): ExposureRow[] {
  return nodes.flatMap((node) => {
    const result = results.get(String(node[idProperty]));
    return result ? [{ label, entryId: String(node.id), kind, result }] : [];
  });
}
