/**
 * A collection: resolves the accounts and regions, runs one unit per (account, region, service) with
 * bounded parallelism, writes each unit's file as soon as it is collected, and the manifest last. A unit
 * that fails (denied, throttled beyond retries, unsupported, unreachable) becomes a gap; the others go on.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { errorMessage, InputError, ToxgraphError } from '../errors.js';
import type { Logger } from '../log.js';
import {
  type CollectionGap,
  GLOBAL_REGION,
  type Manifest,
  type ManifestUnit,
  type ServiceData,
  type ServiceName,
  type UnitKey,
  unitFilePath,
} from '../snapshot/format.js';
import { MANIFEST_FILE } from '../snapshot/read.js';
import { type UnitFileOf, writeManifest, writeUnitFile } from '../snapshot/write.js';
import { CallRecorder } from './calls.js';
import { type ClientFactory, type Credentials, clientFactory } from './clients.js';
import {
  collectAccessAdvisor,
  DEFAULT_POLLING,
  type PollingOptions,
  usageRoles,
} from './collectors/access-advisor.js';
import { collectApiGatewayRest } from './collectors/apigateway.js';
import { collectApiGatewayV2 } from './collectors/apigatewayv2.js';
import { cloudFrontRegion, collectCloudFront } from './collectors/cloudfront.js';
import { collectDataStores } from './collectors/datastores.js';
import { collectEc2, enabledRegions } from './collectors/ec2.js';
import { collectElbv2 } from './collectors/elbv2.js';
import { collectIam } from './collectors/iam.js';
import { collectLambda } from './collectors/lambda.js';
import { collectOrganizations, organizationAccounts } from './collectors/organizations.js';
import { collectWafV2 } from './collectors/wafv2.js';
import { AwsCallError, classifyAwsError, describeAwsError } from './errors.js';
import { limiter } from './limit.js';
import type { Progress } from './progress.js';
import { type AccountChoice, partitionOf, type RegionChoice, roleArnIn } from './scope.js';
import { UnitContext } from './unit.js';

/** Units collected at the same time across the whole collection (the SDK retries adaptively within each). */
const UNITS_IN_FLIGHT = 6;
const ASSUMED_SESSION_SECONDS = 3600;
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface CollectOptions {
  out: string;
  accounts: AccountChoice;
  regions: RegionChoice;
  assumeRole?: string;
  version: string;
  logger: Logger;
  progress: Progress;
  env?: NodeJS.ProcessEnv;
  /** Also collect IAM Access Advisor reports for execution roles (`--usage`, docs/usage.md). */
  usage?: boolean;
  /** Access Advisor polling; default DEFAULT_POLLING. */
  polling?: PollingOptions;
}

export interface CollectionResult {
  manifest: Manifest;
  totalCalls: number;
}

interface AccountSession {
  accountId: string;
  clients: ClientFactory;
  regions: string[];
}

