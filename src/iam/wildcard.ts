/**
 * IAM wildcards: `*` any run of characters (including `/` and `:`), `?` exactly one character.
 * Compiled patterns are cached because policies repeat the same few patterns.
 */
const cache = new Map<string, RegExp>();

export function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regexp = cache.get(cacheKey);
  if (!regexp) {
    const body = pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regexp = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    cache.set(cacheKey, regexp);
  }
  return regexp;
}

export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return wildcardRegExp(pattern, ignoreCase).test(value);
}
