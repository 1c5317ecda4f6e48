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
import type { EstateClock, EstateFacts, ExposureRow, FrontedEntry } from './estate.js';
import type { EntryExposure } from './exposure-class.js';
import { fromJson, type Props } from './from-graph.js';
import { URL_INVOKE_RULE_DATE } from './function-url.js';
import type { FunctionPolicies } from './invoke-permission.js';

type DistributionRecord = EstateFacts['distributions'][number];

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const strs = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/** Everything an origin's domain name can stand for, built once per estate. */
export interface OriginIndex {
  readonly urls: ReadonlyMap<string, { props: Props; row: ExposureRow }>;
  /** Entry rows by `<region>/<api id>` of HTTP, WebSocket and REST APIs. */
  readonly apis: ReadonlyMap<string, ExposureRow[]>;
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
    const match = /:apigateway:([\w-]+)::\/(?:apis|restapis)\/([^/]+)\//.exec(row.entryId);
    if (!match || row.kind === 'api_authorizer') continue;
    const key = `${match[1]}/${match[2]}`;
    apis.set(key, [...(apis.get(key) ?? []), row]);
  }
  const loadBalancers = new Map<string, ExposureRow[]>();
  for (const record of facts.listeners) {
    const dns = str(record.loadBalancer.dnsName)?.toLowerCase();
    if (!dns) continue;
    const ids = [String(record.listener.id), ...record.rules.map((rule) => String(rule.id))];
    const found = ids.flatMap((id) => [byId.get(`ELBV2Rule ${id}`), byId.get(`ELBV2Listener ${id}`)]);
    loadBalancers.set(dns, [...(loadBalancers.get(dns) ?? []), ...found.filter((row) => row !== undefined)]);
  }
  return { urls, apis, loadBalancers };
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
    return {
      behavior,
      viewer: viewerAccess(distribution, behavior),
      origin: origins.get(str(props.targetOriginId)),
    };
  });
  const rows = behaviors.map(({ behavior, viewer, origin }): ExposureRow => {
    const fronts = origin ? frontedEntries(distribution, origin, viewer, index, policies, clock) : [];
    return {
      label: 'CloudFrontCacheBehavior',
      entryId: behavior.id,
      kind: 'cloudfront_distribution',
      result: behaviorEntry(
        viewer,
        fronts.map((entry) => entry.result),
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

function frontedEntries(
  distribution: DistributionFacts,
  origin: DistributionRecord['origins'][number],
  viewer: ViewerAccess,
  index: OriginIndex,
  policies: FunctionPolicies,
  clock: EstateClock,
): FrontedEntry[] {
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
    return [
      { label: 'LambdaFunctionUrl', entryId: url.row.entryId, result: throughBehavior(viewer, access) },
    ];
  }
  const api = EXECUTE_API_HOST.exec(domain);
  const direct = api ? index.apis.get(`${api[2]}/${api[1]}`) : index.loadBalancers.get(domain);
  // An entry that reaches no function (a fixed response, a redirect) is no path through the distribution.
  return (direct ?? [])
    .filter((row) => row.result.reaches.length > 0)
    .map((row) => ({
      label: row.label,
      entryId: row.entryId,
      result: throughBehavior(viewer, originEvidence(row.result, domain, distribution)),
    }));
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
  const acl = record.webAcl;
  return {
    arn: String(d.id),
    domainName: str(d.name) ?? String(d.id),
    enabled: typeof d.enabled === 'boolean' ? d.enabled : null,
    webAclId: str(d.webAclId),
    webAcl: acl
      ? {
          arn: String(acl.id),
          name: str(acl.name),
          defaultAction: str(acl.defaultAction),
          ruleNames: strs(acl.ruleNames),
        }
      : null,
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
