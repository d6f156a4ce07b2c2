import { describe, expect, it } from 'vitest';
import { seededRandom } from '../importer/prng.js';
import { K_BLANK, K_SAFE, foldRegex, foldRuns, htmlToText, htmlToTextByRegex, kindOf } from './plain-text.js';

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

describe('htmlToText in one scan', () => {
  it('takes as safe only characters NFKC leaves alone, also beside each other', () => {
    const safe: string[] = [];
    for (let u = 0; u < 0x10000; u++) {
      const k = kindOf(u);
      if (k === K_SAFE || k === K_BLANK) safe.push(String.fromCharCode(u));
    }
    expect(safe.length).toBeGreaterThan(1000);
    // Every pair: NFKC composes and reorders only neighbours, so pairs are what can go wrong.
    const bad: string[] = [];
    for (const a of safe) for (const b of safe) if ((a + b).normalize('NFKC') !== a + b) bad.push(a + b);
    expect(bad).toEqual([]);
  });
  it('gives what the regex chain gives, on generated story HTML', () => {
    const pieces = [
      'word', 'Éé', 'ü', '’', '“', '—', ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', '\r\n', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b', '.', '>', '\0', ' \0 ', '   ', '\u1680', '\u2029', ' \r ',
      '<p>', '</p>', '<P>', '</P >', '</ p>', '<br />', '<br>', '<BR/>', '<brx>', '<br_x>', '</h12>', '</hx>', '</H6 id="a">', '</blockquotes>', '</Div class="x">', '</LI>', '<hr>', '<Hr/>', '</br>', '<p/>', '<hr />', '</h2>', '</blockquote>', '</div>', '</li>', '<em>', '</em>', '<a href="x.html" rel="nofollow">', '</a>', '<p style="text-align: center">',
      '&amp;', '&AMP;', '&lt;', '&gt;', '&quot;', '&apos;', '&nbsp;', '&NBSP;', '&mdash;', '&hellip;', '&rsquo;', '&copy;', '&#233;', '&#x41;', '&#0;', '&amp', '&', '&constructor;',
      '<', '<<p>', '<b<i>>', 'e\u0301', 'ﬁ', '²', '𝐀', '😀', '\ud800', 'ж', 'ά', '한',
    ];
    const random = seededRandom(5);
    const rnd = (n: number) => Math.floor(random() * n);
    // Mostly plain pieces, so that many cases take the scan all the way.
    const plain = pieces.slice(0, pieces.indexOf('&amp;') + 7);
    for (let k = 0; k < 20000; k++) {
      const from = k % 2 === 0 ? plain : pieces;
      let t = '';
      const len = rnd(60);
      for (let i = 0; i < len; i++) t += from[rnd(from.length)];
      expect([t, htmlToText(t)]).toEqual([t, htmlToTextByRegex(t)]);
    }
  });
});
