/**
 * IAM Access Advisor, opt-in (`--usage`): one GenerateServiceLastAccessedDetails job per role with
 * ACTION_LEVEL granularity, polled with GetServiceLastAccessedDetails under exponential back-off, with a
 * bound on the jobs in flight. A job that fails, times out or cannot be started is recorded as such: the
 * analysis then claims nothing about the role's usage (docs/usage.md).
 */
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsResponse,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { errorMessage } from '../../errors.js';
import type { AccessAdvisorEntry } from '../../iam/usage.js';
import type { Jsonified } from '../../snapshot/format.js';
import { describeAwsError } from '../errors.js';
import { limiter } from '../limit.js';

export interface PollingOptions {
  /** Jobs in flight at once (IAM limits concurrent report jobs per account). */
  concurrentJobs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** A job still IN_PROGRESS after waiting this long in total is given up (TIMED_OUT). */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_POLLING: PollingOptions = {
  concurrentJobs: 4,
  firstDelayMs: 1_000,
  maxDelayMs: 15_000,
  timeoutMs: 5 * 60_000,
};

/** Access Advisor reports keyed by role ARN, in the order of `roleArns`. */
export async function collectAccessAdvisor(
  iam: IAMClient,
  roleArns: readonly string[],
  options: PollingOptions = DEFAULT_POLLING,
): Promise<Record<string, AccessAdvisorEntry>> {
  const runJob = limiter(options.concurrentJobs);
  const entries = await Promise.all(
    roleArns.map((arn) => runJob(async () => [arn, await roleReport(iam, arn, options)] as const)),
  );
  return Object.fromEntries(entries);
}

async function roleReport(iam: IAMClient, arn: string, options: PollingOptions): Promise<AccessAdvisorEntry> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  let jobId: string | undefined;
  try {
    ({ JobId: jobId } = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' }),
    ));
  } catch (error) {
    return { status: 'ERROR', error: `GenerateServiceLastAccessedDetails: ${describeAwsError(error)}` };
  }
  if (!jobId) return { status: 'ERROR', error: 'GenerateServiceLastAccessedDetails returned no JobId' };
  let waited = 0;
  let delay = options.firstDelayMs;
  try {
    for (;;) {
      const pages = await reportPages(iam, jobId);
      const first = pages[0]!;
      if (first.JobStatus === 'COMPLETED') return completed(pages);
      if (first.JobStatus === 'FAILED') {
        return { status: 'FAILED', error: first.Error?.Message ?? first.Error?.Code ?? 'the job failed' };
      }
      if (waited + delay > options.timeoutMs) {
        return { status: 'TIMED_OUT', error: `job ${jobId} still ${first.JobStatus} after ${waited} ms` };
      }
      await sleep(delay);
      waited += delay;
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  } catch (error) {
    return {
      status: 'ERROR',
      error: `GetServiceLastAccessedDetails: ${describeAwsError(error) || errorMessage(error)}`,
    };
  }
}

async function reportPages(iam: IAMClient, jobId: string): Promise<GetServiceLastAccessedDetailsResponse[]> {
  const pages: GetServiceLastAccessedDetailsResponse[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, Marker: marker }));
    pages.push(page);
    if (page.JobStatus !== 'COMPLETED') return pages;
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker !== undefined && pages.length < 1_000);
  return pages;
}

function completed(pages: GetServiceLastAccessedDetailsResponse[]): AccessAdvisorEntry {
  const services = pages.flatMap((page) => page.ServicesLastAccessed ?? []);
  return {
    status: 'COMPLETED',
    jobCompletionDate: pages[0]!.JobCompletionDate?.toISOString(),
    servicesLastAccessed: JSON.parse(JSON.stringify(services)) as Jsonified<typeof services>,
  };
}

/**
 * The roles whose usage is collected: every execution role of a collected function (any version), and every
 * role whose trust policy names one of them (one assume-role hop: the roles a finding's path reaches next).
 */
export function usageRoles(
  executionRoleArns: Iterable<string>,
  roles: readonly { Arn?: string; AssumeRolePolicyDocument?: string }[],
): string[] {
  const execution = new Set(executionRoleArns);
  const known = new Set(roles.flatMap((role) => (role.Arn ? [role.Arn] : [])));
  const chosen = new Set([...execution].filter((arn) => known.has(arn)));
  for (const role of roles) {
    if (!role.Arn || !role.AssumeRolePolicyDocument) continue;
    const trust = decodedOrRaw(role.AssumeRolePolicyDocument);
    if ([...execution].some((arn) => trust.includes(`"${arn}"`))) chosen.add(role.Arn);
  }
  return [...chosen].sort();
}

/** AWS sends documents URL-encoded; a document that does not decode is searched as it is. */
function decodedOrRaw(document: string): string {
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}