export async function collect(options: CollectOptions): Promise<CollectionResult> {
  const env = options.env ?? process.env;
  const recorder = new CallRecorder();
  const callerClients = clientFactory({ recorder, env });
  const homeRegion = await configuredRegion(options.regions);
  const caller = await callerIdentity(callerClients, homeRegion);
  const partition = partitionOf(caller.Arn);
  const cloudFrontHome = cloudFrontRegion(partition);
  const createdAt = new Date().toISOString();

  const accountIds = await resolveAccounts(options, callerClients, homeRegion, caller.Account!);
  const units: ManifestUnit[] = [];
  const gaps: CollectionGap[] = [];
  const recordFailure = (unit: UnitKey, api: string, error: string) => {
    units.push({ ...unit, status: 'failed' });
    gaps.push({ ...unit, api, error });
  };

  // A previous manifest would describe files this run is replacing.
  await rm(path.join(options.out, MANIFEST_FILE), { force: true });

  const sessions: AccountSession[] = [];
  for (const accountId of accountIds) {
    const clients =
      accountId === caller.Account
        ? callerClients
        : clientFactory({
            recorder,
            env,
            credentials: assumedRole(
              callerClients,
              homeRegion,
              roleArnIn(accountId, options.assumeRole!, partition),
            ),
          });
    try {
      const regions = await resolveRegions(options.regions, clients, homeRegion);
      sessions.push({ accountId, clients, regions });
    } catch (error) {
      // Neither the role nor the account's regions: every unit of the account is a gap.
      const api = error instanceof AwsCallError ? error.api : 'DescribeRegions';
      const regions = options.regions.kind === 'list' ? options.regions.regions : [homeRegion];
      for (const unit of plannedUnits(accountId, regions, false, cloudFrontHome)) {
        recordFailure(unit, api, describeAwsError(error instanceof AwsCallError ? error.cause : error));
      }
      options.logger.warn({ accountId, error: errorMessage(error) }, 'account skipped');
    }
  }

  const planned = sessions.map((session) => {
    const withOrganizations = session.accountId === caller.Account;
    return {
      session,
      list: plannedUnits(session.accountId, session.regions, withOrganizations, cloudFrontHome),
    };
  });
  options.progress.planned(planned.reduce((sum, { list }) => sum + list.length, 0));
  const runUnit = limiter(UNITS_IN_FLIGHT);
  const strictOrganizations = options.accounts.kind === 'org';

  const collectUnit = async <S extends ServiceName>(
    session: AccountSession,
    unit: UnitKey & { service: S },
    work: (ctx: UnitContext) => Promise<ServiceData[S]>,
  ): Promise<ServiceData[S] | undefined> =>
    runUnit(async () => {
      options.progress.started(unit);
      const ctx = new UnitContext(unit, session.clients, (counts) => options.progress.counted(unit, counts));
      try {
        const data = await work(ctx);
        const content = { unit, collectedAt: new Date().toISOString(), data } as UnitFileOf<S>;
        const file = await writeUnitFile(options.out, content);
        units.push({ ...unit, file, status: 'ok', counts: ctx.counts });
        options.progress.finished(unit, 'ok', ctx.counts);
        return data;
      } catch (error) {
        const api = error instanceof AwsCallError ? error.api : 'collector';
        const cause = error instanceof AwsCallError ? error.cause : error;
        if (unit.service === 'organizations' && !strictOrganizations && isNotPermitted(cause)) {
          options.progress.finished(unit, 'skipped', ctx.counts, `not readable from this account (${api})`);
          return undefined;
        }
        if (!(error instanceof AwsCallError)) {
          options.logger.error({ ...unit, err: error }, 'collector failed unexpectedly');
        }
        recordFailure(unit, api, describeAwsError(cause));
        options.progress.finished(unit, 'failed', ctx.counts, `${api}: ${describeAwsError(cause)}`);
        return undefined;
      }
    });

  // Each unit's data goes to its file as soon as it is collected; only ELBv2's stays until EC2 has used it.
  const collectPlanned = async (session: AccountSession, unit: UnitKey): Promise<unknown> => {
    const { accountId, region } = unit;
    switch (unit.service) {
      case 'iam':
        return collectUnit(session, { ...unit, service: 'iam' }, (ctx) => collectIam(ctx, homeRegion));
      case 'organizations':
        return collectUnit(session, { ...unit, service: 'organizations' }, (ctx) =>
          collectOrganizations(ctx, homeRegion),
        );
      case 'cloudfront':
        return collectUnit(session, { ...unit, service: 'cloudfront' }, (ctx) =>
          collectCloudFront(ctx, cloudFrontHome!),
        );
      case 'lambda':
        return collectUnit(session, { ...unit, service: 'lambda' }, collectLambda);
      case 'apigatewayv2':
        return collectUnit(session, { ...unit, service: 'apigatewayv2' }, collectApiGatewayV2);
      case 'apigateway':
        return collectUnit(session, { ...unit, service: 'apigateway' }, collectApiGatewayRest);
      case 'datastores':
        return collectUnit(session, { ...unit, service: 'datastores' }, collectDataStores);
      case 'wafv2':
        return collectUnit(session, { ...unit, service: 'wafv2' }, collectWafV2);
      case 'elbv2': {
        // EC2 collects the security groups of this region's load balancers, so it follows ELBv2.
        const elbv2 = await collectUnit(session, { ...unit, service: 'elbv2' }, collectElbv2);
        const ec2: UnitKey & { service: 'ec2' } = { accountId, region, service: 'ec2' };
        if (!elbv2) {
          options.progress.started(ec2);
          recordFailure(ec2, 'DescribeLoadBalancers', 'not collected: the ELBv2 unit of this region failed');
          options.progress.finished(ec2, 'failed', {}, 'the ELBv2 unit of this region failed');
          return undefined;
        }
        const groupIds = elbv2.loadBalancers.flatMap((lb) => lb.SecurityGroups ?? []);
        return collectUnit(session, ec2, (ctx) => collectEc2(ctx, groupIds));
      }
    }
  };
  const collected = new Map<string, unknown>();
  await Promise.all(
    planned.flatMap(({ session, list }) =>
      list
        .filter((unit) => unit.service !== 'ec2')
        .map(async (unit) => {
          collected.set(
            `${unit.accountId}/${unit.region}/${unit.service}`,
            await collectPlanned(session, unit),
          );
        }),
    ),
  );
  options.progress.close();
  if (options.usage) {
    for (const session of sessions) {
      const iam = collected.get(`${session.accountId}/${GLOBAL_REGION}/iam`) as
        | ServiceData['iam']
        | undefined;
      if (!iam) continue;
      const lambdas = session.regions.map(
        (region) =>
          collected.get(`${session.accountId}/${region}/lambda`) as ServiceData['lambda'] | undefined,
      );
      const gapsOfAccount = await collectUsage(session, homeRegion, iam, lambdas, options);
      gaps.push(...gapsOfAccount);
    }
  }

  const manifest: Manifest = {
    tool: 'toxgraph',
    version: options.version,
    createdAt,
    scanId: `${createdAt.replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`,
    callerIdentity: { Account: caller.Account, Arn: caller.Arn, UserId: caller.UserId },
    accounts: accountIds,
    regions: [...new Set(sessions.flatMap((session) => session.regions))].sort(),
    units: sortUnits(units),
    gaps: sortUnits(gaps),
    awsCalls: recorder.snapshot(),
  };
  await writeManifest(options.out, manifest);
  return { manifest, totalCalls: recorder.total() };
}

