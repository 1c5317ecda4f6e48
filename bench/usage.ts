/**
 * Benchmark: the usage analysis and the least-privilege generator over 1,000 execution roles (default), as
 * a scan with --usage feeds them: GetAccountAuthorizationDetails roles and one Access Advisor report per
 * role (ACTION_LEVEL shape; each granted service used or not, tracked actions for iam, lambda and s3).
 * Baseline measured in the same run: classifying the same roles (what the privilege analysis does for every
 * scan anyway), so the cost of --usage and of `least-privilege` reads as a ratio that travels across
 * machines. The Access Advisor calls themselves are AWS's time (jobs polled with back-off, docs/usage.md)
 * and are not measured here.
 *
 * Run:  npx tsc -p bench/usage-tsconfig.json && node bench/out/usage/bench/usage.js [roles]
 */
import { roleUsageFacts } from '../src/analysis/unused-access.js';
import { classifyPrincipal } from '../src/iam/capabilities.js';
import { loadActionCatalog } from '../src/iam/catalog.js';
import { capabilityRecords } from '../src/iam/explain.js';
import { type AuthorizationDetails, principalsFromAuthorizationDetails } from '../src/iam/principals.js';
import type { AccessAdvisorEntry, ServiceLastAccessedEntry } from '../src/iam/usage.js';
import { leastPrivilegePolicy } from '../src/remediation/least-privilege.js';
import { LAMBDA_TRUST_DOCUMENT, random } from './shared.js';

const ROLES = Number(process.argv[2] ?? 1_000);
const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-28T02:00:00Z');
const DAY_MS = 86_400_000;

const rand = random(7);

/** Grants of a typical execution role, by service; the tracked actions Access Advisor reports for some. */
const GRANTS: { service: string; statement: (i: number) => object; tracked?: string[] }[] = [
  {
    service: 'logs',
    statement: () => ({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    }),
  },
  {
    service: 's3',
    statement: (i) => ({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `arn:aws:s3:::b-${i}/*`,
    }),
    tracked: ['ListAllMyBuckets', 'PutBucketPolicy', 'GetBucketPolicy'],
  },
  {
    service: 'dynamodb',
    statement: (i) => ({
      Effect: 'Allow',
      Action: 'dynamodb:*',
      Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t-${i}`,
    }),
  },
  { service: 'sqs', statement: () => ({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) },
  {
    service: 'iam',
    statement: (i) => ({
      Effect: 'Allow',
      Action: ['iam:PassRole', 'iam:GetRole'],
      Resource: `arn:aws:iam::${ACCOUNT}:role/worker-${i}`,
    }),
    tracked: ['PassRole', 'GetRole'],
  },
  {
    service: 'lambda',
    statement: () => ({
      Effect: 'Allow',
      Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'],
      Resource: '*',
    }),
    tracked: ['CreateFunction', 'InvokeFunction'],
  },
  {
    service: 'secretsmanager',
    statement: () => ({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
  },
];

const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();
/** Used last week, months ago, or never in the window. */
const lastUse = () => {
  const roll = rand();
  return roll < 0.5
    ? daysAgo(1 + Math.floor(rand() * 7))
    : roll < 0.7
      ? daysAgo(120 + Math.floor(rand() * 200))
      : undefined;
};

function estate(): { details: AuthorizationDetails; reports: Map<string, AccessAdvisorEntry> } {
  const roles: NonNullable<AuthorizationDetails['RoleDetailList']> = [];
  const reports = new Map<string, AccessAdvisorEntry>();
  for (let i = 0; i < ROLES; i++) {
    const grants = GRANTS.filter((grant) => grant.service === 'logs' || rand() < 0.45);
    const arn = `arn:aws:iam::${ACCOUNT}:role/role-${i}`;
    roles.push({
      Arn: arn,
      RoleName: `role-${i}`,
      Path: '/',
      AssumeRolePolicyDocument: LAMBDA_TRUST_DOCUMENT,
      RolePolicyList: [
        {
          PolicyName: 'app',
          PolicyDocument: encodeURIComponent(
            JSON.stringify({ Version: '2012-10-17', Statement: grants.map((grant) => grant.statement(i)) }),
          ),
        },
      ],
      AttachedManagedPolicies: [],
    });
    const services: ServiceLastAccessedEntry[] = grants.map((grant) => {
      const used = lastUse();
      return {
        ServiceNamespace: grant.service,
        ServiceName: grant.service,
        ...(used ? { LastAuthenticated: used } : {}),
        ...(grant.tracked
          ? {
              TrackedActionsLastAccessed: grant.tracked.map((ActionName) => {
                const at = used && rand() < 0.6 ? used : undefined;
                return { ActionName, ...(at ? { LastAccessedTime: at } : {}) };
              }),
            }
          : {}),
      };
    });
    reports.set(arn, {
      status: 'COMPLETED',
      jobCompletionDate: NOW.toISOString(),
      servicesLastAccessed: services,
    });
  }
  return { details: { RoleDetailList: roles, Policies: [] }, reports };
}

async function main() {
  const { details, reports } = estate();
  const catalog = await loadActionCatalog();
  const principals = principalsFromAuthorizationDetails(details);
  const options = { now: NOW, regions: ['us-east-1'] };
  const time = <T>(run: () => T): { ms: number; result: T } => {
    const start = performance.now();
    const result = run();
    return { ms: performance.now() - start, result };
  };

  const baseline = time(() => principals.map((principal) => classifyPrincipal(catalog, principal, options)));
  const usage = time(() =>
    principals.map((principal, i) =>
      roleUsageFacts(
        {
          createDate: '2024-06-01T00:00:00.000Z',
          roleLastUsed: daysAgo(1),
          effectiveTier: baseline.result[i]!.tier,
          accessAdvisor: reports.get(principal.arn) ?? null,
          capabilities: capabilityRecords(baseline.result[i]!),
          exposed: i % 3 === 0,
        },
        90,
        NOW.toISOString(),
      ),
    ),
  );
  const generated = time(() =>
    principals.map((principal) =>
      leastPrivilegePolicy(catalog, {
        principal,
        accessAdvisor: reports.get(principal.arn) ?? null,
        roleCreated: '2024-06-01T00:00:00.000Z',
        unusedDays: 90,
        now: NOW,
        regions: options.regions,
        toxicTier: null,
      }),
    ),
  );
  const done = generated.result.filter((r) => r.status === 'generated');
  const lost = done.filter((r) => r.status === 'generated' && r.validation.lostActions.length > 0).length;
  const perRole = (ms: number) => `${((ms / ROLES) * 1000).toFixed(0)} µs/role`;
  console.log(`roles: ${ROLES}, Access Advisor reports: ${reports.size}`);
  console.log(
    `baseline, classify every role (done by every scan): ${(baseline.ms / 1000).toFixed(2)} s (${perRole(baseline.ms)})`,
  );
  console.log(
    `usage facts (--usage analysis, pure part): ${(usage.ms / 1000).toFixed(3)} s (${perRole(usage.ms)}) = ${(usage.ms / baseline.ms).toFixed(3)}x the baseline`,
  );
  console.log(
    `least-privilege policy + validation, every role: ${(generated.ms / 1000).toFixed(2)} s (${perRole(generated.ms)}) = ${(generated.ms / baseline.ms).toFixed(1)}x the baseline; generated ${done.length}, refused ${ROLES - done.length}, losing a used action ${lost}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
