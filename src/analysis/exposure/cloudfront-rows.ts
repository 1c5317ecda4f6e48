/**
 * CloudFront rows of the estate: one per cache behaviour (what its viewers reach, and each origin entry
 * point it fronts) and one per distribution running Lambda@Edge code. Origins are matched to what the
 * estate holds by their domain name: a function URL's host, `<api id>.execute-api.<region>.amazonaws.com`,
 * or a load balancer's DNS name (docs/exposure.md "CloudFront"). Pure.
 */
import {
  type BehaviorFacts,
  behaviorEntry,
  type DistributionFacts,
  type EventFunction,
  edgeFunctionsEntry,
  throughBehavior,
  urlOriginAccess,
  type ViewerAccess,
  viewerAccess,
} from './cloudfront.js';
import type { EstateClock, EstateFacts, ExposureRow, FrontedEntry, Mapping } from './estate.js';
import { type EntryExposure, lowerConfidence } from './exposure-class.js';
import { fromJson, type Props } from './from-graph.js';
import { URL_INVOKE_RULE_DATE } from './function-url.js';
import type { FunctionPolicies } from './invoke-permission.js';
import { webAclFacts } from './web-acl.js';

type DistributionRecord = EstateFacts['distributions'][number];

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const strs = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const API_ARN = /:apigateway:([\w-]+)::\/(?:apis|restapis)\/([^/]+)/;
/**
 * S3 bucket endpoints (REST and website, path or virtual-host style): they serve objects and run no
 * function. S3 Object Lambda access points do run one, so they are not in this class.
 */
const S3_HOST = /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;
const S3_OBJECT_LAMBDA = /\.s3-object-lambda\./;

/** Everything an origin's domain name can stand for, built once per estate. */
export interface OriginIndex {
  readonly urls: ReadonlyMap<string, { props: Props; row: ExposureRow }>;
  /** Entry rows by `<region>/<api id>` of HTTP, WebSocket and REST APIs. */
  readonly apis: ReadonlyMap<string, ExposureRow[]>;
  /**
   * Entry rows of the APIs an API Gateway custom domain name maps, by that name and by the regional
   * domain name (`d-….execute-api.<region>.amazonaws.com`) it is served from.
   */
  readonly customDomains: ReadonlyMap<string, ExposureRow[]>;
  /** ALB rule and listener rows by load balancer DNS name. */
  readonly loadBalancers: ReadonlyMap<string, ExposureRow[]>;
}

export function originIndex(facts: EstateFacts, rows: readonly ExposureRow[]): OriginIndex {
  const byId = new Map(rows.map((row) => [`${row.label} ${row.entryId}`, row]));
  const urls = new Map<string, { props: Props; row: ExposureRow }>();
  for (const url of facts.urls) {
    const row = byId.get(`LambdaFunctionUrl ${String(url.id)}`);
    const host = hostOf(str(url.url));
    if (row && host) urls.set(host, { props: url, row });
  }
  const apis = new Map<string, ExposureRow[]>();
  for (const row of rows) {
    const key = apiKey(row.entryId);
    if (key === null || row.kind === 'api_authorizer') continue;
    apis.set(key, [...(apis.get(key) ?? []), row]);
  }
  const customDomains = new Map<string, ExposureRow[]>();
  for (const record of [...facts.v2Apis, ...facts.restApis]) {
    const apiRows = apis.get(apiKey(String(record.api.id)) ?? '') ?? [];
    for (const mapping of record.mappings) {
      for (const name of domainNamesOf(mapping)) {
        customDomains.set(name, [...new Set([...(customDomains.get(name) ?? []), ...apiRows])]);
      }
    }
  }
  const loadBalancers = new Map<string, ExposureRow[]>();
  for (const record of facts.listeners) {
    const dns = str(record.loadBalancer.dnsName)?.toLowerCase();
    if (!dns) continue;
    const ids = [String(record.listener.id), ...record.rules.map((rule) => String(rule.id))];
    const found = ids.flatMap((id) => [byId.get(`ELBV2Rule ${id}`), byId.get(`ELBV2Listener ${id}`)]);
    loadBalancers.set(dns, [...(loadBalancers.get(dns) ?? []), ...found.filter((row) => row !== undefined)]);
  }
  return { urls, apis, customDomains, loadBalancers };
}

