import { describe, expect, it } from 'vitest';
import { DISPLAY_MAX_LENGTH, displayText, needsNeutralising } from '../../src/findings/display-text.js';

describe('displayText', () => {
  it.each([
    ['plain names pass unchanged', 'billing-webhook', 'billing-webhook'],
    ['ANSI escape made visible', 'fn\u001b[31mred', 'fn\\x1b[31mred'],
    ['tab and newline made visible', 'a\tb\nc', 'a\\x09b\\x0ac'],
    ['DEL and C1 controls', 'a\u007fb\u0085c\u009bd', 'a\\x7fb\\x85c\\x9bd'],
    ['right-to-left override (CVE-2021-42574)', 'admin\u202Eelor', 'admin<U+202E>elor'],
    ['isolates and marks', '\u2066x\u2069\u200e\u200f\u061c', '<U+2066>x<U+2069><U+200E><U+200F><U+061C>'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a<U+2028>b<U+2029>c'],
    ['other unicode stays readable', 'fonction-café-数据', 'fonction-café-数据'],
  ])('%s', (_, input, expected) => {
    expect(displayText(input)).toBe(expected);
    expect(needsNeutralising(input)).toBe(input !== expected);
  });

  it('cuts a long value with a marker that says how much was left out', () => {
    const long = 'x'.repeat(DISPLAY_MAX_LENGTH + 44);
    expect(displayText(long)).toBe(`${'x'.repeat(DISPLAY_MAX_LENGTH)}… [44 more characters]`);
    expect(displayText('abcdef', 4)).toBe('abcd… [2 more characters]');
    expect(displayText('abcd', 4)).toBe('abcd');
  });

  it('never cuts a surrogate pair in half', () => {
    expect(displayText('ab😀cd', 3)).toBe('ab… [4 more characters]');
  });
});
