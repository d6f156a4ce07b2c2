/** Story HTML (already sanitized by the works store) to plain text for the full-text index. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h\d|\/blockquote|hr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .normalize('NFKC')
    .replace(WHITESPACE_RUN, foldWhitespace)
    .trim();
}

/**
 * What `.replace(/[ \t\r\f\v]+/g, ' ').replace(/\n\s*\n+/g, '\n')` does, on the runs of
 * whitespace only: a story holds a space between every two words, and replacing each of them
 * by itself cost most of `htmlToText`. A run (any `\s`) is first folded by the first rule and
 * then by the second, exactly as the two passes over the whole text would (`foldRegex` is
 * that reference; the tests compare both).
 */
const WHITESPACE_RUN = /\s{2,}|[\t\n\r\f\v]/g;
const BLANK_FREE = /[ \t\r\f\v]+/g;
const BLANK_LINES = /\n\s*\n+/g;

// The same few runs (a paragraph break, two spaces) make up nearly all of them: folded once each.
const FOLDED = new Map<string, string>();

function foldWhitespace(run: string): string {
  let out = FOLDED.get(run);
  if (out === undefined) {
    out = run.replace(BLANK_FREE, ' ').replace(BLANK_LINES, '\n');
    if (run.length <= 8 && FOLDED.size < 4096) FOLDED.set(run, out);
  }
  return out;
}

/** The two whitespace passes of `htmlToText` as they were written first (tests compare them). */
export function foldRegex(text: string): string {
  return text.replace(BLANK_FREE, ' ').replace(BLANK_LINES, '\n');
}

/** `htmlToText`'s whitespace folding, run by run (exported for the tests). */
export function foldRuns(text: string): string {
  return text.replace(WHITESPACE_RUN, foldWhitespace);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Marks set around matches by the databases' snippet functions, replaced after escaping. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** A database snippet with the marks above → safe HTML with <mark> elements. */
export function highlight(snippet: string): string {
  return escapeHtml(snippet).split(MARK_START).join('<mark>').split(MARK_END).join('</mark>');
}
