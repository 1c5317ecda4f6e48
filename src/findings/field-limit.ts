/**
 * The size limit of the Finding JSON (docs/output.md "Field size limit"). Names, route keys and evidence
 * texts come from AWS and from policy statements an attacker may write; a finding must stay a bounded
 * record that every consumer (SIEM, ticketing, the API) accepts. Every string field is kept whole up to
 * `FIELD_MAX_LENGTH` characters, far above any AWS identifier (ARNs are at most 2,048 characters), and cut
 * beyond it with a marker saying how much was left out; `truncatedFields` names each cut field by its JSON
 * path, so a machine never mistakes a cut value for a whole one. Pure.
 */
import type { Finding } from './finding.js';

/** Longest string a Finding JSON field holds, in UTF-16 code units (JavaScript string length). */
export const FIELD_MAX_LENGTH = 8_192;

/** The value cut to the limit, marker included; the same value when it fits. */
export function boundedText(value: string, maxLength: number = FIELD_MAX_LENGTH): string {
  if (value.length <= maxLength) return value;
  const marker = (left: number) => `… [cut: ${left} more characters]`;
  // The marker counts against the limit; never cut a surrogate pair in half.
  let end = maxLength - marker(value.length).length;
  if (/[\ud800-\udbff]/u.test(value[end - 1] ?? '')) end -= 1;
  return `${value.slice(0, end)}${marker(value.length - end)}`;
}

/** The finding with every string field within the limit, and the paths of those that were cut. */
export function boundFinding(finding: Finding, maxLength: number = FIELD_MAX_LENGTH): Finding {
  const { truncatedFields: _, ...fields } = finding;
  const cut: string[] = [];
  const bound = (value: unknown, where: string): unknown => {
    if (typeof value === 'string') {
      const kept = boundedText(value, maxLength);
      if (kept !== value) cut.push(where);
      return kept;
    }
    if (Array.isArray(value)) return value.map((item, index) => bound(item, `${where}[${index}]`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, bound(item, where ? `${where}.${key}` : key)]),
      );
    }
    return value;
  };
  const bounded = bound(fields, '') as Finding;
  return cut.length > 0 ? { ...bounded, truncatedFields: cut } : bounded;
}
