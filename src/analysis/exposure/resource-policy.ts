/**
 * Exposure through the function's (or alias's) resource policy itself, without any HTTP front door:
 * anyone may call the Invoke API, other accounts may invoke or replace the code, and service principals
 * granted without a source are confused deputies (domain-exposure.md §1.8, §9.3 #7, #8, #9).
 */
import type { Statement } from '../../iam/policy.js';
import { type EntryExposure, type Evidence, EXPOSURE_CLASSES, type ExposureClass } from './exposure-class.js';
import {
  allowsAction,
  conditionValuesOf,
  type Grantee,
  granteesOf,
  INVOKED_VIA_URL_KEY,
  lambdaPolicy,
  namesSource,
  restrictingConditions,
  statementEvidence,
  statementsOf,
} from './lambda-policy.js';

/**
 * Services whose resources in any account can be pointed at a function (API Gateway integrations,
 * S3/SNS notifications, EventBridge targets, CloudFront OAC). An ELB target group must live in the
 * function's own account, so an unsourced ELB grant is not exploitable from outside.
 */
export const CROSS_ACCOUNT_SERVICES = [
  'apigateway.amazonaws.com',
  's3.amazonaws.com',
  'sns.amazonaws.com',
  'events.amazonaws.com',
  'cloudfront.amazonaws.com',
] as const;

const INVOKE = 'lambda:InvokeFunction';
/** Actions that let the grantee run its own code as the function's execution role. */
const CODE_UPDATE = 'lambda:UpdateFunctionCode';

interface Hit {
  readonly exposure: ExposureClass;
  readonly authentication: string;
  readonly text: string;
  readonly codeUpdate: boolean;
  readonly invoke: boolean;
}

/** One result per exposure class the policy opens (evidence merged), most exposed first. */
export function resourcePolicyExposures(arn: string, policyText: string | null | undefined): EntryExposure[] {
  const policy = lambdaPolicy(policyText, arn);
  if (policy === undefined) return [];
  const ownAccount = arn.split(':')[4];
  const hits = statementsOf(policy, 'Allow').flatMap((statement) =>
    granteesOf(statement).flatMap((grantee) => {
      const hit = classifyGrant(statement, grantee, ownAccount);
      return hit === undefined ? [] : [{ ...hit, evidence: statementEvidence(policy, statement, hit.text) }];
    }),
  );
  const byClass = new Map<ExposureClass, (Hit & { evidence: Evidence })[]>();
  for (const hit of hits) byClass.set(hit.exposure, [...(byClass.get(hit.exposure) ?? []), hit]);
  return EXPOSURE_CLASSES.flatMap((exposure) => {
    const list = byClass.get(exposure);
    if (list === undefined) return [];
    return [
      {
        exposure,
        authentication: [...new Set(list.map((hit) => hit.authentication))].join('; '),
        reaches: [arn],
        evidence: list.map((hit) => hit.evidence),
        confidence: 'high' as const,
        grantsCodeUpdate: list.some((hit) => hit.codeUpdate),
        grantsInvoke: list.some((hit) => hit.invoke),
      },
    ];
  });
}

function viaUrlOnly(statement: Statement): boolean {
  const viaUrl = conditionValuesOf(statement, INVOKED_VIA_URL_KEY);
  return viaUrl.length > 0 && viaUrl.every((v) => v.toLowerCase() === 'true');
}

function classifyGrant(statement: Statement, grantee: Grantee, ownAccount: string | undefined) {
  const invoke = allowsAction(statement, INVOKE);
  const codeUpdate = allowsAction(statement, CODE_UPDATE);
  const restricted = restrictingConditions(statement).some((c) => c.keyLower !== 'aws:principalorgid');
  const hit = (exposure: ExposureClass, authentication: string, text: string): Hit => ({
    exposure,
    authentication,
    text,
    codeUpdate,
    // A statement for Principal "*" limited to URL calls opens the URL, not the Invoke API.
    invoke: invoke && !(grantee.kind === 'anyone' && viaUrlOnly(statement)),
  });
  switch (grantee.kind) {
    case 'anyone': {
      // The second grant of a public URL (InvokedViaFunctionUrl=true) opens the URL, not the Invoke API.
      if (restricted || !(codeUpdate || (invoke && !viaUrlOnly(statement)))) return undefined;
      return hit(
        'public_weak_auth',
        'any AWS principal of any account (Principal "*")',
        codeUpdate
          ? 'anyone with AWS credentials may replace the function code'
          : 'anyone with AWS credentials may call the Invoke API directly',
      );
    }
    case 'organization':
      if (restricted || !(invoke || codeUpdate)) return undefined;
      return hit(
        'cross_account',
        `principals of organization ${grantee.orgIds.join(', ')}`,
        codeUpdate
          ? 'every account of the organization may replace the function code'
          : 'every account of the organization may invoke the function',
      );
    case 'account':
      if (grantee.accountId === ownAccount || !(invoke || codeUpdate)) return undefined;
      return hit(
        'cross_account',
        `principals of account ${grantee.accountId}`,
        codeUpdate
          ? `account ${grantee.accountId} may replace the function code and run as its role`
          : `account ${grantee.accountId} may invoke the function`,
      );
    case 'service':
      if (
        !invoke ||
        namesSource(statement) ||
        !(CROSS_ACCOUNT_SERVICES as readonly string[]).includes(grantee.service)
      ) {
        return undefined;
      }
      return hit(
        'public_weak_auth',
        `${grantee.service} on behalf of any account (no SourceArn or SourceAccount)`,
        `confused deputy: a resource of ${grantee.service} in any account may invoke the function`,
      );
  }
}
