/**
 * What IAM Access Advisor says a role has and has not used (docs/usage.md). Pure: the report is the
 * GetServiceLastAccessedDetails response as the snapshot stores it (dates as ISO-8601 strings).
 *
 * The one rule that keeps this honest: "unused for N days" is claimed only when AWS tracked the whole N
 * days, i.e. when the tracking window (at most 400 days before the report, never before the role existed)
 * is at least N days long. A report that failed, timed out or was never asked for says nothing.
 */

/** IAM reports last-accessed activity for the trailing 400 days (docs/usage.md, "Tracking period"). */
export const ACCESS_ADVISOR_TRACKING_DAYS = 400;
/** The default N of "not used in N days". */
export const DEFAULT_UNUSED_DAYS = 90;

const DAY_MS = 86_400_000;

/** One service of the report, as the SDK returns it (dates as strings in the snapshot). */
export interface ServiceLastAccessedEntry {
  ServiceNamespace?: string;
  ServiceName?: string;
  LastAuthenticated?: string;
  /** Present only for services with action-level tracking (ACTION_LEVEL granularity). */
  TrackedActionsLastAccessed?: { ActionName?: string; LastAccessedTime?: string }[];
}

/** What the collector stored for one role: the completed report, or why there is none. */
export interface AccessAdvisorEntry {
  /** COMPLETED and FAILED are AWS's job statuses; TIMED_OUT and ERROR are ours (polling gave up, a call failed). */
  status: 'COMPLETED' | 'FAILED' | 'TIMED_OUT' | 'ERROR';
  jobCompletionDate?: string;
  servicesLastAccessed?: ServiceLastAccessedEntry[];
  error?: string;
}

export interface TrackingWindow {
  /** The report's JobCompletionDate: the data describe activity up to then. */
  dataAt: string;
  trackedSince: string;
  days: number;
}

/** A grant not used in the window: a whole service (`action` null) or one tracked action. */
export interface UnusedGrant {
  namespace: string;
  action: string | null;
  lastUsed: string | null;
}

export type UsageVerdict =
  | { status: 'known'; window: TrackingWindow; unused: UnusedGrant[]; usedServices: string[] }
  /** No claim: no usable report, or a window shorter than the N days asked about. */
  | { status: 'unknown'; reason: string; window: TrackingWindow | null };

/** The window AWS tracked for this role: 400 days before the report, or since the role was created. */
export function trackingWindow(dataAt: string, roleCreated: string | null): TrackingWindow {
  const end = Date.parse(dataAt);
  const earliest = end - ACCESS_ADVISOR_TRACKING_DAYS * DAY_MS;
  const created = roleCreated ? Date.parse(roleCreated) : Number.NaN;
  const start = Number.isFinite(created) && created > earliest ? created : earliest;
  return {
    dataAt: new Date(end).toISOString(),
    trackedSince: new Date(start).toISOString(),
    // A report older than the role covers none of its life.
    days: Math.max(0, Math.floor((end - start) / DAY_MS)),
  };
}

export function unusedGrants(
  entry: AccessAdvisorEntry | null,
  roleCreated: string | null,
  unusedDays: number,
): UsageVerdict {
  if (!entry)
    return { status: 'unknown', reason: 'usage not collected (scan without --usage)', window: null };
  if (entry.status !== 'COMPLETED' || !entry.jobCompletionDate || !entry.servicesLastAccessed) {
    const why = entry.error ? `: ${entry.error}` : '';
    return { status: 'unknown', reason: `Access Advisor job ${entry.status}${why}`, window: null };
  }
  const window = trackingWindow(entry.jobCompletionDate, roleCreated);
  if (window.days < unusedDays) {
    return {
      status: 'unknown',
      reason: `AWS tracked ${window.days} day(s) for this role, fewer than the ${unusedDays} asked about`,
      window,
    };
  }
  const end = Date.parse(window.dataAt);
  const stale = (date: string | undefined) => !date || end - Date.parse(date) >= unusedDays * DAY_MS;
  const unused: UnusedGrant[] = [];
  const usedServices: string[] = [];
  for (const service of entry.servicesLastAccessed) {
    const namespace = service.ServiceNamespace;
    if (!namespace) continue;
    if (stale(service.LastAuthenticated)) {
      unused.push({ namespace, action: null, lastUsed: service.LastAuthenticated ?? null });
      continue;
    }
    usedServices.push(namespace);
    for (const tracked of service.TrackedActionsLastAccessed ?? []) {
      if (tracked.ActionName && stale(tracked.LastAccessedTime)) {
        unused.push({
          namespace,
          action: `${namespace}:${tracked.ActionName}`,
          lastUsed: tracked.LastAccessedTime ?? null,
        });
      }
    }
  }
  return { status: 'known', window, unused, usedServices };
}

/** Whether one action (`iam:PassRole`) was used, at action level when AWS tracks it, else at service level. */
export interface ActionUsage {
  action: string;
  level: 'action' | 'service';
  status: 'used' | 'unused' | 'unknown';
  lastUsed: string | null;
  /** Days since the last use, or the whole tracked window when never used in it; null when unknown. */
  daysUnused: number | null;
}

export function actionUsage(
  action: string,
  entry: AccessAdvisorEntry | null,
  roleCreated: string | null,
): ActionUsage {
  const [namespace = '', name = ''] = action.split(':');
  const unknown: ActionUsage = {
    action,
    level: 'service',
    status: 'unknown',
    lastUsed: null,
    daysUnused: null,
  };
  if (entry?.status !== 'COMPLETED' || !entry.jobCompletionDate || !entry.servicesLastAccessed)
    return unknown;
  const service = entry.servicesLastAccessed.find(
    (candidate) => candidate.ServiceNamespace?.toLowerCase() === namespace.toLowerCase(),
  );
  // Access Advisor lists every service the role's policies allow; one missing is not known to be granted.
  if (!service) return unknown;
  const tracked = service.TrackedActionsLastAccessed?.find(
    (candidate) => candidate.ActionName?.toLowerCase() === name.toLowerCase(),
  );
  const level = tracked ? 'action' : 'service';
  const lastUsed = (tracked ? tracked.LastAccessedTime : service.LastAuthenticated) ?? null;
  const window = trackingWindow(entry.jobCompletionDate, roleCreated);
  // A report from before the role's first day says nothing about it.
  if (window.days < 1) return unknown;
  const end = Date.parse(window.dataAt);
  const daysUnused = lastUsed ? Math.floor((end - Date.parse(lastUsed)) / DAY_MS) : window.days;
  return { action, level, status: lastUsed ? 'used' : 'unused', lastUsed, daysUnused };
}

/**
 * Whether a role went unused (RoleLastUsed) for `unusedDays`, as of `now`. RoleLastUsed has the same
 * 400-day window: a null date means "not used in the window", so the claim needs the window (since creation,
 * capped at 400 days) to cover the N days. Returns the days unused, or null when no claim can be made.
 */
export function roleUnusedDays(
  lastUsed: string | null,
  roleCreated: string | null,
  now: string,
  unusedDays: number,
): number | null {
  const end = Date.parse(now);
  if (lastUsed) {
    const days = Math.floor((end - Date.parse(lastUsed)) / DAY_MS);
    return days >= unusedDays ? days : null;
  }
  if (!roleCreated) return null;
  const window = trackingWindow(now, roleCreated);
  return window.days >= unusedDays ? window.days : null;
}