/**
 * Adds the Access Advisor reports of the account's execution roles to its IAM unit file (rewritten, before
 * the manifest). A role whose job failed or timed out is a gap: the analysis claims nothing about it.
 */
async function collectUsage(
  session: AccountSession,
  homeRegion: string,
  iam: ServiceData['iam'],
  lambdas: readonly (ServiceData['lambda'] | undefined)[],
  options: CollectOptions,
): Promise<CollectionGap[]> {
  const executionRoles = lambdas.flatMap((lambda) =>
    lambda
      ? [...lambda.functions, ...Object.values(lambda.versions ?? {}).flat()].flatMap((fn) =>
          fn.Role ? [fn.Role] : [],
        )
      : [],
  );
  const roles = usageRoles(executionRoles, iam.authorizationDetails.RoleDetailList);
  const unit = { accountId: session.accountId, region: GLOBAL_REGION, service: 'iam' as const };
  const accessAdvisor = await collectAccessAdvisor(
    session.clients('iam', homeRegion),
    roles,
    options.polling ?? DEFAULT_POLLING,
  );
  // The unit keeps the time IAM was read: firstSeen/lastSeen are collection times.
  const written = JSON.parse(
    await readFile(path.join(options.out, unitFilePath(unit)), 'utf8'),
  ) as UnitFileOf<'iam'>;
  await writeUnitFile(options.out, {
    ...written,
    data: { ...written.data, accessAdvisor },
  } as UnitFileOf<'iam'>);
  const failed = Object.entries(accessAdvisor).filter(([, entry]) => entry.status !== 'COMPLETED');
  for (const [arn, entry] of failed) {
    options.logger.warn(
      { accountId: session.accountId, role: arn, status: entry.status },
      'usage not collected',
    );
  }
  return failed.map(([arn, entry]) => ({
    ...unit,
    api: 'GetServiceLastAccessedDetails',
    error: `Access Advisor for ${arn}: ${entry.status}${entry.error ? ` (${entry.error})` : ''}`,
  }));
}

const REGIONAL_SERVICES: ServiceName[] = [
  'lambda',
  'apigatewayv2',
  'apigateway',
  'elbv2',
  'ec2',
  'datastores',
  'wafv2',
];

