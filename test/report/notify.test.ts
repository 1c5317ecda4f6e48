/**
 * The webhook against local HTTP receivers (node:http on 127.0.0.1): one that answers, one that fails
 * twice then answers, one that always fails, one that refuses a bad request. The payload is what a
 * receiver gets on the wire.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { notifyWebhook } from '../../src/report/notify.js';
import { HOSTILE_NAME, SAMPLE_FINDINGS, sampleReport } from './sample-report.js';

let server: Server | undefined;
let logs: { msg: string; host?: string }[] = [];
const logger = () => pino({ base: undefined }, { write: (line: string) => logs.push(JSON.parse(line)) });

/** A receiver answering each request with the next status of the list (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.push(body);
      response.statusCode = statuses[Math.min(bodies.length - 1, statuses.length - 1)]!;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/T0KEN-SECRET`, bodies };
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  logs = [];
});

describe('webhook', () => {
  it('posts a Slack-compatible message with the new critical/high and the resolved findings, escaped', async () => {
    const { url, bodies } = await receiver([200]);
    const delivery = await notifyWebhook(sampleReport(), { url, format: 'slack', logger: logger() });
    expect(delivery).toEqual({ delivered: true, attempts: 1, error: null });
    const { text } = JSON.parse(bodies[0]!) as { text: string };
    expect(text).toContain('*1 new critical/high finding(s)* since scan scan-2026-11-02');
    expect(text).toContain('*1 resolved finding(s)*');
    expect(text).toContain('Public function URL of billing runs as an admin role');
    // Slack would turn <...> into a link or a mention, and the override would flip the text.
    expect(text).not.toMatch(/<script>|\u202E/);
    expect(text).toContain('&lt;script&gt;');
  });

  it('posts generic JSON with the findings in the contract shape', async () => {
    const { url, bodies } = await receiver([204]);
    await notifyWebhook(sampleReport(), { url, format: 'json', logger: logger() });
    const payload = JSON.parse(bodies[0]!);
    expect(payload.new).toEqual({ threshold: 'high', count: 1, findings: SAMPLE_FINDINGS.new });
    expect(payload.resolved).toEqual({ count: 1, findings: SAMPLE_FINDINGS.resolved });
    expect(payload.new.findings[0].function.name).toBe(HOSTILE_NAME);
  });

  it('retries 5xx with backoff and delivers', async () => {
    const { url, bodies } = await receiver([500, 503, 200]);
    const delivery = await notifyWebhook(sampleReport(), {
      url,
      format: 'json',
      backoffMs: 20,
      logger: logger(),
    });
    expect(delivery).toEqual({ delivered: true, attempts: 3, error: null });
    expect(bodies).toHaveLength(3);
  });

  it('gives up after the retries without throwing, and never logs the URL', async () => {
    const { url, bodies } = await receiver([500]);
    const delivery = await notifyWebhook(sampleReport(), {
      url,
      format: 'slack',
      retries: 2,
      backoffMs: 10,
      logger: logger(),
    });
    expect(delivery).toEqual({ delivered: false, attempts: 3, error: 'HTTP 500' });
    expect(bodies).toHaveLength(3);
    expect(JSON.stringify(logs)).not.toContain('T0KEN-SECRET');
    expect(logs.at(-1)).toMatchObject({ msg: expect.stringContaining('not delivered') });
  });

  it('does not retry a request the receiver refuses (4xx), nor fail on an unreachable or invalid URL', async () => {
    const { url, bodies } = await receiver([400]);
    expect(
      await notifyWebhook(sampleReport(), { url, format: 'json', backoffMs: 10, logger: logger() }),
    ).toEqual({
      delivered: false,
      attempts: 1,
      error: 'HTTP 400',
    });
    expect(bodies).toHaveLength(1);
    const closed = await notifyWebhook(sampleReport(), {
      url: 'http://127.0.0.1:1/hook',
      format: 'json',
      retries: 1,
      backoffMs: 10,
      logger: logger(),
    });
    expect(closed).toMatchObject({ delivered: false, attempts: 2 });
    expect(
      (await notifyWebhook(sampleReport(), { url: 'not a url', format: 'json', logger: logger() })).delivered,
    ).toBe(false);
  });
});
