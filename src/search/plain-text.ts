/** Story HTML (already sanitized by the works store) to plain text for the full-text index. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

export function htmlToText(html: string): string {
  return scanToText(html) ?? htmlToTextByRegex(html);
}

/** `htmlToText` as a chain of whole-text passes: the reference, and the way for unusual text. */
export function htmlToTextByRegex(html: string): string {
  return html
    .replace(BREAK_TAG, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(ENTITY, (m, e: string) => {
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

const BREAK_TAG = /<(br|\/p|\/div|\/li|\/h\d|\/blockquote|hr)\b[^>]*>/gi;
const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi;
const NAMED_ENTITY_AT = /&([a-z]+);/iy;

/**
 * What the scan makes of each UTF-16 code unit. SAFE: a character NFKC leaves alone wherever
 * it stands (checked one by one: it is its own NFKC form, is no combining mark, and lies in a
 * block without characters that compose with the one before; the tests check them in
 * context too). Anything else (accents written as combining marks, ligatures, no-break and
 * other odd spaces, astral characters…) is UNSAFE: the text goes the regex way.
 */
export const K_SAFE = 0;
const K_SPACE = 1;
/** Whitespace NFKC keeps (\t \n \v \f \r U+1680 U+2028 U+2029 U+FEFF). */
export const K_BLANK = 2;
const K_LT = 3;
const K_AMP = 4;
const K_UNSAFE = 5;
const K_UNKNOWN = 6;
const kinds = new Uint8Array(0x10000).fill(K_UNKNOWN);
const SAFE_BLOCKS: [number, number][] = [[0x0000, 0x02ff], [0x0370, 0x04ff], [0x1680, 0x1680], [0x2000, 0x206f], [0x20a0, 0x20cf], [0x2100, 0x214f], [0xfeff, 0xfeff]];
/** How the scan takes a code unit (exported for the tests). */
export function kindOf(u: number): number {
  if (u === 0x20) return K_SPACE;
  if (u === 0x3c) return K_LT;
  if (u === 0x26) return K_AMP;
  const ch = String.fromCharCode(u);
  if (!SAFE_BLOCKS.some(([from, to]) => u >= from && u <= to) || ch.normalize('NFKC') !== ch || /\p{M}/u.test(ch)) return K_UNSAFE;
  return /\s/.test(ch) ? K_BLANK : K_SAFE;
}

/**
 * The next character from `from` on that is not text or a single space between text (two
 * spaces in a row stop at the second). Kept apart from the rest of the scan: this loop is
 * where the time goes, and alone it compiles to a few instructions a character.
 */
function nextStop(html: string, from: number): number {
  const len = html.length;
  const kind = kinds;
  // `from` is 0 or just past a run of whitespace, so it never holds a second space.
  let prev = 0;
  for (let i = from; i < len; i++) {
    const u = html.charCodeAt(i);
    const k = kind[u] as number;
    // Text and single spaces take no branch (word boundaries are not predictable).
    const twoSpaces = (u | prev) === 0x20;
    prev = u;
    if (k <= K_SPACE && !twoSpaces) continue;
    if (k !== K_UNKNOWN) return i;
    kind[u] = kindOf(u);
    prev = i > from ? html.charCodeAt(i - 1) : 0;
    i--;
  }
  return len;
}

/** Whether the tag at `at` is one `BREAK_TAG` matches: its name (letters, digits, _) in any case. */
function isBreakTag(html: string, at: number): boolean {
  let from = at + 1;
  const closing = html.charCodeAt(from) === 0x2f;
  if (closing) from++;
  let to = from;
  while (to < html.length && isWordChar(html.charCodeAt(to))) to++;
  if (to - from > 10) return false;
  const name = html.slice(from, to).toLowerCase();
  return closing ? CLOSING_BREAKS.has(name) || /^h\d$/.test(name) : name === 'br' || name === 'hr';
}

const CLOSING_BREAKS = new Set(['p', 'div', 'li', 'blockquote']);

/** A character of the regex `\w` (what `\b` looks at). */
function isWordChar(u: number): boolean {
  return (u >= 0x61 && u <= 0x7a) || (u >= 0x41 && u <= 0x5a) || (u >= 0x30 && u <= 0x39) || u === 0x5f;
}

/**
 * A run of whitespace kept as what `foldWhitespace` folds it to, which blanks and line breaks
 * alone decide: blanks ([ \t\r\f\v]) before any line break fold to one space, everything
 * from the first line break to the last to one line break, blanks after the last one to one
 * space. So a run is three bits, and its folded form one of these strings.
 */
const LEADING_BLANK = 1;
const LINE_BREAK = 2;
const TRAILING_BLANK = 4;
const FOLDED_RUN = ['', ' ', '\n', ' \n', '', '', '\n ', ' \n '];
const addBlank = (run: number): number => run | (run & LINE_BREAK ? TRAILING_BLANK : LEADING_BLANK);
const addLineBreak = (run: number): number => (run | LINE_BREAK) & ~TRAILING_BLANK;

/**
 * `htmlToTextByRegex`'s answer in one scan, for the text story bodies nearly always are:
 * characters NFKC leaves alone (so the normalization is skipped), tags, and the named
 * entities that decode to such characters. Text is copied a stretch at a time; only runs of
 * whitespace other than one space between words (with the tags inside them: a break tag adds
 * a line break to its run) are folded, as `foldWhitespace` folds them. Returns null for
 * anything else (an odd character, a numeric or unknown entity, a bare "&", a "<" with no
 * ">" or inside a tag): the caller then runs the regex chain. Five passes over every chapter
 * and its NFKC normalization were most of the parse workers' text-preparing time.
 */
export function scanToText(html: string): string | null {
  const len = html.length;
  const kind = kinds;
  let out = '';
  // html[copied, i) is text still to be appended to `out`.
  let copied = 0;
  for (let i = nextStop(html, 0); i < len; i = nextStop(html, i)) {
    const k = kind[html.charCodeAt(i)] as number;
    if (k === K_UNSAFE) return null;
    // The run starts at the spaces before this character.
    while (i > copied && html.charCodeAt(i - 1) === 0x20) i--;
    out += html.slice(copied, i);
    // A run of whitespace, tags and entities, gathered up to the next character of text.
    let run = 0;
    for (; i < len; i++) {
      const v = html.charCodeAt(i);
      let kv = kind[v] as number;
      if (kv === K_UNKNOWN) kind[v] = kv = kindOf(v);
      if (kv === K_SPACE) run = addBlank(run);
      else if (kv === K_BLANK) {
        if (v === 0x0a) run = addLineBreak(run);
        else if (v === 0x09 || v === 0x0b || v === 0x0c || v === 0x0d) run = addBlank(run);
        // U+1680, U+2028, U+2029, U+FEFF: folded by the regex chain.
        else return null;
      } else if (kv === K_LT) {
        const gt = html.indexOf('>', i + 1);
        if (gt === -1 || html.lastIndexOf('<', gt) !== i) return null;
        if (isBreakTag(html, i)) run = addLineBreak(run);
        i = gt;
      } else if (kv === K_AMP) {
        NAMED_ENTITY_AT.lastIndex = i;
        const m = NAMED_ENTITY_AT.exec(html);
        const name = m === null ? '' : (m[1] as string).toLowerCase();
        // Only what decodes to characters NFKC leaves alone ("…" is three dots in NFKC).
        const by = Object.hasOwn(ENTITIES, name) ? (ENTITIES[name] as string) : '…';
        if (by === '…') return null;
        i = NAMED_ENTITY_AT.lastIndex - 1;
        if (by === ' ') run = addBlank(run);
        else {
          // Text: ends the run (decoded entities are not looked at again, as in the regex chain).
          out += FOLDED_RUN[run] as string;
          out += by;
          run = 0;
        }
      } else break;
    }
    out += FOLDED_RUN[run] as string;
    copied = i;
  }
  out += html.slice(copied);
  return out.trim();
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
