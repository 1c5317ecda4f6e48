/**
 * The remediation plan of a toxic finding: every smallest change that breaks its path (remove the public
 * grant, require authentication on the entry point, cut the capability, quarantine), each with what else
 * it breaks, ranked by that collateral (docs/remediation.md). Pure: the facts come from ./facts.ts.
 */
import {
  allowsAction,
  conditionValuesOf,
  granteesOf,
  URL_AUTH_TYPE_KEY,
} from '../analysis/exposure/lambda-policy.js';
import type { Finding } from '../findings/finding.js';
import { partitionOf } from '../iam/arn.js';
import { TIERS, type Tier } from '../iam/capabilities.js';
import type { CapabilityRecord, StatementRecord } from '../iam/explain.js';
import { parsePolicy, type Statement } from '../iam/policy.js';
import {
  type Change,
  changeCli,
  changeIacHint,
  describeChange,
  isAutomated,
  type JsonStatement,
  QUARANTINE_POLICY_NAME,
} from './change.js';

/** The tiers that make an exposed path toxic (the detections' `role.tier IN [...]`), strongest first. */
export const PATH_TIERS: readonly Tier[] = TIERS.slice(0, TIERS.indexOf('sensitive_data') + 1);

/** Most preferred first when two options break as much. */
export const OPTION_KINDS = ['remove_public_grant', 'require_auth', 'cut_capability', 'quarantine'] as const;
export type OptionKind = (typeof OPTION_KINDS)[number];

export interface EntryRef {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
}

export type EntryFacts =
  | { readonly kind: 'function_url'; readonly id: string; readonly url: string; readonly authType: string }
  | {
      readonly kind: 'http_api_route' | 'websocket_api';
      readonly id: string;
      readonly apiId: string;
      readonly routeId: string;
      readonly routeKey: string;
      readonly authorizationType: string;
    }
  | {
      readonly kind: 'rest_api_method';
      readonly id: string;
      readonly restApiId: string;
      readonly resourceId: string;
      readonly httpMethod: string;
      readonly authorizationType: string;
    }
  | { readonly kind: 'alb_rule'; readonly id: string }
  | { readonly kind: 'resource_policy'; readonly id: string }
  // A CloudFront behaviour: broken by cutting the capability or quarantine (docs/remediation.md).
  | { readonly kind: 'cloudfront_distribution'; readonly id: string };

export interface RemediationFacts {
  readonly finding: Finding;
  /** False for hygiene findings: the plan covers toxic combinations only. */
  readonly toxic: boolean;
  readonly entry: EntryFacts | null;
  readonly target: {
    readonly functionName: string;
    readonly functionArn: string;
    /** The alias the path runs through (its own resource policy and URL), null for $LATEST. */
    readonly qualifier: string | null;
    readonly accountId: string;
    /** The resource policy of the qualifier the path runs through (GetPolicy's Policy string). */
    readonly policyJson: string | null;
    readonly reservedConcurrency: number | null;
    /** Every entry point that reaches the function or one of its aliases. */
    readonly entryPoints: readonly EntryRef[];
  } | null;
  readonly role: {
    readonly arn: string;
    readonly name: string;
    readonly tier: Tier | null;
    readonly capabilities: readonly CapabilityRecord[];
    /** When the privilege is reached through a hop (assume, pass, code update): the statements of that hop. */
    readonly hopGrants: readonly StatementRecord[];
    readonly inlinePolicies: readonly { readonly name: string; readonly documentJson: string }[];
    /** Other functions (unqualified ARNs) that run as the role. */
    readonly sharedWith: readonly string[];
  } | null;
}

export interface RemediationOption {
  /** 1-based rank: `--apply --option N`. */
  readonly number: number;
  readonly kind: OptionKind;
  readonly summary: string;
  readonly changes: readonly Change[];
  /** What else stops working (other entry points, other functions sharing the role, callers). */
  readonly breaks: readonly string[];
  /** Whom the change turns away on purpose: the callers or the permissions of the path itself. */
  readonly turnsAway: string;
  /** Paths this option does not close (other entry points to the same function). */
  readonly leavesOpen: readonly string[];
  /** Every change is performed by `--apply` and reversed by `--undo`. */
  readonly automated: boolean;
  readonly awsCli: readonly string[];
  readonly iacHints: readonly string[];
}

export interface RemediationPlan {
  readonly findingId: string;
  readonly options: readonly RemediationOption[];
  /** Why an option kind is absent (no public grant, capability evidence incomplete, ...). */
  readonly notPlanned: readonly string[];
}

