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

// The same rule without the unspaced scripts: most text has none of them and this is faster.
const SPACED_TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|['’\-‐](?=[\p{L}\p{N}])|(?<=\p{N})[.,](?=\p{N}))*/gu;
const HAS_UNSPACED = new RegExp(`[${UNSPACED}]`, 'u');

/** Counts words in plain text. */
export function countWords(text: string): number {
  const re = HAS_UNSPACED.test(text) ? TOKEN : SPACED_TOKEN;
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

/** Strips tags and decodes the few entities that matter for counting, then counts. */
export function countHtmlWords(html: string): number {
  return countWords(htmlToText(html));
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