/** `<region>/<api id>` of an API Gateway ARN (an API or anything under it), or null. */
function apiKey(arn: string): string | null {
  const match = API_ARN.exec(arn);
  return match ? `${match[1]}/${match[2]}` : null;
}

/** A custom domain name and the regional API Gateway domain names it is served from, lower-cased. */
function domainNamesOf(mapping: Mapping): string[] {
  const configurations = fromJson<{ ApiGatewayDomainName?: string }[]>(mapping.configurationsJson) ?? [];
  return [mapping.domainName, ...configurations.map((c) => c.ApiGatewayDomainName ?? '')]
    .filter((name) => name !== '')
    .map((name) => name.toLowerCase());
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return (
      url
        .replace(/^https?:\/\//, '')
        .replace(/\/.*$/, '')
        .toLowerCase() || null
    );
  }
}

/** The behaviour rows and the Lambda@Edge row of one distribution. */
export function distributionRows(
  record: DistributionRecord,
  index: OriginIndex,
  policies: FunctionPolicies,
  clock: EstateClock,
): ExposureRow[] {
  const distribution = distributionFacts(record);
  const origins = new Map(record.origins.map((entry) => [str(entry.origin.originId), entry]));
  const behaviors = record.behaviors.map((props) => {
    const behavior = behaviorFacts(props);
    // An origin group's members are all reached: the secondary whenever the primary fails.
    const originIds = strs(props.originIds);
    const targets = originIds.length > 0 ? originIds : [str(props.targetOriginId)];
    return {
      behavior,
      viewer: viewerAccess(distribution, behavior),
      origins: targets.map((id) => ({ id: id ?? '(none)', origin: origins.get(id) })),
    };
  });
  const rows = behaviors.map(({ behavior, viewer, origins: targets }): ExposureRow => {
    const resolved = targets.map(({ id, origin }) =>
      origin
        ? frontedEntries(distribution, origin, viewer, index, policies, clock)
        : { fronts: [], unresolved: `origin ${id} (not in the distribution)` },
    );
    // Two members of an origin group may front the same entry point: it is one FRONTS.
    const fronts = [
      ...new Map(
        resolved.flatMap((entry) => entry.fronts).map((f) => [`${f.label} ${f.entryId}`, f]),
      ).values(),
    ];
    const unresolved = resolved.flatMap((entry) => (entry.unresolved ? [entry.unresolved] : []));
    return {
      label: 'CloudFrontCacheBehavior',
      entryId: behavior.id,
      kind: 'cloudfront_distribution',
      result: withUnresolved(
        behaviorEntry(
          viewer,
          fronts.map((entry) => entry.result),
        ),
        unresolved,
        distribution,
      ),
      fronts,
    };
  });
  const edge = edgeFunctionsEntry(distribution, behaviors);
  return edge
    ? [
        ...rows,
        {
          label: 'CloudFrontDistribution',
          entryId: distribution.arn,
          kind: 'cloudfront_distribution',
          result: edge,
        },
      ]
    : rows;
}

/**
 * An origin whose domain names nothing the scan collected: what the behaviour reaches there is unknown,
 * never "nothing". The behaviour keeps its viewer class, names the origin and says so, with low confidence.
 */
function withUnresolved(
  entry: EntryExposure,
  unresolved: readonly string[],
  distribution: DistributionFacts,
): EntryExposure {
  if (unresolved.length === 0) return entry;
  return {
    ...entry,
    confidence: lowerConfidence(entry.confidence, 'low'),
    unresolvedOrigins: unresolved,
    evidence: [
      ...entry.evidence,
      ...unresolved.map((origin) => ({
        text: `${origin} resolves to nothing the scan collected: what it runs is unknown, not "not exposed"`,
        source: distribution.arn,
      })),
    ],
  };
}

/** What one origin stands for: the entry points it fronts, or why it could not be resolved. */
interface OriginResolution {
  readonly fronts: FrontedEntry[];
  /** The origin, when its domain names nothing collected that could run a function. */
  readonly unresolved: string | null;
}