type Draft = Omit<RemediationOption, 'number' | 'automated' | 'awsCli' | 'iacHints'>;
type Target = NonNullable<RemediationFacts['target']>;
type Role = NonNullable<RemediationFacts['role']>;

export function planRemediation(facts: RemediationFacts): RemediationPlan {
  const notPlanned: string[] = [];
  const drafts: Draft[] = [
    ...publicGrantOptions(facts, notPlanned),
    ...authOptions(facts, notPlanned),
    ...capabilityOptions(facts, notPlanned),
    ...quarantineOptions(facts),
  ];
  const region = facts.finding.region ?? '';
  const options = drafts
    .sort(
      (a, b) =>
        a.breaks.length - b.breaks.length ||
        OPTION_KINDS.indexOf(a.kind) - OPTION_KINDS.indexOf(b.kind) ||
        a.changes.length - b.changes.length,
    )
    .map((draft, index) => ({
      ...draft,
      number: index + 1,
      automated: draft.changes.every(isAutomated),
      awsCli: draft.changes.map((change) => changeCli(change, region)),
      iacHints: [...new Set(draft.changes.map(changeIacHint))],
    }));
  return { findingId: facts.finding.id, options, notPlanned };
}

// ---- remove or narrow the public grant -------------------------------------------------------------

/** The invoke actions through which each entry kind runs the function. */
const GRANT_ACTIONS: Partial<Record<EntryFacts['kind'], readonly string[]>> = {
  function_url: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'],
  resource_policy: ['lambda:InvokeFunction'],
};

interface PublicStatement {
  readonly statement: Statement;
  readonly raw: JsonStatement;
}

/** Allow statements of the resource policy that let anyone, or an account outside the owner's, call. */
export function publicStatements(target: Target, actions: readonly string[]): PublicStatement[] {
  if (!target.policyJson) return [];
  const policy = parsePolicy(
    target.policyJson,
    `resource policy of ${target.functionArn}`,
    partitionOf(target.functionArn),
  );
  const rawStatements = rawStatementsOf(target.policyJson);
  return policy.statements
    .filter((statement) => statement.effect === 'Allow')
    .filter((statement) => actions.some((action) => allowsAction(statement, action)))
    .filter((statement) =>
      granteesOf(statement).some(
        (grantee) =>
          grantee.kind === 'anyone' || (grantee.kind === 'account' && grantee.accountId !== target.accountId),
      ),
    )
    .map((statement) => ({ statement, raw: rawStatements[statement.index] ?? {} }));
}

function rawStatementsOf(documentJson: string): JsonStatement[] {
  const statement = (JSON.parse(documentJson) as { Statement?: unknown }).Statement;
  const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  return list as JsonStatement[];
}

function removals(target: Target, statements: readonly PublicStatement[]): Change[] {
  return statements.flatMap(({ statement, raw }) =>
    statement.sid === undefined
      ? []
      : [
          {
            type: 'remove_permission' as const,
            functionName: target.functionName,
            qualifier: target.qualifier,
            statementId: statement.sid,
            statement: raw,
          },
        ],
  );
}

function otherEntries(facts: RemediationFacts): string[] {
  const entryId = facts.entry?.id ?? facts.finding.entryPoint.arn;
  return (facts.target?.entryPoints ?? [])
    .filter((entry) => entry.id !== entryId)
    .map((entry) => `${entry.kind} ${entry.name}`);
}

function publicGrantOptions(facts: RemediationFacts, notPlanned: string[]): Draft[] {
  const { entry, target } = facts;
  const actions = entry ? GRANT_ACTIONS[entry.kind] : undefined;
  if (!entry || !target || !actions) return [];
  const statements = publicStatements(target, actions);
  const changes = removals(target, statements);
  if (changes.length === 0 || changes.length < statements.length) {
    notPlanned.push(
      statements.length === 0
        ? `remove_public_grant: the resource policy of ${target.functionName} holds no statement admitting callers outside the account`
        : `remove_public_grant: a public statement of ${target.functionName} has no Sid, which RemovePermission needs`,
    );
    return [];
  }
  const callers =
    entry.kind === 'function_url'
      ? `callers of ${entry.url} from outside the account (browsers, webhooks) get 403 Forbidden`
      : `callers outside account ${target.accountId} can no longer invoke ${target.functionName} through the Lambda API`;
  return [
    {
      kind: 'remove_public_grant',
      summary: `Remove the public grant: statement(s) ${changes.map((c) => (c.type === 'remove_permission' ? c.statementId : '')).join(', ')} of the resource policy of ${target.functionName}`,
      changes,
      breaks: [],
      leavesOpen: otherEntries(facts),
      turnsAway: callers,
    },
  ];
}

