/**
 * The generated least-privilege policy (docs/least-privilege.md), on roles built as
 * GetAccountAuthorizationDetails returns them and reports in GetServiceLastAccessedDetails' shape
 * (ACTION_LEVEL). Expected documents follow the rules of docs/least-privilege.md; the verdicts (path
 * broken, nothing used lost) are those of docs/iam-escalation.md for the capabilities named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import type { AccessAdvisorEntry, ServiceLastAccessedEntry } from '../../src/iam/usage.js';
import {
  type LeastPrivilegeInput,
  leastPrivilegePolicy,
  UNUSED_ACTIONS_SID,
} from '../../src/remediation/least-privilege.js';
import {
  ACCOUNT,
  allow,
  catalogForTests,
  deny,
  doc,
  NOW,
  type RoleSpec,
  role,
} from '../iam/principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const DATA_AT = '2026-11-28T02:00:00Z';
const CREATED = '2025-03-01T09:00:00Z';
const RECENT = '2026-11-20T10:00:00Z';
const LONG_AGO = '2026-03-01T10:00:00Z';

const service = (
  ServiceNamespace: string,
  LastAuthenticated?: string,
  tracked?: Record<string, string | undefined>,
): ServiceLastAccessedEntry => ({
  ServiceNamespace,
  ServiceName: ServiceNamespace,
  ...(LastAuthenticated ? { LastAuthenticated } : {}),
  ...(tracked
    ? {
        TrackedActionsLastAccessed: Object.entries(tracked).map(([ActionName, LastAccessedTime]) => ({
          ActionName,
          ...(LastAccessedTime ? { LastAccessedTime } : {}),
        })),
      }
    : {}),
});
const report = (...services: ServiceLastAccessedEntry[]): AccessAdvisorEntry => ({
  status: 'COMPLETED',
  jobCompletionDate: DATA_AT,
  servicesLastAccessed: services,
});
const ROLES = `arn:aws:iam::${ACCOUNT}:role/*`;
const ORDERS_TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;

const passRoleDeployer: RoleSpec = {
  inline: [
    doc(
      allow('iam:PassRole', ROLES),
      allow(['lambda:CreateFunction', 'lambda:InvokeFunction']),
      allow('dynamodb:GetItem', ORDERS_TABLE),
    ),
  ],
};
const deployerUsage = (passRole: string | undefined) =>
  report(
    service('iam', passRole ?? RECENT, { GetRole: RECENT, PassRole: passRole }),
    service('lambda', RECENT, { CreateFunction: undefined, InvokeFunction: RECENT }),
    service('dynamodb', RECENT),
  );

const input = (
  spec: RoleSpec,
  accessAdvisor: AccessAdvisorEntry | null,
  extra: Partial<LeastPrivilegeInput> = {},
) => ({
  principal: role(spec),
  accessAdvisor,
  roleCreated: CREATED,
  unusedDays: 90,
  now: NOW,
  toxicTier: 'privilege_escalation' as const,
  ...extra,
});

describe('leastPrivilegePolicy: the generated document', () => {
  it.each([
    {
      name: 'PassRole and CreateFunction never used and named exactly: left out, the rest kept as granted',
      spec: passRoleDeployer,
      usage: deployerUsage(undefined),
      statements: [
        { Sid: 'UsedDynamodb0', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [ORDERS_TABLE] },
        { Sid: 'UsedLambda1', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] },
      ],
    },
    {
      name: 'iam:* used for GetRole, PassRole never: a wildcard keeps the service, a Deny takes PassRole out',
      spec: { inline: [doc(allow('iam:*', ROLES))] },
      usage: report(service('iam', RECENT, { GetRole: RECENT, PassRole: undefined })),
      statements: [
        { Sid: 'UsedIam0', Effect: 'Allow', Action: ['iam:*'], Resource: [ROLES] },
        { Sid: UNUSED_ACTIONS_SID, Effect: 'Deny', Action: ['iam:PassRole'], Resource: ['*'] },
      ],
    },
    {
      name: 'AdministratorAccess used for logs and S3 only: one statement per used service, the rest dropped',
      spec: { awsManaged: { AdministratorAccess: doc(allow('*')) } },
      usage: report(service('logs', RECENT), service('s3', RECENT), service('iam', LONG_AGO)),
      statements: [
        { Sid: 'UsedLogs0', Effect: 'Allow', Action: ['logs:*'], Resource: ['*'] },
        { Sid: 'UsedS31', Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] },
      ],
    },
    {
      name: 'conditions and own denies are kept as written',
      spec: {
        inline: [
          doc(
            allow('iam:PassRole', ROLES, {
              Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
            }),
            deny('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/ops-admin`),
          ),
        ],
      },
      usage: report(service('iam', RECENT, { PassRole: RECENT })),
      statements: [
        {
          Sid: 'UsedIam0',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: [ROLES],
          Condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
        },
        {
          Sid: 'KeptDeny1',
          Effect: 'Deny',
          Action: ['iam:PassRole'],
          Resource: [`arn:aws:iam::${ACCOUNT}:role/ops-admin`],
        },
      ],
    },
  ])('$name', ({ spec, usage, statements }) => {
    const result = leastPrivilegePolicy(catalog, input(spec, usage));
    expect(result.status).toBe('generated');
    if (result.status !== 'generated') return;
    expect(result.document).toEqual({ Version: '2012-10-17', Statement: statements });
  });
});

describe('leastPrivilegePolicy: validated by the evaluator', () => {
  it('unused PassRole: the escalation is gone and every action the role may need is still allowed', () => {
    const result = leastPrivilegePolicy(catalog, input(passRoleDeployer, deployerUsage(undefined)));
    if (result.status !== 'generated') throw new Error(result.reason);
    expect(result.validation).toMatchObject({
      tierBefore: 'privilege_escalation',
      breaksPath: true,
      remaining: [],
      lostActions: [],
    });
    expect(result.validation.removed.length).toBeGreaterThan(0);
    expect(result.validation.removed.every((name) => name.startsWith('privilege_escalation: '))).toBe(true);
    expect(result.services.map((s) => [s.service, s.verdict])).toEqual([
      ['dynamodb', 'kept'],
      ['iam', 'kept'],
      ['lambda', 'kept'],
    ]);
  });

  // Look-alike: the same role, PassRole and CreateFunction used last week. The policy must keep them, so
  // the path stays: the generator never claims a fix it cannot make.
  it('PassRole and CreateFunction in use: kept, so the path is not broken', () => {
    const usage = report(
      service('iam', RECENT, { PassRole: RECENT }),
      service('lambda', RECENT, { CreateFunction: RECENT, InvokeFunction: RECENT }),
      service('dynamodb', RECENT),
    );
    const result = leastPrivilegePolicy(catalog, input(passRoleDeployer, usage));
    if (result.status !== 'generated') throw new Error(result.reason);
    expect(result.validation.breaksPath).toBe(false);
    expect(result.validation.tierAfter).toBe('privilege_escalation');
    expect(result.validation.lostActions).toEqual([]);
    expect(result.document.Statement.some((s) => s.Sid === UNUSED_ACTIONS_SID)).toBe(false);
  });

  it('AdministratorAccess used for logs and S3: admin is gone, S3 data access (used) remains and is named', () => {
    const result = leastPrivilegePolicy(
      catalog,
      input(
        { awsManaged: { AdministratorAccess: doc(allow('*')) } },
        report(service('logs', RECENT), service('s3', RECENT), service('iam', LONG_AGO)),
        { toxicTier: 'admin' },
      ),
    );
    if (result.status !== 'generated') throw new Error(result.reason);
    expect(result.validation.tierBefore).toBe('admin');
    expect(result.validation.tierAfter).toBe('sensitive_data');
    expect(result.validation.breaksPath).toBe(true);
    expect(result.validation.lostActions).toEqual([]);
    expect(result.validation.remaining.every((name) => name.startsWith('sensitive_data: '))).toBe(true);
    expect(result.services.find((s) => s.service === 'iam')).toEqual({
      service: 'iam',
      verdict: 'dropped',
      why: 'not used in the last 90 days',
      unusedActions: [],
    });
    expect(result.services.find((s) => s.service === 'ec2')?.why).toBe(
      'not in the Access Advisor report (no usage known)',
    );
  });
});

describe('leastPrivilegePolicy: refuses what it cannot generate honestly', () => {
  it.each([
    {
      name: 'no report (scan without --usage)',
      usage: null,
      extra: {},
      spec: passRoleDeployer,
      reason: 'usage not collected (scan without --usage)',
    },
    {
      name: 'a failed job',
      usage: { status: 'FAILED', error: 'AccessDenied' } as AccessAdvisorEntry,
      extra: {},
      spec: passRoleDeployer,
      reason: 'Access Advisor job FAILED: AccessDenied',
    },
    {
      name: 'a role younger than the N days',
      usage: deployerUsage(undefined),
      extra: { roleCreated: '2026-10-29T02:00:00Z' },
      spec: passRoleDeployer,
      reason: 'AWS tracked 30 day(s) for this role, fewer than the 90 asked about',
    },
    {
      name: 'an Allow by NotAction',
      usage: deployerUsage(undefined),
      extra: {},
      spec: { inline: [doc({ Sid: 'AllButIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
      reason:
        'statement AllButIam grants by NotAction: narrowing it to the used services would need every other service listed',
    },
  ])('$name', ({ spec, usage, extra, reason }) => {
    expect(leastPrivilegePolicy(catalog, input(spec, usage, extra))).toEqual({ status: 'refused', reason });
  });
});
