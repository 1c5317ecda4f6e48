/**
 * IAM Access Advisor, which moto does not implement: a local IAM endpoint answering
 * GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails in the query protocol's XML, from
 * test/fixtures/aws/iam-get-service-last-accessed-details.json, following a plan per role (the job completes
 * after some IN_PROGRESS answers, fails, or never ends). Every other request goes to moto unchanged, so a
 * whole `toxgraph scan --usage` runs against it (test/README.md).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { forwardTo, listenLocally } from '../aws/recorded-endpoint.js';

export type JobPlan =
  | { kind: 'complete'; inProgressPolls: number; report?: Record<string, unknown> }
  | { kind: 'fail'; message: string }
  | { kind: 'never' };

export interface AccessAdvisorStub {
  url: string;
  /** `Action Arn-or-JobId` of every Access Advisor request, in order. */
  calls: string[];
  /** The most jobs that were started and not yet answered COMPLETED/FAILED at one time. */
  maxJobsInFlight: number;
  close: () => Promise<void>;
}

export const ACCESS_ADVISOR_REPORT = JSON.parse(
  readFileSync(
    new URL('../fixtures/aws/iam-get-service-last-accessed-details.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;

export function startAccessAdvisorStub(
  plans: Record<string, JobPlan>,
  motoUrl?: string,
): Promise<AccessAdvisorStub> {
  const jobs = new Map<string, { plan: JobPlan; polls: number; open: boolean }>();
  const stub: AccessAdvisorStub = { url: '', calls: [], maxJobsInFlight: 0, close: async () => {} };
  const inFlight = () => [...jobs.values()].filter((job) => job.open).length;

  const answer = (params: URLSearchParams): string | undefined => {
    const action = params.get('Action');
    if (action === 'GenerateServiceLastAccessedDetails') {
      const arn = params.get('Arn') ?? '';
      stub.calls.push(`${action} ${arn} ${params.get('Granularity')}`);
      const jobId = `job-${jobs.size + 1}`;
      jobs.set(jobId, { plan: plans[arn] ?? { kind: 'never' }, polls: 0, open: true });
      stub.maxJobsInFlight = Math.max(stub.maxJobsInFlight, inFlight());
      return xml(action, `<JobId>${jobId}</JobId>`);
    }
    if (action === 'GetServiceLastAccessedDetails') {
      const jobId = params.get('JobId') ?? '';
      stub.calls.push(`${action} ${jobId}`);
      const job = jobs.get(jobId);
      if (!job) return undefined;
      job.polls += 1;
      const { plan } = job;
      if (plan.kind === 'fail') {
        job.open = false;
        return xml(
          action,
          `<JobStatus>FAILED</JobStatus><JobType>ACTION_LEVEL</JobType><JobCreationDate>2026-11-28T23:59:00Z</JobCreationDate><JobCompletionDate>2026-11-29T00:00:00Z</JobCompletionDate><Error><Message>${plan.message}</Message><Code>ServiceFailure</Code></Error><ServicesLastAccessed/>`,
        );
      }
      if (plan.kind === 'never' || job.polls <= plan.inProgressPolls) {
        return xml(
          action,
          '<JobStatus>IN_PROGRESS</JobStatus><JobType>ACTION_LEVEL</JobType><JobCreationDate>2026-11-28T23:59:00Z</JobCreationDate><ServicesLastAccessed/>',
        );
      }
      job.open = false;
      return xml(action, toXml(plan.report ?? ACCESS_ADVISOR_REPORT));
    }
    return undefined;
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const canned = answer(new URLSearchParams(body.toString('utf8')));
      if (canned !== undefined) {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(canned);
        return;
      }
      if (!motoUrl) {
        response.writeHead(400, { 'content-type': 'text/xml' });
        response.end(
          '<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>unknown job</Message></Error></ErrorResponse>',
        );
        return;
      }
      forwardTo(new URL(motoUrl), request, response, body);
    });
  });
  return listenLocally(server).then((url) => {
    stub.url = url;
    stub.close = () => new Promise((done) => server.close(() => done()));
    return stub;
  });
}

function xml(action: string, result: string): string {
  return `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></${action}Response>`;
}

/** The query protocol's XML of a JSON-shaped response: lists as `<member>` elements. */
function toXml(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([key, item]) => `<${key}>${xmlValue(item)}</${key}>`)
    .join('');
}

function xmlValue(item: unknown): string {
  if (Array.isArray(item)) return item.map((member) => `<member>${xmlValue(member)}</member>`).join('');
  if (item !== null && typeof item === 'object') return toXml(item as Record<string, unknown>);
  return String(item);
}
