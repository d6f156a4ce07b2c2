import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../works/sanitize.js';
import { seededRandom } from '../prng.js';
import { extractContacts } from './contacts.js';
import { htmlToLines } from './html-lines.js';
import { normalizeSpaces, textToLines, type SourceLine } from './source-line.js';
import { TO_ESCAPE, UNEVEN_SPACE, textFlags } from './text-scan.js';

const random = seededRandom(31);
const rnd = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: T[]): T => xs[rnd(xs.length)] as T;
const CHARS = ['a', 'b', 'Z', 'é', '’', '—', '東', '😀', ' ', ' ', ' ', '  ', '\t', '\n', '\r', '\r\n', '\v', '\f', '\u00a0', '\u2003', '\u200b', '\u202f', '\u3000', '\ufeff', '\u2028', '\0', '&', '<', '>', '"', "'", '.'];
const text = (n: number): string => Array.from({ length: rnd(n) }, () => pick(CHARS)).join('');
// Mostly what story text is: words and single spaces, with a space at either end now and then.
const WORDS = ['a', 'word', 'Éclair', 'don’t', 'x&y', '“Hi”', '東京'];
const clean = (n: number): string => `${rnd(3) === 0 ? ' ' : ''}${Array.from({ length: 1 + rnd(n) }, () => pick(WORDS)).join(' ')}${rnd(3) === 0 ? ' ' : ''}`;

describe('textFlags', () => {
  const WS_RUN = /\s{2,}|[^\S ]/;
  it('flags every text the whitespace and escaping passes would change', () => {
    for (let k = 0; k < 20000; k++) {
      const s = text(12);
      const f = textFlags(s);
      if ((f & UNEVEN_SPACE) === 0) {
        expect([s, WS_RUN.test(s)]).toEqual([s, false]);
        expect([s, normalizeSpaces(s)]).toEqual([s, s]);
      }
      expect([s, (f & TO_ESCAPE) !== 0]).toEqual([s, /[&<>"']/.test(s)]);
      // Only NUL beside a space is flagged without need.
      if (!s.includes('\0')) expect([s, (f & UNEVEN_SPACE) !== 0]).toEqual([s, WS_RUN.test(s) || s.includes('\u200b')]);
    }
  });
});

describe('lines without the passes they do not need', () => {
  const inline = ['<b>', '</b>', '<i>', '</i>', '<em>', '</em>', '<span class="x">', '</span>', '<a href="s.html">', '</a>', '&amp;', '&nbsp;', '&lt;', '&#8217;', '&eacute;', '<br>', '<br/>'];
  const para = (): string => Array.from({ length: rnd(8) }, () => (rnd(3) === 0 ? pick(inline) : rnd(3) === 0 ? text(10) : clean(6))).join('');
  const block = (): string => {
    const t = pick(['p', 'div', 'h2', 'blockquote', 'pre', 'center', 'li', 'td']);
    return `<${t}${rnd(4) === 0 ? ' align="center"' : ''}>${para()}</${t}>${pick(['\n', '', '\n\n', '  '])}`;
  };
  it('reads generated pages exactly as with every pass on every piece of text', () => {
    for (let k = 0; k < 2000; k++) {
      const html = `<html><head><title>${text(8)}</title></head><body>${Array.from({ length: rnd(10) }, block).join('')}${rnd(2) ? para() : ''}</body></html>`;
      expect([html, htmlToLines(html)]).toEqual([html, htmlToLines.everyPass(html)]);
    }
  });
  it('splits plain text exactly as the line splitter it replaced', () => {
    // textToLines as it was: every line tested for characters to escape by a regex.
    const reference = (s: string, firstLine = 1): SourceLine[] =>
      normalizeSpaces(s)
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((raw, i) => {
          const t = raw.trimEnd();
          const trimmed = t.trimStart();
          return { text: trimmed === '' ? '' : t, html: /[&<>"']/.test(trimmed) ? escapeHtml(trimmed) : trimmed, line: firstLine + i, tag: 'p' };
        });
    for (let k = 0; k < 5000; k++) {
      const s = Array.from({ length: rnd(8) }, () => (rnd(2) ? clean(8) : text(12))).join(pick(['\n', '\r\n', '\n\n']));
      expect([s, textToLines(s, 3)]).toEqual([s, reference(s, 3)]);
    }
  });
});

describe('extractContacts skips text that cannot hold an address', () => {
  it('finds an address exactly where the address regexes do', () => {
    // The regexes extractContacts runs (copied): the look before them must not hide a match.
    const EMAIL = /(?:mailto:)?[\w.+'-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+/i;
    const URL = /\b(?:https?:\/\/|www\.)[^\s<>()"'\]]+[^\s<>()"'\].,;:!?]/i;
    const pieces = ['mia', '@', 'example', '.', 'com', ' ', '(at)', '(AT)', '[aT]', '(dot)', 'http://', 'HTTPS://', 'www.', 'WWW.', 'x.org', '<', '>', 'write to', 'email me', ':', '\n', 'at', 'and'];
    for (let k = 0; k < 5000; k++) {
      const s = Array.from({ length: rnd(14) }, () => pick(pieces)).join(pick(['', ' ']));
      const r = extractContacts(s);
      expect([s, r.contacts.length > 0]).toEqual([s, EMAIL.test(s) || URL.test(s)]);
      if (r.contacts.length === 0) expect(r.text).toBe(s);
    }
  });
});
