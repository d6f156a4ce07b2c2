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
  return normalizeSpaces(text)
    .replace(/\r\n?/g, '\n')
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
  if (!ODD_SPACE.test(s)) return s;
  return s.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/g, ' ').replace(/[\u200b\ufeff]/g, '');
}

const ODD_SPACE = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\t\ufeff]/;

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
