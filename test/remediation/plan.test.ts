/**
 * The remediation plan, table-driven: facts in the shapes the graph holds (GetPolicy's Policy string as
 * AWS writes it, capability records of the IAM engine), expected options from docs/remediation.md.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import type { CapabilityRecord, StatementRecord } from '../../src/iam/explain.js';
import { planRemediation, type RemediationFacts } from '../../src/remediation/plan.js';
import {
  getPolicy,
  publicInvokeViaUrlGrant,
  publicUrlGrant,
  serviceGrant,
} from '../fixtures/exposure/lambda.js';

const ACCOUNT = '111122223333';
const FN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-role`;

/**
 * The two statements the Lambda console writes for a public URL (AWS Lambda developer guide, urls-auth), and
 * an API Gateway grant pinned to its API: the shared fixtures, as GetPolicy returns them.
 */
const CONSOLE_URL_POLICY = getPolicy(
  publicUrlGrant(FN),
  publicInvokeViaUrlGrant(FN),
  serviceGrant('apigateway.amazonaws.com', {
    sid: 'apigateway-abc',
    resource: FN,
    sourceArn: `arn:aws:execute-api:eu-west-1:${ACCOUNT}:abc/*`,
  }),
).Policy;

const UNCONDITIONED_URL_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: FN },
  ],
});

const OWN_ACCOUNT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'mine',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'lambda:InvokeFunctionUrl',
      Resource: FN,
    },
  ],
});

const grant = (
  policy: string,
  policyKind: StatementRecord['policyKind'],
  statementIndex: number,
): StatementRecord => ({
  policy,
  policyKind,
  statementIndex,
  sid: null,
  effect: 'Allow',
  action: '*',
  resource: '*',
  conditions: [],
});

const capability = (kind: CapabilityRecord['kind'], grants: StatementRecord[]): CapabilityRecord => ({
  kind,
  method: null,
  name: kind,
  outcome: 'allowed',
  steps: [{ action: 'iam:AttachRolePolicy', resource: ROLE, outcome: 'allowed', grants, denials: [] }],
});

const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const MIXED_INLINE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' },
    { Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' },
  ],
});

function finding(kind: Finding['entryPoint']['kind'], entryArn: string): Finding {
  return {
    id: 'f1',
    detection: 'function-url-privileged-role',
    severity: 'critical',
    title: 'orders',
    exposure: 'public_unauthenticated',
    privilege: 'admin',
    entryPoint: { kind, arn: entryArn, name: 'entry' },
    function: { arn: FN, name: 'orders', qualifier: null },
    role: { arn: ROLE },
    accountId: ACCOUNT,
    region: 'eu-west-1',
    path: [],
    evidence: [],
    remediation: '',
    status: 'new',
    firstSeen: '2026-01-01T00:00:00Z',
    lastSeen: '2026-01-01T00:00:00Z',
    confidence: 'high',
  };
}

interface Case {
  name: string;
  entry: RemediationFacts['entry'];
  policy?: string | null;
  entryPoints?: { kind: string; id: string; name: string }[];
  capabilities?: CapabilityRecord[];
  hopGrants?: StatementRecord[];
  sharedWith?: string[];
  /** [kind, change types, breaks count, automated] in rank order. */
  options: [string, string[], number, boolean][];
  notPlanned?: RegExp[];
}

const URL_ENTRY = {
  kind: 'function_url',
  id: FN,
  url: 'https://x.lambda-url.eu-west-1.on.aws/',
  authType: 'NONE',
} as const;
const ROUTE_ENTRY = {
  kind: 'http_api_route',
  id: 'arn:aws:apigateway:eu-west-1::/apis/abc/routes/r1',
  apiId: 'abc',
  routeId: 'r1',
  routeKey: 'GET /orders',
  authorizationType: 'NONE',
} as const;
const ADMIN_MANAGED = [capability('admin', [grant(ADMIN_POLICY, 'aws_managed', 0)])];

