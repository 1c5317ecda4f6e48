/**
 * Every name in a report comes from AWS and is untrusted: whoever names a function or a route chooses the
 * characters. Each text goes through `displayText` (controls and bidi characters made visible, length
 * bounded; src/findings/display-text.ts) and then through the escaping of the format it lands in, so that
 * no name can add markup, script, a link, a table column or a diagram node. Our own texts (remediation,
 * from the detection headers) are escaped the same way but not cut (`maxLength: Infinity`). Pure.
 */
import { DISPLAY_MAX_LENGTH, displayText } from '../findings/display-text.js';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and quoted attribute values (also SVG text). */
export function html(value: string, maxLength = DISPLAY_MAX_LENGTH): string {
  return displayText(value, maxLength).replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}

/**
 * Text for Markdown (GitHub-flavoured) paragraphs, lists and table cells: every character Markdown or
 * inline HTML gives a meaning to is backslash-escaped, and `<`, `>`, `&` become entities, so a name can
 * neither open a tag, a link, an emphasis or a code span nor split a table row.
 */
export function markdown(value: string, maxLength = DISPLAY_MAX_LENGTH): string {
  return displayText(value, maxLength)
    .replace(/[\\`*_{}[\]()#+\-.!|~:]/g, (character) => `\\${character}`)
    .replace(/[&<>"]/g, (character) => HTML_ENTITIES[character]!);
}

/**
 * A Mermaid node label, to be put between double quotes: every character other than letters, digits and
 * a few plain punctuation marks becomes a Mermaid entity code (`#35;`), so a label can close neither the
 * quotes, the node, the diagram nor the Markdown fence around it.
 */
export function mermaidLabel(value: string): string {
  return displayText(value).replace(/[^A-Za-z0-9 ,/@=]/gu, (character) => `#${character.codePointAt(0)};`);
}
