/**
 * Findings in memory between analyses (docs/api.md, "Caching"). Findings change only when an analysis
 * stores them, and it ends by stamping its scan (src/findings/history.ts). Pages and findings served are
 * kept, keyed by request, until the latest stamp changes; the stamp is re-read at most once per
 * `checkEveryMs`, by one read that the requests arriving meanwhile share. So an analysis shows within that
 * time, and a graph that stops answering gives 503 again once it has passed. With no stamp in the graph
 * (nothing analyzed yet) every request reads the graph.
 */
import type { Driver } from 'neo4j-driver';
import type { Finding } from '../findings/finding.js';
import {
  type FindingFilter,
  type FindingPage,
  findingsStamp,
  type PageRequest,
  queryFindings,
  readFinding,
} from '../findings/query.js';

export interface FindingsReader {
  page(filter: FindingFilter, page: PageRequest): Promise<FindingPage>;
  byId(id: string): Promise<Finding | undefined>;
  /**
   * The JSON body of GET /findings, serialized once per cache entry: a 50-finding page is ~90 KB, and
   * serializing it cost more than the rest of a cached request (bench/api.ts).
   */
  pageBody(filter: FindingFilter, page: PageRequest): Promise<string>;
  /** The JSON body of GET /findings/{id}; undefined when there is no such finding. */
  findingBody(id: string): Promise<string | undefined>;
}

export interface CacheOptions {
  /** How long a stamp read stays trusted; 0 reads it for every request. */
  checkEveryMs: number;
  /** Most pages kept (a page holds up to 200 findings). */
  maxPages: number;
  /** Most single findings kept. */
  maxFindings: number;
}

export const DEFAULT_CACHE: CacheOptions = { checkEveryMs: 1_000, maxPages: 256, maxFindings: 10_000 };

export function cachedFindings(
  driver: Driver,
  database: string,
  options: CacheOptions = DEFAULT_CACHE,
): FindingsReader {
  const cache = stampedCache(() => findingsStamp(driver, database), options.checkEveryMs);
  const pages = cache.area<FindingPage>(options.maxPages);
  const pageBodies = cache.area<string>(options.maxPages);
  const findings = cache.area<Finding | undefined>(options.maxFindings);
  const findingBodies = cache.area<string | undefined>(options.maxFindings);
  const page = (filter: FindingFilter, request: PageRequest) =>
    pages.remember(JSON.stringify([filter, request]), () => queryFindings(driver, database, filter, request));
  const byId = (id: string) => findings.remember(id, () => readFinding(driver, database, id));
  return {
    page,
    byId,
    pageBody: (filter, request) =>
      pageBodies.remember(JSON.stringify([filter, request]), async () => {
        const { total, items } = await queryFindings(driver, database, filter, request);
        return JSON.stringify({ total, offset: request.offset, limit: request.limit, items });
      }),
    findingBody: (id) =>
      findingBodies.remember(id, async () => {
        const finding = await readFinding(driver, database, id);
        return finding && JSON.stringify(finding);
      }),
  };
}

export interface StampedArea<T> {
  remember(key: string, load: () => Promise<T>): Promise<T>;
}

/**
 * Areas of least-recently-used entries, all emptied when `readStamp` answers something new. A failed
 * stamp read or load is never kept: the next request tries again (and the error reaches the caller).
 */
export function stampedCache(
  readStamp: () => Promise<string | null>,
  checkEveryMs: number,
  now: () => number = () => performance.now(),
) {
  const areas: Map<string, Promise<unknown>>[] = [];
  let stamp: string | null | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<string | null> | undefined;

  const currentStamp = (): Promise<string | null> => {
    if (stamp !== undefined && now() - checkedAt < checkEveryMs) return Promise.resolve(stamp);
    reading ??= readStamp()
      .then((read) => {
        if (read !== stamp) for (const entries of areas) entries.clear();
        stamp = read;
        checkedAt = now();
        return read;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  return {
    area<T>(maxEntries: number): StampedArea<T> {
      const entries = new Map<string, Promise<unknown>>();
      areas.push(entries);
      return {
        async remember(key, load) {
          if ((await currentStamp()) === null) return load();
          const kept = entries.get(key);
          if (kept) {
            // Most recently used last: eviction takes the first.
            entries.delete(key);
            entries.set(key, kept);
            return kept as Promise<T>;
          }
          const loading = load();
          entries.set(key, loading);
          loading.catch(() => {
            if (entries.get(key) === loading) entries.delete(key);
          });
          if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
          return loading;
        },
      };
    },
  };
}