const CASES: Case[] = [
  {
    name: 'console-made public URL, admin through a managed policy: the NONE-pinned grant needs only AuthType',
    entry: URL_ENTRY,
    policy: CONSOLE_URL_POLICY,
    capabilities: ADMIN_MANAGED,
    options: [
      ['remove_public_grant', ['remove_permission', 'remove_permission'], 0, true],
      ['require_auth', ['set_url_auth_type'], 0, true],
      ['cut_capability', ['detach_role_policy'], 0, true],
      ['quarantine', ['set_reserved_concurrency'], 0, true],
      ['quarantine', ['put_deny_all_policy'], 0, true],
    ],
  },
  {
    name: 'an unconditioned InvokeFunctionUrl grant still admits every AWS account under AWS_IAM: it goes too',
    entry: URL_ENTRY,
    policy: UNCONDITIONED_URL_POLICY,
    options: [
      ['remove_public_grant', ['remove_permission'], 0, true],
      ['require_auth', ['set_url_auth_type', 'remove_permission'], 0, true],
      ['quarantine', ['set_reserved_concurrency'], 0, true],
      ['quarantine', ['put_deny_all_policy'], 0, true],
    ],
    notPlanned: [/cut_capability: role orders-role carries no recorded capability/],
  },
  {
    name: 'a grant to the own account is no public grant',
    entry: { ...URL_ENTRY, authType: 'AWS_IAM' },
    policy: OWN_ACCOUNT_POLICY,
    capabilities: ADMIN_MANAGED,
    options: [
      ['cut_capability', ['detach_role_policy'], 0, true],
      ['quarantine', ['set_reserved_concurrency'], 0, true],
      ['quarantine', ['put_deny_all_policy'], 0, true],
    ],
    notPlanned: [
      /remove_public_grant: .* holds no statement admitting callers outside/,
      /require_auth: the function_url already requires AWS_IAM/,
    ],
  },
  {
    name: 'HTTP API route without authorization, shared role, a second entry point: collateral ranks the options',
    entry: ROUTE_ENTRY,
    policy: CONSOLE_URL_POLICY,
    entryPoints: [
      { kind: 'http_api_route', id: ROUTE_ENTRY.id, name: 'GET /orders' },
      { kind: 'function_url', id: FN, name: 'https://x.lambda-url.eu-west-1.on.aws/' },
    ],
    capabilities: [capability('privilege_escalation', [grant('orders-inline', 'inline', 1)])],
    sharedWith: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:billing`],
    options: [
      ['require_auth', ['set_route_authorization'], 0, true],
      ['cut_capability', ['remove_inline_statements'], 1, true],
      ['quarantine', ['set_reserved_concurrency'], 1, true],
      ['quarantine', ['put_deny_all_policy'], 1, true],
    ],
  },
  {
    name: 'REST API method and ALB rule: authentication is manual (redeployment, identity provider)',
    entry: {
      kind: 'rest_api_method',
      id: 'm',
      restApiId: 'api1',
      resourceId: 'res1',
      httpMethod: 'GET',
      authorizationType: 'NONE',
    },
    options: [
      ['require_auth', ['set_method_authorization'], 0, false],
      ['quarantine', ['set_reserved_concurrency'], 0, true],
      ['quarantine', ['put_deny_all_policy'], 0, true],
    ],
  },
  {
    name: 'ALB rule',
    entry: {
      kind: 'alb_rule',
      id: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/lb/1/2/3',
    },
    options: [
      ['require_auth', ['add_rule_authentication'], 0, false],
      ['quarantine', ['set_reserved_concurrency'], 0, true],
      ['quarantine', ['put_deny_all_policy'], 0, true],
    ],
  },
  {
    name: 'route behind a JWT authorizer, privilege reached by assuming an admin role: the hop is cut',
    entry: { ...ROUTE_ENTRY, authorizationType: 'JWT' },
    capabilities: [capability('scoped', [grant('orders-inline', 'inline', 0)])],
    hopGrants: [grant('orders-inline', 'inline', 1), { ...grant('(trust policy)', 'trust' as never, 0) }],
    options: [
      ['cut_capability', ['remove_inline_statements'], 0, true],
      ['quarantine', ['set_reserved_concurrency'], 0, true],
      ['quarantine', ['put_deny_all_policy'], 0, true],
    ],
    notPlanned: [/require_auth: the http_api_route already requires JWT/],
  },
  {
    name: 'a grant inherited through a group cannot be cut on the role',
    entry: { ...ROUTE_ENTRY, authorizationType: 'JWT' },
    capabilities: [capability('admin', [{ ...grant(ADMIN_POLICY, 'aws_managed', 0), viaGroup: 'admins' }])],
    options: [
      ['quarantine', ['set_reserved_concurrency'], 0, true],
      ['quarantine', ['put_deny_all_policy'], 0, true],
    ],
    notPlanned: [
      /require_auth/,
      /cut_capability: the grant in arn:aws:iam::aws:policy\/AdministratorAccess is not an identity policy/,
    ],
  },
];

function factsOf(c: Case): RemediationFacts {
  return {
    finding: finding(c.entry?.kind ?? null, c.entry?.id ?? FN),
    toxic: true,
    entry: c.entry,
    target: {
      functionName: 'orders',
      functionArn: FN,
      qualifier: null,
      accountId: ACCOUNT,
      policyJson: c.policy ?? null,
      reservedConcurrency: null,
      entryPoints: c.entryPoints ?? [],
    },
    role: {
      arn: ROLE,
      name: 'orders-role',
      tier: 'admin',
      capabilities: c.capabilities ?? [],
      hopGrants: c.hopGrants ?? [],
      inlinePolicies: [{ name: 'orders-inline', documentJson: MIXED_INLINE }],
      sharedWith: c.sharedWith ?? [],
    },
  };
}

describe('planRemediation', () => {
  it.each(CASES)('$name', (c) => {
    const plan = planRemediation(factsOf(c));
    expect(
      plan.options.map((o) => [o.kind, o.changes.map((ch) => ch.type), o.breaks.length, o.automated]),
    ).toEqual(c.options);
    expect(plan.options.map((o) => o.number)).toEqual(c.options.map((_, i) => i + 1));
    for (const pattern of c.notPlanned ?? []) expect(plan.notPlanned.join('\n')).toMatch(pattern);
  });

  it('removes exactly the public statements by Sid, keeping the service grant', () => {
    const [grantOption] = planRemediation(factsOf(CASES[0]!)).options;
    expect(grantOption!.changes.map((c) => c.type === 'remove_permission' && c.statementId)).toEqual([
      'FunctionURLAllowPublicAccess',
      'FunctionURLInvokeAllowPublicAccess',
    ]);
    expect(grantOption!.awsCli).toEqual([
      "aws lambda remove-permission --region eu-west-1 --function-name 'orders' --statement-id 'FunctionURLAllowPublicAccess'",
      "aws lambda remove-permission --region eu-west-1 --function-name 'orders' --statement-id 'FunctionURLInvokeAllowPublicAccess'",
    ]);
  });

  it('cuts an inline statement by rewriting the document without it, and names who else loses it', () => {
    const cut = planRemediation(factsOf(CASES[3]!)).options.find((o) => o.kind === 'cut_capability')!;
    expect(cut.changes).toEqual([
      {
        type: 'remove_inline_statements',
        roleName: 'orders-role',
        policyName: 'orders-inline',
        before: MIXED_INLINE,
        after: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }],
        }),
        statementIndexes: [1],
      },
    ]);
    expect(cut.breaks).toEqual(['function billing also runs as orders-role and loses the same permissions']);
    const quarantine = planRemediation(factsOf(CASES[3]!)).options.find((o) =>
      o.summary.includes('reserved concurrency'),
    )!;
    expect(quarantine.breaks).toEqual([
      'function_url https://x.lambda-url.eu-west-1.on.aws/ stops answering (429, throttled)',
    ]);
    expect(quarantine.leavesOpen).toEqual([]);
    const auth = planRemediation(factsOf(CASES[3]!)).options[0]!;
    expect(auth.leavesOpen).toEqual(['function_url https://x.lambda-url.eu-west-1.on.aws/']);
  });

  it('deletes an inline policy whose every statement grants the capability', () => {
    const facts = factsOf({
      ...CASES[3]!,
      capabilities: [
        capability('admin', [grant('orders-inline', 'inline', 0), grant('orders-inline', 'inline', 1)]),
      ],
    });
    const cut = planRemediation(facts).options.find((o) => o.kind === 'cut_capability')!;
    expect(cut.changes).toMatchObject([
      { type: 'remove_inline_statements', after: null, statementIndexes: [0, 1] },
    ]);
    expect(cut.awsCli).toEqual([
      "aws iam delete-role-policy --role-name 'orders-role' --policy-name 'orders-inline'",
    ]);
  });
});
