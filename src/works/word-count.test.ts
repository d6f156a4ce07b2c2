import { describe, expect, it } from 'vitest';
import { seededRandom } from '../importer/prng.js';
import { SPACED_TOKEN, countHtmlWords, countStrippedHtml, countWords, htmlToText } from './word-count.js';

describe('word count', () => {
  it('counts English the way readers expect', () => {
    expect(countWords('The quick brown fox.')).toBe(4);
    expect(countWords("Don't stop — it's a well-known trick, isn’t it?")).toBe(8);
    expect(countWords('Chapter 3: 1,000 steps in 2.5 hours')).toBe(7);
    expect(countWords('  ')).toBe(0);
    expect(countWords('café naïve résumé')).toBe(3);
  });
  it('counts characters for scripts written without spaces', () => {
    expect(countWords('第九温室の朝ごはん')).toBe(9);
    expect(countWords('カタカナ')).toBe(4);
    expect(countWords('สวัสดี')).toBe(6);
    expect(countWords('Hello 世界')).toBe(3);
  });
  it('counts HTML text only', () => {
    expect(countHtmlWords('<p>One <em>two</em></p><p>three&nbsp;four</p><script>no count</script>')).toBe(4);
    expect(htmlToText('<p>A&amp;B &#233;</p>')).toBe('A&B é');
  });
  it('stays linear on a long chapter', () => {
    const long = 'word '.repeat(300_000);
    expect(countWords(long)).toBe(300_000);
  });
  it('counts exactly as the word regex does (the hand-written scan is only faster)', () => {
    const byRegex = (t: string) => t.match(new RegExp(SPACED_TOKEN.source, 'gu'))?.length ?? 0;
    const alphabet = [...'ab Z9 0.,\'’-‐_\n\t!?', '\u0301', '\u00b2', 'é', 'ß', '\u00a0', 'Ⅻ', '٣', '𝐀', '😀', '\ud800', 'ж', '\u05d0'];
    const random = seededRandom(7);
    const rnd = (n: number) => Math.floor(random() * n);
    for (let k = 0; k < 3000; k++) {
      let t = '';
      const len = rnd(40);
      for (let i = 0; i < len; i++) t += alphabet[rnd(alphabet.length)];
      expect([t, countWords(t)]).toEqual([t, byRegex(t)]);
    }
    for (const t of ["rock'n'roll 3.14 1,000,000 x-ray -5 '97 ’tis foo- -bar a.b 1.a a.1", 'e\u0301te\u0301 ²3.5 Ⅻ.1']) expect(countWords(t)).toBe(byRegex(t));
  });
  it('counts HTML in one scan exactly as stripping tags and decoding entities first does', () => {
    const alphabet = [...'ab Z9 .,\'-<>&;#x\n', '<p>', '</p>', '<br />', '<em>', '<a href="x">', '<script>', '</script>', '<style>', '&amp;', '&AMP;', '&nbsp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x41;', '&#0000000065;', '&#32;', '&copy;', '&amp', '東', 'é', '\u0301'];
    const random = seededRandom(11);
    const rnd = (n: number) => Math.floor(random() * n);
    for (let k = 0; k < 20000; k++) {
      let t = '';
      const len = rnd(30);
      for (let i = 0; i < len; i++) t += alphabet[rnd(alphabet.length)];
      expect([t, countHtmlWords(t)]).toEqual([t, countStrippedHtml(t)]);
    }
  });
});

describe('word count scan on long generated text', () => {
  // Words of letters, digits, marks and joiners between every kind of separator, tags and
  // entities: long enough that the scan's branch-free and careful steps interleave.
  const pieces = ['word', 'Éé', 'naïve', '12', '3.5', '1,000', "don't", 'isn’t', 'well-known', 'x‐ray', 'e\u0301', '\u0301', ' ', '  ', '\n', '\t', '.', ',', "'", '’', '-', '‐', '!', '"', '(', ')', '\u00a0', '²', 'Ⅻ', '٣', '𝐀', '𝟘', '😀', '\ud800', '\udc00', 'жизнь', '\u05d0'];
  const htmlPieces = [...pieces, '<p>', '</p>', '<br />', '<em>', '</em>', '<a href="x.html">', '&amp;', '&nbsp;', '&lt;', '&gt;', '&quot;', '&amp', '<', '&', '>'];
  const random = seededRandom(23);
  const rnd = (n: number) => Math.floor(random() * n);
  const generate = (from: string[]) => {
    let t = '';
    const len = rnd(400);
    for (let i = 0; i < len; i++) t += from[rnd(from.length)];
    return t;
  };
  it('counts plain text exactly as the word regex does', () => {
    const byRegex = (t: string) => t.match(new RegExp(SPACED_TOKEN.source, 'gu'))?.length ?? 0;
    for (let k = 0; k < 3000; k++) {
      const t = generate(pieces);
      expect([t, countWords(t)]).toEqual([t, byRegex(t)]);
    }
  });
  it('counts HTML exactly as stripping tags and decoding entities first does', () => {
    for (let k = 0; k < 3000; k++) {
      const t = generate(htmlPieces);
      expect([t, countHtmlWords(t)]).toEqual([t, countStrippedHtml(t)]);
    }
  });
});
