import { MARK_END, MARK_START } from './plain-text.js';

/**
 * A highlighted excerpt of a story's text found in JavaScript: the first place any of the
 * phrases occurs, about 24 words around it, every phrase occurrence in it between MARK_START
 * and MARK_END, '…' where text was cut. Cheaper than the database's snippet() for long texts
 * (one case-folded search instead of tokenizing the whole text), but only for phrases of
 * ASCII letters and digits; null when it cannot decide (other letters, a text whose lower case
 * changes its length, or no occurrence found), and the caller asks the database instead.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const LETTER = /[\p{L}\p{N}]/u;
const BEFORE = 10;
const WORDS = 24;

export function quickSnippet(text: string, phrases: readonly (readonly string[])[]): string | null {
  if (text.length === 0 || phrases.length === 0) return null;
  if (phrases.some((p) => p.length === 0 || p.some((t) => !/^[a-z0-9]+$/.test(t)))) return null;
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return null;
  const source = phrases.map((p) => `(?<![\\p{L}\\p{N}\\p{M}])${p.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}\\p{M}])`).join('|');
  const first = new RegExp(source, 'u').exec(lower);
  if (!first) return null;
  const at = first.index;
  // Words around the match, read from a window of the text (no need to tokenize all of it).
  const from = Math.max(0, at - 400);
  const to = Math.min(text.length, at + first[0].length + 800);
  const region = text.slice(from, to);
  const words = [...region.matchAll(WORD)].map((m) => ({ start: from + m.index, end: from + m.index + m[0].length }));
  // A window edge inside the text may cut a word in two: drop those halves.
  if (from > 0 && words.length > 0 && words[0]!.start === from) words.shift();
  if (to < text.length && words.length > 0 && words[words.length - 1]!.end === to) words.pop();
  const i0 = words.findIndex((w) => w.start >= at);
  if (i0 < 0) return null;
  const lo = Math.max(0, i0 - BEFORE);
  const hi = Math.min(words.length - 1, lo + WORDS - 1);
  const start = words[lo]!.start;
  const end = Math.max(words[hi]!.end, at + first[0].length);
  const slice = text.slice(start, end);
  const marked = markAll(slice, new RegExp(source, 'gu'));
  if (!marked.includes(MARK_START)) return null;
  const hasBefore = LETTER.test(text.slice(0, start));
  const hasAfter = LETTER.test(text.slice(end));
  return `${hasBefore ? '…' : ''}${marked}${hasAfter ? '…' : ''}`;
}

/** Marks every match of `re` (run on the lower-cased text) in the original text. */
function markAll(slice: string, re: RegExp): string {
  const lower = slice.toLowerCase();
  let out = '';
  let last = 0;
  for (const m of lower.matchAll(re)) {
    out += slice.slice(last, m.index) + MARK_START + slice.slice(m.index, m.index + m[0].length) + MARK_END;
    last = m.index + m[0].length;
  }
  return out + slice.slice(last);
}