function frontedEntries(
  distribution: DistributionFacts,
  origin: DistributionRecord['origins'][number],
  viewer: ViewerAccess,
  index: OriginIndex,
  policies: FunctionPolicies,
  clock: EstateClock,
): OriginResolution {
  const domain = (str(origin.origin.domainName) ?? '').toLowerCase();
  const url = index.urls.get(domain);
  if (url) {
    const oacId = str(origin.origin.originAccessControlId);
    const access = urlOriginAccess({
      distribution,
      originDomain: domain,
      oac: oacId
        ? {
            id: oacId,
            signingBehavior: str(origin.oac?.signingBehavior),
            originType: str(origin.oac?.originType),
          }
        : null,
      url: {
        urlId: url.row.entryId,
        authType: str(url.props.authType) ?? 'NONE',
        ownerArn: ownerOf(url.props),
        direct: url.row.result,
      },
      policies,
      invokeRuleInForce: clock.now >= (clock.urlInvokeRuleDate ?? URL_INVOKE_RULE_DATE),
    });
    const fronted = { label: 'LambdaFunctionUrl' as const, entryId: url.row.entryId };
    return { fronts: [{ ...fronted, result: throughBehavior(viewer, access) }], unresolved: null };
  }
  const direct = originEntries(domain, index);
  if (direct === undefined) {
    const servesObjects = S3_HOST.test(domain) && !S3_OBJECT_LAMBDA.test(domain);
    return { fronts: [], unresolved: servesObjects ? null : `origin ${domain}` };
  }
  // An entry that reaches no function (a fixed response, a redirect) is no path through the distribution.
  const fronts = direct
    .filter((row) => row.result.reaches.length > 0)
    .map((row) => ({
      label: row.label,
      entryId: row.entryId,
      result: throughBehavior(viewer, originEvidence(row.result, domain, distribution)),
    }));
  return { fronts, unresolved: null };
}

/** The API or load balancer entry rows an origin domain names; undefined when it names nothing collected. */
function originEntries(domain: string, index: OriginIndex): ExposureRow[] | undefined {
  const api = EXECUTE_API_HOST.exec(domain);
  if (api) return index.apis.get(`${api[2]}/${api[1]}`);
  return index.customDomains.get(domain) ?? index.loadBalancers.get(domain);
}

/** An API or load balancer origin is asked by CloudFront as by anyone: its own verdict holds. */
function originEvidence(
  result: EntryExposure,
  domain: string,
  distribution: DistributionFacts,
): EntryExposure {
  return {
    ...result,
    evidence: [
      {
        text: `origin ${domain} of ${distribution.domainName}: ${result.authentication}`,
        source: distribution.arn,
      },
      ...result.evidence,
    ],
  };
}

/** The function or alias whose resource policy gates a URL: the URL's qualifier decides. */
function ownerOf(url: Props): string {
  const functionArn = String(url.functionArn ?? url.id);
  return typeof url.qualifier === 'string' && url.qualifier !== ''
    ? `${functionArn}:${url.qualifier}`
    : functionArn;
}

function distributionFacts(record: DistributionRecord): DistributionFacts {
  const d = record.distribution;
  return {
    arn: String(d.id),
    domainName: str(d.name) ?? String(d.id),
    enabled: typeof d.enabled === 'boolean' ? d.enabled : null,
    webAclId: str(d.webAclId),
    webAcl: webAclFacts(record.webAcl),
  };
}

function behaviorFacts(props: Props): BehaviorFacts {
  return {
    id: String(props.id),
    pathPattern: str(props.pathPattern) ?? '*',
    trustedKeyGroups: strs(props.trustedKeyGroups),
    trustedSigners: strs(props.trustedSigners),
    cloudFrontFunctions: associations(props.functionAssociationsJson, 'FunctionARN'),
    edgeFunctions: associations(props.lambdaAssociationsJson, 'LambdaFunctionARN'),
  };
}

function associations(json: unknown, arnField: string): EventFunction[] {
  const items = fromJson<Record<string, unknown>[]>(json) ?? [];
  return items.map((item) => ({
    arn: String(item[arnField] ?? ''),
    eventType: String(item.EventType ?? ''),
  }));
}
