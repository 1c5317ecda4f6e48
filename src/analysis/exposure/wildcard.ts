/**
 * IAM-style wildcard matching (`*` any run, `?` one character), as used by StringLike/ArnLike conditions,
 * Action elements (case-insensitive) and resource patterns.
 */
const cache = new Map<string, RegExp>();

export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regex = cache.get(cacheKey);
  if (regex === undefined) {
    const body = pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    cache.set(cacheKey, regex);
  }
  return regex.test(value);
}
