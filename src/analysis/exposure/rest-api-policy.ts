/**
 * A REST API's resource policy (execute-api:Invoke) as it bears on one method: from where anonymous
 * callers get in (IP allow-lists, VPC endpoints, explicit denies), and, for AWS_IAM methods, whether it
 * admits principals of other accounts (docs/exposure.md "REST API resource policies").
 */
import type { RestApi } from '@aws-sdk/client-api-gateway';
import { resourceMatches } from '../../iam/arn.js';
import { partitionOfRegion } from '../../iam/partition.js';
import { type Policy, parsePolicy, type Statement } from '../../iam/policy.js';
import { type Authentication, executeApiArn } from './api-gateway.js';
import {
  allowsAction,
  conditionValuesOf,
  describeStatement,
  granteesOf,
  outsidePrincipalsOf,
  restrictingConditions,
} from './lambda-policy.js';
import { cidrReach, type NetworkReach, narrowerReach, type ReachVerdict, widerReach } from './network.js';
import type { RestApiFacts } from './rest-api.js';

/**
 * AWS_IAM with a resource policy: a caller of another account needs the resource policy's Allow plus an
 * identity policy of its own, which it controls. `Principal: "*"` thus admits any AWS account
 * (docs/exposure.md "REST API resource policies"). `methodArns` are the ARNs of one stage: an Allow
 * on any of its verbs lets outsiders in. A cross-account verdict names whom it admits
 * (`outsidePrincipals`), where a finding's path starts.
 */
export function iamCallersOutside(
  authentication: Authentication,
  policy: Policy | undefined,
  methodArns: readonly string[],
  facts: RestApiFacts,
): Authentication {
  const grants = (policy?.statements ?? []).filter(
    (s) =>
      s.effect === 'Allow' &&
      allowsAction(s, 'execute-api:Invoke') &&
      methodArns.some((arn) => coversResource(s, arn, facts)) &&
      restrictingConditions(s).every((c) => c.keyLower === 'aws:principalorgid'),
  );
  const outside = grants.flatMap((statement) =>
    granteesOf(statement)
      .filter(
        (g) =>
          g.kind === 'anyone' ||
          g.kind === 'organization' ||
          (g.kind === 'account' && g.accountId !== facts.accountId),
      )
      .map((grantee) => ({ statement, grantee })),
  );
  const widest = outside.find((g) => g.grantee.kind === 'anyone') ?? outside[0];
  if (policy === undefined || widest === undefined) return authentication;
  const anyone = widest.grantee.kind === 'anyone';
  return {
    exposure: anyone ? 'public_weak_auth' : 'cross_account',
    ...(anyone
      ? {}
      : {
          outsidePrincipals: outsidePrincipalsOf(
            outside.map((g) => g.grantee),
            facts.accountId,
          ),
        }),
    description: anyone
      ? 'AWS_IAM, any AWS account (resource policy Principal "*")'
      : 'AWS_IAM, principals of other accounts',
    confidence: authentication.confidence,
    evidence: {
      text: `${authentication.evidence.text}; the resource policy admits callers outside the account: ${describeStatement(widest.statement)}`,
      source: policy.source,
    },
  };
}

/**
 * The REST API's resource policy; GetRestApis returns it as JSON with escaped quotes (`{\"Version\":...}`).
 * Its principals are read in the partition of the API's region.
 */
export function restResourcePolicy(api: RestApi, region: string): Policy | undefined {
  return api.policy
    ? parsePolicy(
        unescapeRestPolicy(api.policy),
        `resource policy of REST API ${api.id}`,
        partitionOfRegion(region),
      )
    : undefined;
}

