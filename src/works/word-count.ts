/**
 * Word counting the way readers expect.
 *
 * Space-separated scripts count runs of letters/digits (apostrophes and hyphens inside a word
 * keep it one word: "don't", "well-known"). Scripts written without spaces (Han, Hiragana,
 * Katakana, Thai, Lao, Khmer, Myanmar) count one word per character, which is what CJK
 * archives report as "characters". A regex is used instead of Intl.Segmenter because the
 * segmenter turns quadratic on long chapters (see STACK-NOTES).
 */
const UNSPACED = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}`;
const TOKEN = new RegExp(
  String.raw`[${UNSPACED}]|(?:(?![${UNSPACED}])[\p{L}\p{N}])(?:(?![${UNSPACED}])[\p{L}\p{M}\p{N}]|['’\-‐](?=[\p{L}\p{N}])|(?<=\p{N})[.,](?=\p{N}))*`,
  'gu',
);

// The same rule without the unspaced scripts (what `countSpaced` implements by hand; kept
// as the reference the tests compare it with).
export const SPACED_TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|['’\-‐](?=[\p{L}\p{N}])|(?<=\p{N})[.,](?=\p{N}))*/gu;
const HAS_UNSPACED = new RegExp(`[${UNSPACED}]`, 'u');

/** Counts words in plain text. */
export function countWords(text: string): number {
  const n = countSpaced(text);
  return n >= 0 ? n : countWithRegex(text, TOKEN);
}

function countWithRegex(text: string, re: RegExp): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

/** The regexes' view of one code point, cached (the per-token regex is what counting cost). */
const OTHER = 1;
const MARK = 2;
const LETTER_OR_DIGIT = 3;
const DIGIT = 4;
const UNSPACED_CHAR = 5;
const IS_LN = /^[\p{L}\p{N}]$/u;
const IS_N = /^\p{N}$/u;
const IS_M = /^\p{M}$/u;
const bmpClass = new Uint8Array(0x10000);
const astralClass = new Map<number, number>();
function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (HAS_UNSPACED.test(ch)) return UNSPACED_CHAR;
  if (IS_N.test(ch)) return DIGIT;
  if (IS_LN.test(ch)) return LETTER_OR_DIGIT;
  if (IS_M.test(ch)) return MARK;
  return OTHER;
}
function classOf(cp: number): number {
  if (cp < 0x10000) {
    let c = bmpClass[cp] as number;
    if (c === 0) bmpClass[cp] = c = classify(cp);
    return c;
  }
  let c = astralClass.get(cp);
  if (c === undefined) astralClass.set(cp, (c = classify(cp)));
  return c;
}

/**
 * The scan's view of one UTF-16 code unit, for the hot loop: plain letters and plain
 * separators (nearly every character of a story) are decided without a branch; anything else
 * (digits, marks, surrogates, the unspaced scripts, and the characters with a rule of their
 * own: `<` `&` `'` `’` `-` `‐` `.` `,`) takes the careful path. Filled in as characters are met.
 */
const F_SEPARATOR = 0;
const F_LETTER = 1;
/** ' ’ - ‐ : join two words when between a word and a letter or digit. */
const F_JOINER = 2;
/** . , : join two digits. */
const F_POINT = 3;
const F_CAREFUL = 4;
const F_UNKNOWN = 5;
const fastClass = new Uint8Array(0x10000).fill(F_UNKNOWN);
fastClass.fill(F_CAREFUL, 0xd800, 0xe000);
for (const ch of '<&') fastClass[ch.charCodeAt(0)] = F_CAREFUL;
for (const ch of "'’-‐") fastClass[ch.charCodeAt(0)] = F_JOINER;
for (const ch of '.,') fastClass[ch.charCodeAt(0)] = F_POINT;
function fastClassOf(u: number): number {
  const c = classOf(u);
  return c === LETTER_OR_DIGIT ? F_LETTER : c === OTHER ? F_SEPARATOR : F_CAREFUL;
}

/**
 * SPACED_TOKEN's count by a scan over code points, or -1 when the text holds a character of
 * a script written without spaces (then TOKEN counts, as before). Same rule, token for token:
 * a word starts at a letter or digit and runs over letters, marks and digits, an apostrophe
 * or hyphen followed by a letter or digit, and a "." or "," between two digits.
 *
 * With `html`, the text is HTML counted as `countHtmlWords` counts it — a tag separates words,
 * and so do the entities that decode to a separator (&nbsp; &amp; &lt; &gt; &quot;) — without
 * building the stripped text first; -1 also for an entity that may decode to part of a word.
 *
 * Letters and separators go through a branch-free step (a word starts where a letter follows
 * a non-word character) in a loop of their own (`plainStretch`): a branch on letter-or-not
 * mispredicts every few characters, and was most of the scan's time. The tests compare the
 * scan with the regexes on generated text and HTML.
 */
function countSpaced(text: string, html = false): number {
  // (The careful steps below read and write the count in `s`, which plainStretch carries on.)
  const len = text.length;
  const s = stretch;
  s.words = 0;
  s.inWord = 0;
  s.digitEnd = -1;
  for (let i = plainStretch(text, 0, s); i < len; i = plainStretch(text, i, s)) {
    const u = text.charCodeAt(i);
    let c: number;
    let width = 1;
    if (u < 0xd800 || u > 0xdfff) c = classOf(u);
    else {
      const cp = text.codePointAt(i) as number;
      c = classOf(cp);
      if (cp > 0xffff) width = 2;
    }
    if (c === UNSPACED_CHAR) return -1;
    if (c === LETTER_OR_DIGIT || c === DIGIT) {
      s.words += 1 & ~s.inWord;
      s.inWord = 1;
      if (c === DIGIT) s.digitEnd = i + width;
    } else if (c === MARK) {
      // Continues a word, starts none.
    } else if (html && (u === 0x3c || u === 0x26)) {
      // One separator for a whole tag or entity (what stripping and decoding would leave).
      s.inWord = 0;
      if (u === 0x3c) {
        const gt = text.indexOf('>', i);
        if (gt !== -1) width = gt + 1 - i;
      } else {
        SEPARATOR_ENTITY.lastIndex = i;
        if (SEPARATOR_ENTITY.test(text)) width = SEPARATOR_ENTITY.lastIndex - i;
        else {
          COUNTED_ENTITY_AT.lastIndex = i;
          if (COUNTED_ENTITY_AT.test(text)) return -1;
        }
      }
    } else if (s.inWord === 1) {
      // Punctuation that joins only when what follows (or, for . and ,, both sides) fits.
      const joins = u === 0x27 || u === 0x2019 || u === 0x2d || u === 0x2010;
      const decimal = (u === 0x2e || u === 0x2c) && s.digitEnd === i;
      s.inWord = 0;
      if (joins || decimal) {
        const next = i + 1 < len ? classOf(text.codePointAt(i + 1) as number) : OTHER;
        if (next === UNSPACED_CHAR) return -1;
        if (joins ? next === LETTER_OR_DIGIT || next === DIGIT : next === DIGIT) s.inWord = 1;
      }
    }
    i += width;
  }
  return s.words;
}

interface ScanState {
  words: number;
  /** 1 inside a word (a number, for the branch-free step), else 0. */
  inWord: number;
  /** Where the last digit ended: a "." or "," right there sits after a digit. */
  digitEnd: number;
}
/** The count so far, carried between `plainStretch` and the careful steps of `countSpaced`. */
const stretch: ScanState = { words: 0, inWord: 0, digitEnd: -1 };

/**
 * Counts words over letters and plain separators from `from` on; returns where the first
 * other character stands (or the text's end). A loop this small compiles to a few
 * instructions a character.
 */
function plainStretch(text: string, from: number, s: ScanState): number {
  const len = text.length;
  const fast = fastClass;
  let words = s.words;
  let inWord = s.inWord;
  let i = from;
  for (; i < len; i++) {
    const u = text.charCodeAt(i);
    const f = fast[u] as number;
    if (f <= F_LETTER) {
      words += f & ~inWord;
      inWord = f;
      continue;
    }
    // The joining punctuation, where what follows decides without a closer look.
    if (f === F_JOINER) {
      if (inWord === 0) continue;
      const next = i + 1 < len ? fast[text.charCodeAt(i + 1)] : F_SEPARATOR;
      // Before a letter the word goes on (the letter does not start another).
      if (next === F_LETTER) continue;
      if (next === F_SEPARATOR) {
        inWord = 0;
        continue;
      }
      break;
    }
    if (f === F_POINT) {
      if (inWord === 1 && i === s.digitEnd) break;
      inWord = 0;
      continue;
    }
    if (f !== F_UNKNOWN) break;
    fast[u] = fastClassOf(u);
    i--;
  }
  s.words = words;
  s.inWord = inWord;
  return i;
}

const SEPARATOR_ENTITY = /&(?:nbsp|amp|lt|gt|quot);/iy;
const COUNTED_ENTITY_AT = /&(?:apos|#\d+|#x[0-9a-f]+);/iy;
const SCRIPT_OR_STYLE = /<(?:script|style)/i;
const SCRIPT_BLOCK = /<(script|style)[^>]*>[\s\S]*?<\/\1>/gi;
const COUNTED_ENTITY = /&(nbsp|amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi;

/** Strips tags and decodes the few entities that matter for counting, then counts. */
export function countHtmlWords(html: string): number {
  const hasScript = (html.includes('<s') || html.includes('<S')) && SCRIPT_OR_STYLE.test(html);
  if (!hasScript) {
    const n = countSpaced(html, true);
    if (n >= 0) return n;
  }
  return countStrippedHtml(html, hasScript);
}

/** `countHtmlWords` by stripping tags and decoding entities first (the reference the tests compare with). */
export function countStrippedHtml(html: string, hasScript = SCRIPT_OR_STYLE.test(html)): number {
  // htmlToText without its whitespace folding: spaces only separate words, so the count is the same.
  let text = hasScript ? html.replace(SCRIPT_BLOCK, ' ') : html;
  text = text.replace(/<[^>]*>/g, ' ');
  if (text.includes('&')) text = text.replace(COUNTED_ENTITY, (_m, e: string) => decodeEntity(e));
  return countWords(text);
}

/** A cheap HTML → text for counting and snippets: block tags become spaces, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => decodeEntity(e))
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntity(e: string): string {
  const lower = e.toLowerCase();
  switch (lower) {
    case 'nbsp': return ' ';
    case 'amp': return '&';
    case 'lt': return '<';
    case 'gt': return '>';
    case 'quot': return '"';
    case 'apos': return "'";
  }
  const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
  return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
}