// ---- require authentication on the entry point -----------------------------------------------------

function authOptions(facts: RemediationFacts, notPlanned: string[]): Draft[] {
  const { entry, target } = facts;
  if (!entry || !target) return [];
  const changes = authChanges(entry, target);
  if (changes.length === 0) {
    notPlanned.push(`require_auth: the ${entry.kind} already requires ${authOf(entry) ?? 'authentication'}`);
    return [];
  }
  return [
    {
      kind: 'require_auth',
      summary: `Require authentication on the ${entry.kind.replaceAll('_', ' ')}`,
      changes,
      breaks: [],
      leavesOpen: otherEntries(facts),
      turnsAway: `clients of the ${entry.kind.replaceAll('_', ' ')} must authenticate (SigV4-signed requests or the identity provider)`,
    },
  ];
}

/** The statement applies only while the URL's AuthType is NONE (the condition AWS writes for public URLs). */
function pinnedToNone(statement: Statement): boolean {
  const values = conditionValuesOf(statement, URL_AUTH_TYPE_KEY);
  return values.length > 0 && values.every((value) => value.toUpperCase() === 'NONE');
}

function authOf(entry: EntryFacts): string | undefined {
  return 'authType' in entry
    ? entry.authType
    : 'authorizationType' in entry
      ? entry.authorizationType
      : undefined;
}

function authChanges(entry: EntryFacts, target: Target): Change[] {
  switch (entry.kind) {
    case 'function_url': {
      if (entry.authType === 'AWS_IAM') return [];
      // Under AWS_IAM, a statement letting anyone call the URL (unless it is pinned to AuthType NONE)
      // still admits every AWS account: it goes too (docs/remediation.md "Require authentication").
      const stillOpen = publicStatements(target, ['lambda:InvokeFunctionUrl']).filter(
        ({ statement }) => !pinnedToNone(statement),
      );
      return [
        {
          type: 'set_url_auth_type',
          functionName: target.functionName,
          qualifier: target.qualifier,
          from: entry.authType,
          to: 'AWS_IAM',
        },
        ...removals(target, stillOpen),
      ];
    }
    case 'http_api_route':
    case 'websocket_api':
      return entry.authorizationType === 'NONE'
        ? [
            {
              type: 'set_route_authorization',
              apiId: entry.apiId,
              routeId: entry.routeId,
              routeKey: entry.routeKey,
              from: entry.authorizationType,
              to: 'AWS_IAM',
            },
          ]
        : [];
    case 'rest_api_method':
      return [
        {
          type: 'set_method_authorization',
          restApiId: entry.restApiId,
          resourceId: entry.resourceId,
          httpMethod: entry.httpMethod,
          from: entry.authorizationType,
        },
      ];
    case 'alb_rule':
      return [{ type: 'add_rule_authentication', ruleArn: entry.id }];
    case 'resource_policy':
    // Signed URLs on a CloudFront behaviour change what every viewer must send: planned by people, not
    // here; the cut and quarantine options still apply (docs/remediation.md).
    case 'cloudfront_distribution':
      return [];
  }
}

// ---- cut the capability ----------------------------------------------------------------------------

const IDENTITY_KINDS = new Set(['inline', 'aws_managed', 'customer_managed']);

/**
 * The statements whose removal takes every path-making capability away: for each capability of a
 * path tier, the step granted by the fewest statements, and all of them (any one left still grants it).
 * For a privilege reached through a hop, the statements of that hop.
 */
export function capabilityGrants(role: Role): StatementRecord[] | string {
  const toxic = role.capabilities.filter((capability) =>
    (PATH_TIERS as readonly string[]).includes(capability.kind),
  );
  const fromCapabilities = toxic.map((capability) => {
    const steps = capability.steps.filter((step) => step.grants.length > 0);
    return steps.sort((a, b) => a.grants.length - b.grants.length)[0]?.grants;
  });
  const recorded = fromCapabilities.filter((grants) => grants !== undefined);
  if (recorded.length < fromCapabilities.length)
    return `a capability of role ${role.name} has no recorded granting statement`;
  // A hop's evidence also holds the target's trust statements: only the role's own grants can be cut here.
  const hopGrants = role.hopGrants.filter((grant) => IDENTITY_KINDS.has(grant.policyKind));
  const grants = [...recorded.flat(), ...hopGrants].filter((grant) => grant.effect === 'Allow');
  if (grants.length === 0)
    return `role ${role.name} carries no recorded capability of tier ${PATH_TIERS.join('/')}`;
  const foreign = grants.find((grant) => !IDENTITY_KINDS.has(grant.policyKind) || grant.viaGroup);
  if (foreign) return `the grant in ${foreign.policy} is not an identity policy of role ${role.name}`;
  return grants;
}

