import { describe, expect, it } from 'vitest';
import { foldRegex, foldRuns, htmlToText } from './plain-text.js';

describe('htmlToText whitespace folding', () => {
  it('folds blanks to one space and blank lines to one line break', () => {
    expect(htmlToText('<p>One  two\t three</p>\n\n\n<p>Four</p>')).toBe('One two three\nFour');
  });
  it('folds run by run exactly as the two whole-text passes it replaced', () => {
    const alphabet = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u3000', '\u2028', '\ufeff', 'a', 'b'];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) >>> 8);
    for (let c = 0; c < 20000; c++) {
      const len = next() % 12;
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
      expect(foldRuns(s), JSON.stringify(s)).toBe(foldRegex(s));
    }
  });
});
