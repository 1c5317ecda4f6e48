/**
 * After a scheduled run, a webhook: the new critical and high findings and the resolved ones, as a
 * Slack-compatible message (`{"text": ...}`, which Slack, Mattermost and Teams workflows accept) or as
 * generic JSON. Delivery is retried with exponential backoff on network errors, 429 and 5xx; whatever
 * happens, it never throws, so a failed delivery never fails the scan. The URL is a secret (Slack's carry
 * a token): it is never logged, only its host.
 */
import { displayText } from '../findings/display-text.js';
import { type Finding, isAtOrAbove } from '../findings/finding.js';
import type { Logger } from '../log.js';
import { type Report, total } from './model.js';

/** New findings at or above this severity are announced. */
export const NOTIFY_THRESHOLD = 'high';
/** At most this many findings are named per list; the counts are always whole. */
export const NOTIFY_MAX_LISTED = 20;

export interface WebhookOptions {
  url: string;
  format: 'slack' | 'json';
  /** Retries after the first attempt. */
  retries?: number;
  /** Wait before the first retry, doubled at each next one. */
  backoffMs?: number;
  timeoutMs?: number;
  logger: Logger;
}

export interface Delivery {
  delivered: boolean;
  attempts: number;
  /** Why the last attempt failed, when it did. */
  error: string | null;
}

interface Announcement {
  scanId: string;
  baseScanId: string | null;
  newCount: number;
  resolvedCount: number;
  newFindings: Finding[];
  resolvedFindings: Finding[];
}

async function announcement(report: Report): Promise<Announcement> {
  const take = async (change: 'new' | 'resolved', keep: (finding: Finding) => boolean) => {
    const listed: Finding[] = [];
    let count = 0;
    for await (const finding of report.findings(change)) {
      if (!keep(finding)) continue;
      count += 1;
      if (listed.length < NOTIFY_MAX_LISTED) listed.push(finding);
    }
    return { listed, count };
  };
  const fresh = await take('new', (finding) => isAtOrAbove(finding.severity, NOTIFY_THRESHOLD));
  const resolved = await take('resolved', () => true);
  return {
    scanId: report.scan.id,
    baseScanId: report.baseScan?.id ?? null,
    newCount: fresh.count,
    resolvedCount: resolved.count,
    newFindings: fresh.listed,
    resolvedFindings: resolved.listed,
  };
}

/** Slack's mrkdwn gives `& < >` a meaning (links, mentions): they become entities. */
const slackText = (value: string) =>
  displayText(value).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

function slackPayload(report: Report, a: Announcement): { text: string } {
  const line = (finding: Finding) =>
    `• *${finding.severity}* ${slackText(finding.title)} (${slackText(finding.accountId ?? '-')}, ${slackText(finding.region ?? '-')})`;
  const more = (count: number, listed: number) => (count > listed ? [`…and ${count - listed} more`] : []);
  const lines = [
    `toxgraph scan ${slackText(a.scanId)} (${report.scan.status}${report.scan.gaps.length ? `, ${report.scan.gaps.length} gap(s)` : ''}): ${total(report.bySeverity)} open finding(s).`,
    `*${a.newCount} new critical/high finding(s)*${a.baseScanId ? ` since scan ${slackText(a.baseScanId)}` : ''}`,
    ...a.newFindings.map(line),
    ...more(a.newCount, a.newFindings.length),
    `*${a.resolvedCount} resolved finding(s)*`,
    ...a.resolvedFindings.map(line),
    ...more(a.resolvedCount, a.resolvedFindings.length),
  ];
  return { text: lines.join('\n') };
}

function jsonPayload(report: Report, a: Announcement) {
  return {
    format: 'toxgraph-notification',
    version: 1,
    scan: {
      id: report.scan.id,
      status: report.scan.status,
      startedAt: report.scan.startedAt,
      gaps: report.scan.gaps.length,
    },
    baseScanId: a.baseScanId,
    openBySeverity: report.bySeverity,
    new: { threshold: NOTIFY_THRESHOLD, count: a.newCount, findings: a.newFindings },
    resolved: { count: a.resolvedCount, findings: a.resolvedFindings },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retriable = (status: number) => status === 429 || status >= 500;

/** Posts the announcement of the report; never throws. */
export async function notifyWebhook(report: Report, options: WebhookOptions): Promise<Delivery> {
  const { retries = 3, backoffMs = 1_000, timeoutMs = 10_000, logger } = options;
  let host = '(invalid URL)';
  let error: string | null = null;
  let attempts = 0;
  try {
    host = new URL(options.url).host;
    const a = await announcement(report);
    const body = JSON.stringify(
      options.format === 'slack' ? slackPayload(report, a) : jsonPayload(report, a),
    );
    for (attempts = 1; attempts <= retries + 1; attempts += 1) {
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer();
        if (response.ok) {
          logger.info({ host, attempts }, 'webhook delivered');
          return { delivered: true, attempts, error: null };
        }
        error = `HTTP ${response.status}`;
        if (!retriable(response.status)) break;
      } catch (failure) {
        error = (failure as Error).message;
      }
      if (attempts <= retries) await sleep(backoffMs * 2 ** (attempts - 1));
    }
    attempts = Math.min(attempts, retries + 1);
  } catch (failure) {
    error = (failure as Error).message;
  }
  logger.error({ host, attempts, error }, 'webhook not delivered; the scan and its reports are unaffected');
  return { delivered: false, attempts, error };
}