function capabilityOptions(facts: RemediationFacts, notPlanned: string[]): Draft[] {
  const { role } = facts;
  if (!role) return [];
  const grants = capabilityGrants(role);
  if (typeof grants === 'string') {
    notPlanned.push(`cut_capability: ${grants}`);
    return [];
  }
  const changes = cutChanges(role, grants);
  if (typeof changes === 'string') {
    notPlanned.push(`cut_capability: ${changes}`);
    return [];
  }
  const lost = changes.map(describeChange).join('; ');
  return [
    {
      kind: 'cut_capability',
      summary: `Cut the capability on role ${role.name}: ${lost}`,
      changes,
      breaks: role.sharedWith.map(
        (arn) => `function ${arnName(arn)} also runs as ${role.name} and loses the same permissions`,
      ),
      leavesOpen: [],
      turnsAway: `function ${facts.target?.functionName ?? ''} loses what the removed grants allowed`,
    },
  ];
}

const arnName = (arn: string) => arn.split(/[:/]/).pop() ?? arn;

function cutChanges(role: Role, grants: readonly StatementRecord[]): Change[] | string {
  const changes: Change[] = [];
  const managed = [...new Set(grants.filter((g) => g.policyKind !== 'inline').map((g) => g.policy))];
  for (const policyArn of managed.sort())
    changes.push({ type: 'detach_role_policy', roleName: role.name, policyArn });
  const inline = new Map<string, Set<number>>();
  for (const grant of grants.filter((g) => g.policyKind === 'inline')) {
    inline.set(grant.policy, (inline.get(grant.policy) ?? new Set()).add(grant.statementIndex));
  }
  for (const [policyName, indexes] of [...inline.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const policy = role.inlinePolicies.find((candidate) => candidate.name === policyName);
    if (!policy) return `inline policy ${policyName} of role ${role.name} is not in the graph`;
    changes.push(
      withoutStatements(
        role.name,
        policy,
        [...indexes].sort((a, b) => a - b),
      ),
    );
  }
  return changes;
}

function withoutStatements(
  roleName: string,
  policy: { name: string; documentJson: string },
  statementIndexes: number[],
): Change {
  const document = JSON.parse(policy.documentJson) as Record<string, unknown>;
  const kept = rawStatementsOf(policy.documentJson).filter((_, index) => !statementIndexes.includes(index));
  return {
    type: 'remove_inline_statements',
    roleName,
    policyName: policy.name,
    before: policy.documentJson,
    after: kept.length === 0 ? null : JSON.stringify({ ...document, Statement: kept }),
    statementIndexes,
  };
}

// ---- quarantine ------------------------------------------------------------------------------------

function quarantineOptions(facts: RemediationFacts): Draft[] {
  const { target, role } = facts;
  const drafts: Draft[] = [];
  if (target) {
    drafts.push({
      kind: 'quarantine',
      summary: `Quarantine function ${target.functionName}: reserved concurrency 0`,
      changes: [
        {
          type: 'set_reserved_concurrency',
          functionName: target.functionName,
          from: target.reservedConcurrency,
          to: 0,
        },
      ],
      breaks: otherEntries(facts).map((entry) => `${entry} stops answering (429, throttled)`),
      leavesOpen: [],
      turnsAway: `every invocation of ${target.functionName} is throttled, whatever its source`,
    });
  }
  if (role) {
    drafts.push({
      kind: 'quarantine',
      summary: `Quarantine role ${role.name}: an inline policy denying every action`,
      changes: [{ type: 'put_deny_all_policy', roleName: role.name, policyName: QUARANTINE_POLICY_NAME }],
      breaks: role.sharedWith.map(
        (arn) => `function ${arnName(arn)} also runs as ${role.name} and loses every permission`,
      ),
      leavesOpen: [],
      turnsAway: `function ${target?.functionName ?? facts.finding.function?.name ?? ''} loses every AWS permission`,
    });
  }
  return drafts;
}
