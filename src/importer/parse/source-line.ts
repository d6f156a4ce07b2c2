import { escapeHtml } from '../../works/sanitize.js';

/**
 * One line of a story file in a shape shared by every input format: plain text for header
 * reading, inline HTML for the story body, and the source line for problem reports. Blank
 * lines (text '') separate paragraphs, as in a plain-text file.
 */
export interface SourceLine {
  text: string;
  html: string;
  line: number;
  /** Block element the line came from in HTML ('p', 'h2', 'blockquote', 'hr'…); 'p' for text. */
  tag: string;
  /** Text alignment the HTML source gave the block (centred scene breaks, titles). */
  align?: 'center' | 'right';
}

/** Splits plain text into lines; no-break and other odd spaces become ordinary spaces. */
export function textToLines(text: string, firstLine = 1): SourceLine[] {
  const normal = normalizeSpaces(text);
  return (normal.includes('\r') ? normal.replace(/\r\n?/g, '\n') : normal)
    .split('\n')
    .map((raw, i) => {
      const t = raw.trimEnd();
      const trimmed = t.trimStart();
      const clean = trimmed === '' ? '' : t;
      return { text: clean, html: NEEDS_ESCAPE.test(trimmed) ? escapeHtml(trimmed) : trimmed, line: firstLine + i, tag: 'p' };
    });
}

const NEEDS_ESCAPE = /[&<>"']/;

export function normalizeSpaces(s: string): string {
  if (!hasOddSpace(s)) return s;
  return s.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/g, ' ').replace(/[\u200b\ufeff]/g, '');
}

/**
 * Whether `s` holds a character `normalizeSpaces` replaces. Two searches for the ones below
 * U+0100 and a regex for the rest, which V8 answers at once for text without characters past
 * U+00FF: a regex over the whole class tested every character of every line.
 */
function hasOddSpace(s: string): boolean {
  return s.includes('\t') || s.includes('\u00a0') || WIDE_ODD_SPACE.test(s);
}

const WIDE_ODD_SPACE = /[\u2000-\u200b\u202f\u205f\u3000\ufeff]/;

export function isBlank(l: SourceLine | undefined): boolean {
  return l === undefined || l.text.trim() === '';
}

/** Decorative scene/section separators: "~*~", "----", "***", "* * *", "=====", "oOo", "<hr>". */
export function isSeparator(l: SourceLine): boolean {
  if (l.tag === 'hr') return true;
  const t = l.text.trim();
  if (/^(?:[~*=#_\-+.•°·:<>|\\/^]\s*){3,}$/.test(t)) return true;
  return /^[~*=\-_\s]*(?:o+O+o+|x+X+x+|O+o+O+)[~*=\-_\s]*$/.test(t);
}
