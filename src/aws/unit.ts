/**
 * What a collector gets for one unit (account, region, service): a client factory bound to the account's
 * credentials, a way to name each AWS call (so a failure says which API), bounded parallelism for the
 * per-resource calls, pagination, and counters for the progress display.
 */
import type { UnitKey } from '../snapshot/format.js';
import type { ClientFactory } from './clients.js';
import { AwsCallError, isAwsNotFound } from './errors.js';
import { type Limiter, limiter } from './limit.js';

/** Per-resource calls in flight within one unit; units themselves are bounded by the collection. */
const CALLS_IN_FLIGHT_PER_UNIT = 4;
/** A token seen twice means the endpoint loops; stop rather than spin. */
const MAX_PAGES = 10_000;

export class UnitContext {
  private readonly limit: Limiter = limiter(CALLS_IN_FLIGHT_PER_UNIT);
  readonly counts: Record<string, number> = {};

  constructor(
    readonly unit: UnitKey,
    readonly clients: ClientFactory,
    private readonly onProgress: (counts: Record<string, number>) => void = () => {},
  ) {}

  get accountId(): string {
    return this.unit.accountId;
  }

  get region(): string {
    return this.unit.region;
  }

  /** Sends one call; a failure becomes an AwsCallError naming the API. */
  async call<T>(api: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw error instanceof AwsCallError ? error : new AwsCallError(api, error);
    }
  }

  /** Every page of a paginated call, in order. */
  async pages<P>(
    api: string,
    fetchPage: (token: string | undefined) => Promise<P>,
    nextToken: (page: P) => string | undefined,
  ): Promise<P[]> {
    const pages: P[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.call(api, () => fetchPage(token));
      pages.push(page);
      token = nextToken(page) || undefined;
      if (token !== undefined && (seen.has(token) || pages.length >= MAX_PAGES)) {
        throw new AwsCallError(api, new Error(`pagination does not end (token ${token} repeats)`));
      }
      if (token !== undefined) seen.add(token);
    } while (token !== undefined);
    return pages;
  }

  /** Every item of every page of a paginated list call, in order. */
  async list<P, T>(
    api: string,
    fetchPage: (token: string | undefined) => Promise<P>,
    nextToken: (page: P) => string | undefined,
    items: (page: P) => T[] | undefined,
  ): Promise<T[]> {
    return (await this.pages(api, fetchPage, nextToken)).flatMap((page) => items(page) ?? []);
  }

  /** Runs `work` for every item with bounded parallelism; results in input order. */
  each<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
    return Promise.all(items.map((item) => this.limit(() => work(item))));
  }

  /** Adds to a resource count (e.g. `functions`) shown by the progress display and kept in the manifest. */
  count(kind: string, amount: number): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + amount;
    this.onProgress(this.counts);
  }
}

/**
 * Runs `send`; a definite "not found" from AWS (one of `notFound`, the API's documented error names, as
 * `isAwsNotFound` reads it: e.g. GetPolicy's ResourceNotFoundException when a function has no policy)
 * becomes undefined. Anything else, a reset or an unparseable answer included, is thrown: a gap, never an
 * empty result (docs/collection-faults.md).
 */
export async function unlessNotFound<T>(
  notFound: readonly string[],
  send: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    const cause = error instanceof AwsCallError ? error.cause : error;
    if (isAwsNotFound(cause, notFound)) return undefined;
    throw error;
  }
}

/** `{ [id]: entry[field] }` for results collected per parent resource (routes per API, rules per listener). */
export function byParent<E, K extends keyof E>(
  entries: E[],
  id: (entry: E) => string,
  field: K,
): Record<string, E[K]> {
  return Object.fromEntries(entries.map((entry) => [id(entry), entry[field]]));
}
