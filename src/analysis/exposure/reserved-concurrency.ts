/**
 * Reserved concurrency 0 throttles every invocation (HTTP 429): AWS's emergency switch for a function
 * (docs/exposure.md "Reserved concurrency"). A target with it cannot be reached through any entry point.
 */
import { type EntryExposure, notExposed } from './exposure-class.js';

/** `arn:aws:lambda:<region>:<account>:function:<name>` without an alias or version qualifier. */
export function functionArnOf(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

/** Drops throttled targets; an entry whose every target is throttled is not exposed. */
export function withoutThrottledTargets(
  entry: EntryExposure,
  reservedConcurrency: (functionArn: string) => number | null | undefined,
): EntryExposure {
  if (entry.exposure === 'not_exposed') return entry;
  const throttled = entry.reaches.filter((arn) => reservedConcurrency(functionArnOf(arn)) === 0);
  if (throttled.length === 0) return entry;
  const evidence = [
    ...entry.evidence,
    ...throttled.map((arn) => ({
      text: `reserved concurrency of ${functionArnOf(arn)} is 0: every invocation is throttled`,
      source: `GetFunctionConcurrency of ${functionArnOf(arn)}`,
    })),
  ];
  const reaches = entry.reaches.filter((arn) => !throttled.includes(arn));
  if (reaches.length > 0) return { ...entry, reaches, evidence };
  return notExposed(
    'reserved_concurrency_zero',
    entry.authentication,
    evidence,
    entry.reaches,
    entry.confidence,
  );
}