/** CloudFront is planned only in partitions that offer it (`cloudFrontHome`, its control-plane region). */
function plannedUnits(
  accountId: string,
  regions: string[],
  withOrganizations: boolean,
  cloudFrontHome: string | undefined,
): UnitKey[] {
  return [
    { accountId, region: GLOBAL_REGION, service: 'iam' },
    ...(withOrganizations ? [{ accountId, region: GLOBAL_REGION, service: 'organizations' as const }] : []),
    ...(cloudFrontHome ? [{ accountId, region: GLOBAL_REGION, service: 'cloudfront' as const }] : []),
    ...regions.flatMap((region) => REGIONAL_SERVICES.map((service) => ({ accountId, region, service }))),
  ];
}

function sortUnits<T extends UnitKey>(list: T[]): T[] {
  const order = (unit: UnitKey) =>
    `${unit.accountId}/${unit.region === GLOBAL_REGION ? '' : unit.region}/${unit.service}`;
  return [...list].sort((a, b) => order(a).localeCompare(order(b)));
}

function isNotPermitted(error: unknown): boolean {
  return classifyAwsError(error) === 'denied';
}

/** The region of the SDK's configuration (AWS_REGION, the profile), needed for STS and global services. */
async function configuredRegion(regions: RegionChoice): Promise<string> {
  try {
    return await new STSClient({}).config.region();
  } catch {
    if (regions.kind === 'list') return regions.regions[0]!;
    throw new InputError(
      'no AWS region is configured: set AWS_REGION (or a profile region), or pass --regions',
    );
  }
}

async function callerIdentity(clients: ClientFactory, region: string) {
  try {
    return await clients('sts', region).send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw new ToxgraphError(
      `cannot identify the AWS caller (sts:GetCallerIdentity in ${region}): ${describeAwsError(error)}. ` +
        'Check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...) and AWS_ENDPOINT_URL.',
      { cause: error },
    );
  }
}

async function resolveAccounts(
  options: CollectOptions,
  clients: ClientFactory,
  homeRegion: string,
  callerAccount: string,
): Promise<string[]> {
  switch (options.accounts.kind) {
    case 'caller':
      return [callerAccount];
    case 'list': {
      const others = options.accounts.accounts.filter((account) => account !== callerAccount);
      if (others.length > 0 && !options.assumeRole) {
        throw new InputError(
          `--accounts names accounts other than the caller's (${callerAccount}): ${others.join(', ')}; ` +
            'pass --assume-role NAME, the role to assume in each of them',
        );
      }
      return options.accounts.accounts;
    }
    case 'org':
      try {
        return await organizationAccounts(clients, homeRegion);
      } catch (error) {
        throw new ToxgraphError(
          `--org: cannot list the organization's accounts from account ${callerAccount} ` +
            `(organizations:ListAccounts): ${describeAwsError(error)}. Run from the management account or a ` +
            'delegated administrator.',
          { cause: error },
        );
      }
  }
}

async function resolveRegions(
  choice: RegionChoice,
  clients: ClientFactory,
  homeRegion: string,
): Promise<string[]> {
  if (choice.kind === 'configured') return [homeRegion];
  if (choice.kind === 'list') return choice.regions;
  try {
    return await enabledRegions(clients, homeRegion);
  } catch (error) {
    throw new AwsCallError('DescribeRegions', error);
  }
}

/** Credentials of a role assumed from the caller's, renewed before they expire. */
function assumedRole(callerClients: ClientFactory, region: string, roleArn: string): Credentials {
  let current:
    | { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }
    | undefined;
  return async () => {
    if (current?.expiration && current.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS)
      return current;
    try {
      const { Credentials: assumed } = await callerClients('sts', region).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'toxgraph-collect',
          DurationSeconds: ASSUMED_SESSION_SECONDS,
        }),
      );
      current = {
        accessKeyId: assumed!.AccessKeyId!,
        secretAccessKey: assumed!.SecretAccessKey!,
        sessionToken: assumed!.SessionToken,
        expiration: assumed!.Expiration,
      };
      return current;
    } catch (error) {
      throw new AwsCallError('AssumeRole', error);
    }
  };
}