function unescapeRestPolicy(text: string): string {
  return text.includes('\\"') ? text.replace(/\\"/g, '"').replace(/\\\//g, '/') : text;
}

const SOURCE_IP = 'aws:SourceIp';
const NETWORK_KEYS = new Set(['aws:sourcevpc', 'aws:sourcevpce']);

/**
 * From where the resource policy lets an internet caller invoke the method, decided for each
 * execute-api ARN a request can carry (one per deployed stage and HTTP verb; ANY has seven) and the
 * widest kept: a Deny on one stage or verb leaves the others open (docs/exposure.md "REST API resource
 * policies"). The evidence names the stage and verb that stay open.
 */
export function resourcePolicyReach(
  policy: Policy,
  methodArns: readonly string[],
  facts: RestApiFacts,
  needsAllow: boolean,
): ReachVerdict {
  const verdicts = methodArns.map((arn) => methodArnReach(policy, arn, facts, needsAllow));
  return verdicts.reduce((widest, verdict) =>
    widerReach(widest.reach, verdict.reach) === widest.reach ? widest : verdict,
  );
}

/**
 * One request ARN: explicit Deny statements apply to every authorization type; an explicit Allow is
 * needed only for NONE (AWS_IAM and authorizers in the same account are allowed by the method's own
 * authorization).
 */
function methodArnReach(
  policy: Policy,
  methodArn: string,
  facts: RestApiFacts,
  needsAllow: boolean,
): ReachVerdict {
  const applies = (statement: Statement) =>
    allowsAction(statement, 'execute-api:Invoke') &&
    granteesOf(statement).some((grantee) => grantee.kind === 'anyone') &&
    coversResource(statement, methodArn, facts);
  const texts: string[] = [];
  let reach: NetworkReach = 'internet';
  for (const statement of policy.statements.filter((s) => s.effect === 'Deny' && applies(s))) {
    const denied = denyLeaves(statement);
    texts.push(describeStatement(statement));
    reach = narrowerReach(reach, denied);
  }
  if (needsAllow) {
    const allows = policy.statements.filter((s) => s.effect === 'Allow' && applies(s));
    texts.push(...allows.map(describeStatement));
    const allowed = allows.reduce<NetworkReach>((widest, s) => widerReach(widest, allowAdmits(s)), 'private');
    if (allows.length === 0) texts.push('no statement allows anonymous callers (implicit deny)');
    reach = narrowerReach(reach, allowed);
  }
  const request = methodArn.slice(methodArn.indexOf('/') + 1);
  return {
    reach,
    evidence: {
      text: `resource policy for ${request} (stage/verb/path): ${texts.join('; ') || 'no statement concerns this method'}`,
      source: policy.source,
    },
    blocker: 'resource_policy_denies_internet',
  };
}

/** Who an Allow admits among anonymous internet callers. */
function allowAdmits(statement: Statement): NetworkReach {
  if (statement.conditions.length === 0) return 'internet';
  if (statement.conditions.some((c) => NETWORK_KEYS.has(c.keyLower))) return 'private';
  const ips = statement.conditions.filter(
    (c) => c.keyLower === 'aws:sourceip' && c.operator.base === 'IpAddress',
  );
  // Any other condition (principal, org, account) is not satisfiable by an anonymous caller.
  if (ips.length !== statement.conditions.length) return 'private';
  return cidrReach(conditionValuesOf(statement, SOURCE_IP));
}

/** What a Deny leaves open: its negated network conditions name who stays allowed. */
function denyLeaves(statement: Statement): NetworkReach {
  if (statement.conditions.length === 0) return 'private';
  if (
    statement.conditions.some((c) => NETWORK_KEYS.has(c.keyLower) && c.operator.base.startsWith('StringNot'))
  ) {
    return 'private';
  }
  const notIps = statement.conditions.filter(
    (c) => c.keyLower === 'aws:sourceip' && c.operator.base === 'NotIpAddress',
  );
  if (notIps.length > 0) return cidrReach(notIps.flatMap((c) => c.values));
  // A Deny on some other condition does not stop every internet caller.
  return 'internet';
}

/** `execute-api:/stage/VERB/path` is shorthand for this API's ARN. */
function coversResource(statement: Statement, methodArn: string, facts: RestApiFacts): boolean {
  const expand = (pattern: string) =>
    pattern.startsWith('execute-api:/')
      ? executeApiArn(
          facts.region,
          facts.accountId,
          facts.api.id ?? '',
          pattern.slice('execute-api:/'.length),
        )
      : pattern;
  if (statement.resource !== undefined)
    return statement.resource.some((p) => resourceMatches(expand(p), methodArn));
  return !(statement.notResource ?? []).some((p) => resourceMatches(expand(p), methodArn));
}
