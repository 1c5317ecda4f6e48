/**
 * Exposure of a Lambda function URL, judged against the resource policy of its own qualifier
 * (docs/exposure.md "Function URLs").
 */
import type { FunctionUrlConfig } from '@aws-sdk/client-lambda';
import type { Policy, Statement } from '../../iam/policy.js';
import type { Confidence, EntryExposure, Evidence } from './exposure-class.js';
import { notExposed } from './exposure-class.js';
import {
  allowsAction,
  conditionAccepts,
  type Grantee,
  granteesOf,
  INVOKED_VIA_URL_KEY,
  lambdaPolicy,
  outsidePrincipalsOf,
  restrictingConditions,
  statementEvidence,
  statementsOf,
  URL_AUTH_TYPE_KEY,
} from './lambda-policy.js';
import { withoutThrottledTargets } from './reserved-concurrency.js';

/**
 * Since October 2025 a URL call also needs `lambda:InvokeFunction`; accounts that already had URLs kept a
 * per-region exception (invisible through any API) until this date, announced in AWS Health and on
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html (docs/exposure.md "The function URL
 * rule date"). Users override it with TOXGRAPH_URL_INVOKE_RULE_DATE should AWS move it.
 */
export const URL_INVOKE_RULE_DATE = new Date('2026-11-01T00:00:00Z');

export interface FunctionUrlFacts {
  readonly urlConfig: Pick<FunctionUrlConfig, 'FunctionArn' | 'FunctionUrl' | 'AuthType'>;
  /** GetPolicy(FunctionName, Qualifier = the URL's alias).Policy, absent when the function has none. */
  readonly policy: string | null | undefined;
  /** ReservedConcurrentExecutions of the function; undefined when unreserved. */
  readonly reservedConcurrency: number | undefined;
  readonly now: Date;
  /** From when a URL call needs lambda:InvokeFunction everywhere (default URL_INVOKE_RULE_DATE). */
  readonly urlInvokeRuleDate?: Date;
}

interface Grant {
  readonly statement: Statement;
  readonly grantee: Grantee;
}

export function functionUrlExposure(facts: FunctionUrlFacts): EntryExposure {
  const arn = facts.urlConfig.FunctionArn ?? '';
  const authType = facts.urlConfig.AuthType ?? 'NONE';
  const source = `FunctionUrlConfig of ${arn}`;
  const urlEvidence: Evidence = {
    text: `function URL ${facts.urlConfig.FunctionUrl ?? ''} has AuthType ${authType}`,
    source,
  };
  const policy = lambdaPolicy(facts.policy, arn);
  const urlGrants = grants(policy, 'lambda:InvokeFunctionUrl', (s) =>
    conditionAccepts(s, URL_AUTH_TYPE_KEY, authType),
  );
  const invokeGrants = grants(policy, 'lambda:InvokeFunction', (s) =>
    conditionAccepts(s, INVOKED_VIA_URL_KEY, 'true'),
  );
  const url: UrlCase = {
    arn,
    policy,
    urlGrants,
    invokeGrants,
    urlEvidence,
    rule: invokeRule(facts.now, facts.urlInvokeRuleDate ?? URL_INVOKE_RULE_DATE),
  };
  const exposure = authType === 'NONE' ? publicUrlExposure(url) : iamUrlExposure(url);
  return withoutThrottledTargets(exposure, () => facts.reservedConcurrency);
}

/**
 * Whether the policy lets anyone call `lambda:InvokeFunctionUrl`, whatever the auth type, with no condition
 * that pins the caller: the grant that makes a URL with AuthType NONE public. Deleting the URL leaves it
 * in place (docs/exposure.md "Stale public URL grants"); detections match this fact, not the policy text.
 */
export function grantsUrlToAnyone(policy: Policy | undefined): boolean {
  return grants(policy, 'lambda:InvokeFunctionUrl', () => true).some((g) => g.grantee.kind === 'anyone');
}

/** What both auth types are judged on. */
interface UrlCase {
  readonly arn: string;
  readonly policy: Policy | undefined;
  readonly urlGrants: readonly Grant[];
  readonly invokeGrants: readonly Grant[];
  readonly urlEvidence: Evidence;
  readonly rule: InvokeRule;
}

/** Whether the lambda:InvokeFunction requirement binds every account at the time the scan describes. */
interface InvokeRule {
  readonly inForce: boolean;
  /** YYYY-MM-DD, for the evidence. */
  readonly date: string;
}

function invokeRule(now: Date, ruleDate: Date): InvokeRule {
  return { inForce: now >= ruleDate, date: ruleDate.toISOString().slice(0, 10) };
}

/** Allow statements for `action` whose conditions hold for URL calls and do not pin the caller down. */
function grants(policy: Policy | undefined, action: string, channelOk: (s: Statement) => boolean): Grant[] {
  return statementsOf(policy, 'Allow')
    .filter(
      (s) =>
        allowsAction(s, action) && channelOk(s) && restrictingConditions(s).filter(notOrgId).length === 0,
    )
    .flatMap((statement) => granteesOf(statement).map((grantee) => ({ statement, grantee })));
}

/** The organization condition is read by `granteesOf` as an organization grantee, not as a restriction. */
function notOrgId(condition: { keyLower: string }): boolean {
  return condition.keyLower !== 'aws:principalorgid';
}

