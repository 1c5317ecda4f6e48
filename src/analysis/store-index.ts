/**
 * Pure: data stores indexed by the resource ARN each access rule asks about (docs/data-stores.md "At
 * scale"), so that a policy's resource pattern finds the stores it can match without visiting the others.
 * Keys are the ARN with its partition, service, region and account segments lower-cased (IAM compares
 * them case-insensitively) and its resource part as is (compared case-sensitively): every ARN a pattern
 * covers starts with the pattern's key up to its first wildcard, so a sorted list and that prefix bound the
 * candidates; `resourceMatches` then decides each one exactly.
 */
import { resourceMatches, splitArn } from '../iam/arn.js';
import { compareCodeUnits } from './code-unit-order.js';

export interface IndexedEntry<S> {
  readonly store: S;
  /** The ARN the access rule asks about (the store itself, or any object of a bucket). */
  readonly resource: string;
  readonly key: string;
}

export interface ResourceIndex<S> {
  /** Every entry, sorted by key. */
  readonly entries: readonly IndexedEntry<S>[];
}

/** The comparison key of an ARN: prefix segments lower-cased, resource part untouched. */
export function resourceKey(arn: string): string {
  const parts = splitArn(arn);
  if (!parts) return arn;
  return `${parts.slice(0, 5).join(':').toLowerCase()}:${parts[5]}`;
}

export function indexResources<S>(stores: readonly S[], resourceOf: (store: S) => string): ResourceIndex<S> {
  const entries = stores.map((store) => {
    const resource = resourceOf(store);
    return { store, resource, key: resourceKey(resource) };
  });
  entries.sort((a, b) => compareCodeUnits(a.key, b.key));
  return { entries };
}

/** The entries a pattern covers. `*`, a policy variable or a non-ARN pattern scan every entry. */
export function entriesMatching<S>(index: ResourceIndex<S>, pattern: string): IndexedEntry<S>[] {
  if (pattern === '*') return [...index.entries];
  const range = pattern.includes('${') || !splitArn(pattern) ? index.entries : withPrefix(index, pattern);
  return range.filter((entry) => resourceMatches(pattern, entry.resource));
}

function withPrefix<S>(index: ResourceIndex<S>, pattern: string): readonly IndexedEntry<S>[] {
  const key = resourceKey(pattern);
  const wildcard = key.search(/[*?]/);
  const prefix = wildcard < 0 ? key : key.slice(0, wildcard);
  const { entries } = index;
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle]!.key < prefix) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < entries.length && entries[end]!.key.startsWith(prefix)) end++;
  return entries.slice(low, end);
}
