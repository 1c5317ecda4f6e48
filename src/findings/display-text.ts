/**
 * Names and messages that come from AWS are untrusted input: anyone who can name a function, a role or a
 * route chooses the characters a security analyst will read. Before such a text reaches a human-readable
 * surface (terminal table, attack path, report, web UI) it goes through `displayText`, which
 *
 * - makes control characters visible (a terminal escape sequence in a function name must not recolour or
 *   rewrite the screen), as `\x1b`, `\u0085`;
 * - makes the Unicode bidirectional controls visible as `<U+202E>` (a right-to-left override can make
 *   `admin-role` read as something else: the "Trojan Source" class, CVE-2021-42574);
 * - cuts absurdly long values with a marker saying how much was left out.
 *
 * Machine-readable output (the Finding JSON) keeps the full, unaltered value. Escaping for HTML or Markdown
 * is the surface's own job, after this. Pure.
 */

/** Longest text a human-readable surface shows for one name or field before cutting it. */
export const DISPLAY_MAX_LENGTH = 256;

// General category Cc: C0 controls (tab included: it breaks table columns), DEL and C1 controls.
const CONTROL = /\p{Cc}/gu;
// Explicit bidirectional formatting characters, per Unicode's Bidi_Control property, plus the line and
// paragraph separators that some terminals and editors honour as new lines.
const BIDI_AND_SEPARATORS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;

function codePointLabel(character: string): string {
  return `<U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function controlEscape(character: string): string {
  const code = character.codePointAt(0)!;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text as it may be shown to a person: controls visible, length bounded. */
export function displayText(value: string, maxLength: number = DISPLAY_MAX_LENGTH): string {
  const visible = value.replace(CONTROL, controlEscape).replace(BIDI_AND_SEPARATORS, codePointLabel);
  if (visible.length <= maxLength) return visible;
  // Never cut a surrogate pair in half (that would print a replacement character).
  const end = /[\ud800-\udbff]/u.test(visible[maxLength - 1] ?? '') ? maxLength - 1 : maxLength;
  const kept = visible.slice(0, end);
  return `${kept}… [${visible.length - kept.length} more characters]`;
}

/** True when `displayText` would change the text: the value holds controls or is too long to show whole. */
export function needsNeutralising(value: string, maxLength: number = DISPLAY_MAX_LENGTH): boolean {
  return displayText(value, maxLength) !== value;
}