/** AuthType NONE: the caller is anonymous, so only a grant to anyone counts. */
function publicUrlExposure({
  arn,
  policy,
  urlGrants,
  invokeGrants,
  urlEvidence,
  rule,
}: UrlCase): EntryExposure {
  const auth = 'none (AuthType NONE)';
  const urlGrant = urlGrants.find((g) => g.grantee.kind === 'anyone');
  if (urlGrant === undefined || policy === undefined) {
    return notExposed(
      'no_public_url_grant',
      auth,
      [
        urlEvidence,
        {
          text: 'no resource-policy statement lets anyone call lambda:InvokeFunctionUrl without a restricting condition: callers get 403',
          source: policy?.source ?? `GetPolicy of ${arn}: no policy`,
        },
      ],
      [arn],
    );
  }
  const evidence = [urlEvidence, statementEvidence(policy, urlGrant.statement, 'anyone may call the URL')];
  const invokeGrant = invokeGrants.find((g) => g.grantee.kind === 'anyone');
  if (invokeGrant !== undefined) {
    evidence.push(statementEvidence(policy, invokeGrant.statement, 'anyone may invoke through the URL'));
    return {
      exposure: 'public_unauthenticated',
      authentication: auth,
      reaches: [arn],
      evidence,
      confidence: 'high',
    };
  }
  return missingInvokeFunction(arn, auth, 'public_unauthenticated', evidence, rule);
}

/**
 * Without the lambda:InvokeFunction grant the URL answers 403 once the legacy exception is over; before
 * that it depends on whether the account had URLs in October 2025, which no API tells.
 */
function missingInvokeFunction(
  arn: string,
  auth: string,
  exposureWithGrant: EntryExposure['exposure'],
  evidence: Evidence[],
  rule: InvokeRule,
): EntryExposure {
  const source = `resource policy of ${arn}`;
  if (rule.inForce) {
    return notExposed(
      'missing_invoke_function_grant',
      auth,
      [
        ...evidence,
        {
          text: `no matching lambda:InvokeFunction grant: since ${rule.date} URL calls need it, so callers get 403`,
          source,
        },
      ],
      [arn],
    );
  }
  const confidence: Confidence = 'medium';
  return {
    exposure: exposureWithGrant,
    authentication: auth,
    reaches: [arn],
    confidence,
    evidence: [
      ...evidence,
      {
        text: `no matching lambda:InvokeFunction grant: the URL works only if the account has the legacy exception, which ends ${rule.date}`,
        source,
      },
    ],
  };
}

/** AuthType AWS_IAM: SigV4 callers; whom the policy admits decides how wide that is. */
function iamUrlExposure({ arn, policy, urlGrants, invokeGrants, urlEvidence, rule }: UrlCase): EntryExposure {
  const ownAccount = arn.split(':')[4];
  const outside = (g: Grant) =>
    g.grantee.kind === 'anyone' ||
    g.grantee.kind === 'organization' ||
    (g.grantee.kind === 'account' && g.grantee.accountId !== ownAccount);
  const widest = (list: readonly Grant[]) =>
    list.find((g) => g.grantee.kind === 'anyone') ??
    list.find((g) => g.grantee.kind === 'organization') ??
    list.find(outside);
  const urlGrant = widest(urlGrants.filter(outside));
  if (urlGrant === undefined || policy === undefined) {
    return {
      exposure: 'public_authenticated',
      authentication: 'AWS_IAM (SigV4, principals of the same account with an identity-policy grant)',
      reaches: [arn],
      evidence: [
        urlEvidence,
        {
          text: 'the resource policy admits no caller outside the account',
          source: policy?.source ?? `GetPolicy of ${arn}: no policy`,
        },
      ],
      confidence: 'high',
    };
  }
  const [exposure, auth] =
    urlGrant.grantee.kind === 'anyone'
      ? (['public_weak_auth', 'AWS_IAM, any AWS account (Principal "*")'] as const)
      : urlGrant.grantee.kind === 'organization'
        ? ([
            'cross_account',
            `AWS_IAM, any principal of organization ${urlGrant.grantee.orgIds.join(', ')}`,
          ] as const)
        : ([
            'cross_account',
            `AWS_IAM, principals of account ${(urlGrant.grantee as { accountId: string }).accountId}`,
          ] as const);
  const evidence = [
    urlEvidence,
    statementEvidence(policy, urlGrant.statement, 'callers outside the account may call the URL'),
  ];
  const invokeGrant = invokeGrants.find(
    (g) => sameGrantee(g.grantee, urlGrant.grantee) || g.grantee.kind === 'anyone',
  );
  if (invokeGrant === undefined) {
    return withOutsidePrincipals(
      missingInvokeFunction(arn, auth, exposure, evidence, rule),
      urlGrant.grantee,
      ownAccount,
    );
  }
  evidence.push(statementEvidence(policy, invokeGrant.statement, 'the same callers may invoke the function'));
  return withOutsidePrincipals(
    { exposure, authentication: auth, reaches: [arn], evidence, confidence: 'high' },
    urlGrant.grantee,
    ownAccount,
  );
}

/** A cross-account URL names whom outside the account its grant admits: the finding's path starts there. */
function withOutsidePrincipals(
  result: EntryExposure,
  grantee: Grantee,
  ownAccount: string | undefined,
): EntryExposure {
  if (result.exposure !== 'cross_account') return result;
  return { ...result, outsidePrincipals: outsidePrincipalsOf([grantee], ownAccount) };
}

/** Same caller set; account grants match by account (a root grant and a role grant of one account overlap). */
function sameGrantee(a: Grantee, b: Grantee): boolean {
  if (a.kind === 'account' && b.kind === 'account') return a.accountId === b.accountId;
  return JSON.stringify(a) === JSON.stringify(b);
}
