/**
 * Exposure through the function's (or alias's) resource policy itself, without any HTTP front door:
 * anyone may call the Invoke API, other accounts may invoke or replace the code, and service principals
 * granted without a pinned source are confused deputies (docs/exposure.md "Lambda resource policies").
 * Each result carries typed facts (who may invoke, which services are unpinned) for the detections.
 */
import type { Statement } from '../../iam/policy.js';
import {
  type Confidence,
  type EntryExposure,
  type Evidence,
  EXPOSURE_CLASSES,
  type ExposureClass,
  lowerConfidence,
  type PolicyGrantFacts,
} from './exposure-class.js';
import {
  allowsAction,
  conditionValuesOf,
  type Grantee,
  granteesOf,
  INVOKED_VIA_URL_KEY,
  lambdaPolicy,
  outsidePrincipalsOf,
  restrictingConditions,
  statementEvidence,
  statementsOf,
} from './lambda-policy.js';
import { serviceGrantPinned, serviceSource } from './source-pinning.js';

const INVOKE = 'lambda:InvokeFunction';
/** Actions that let the grantee run its own code as the function's execution role. */
const CODE_UPDATE = 'lambda:UpdateFunctionCode';

interface Hit {
  readonly exposure: ExposureClass;
  readonly authentication: string;
  readonly text: string;
  readonly codeUpdate: boolean;
  readonly invoke: boolean;
  readonly grantee: Grantee;
  readonly confidence: Confidence;
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
        confidence: list.map((hit) => hit.confidence).reduce(lowerConfidence),
        grantsCodeUpdate: list.some((hit) => hit.codeUpdate),
        grantsInvoke: list.some((hit) => hit.invoke),
        grants: grantFacts(list),
        ...(exposure === 'cross_account'
          ? {
              outsidePrincipals: outsidePrincipalsOf(
                list.map((hit) => hit.grantee),
                ownAccount,
              ),
            }
          : {}),
      },
    ];
  });
}

/** Typed facts of the grants behind one exposure class, for detections to match (never the prose). */
function grantFacts(hits: readonly Hit[]): PolicyGrantFacts {
  // A service grant becomes a hit only when its source is not pinned (serviceGrant).
  const unpinned = hits.flatMap((hit) => (hit.grantee.kind === 'service' ? [hit.grantee.service] : []));
  return {
    principalIsAnyone: hits.some((hit) => hit.grantee.kind === 'anyone'),
    anyoneMayInvoke: hits.some((hit) => hit.grantee.kind === 'anyone' && hit.invoke),
    unpinnedServices: [...new Set(unpinned)].sort(),
  };
}

function viaUrlOnly(statement: Statement): boolean {
  const viaUrl = conditionValuesOf(statement, INVOKED_VIA_URL_KEY);
  return viaUrl.length > 0 && viaUrl.every((v) => v.toLowerCase() === 'true');
}

function classifyGrant(statement: Statement, grantee: Grantee, ownAccount: string | undefined) {
  const invoke = allowsAction(statement, INVOKE);
  // A grant scoped to URL calls (InvokedViaFunctionUrl=true) opens the URL, judged as its own entry
  // point, not the Invoke API.
  const directInvoke = invoke && !viaUrlOnly(statement);
  const codeUpdate = allowsAction(statement, CODE_UPDATE);
  const restricted = restrictingConditions(statement).some((c) => c.keyLower !== 'aws:principalorgid');
  const hit = (
    exposure: ExposureClass,
    authentication: string,
    text: string,
    confidence: Confidence = 'high',
  ): Hit => ({
    exposure,
    authentication,
    text,
    codeUpdate,
    invoke: grantee.kind === 'service' ? invoke : directInvoke,
    grantee,
    confidence,
  });
  switch (grantee.kind) {
    case 'anyone': {
      // The second grant of a public URL (InvokedViaFunctionUrl=true) opens the URL, not the Invoke API.
      if (restricted || !(codeUpdate || directInvoke)) return undefined;
      return hit(
        'public_weak_auth',
        'any AWS principal of any account (Principal "*")',
        codeUpdate
          ? 'anyone with AWS credentials may replace the function code'
          : 'anyone with AWS credentials may call the Invoke API directly',
      );
    }
    case 'organization':
      if (restricted || !(directInvoke || codeUpdate)) return undefined;
      return hit(
        'cross_account',
        `principals of organization ${grantee.orgIds.join(', ')}`,
        codeUpdate
          ? 'every account of the organization may replace the function code'
          : 'every account of the organization may invoke the function',
      );
    case 'account':
      if (grantee.accountId === ownAccount || !(directInvoke || codeUpdate)) return undefined;
      return hit(
        'cross_account',
        `principals of account ${grantee.accountId}`,
        codeUpdate
          ? `account ${grantee.accountId} may replace the function code and run as its role`
          : `account ${grantee.accountId} may invoke the function`,
      );
    case 'service':
      return serviceGrant(statement, grantee.service, invoke, hit);
  }
}

/**
 * A service granted invoke without a pinned source is a confused deputy when the service acts across
 * accounts; a service missing from the table is assumed to (never fail open), with medium confidence.
 */
function serviceGrant(
  statement: Statement,
  service: string,
  invoke: boolean,
  hit: (exposure: ExposureClass, authentication: string, text: string, confidence?: Confidence) => Hit,
): Hit | undefined {
  const known = serviceSource(service);
  if (!invoke || serviceGrantPinned(statement, service) || known?.crossAccount === false) return undefined;
  const pins = (known?.pinnedBy ?? ['aws:sourcearn', 'aws:sourceaccount']).join(' or ');
  return hit(
    'public_weak_auth',
    `${service} on behalf of any account (no condition pins the source: ${pins})`,
    known === undefined
      ? `confused deputy: ${service} is not in our table of services; assumed to act for any account`
      : `confused deputy: a resource of ${service} (${known.role}) in any account may invoke the function`,
    known === undefined ? 'medium' : 'high',
  );
}
