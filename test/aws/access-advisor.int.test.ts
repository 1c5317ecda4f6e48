/**
 * Access Advisor job polling against a local IAM endpoint (moto lacks the API; test/README.md): the job
 * answers IN_PROGRESS and then COMPLETED, or FAILED, or never ends; a role whose job cannot be started is
 * an error. None of those is ever read as "unused".
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { collectAccessAdvisor, usageRoles } from '../../src/aws/collectors/access-advisor.js';
import { type AccessAdvisorStub, startAccessAdvisorStub } from '../support/access-advisor-stub.js';

const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
let stub: AccessAdvisorStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function iamAt(url: string): IAMClient {
  return new IAMClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
}

describe('collectAccessAdvisor', () => {
  it('polls with back-off until COMPLETED, records FAILED and timed-out jobs, and bounds the jobs in flight', async () => {
    stub = await startAccessAdvisorStub({
      [ROLE('orders-api')]: { kind: 'complete', inProgressPolls: 2 },
      [ROLE('broken')]: { kind: 'fail', message: 'internal failure generating the report' },
      [ROLE('slow')]: { kind: 'never' },
    });
    const delays: number[] = [];
    const reports = await collectAccessAdvisor(
      iamAt(stub.url),
      [ROLE('orders-api'), ROLE('broken'), ROLE('slow')],
      {
        concurrentJobs: 2,
        firstDelayMs: 100,
        maxDelayMs: 400,
        timeoutMs: 1_000,
        sleep: async (ms) => {
          delays.push(ms);
        },
      },
    );

    expect(reports[ROLE('orders-api')]).toEqual({
      status: 'COMPLETED',
      jobCompletionDate: '2026-11-29T00:00:00.000Z',
      servicesLastAccessed: [
        {
          ServiceName: 'AWS Identity and Access Management',
          ServiceNamespace: 'iam',
          LastAuthenticated: '2026-11-20T10:00:00.000Z',
          LastAuthenticatedEntity: 'arn:aws:iam::123456789012:role/orders-api',
          LastAuthenticatedRegion: 'us-east-1',
          TotalAuthenticatedEntities: 1,
          TrackedActionsLastAccessed: [
            {
              ActionName: 'GetRole',
              LastAccessedEntity: 'arn:aws:iam::123456789012:role/orders-api',
              LastAccessedRegion: 'us-east-1',
              LastAccessedTime: '2026-11-20T10:00:00.000Z',
            },
            { ActionName: 'PassRole' },
          ],
        },
        {
          ServiceName: 'Amazon CloudWatch Logs',
          ServiceNamespace: 'logs',
          LastAuthenticated: '2026-11-28T09:00:00.000Z',
          LastAuthenticatedEntity: 'arn:aws:iam::123456789012:role/orders-api',
          LastAuthenticatedRegion: 'us-east-1',
          TotalAuthenticatedEntities: 1,
        },
        { ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', TotalAuthenticatedEntities: 0 },
      ],
    });
    expect(reports[ROLE('broken')]).toEqual({
      status: 'FAILED',
      error: 'internal failure generating the report',
    });
    expect(reports[ROLE('slow')]?.status).toBe('TIMED_OUT');

    // Every job asked for action-level data; the completed one was polled twice IN_PROGRESS, then COMPLETED.
    expect(stub.calls.filter((call) => call.startsWith('Generate'))).toEqual([
      `GenerateServiceLastAccessedDetails ${ROLE('orders-api')} ACTION_LEVEL`,
      `GenerateServiceLastAccessedDetails ${ROLE('broken')} ACTION_LEVEL`,
      `GenerateServiceLastAccessedDetails ${ROLE('slow')} ACTION_LEVEL`,
    ]);
    expect(stub.calls.filter((call) => call === 'GetServiceLastAccessedDetails job-1')).toHaveLength(3);
    expect(stub.maxJobsInFlight).toBeLessThanOrEqual(2);
    // Back-off doubles up to the cap; the endless job stops before the timeout would be passed.
    expect(delays.slice(0, 2)).toEqual([100, 200]);
    expect(Math.max(...delays)).toBe(400);
    const slowDelays = delays.slice(2);
    expect(slowDelays.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(1_000);
  });

  it('records a job that cannot be started as an error naming the API', async () => {
    stub = await startAccessAdvisorStub({});
    const reports = await collectAccessAdvisor(iamAt('http://127.0.0.1:9'), [ROLE('orders-api')], {
      concurrentJobs: 1,
      firstDelayMs: 1,
      maxDelayMs: 1,
      timeoutMs: 10,
    });
    expect(reports[ROLE('orders-api')]?.status).toBe('ERROR');
    expect(reports[ROLE('orders-api')]?.error).toMatch(/^GenerateServiceLastAccessedDetails: /);
  });
});

describe('usageRoles', () => {
  const trust = (principal: string) =>
    encodeURIComponent(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
      }),
    );
  it('takes the execution roles and the roles that trust one of them by ARN', () => {
    const roles = [
      { Arn: ROLE('exec') },
      { Arn: ROLE('next-hop'), AssumeRolePolicyDocument: trust(ROLE('exec')) },
      { Arn: ROLE('exec-look-alike'), AssumeRolePolicyDocument: trust(ROLE('exec-2')) },
      { Arn: ROLE('other') },
    ];
    expect(usageRoles([ROLE('exec'), ROLE('exec'), ROLE('deleted')], roles)).toEqual([
      ROLE('exec'),
      ROLE('next-hop'),
    ]);
  });
});
