/**
 * Reading a Lambda resource-based policy (GetPolicy's Policy string): who a statement lets in, for which
 * action, and whether its conditions pin the caller down (docs/exposure.md "Lambda resource policies").
 * Lambda only writes what AddPermission can express, but we parse defensively (Deny, lists, NotPrincipal).
 * The statement readers (grantees, restricting conditions, descriptions) serve API Gateway resource
 * policies too: the grammar is the same.
 */
import { statementActionMatch } from '../../iam/action.js';
import { partitionOf, resourceMatches } from '../../iam/arn.js';
import {
  accountOfPrincipal,
  type Condition,
  isPublicPrincipal,
  type Policy,
  parsePolicy,
  type Statement,
} from '../../iam/policy.js';
import type { Evidence } from './exposure-class.js';
import { pinsSource } from './source-pinning.js';

export type Grantee =
  | { readonly kind: 'anyone' }
  | { readonly kind: 'organization'; readonly orgIds: readonly string[] }
  | { readonly kind: 'account'; readonly accountId: string; readonly principal: string }
  | { readonly kind: 'service'; readonly service: string };

/**
 * Condition keys on the caller that an anonymous caller cannot satisfy and that limit who can call.
 * The source keys (aws:SourceArn, aws:SourceAccount, ...) count only when they pin a source
 * (./source-pinning.ts). `lambda:FunctionUrlAuthType` and `lambda:InvokedViaFunctionUrl` are not among
 * them: they describe the channel, not the caller (docs/exposure.md "What pins the caller down").
 */
const CALLER_KEYS = new Set([
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
]);

/** `arn:<partition>:iam::*:root`: every account's root, i.e. anyone (as Prowler and Security Hub read it). */
const EVERY_ACCOUNT_ROOT = /^arn:aws[\w-]*:iam::\*:root$/;

export const URL_AUTH_TYPE_KEY = 'lambda:FunctionUrlAuthType';
export const INVOKED_VIA_URL_KEY = 'lambda:InvokedViaFunctionUrl';
const SOURCE_ARN_KEY = 'aws:sourcearn';
const SOURCE_ACCOUNT_KEY = 'aws:sourceaccount';
const ORG_ID_KEY = 'aws:principalorgid';

/** Parses GetPolicy's Policy string; no policy (ResourceNotFoundException) = no statements. */
export function lambdaPolicy(policyText: string | null | undefined, ownerArn: string): Policy | undefined {
  if (policyText === undefined || policyText === null || policyText === '') return undefined;
  return parsePolicy(policyText, `resource policy of ${ownerArn}`, partitionOf(ownerArn));
}

export function statementsOf(policy: Policy | undefined, effect: 'Allow' | 'Deny'): readonly Statement[] {
  return (policy?.statements ?? []).filter((statement) => statement.effect === effect);
}

export function allowsAction(statement: Statement, action: string): boolean {
  return statementActionMatch(statement, action) !== undefined;
}

/** Whom the statement names. `Principal: "*"` with `aws:PrincipalOrgID` is an organization grant (AddPermission's PrincipalOrgID). */
export function granteesOf(statement: Statement): Grantee[] {
  const principal = statement.principal;
  if (principal === undefined) return [];
  const orgIds = conditionValuesOf(statement, ORG_ID_KEY);
  const grantees: Grantee[] = [];
  if (isPublicPrincipal(principal) || principal.aws.some((entry) => EVERY_ACCOUNT_ROOT.test(entry))) {
    grantees.push(orgIds.length > 0 ? { kind: 'organization', orgIds } : { kind: 'anyone' });
  }
  for (const entry of principal.aws) {
    const accountId = accountOfPrincipal(entry);
    if (accountId !== undefined) grantees.push({ kind: 'account', accountId, principal: entry });
  }
  for (const service of principal.service) grantees.push({ kind: 'service', service });
  return grantees;
}

/**
 * The grantees outside `ownAccount` that are neither anyone nor a service, as policy identifiers: the
 * principal ARN as the policy names it (an account as its root ARN), or the organization id. Sorted.
 */
export function outsidePrincipalsOf(grantees: readonly Grantee[], ownAccount: string | undefined): string[] {
  const ids = grantees.flatMap((grantee) => {
    if (grantee.kind === 'organization') return [...grantee.orgIds];
    if (grantee.kind === 'account' && grantee.accountId !== ownAccount) return [grantee.principal];
    return [];
  });
  return [...new Set(ids)].sort();
}

/** The conditions that pin the caller down; an empty list means anyone the principal names may call. */
export function restrictingConditions(statement: Statement): Condition[] {
  return statement.conditions.filter(
    (condition) => CALLER_KEYS.has(condition.keyLower) || pinsSource(condition),
  );
}

export function conditionValuesOf(statement: Statement, key: string): string[] {
  const keyLower = key.toLowerCase();
  return statement.conditions
    .filter((condition) => condition.keyLower === keyLower)
    .flatMap((condition) => condition.values);
}

/** True when the statement has no condition on `key` or one that accepts `value` (case-insensitive). */
export function conditionAccepts(statement: Statement, key: string, value: string): boolean {
  const values = conditionValuesOf(statement, key);
  return values.length === 0 || values.some((candidate) => candidate.toLowerCase() === value.toLowerCase());
}

/** Whether the statement's SourceArn / SourceAccount conditions admit a call coming from `sourceArn`. */
export function admitsSource(statement: Statement, sourceArn: string, sourceAccount: string): boolean {
  const arns = conditionValuesOf(statement, SOURCE_ARN_KEY);
  const accounts = conditionValuesOf(statement, SOURCE_ACCOUNT_KEY);
  return (
    (arns.length === 0 || arns.some((pattern) => resourceMatches(pattern, sourceArn))) &&
    (accounts.length === 0 || accounts.includes(sourceAccount))
  );
}

/** "statement 1 (Sid FunctionURLAllowPublicAccess): Allow * lambda:InvokeFunctionUrl if StringEquals lambda:FunctionUrlAuthType=NONE" */
export function describeStatement(statement: Statement): string {
  const who = describePrincipal(statement);
  const what = (statement.action ?? statement.notAction ?? []).join(',');
  const not = statement.action === undefined ? 'everything but ' : '';
  const conditions = statement.conditions
    .map((condition) => `${condition.operatorText} ${condition.key}=${condition.values.join('|')}`)
    .join(' and ');
  const sid = statement.sid === undefined ? '' : ` (Sid ${statement.sid})`;
  return `statement ${statement.index}${sid}: ${statement.effect} ${who} ${not}${what}${conditions ? ` if ${conditions}` : ''}`;
}

function describePrincipal(statement: Statement): string {
  const principal = statement.principal;
  if (principal === undefined) return statement.notPrincipal ? 'everyone except NotPrincipal' : 'nobody';
  if (principal.everyone) return '*';
  return [...principal.aws, ...principal.service, ...principal.federated, ...principal.canonicalUser].join(
    ',',
  );
}

export function statementEvidence(policy: Policy, statement: Statement, text: string): Evidence {
  return {
    text: `${text}: ${describeStatement(statement)}`,
    source: `${policy.source}, statement ${statement.index}`,
  };
}
