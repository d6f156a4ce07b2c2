/**
 * One look at a piece of text that tells which of the usual clean-ups it needs at all. Story
 * text is nearly all letters and single spaces; the regexes that fold whitespace, replace odd
 * spaces and test for characters to escape each scanned every character of every line for
 * the rare ones, and together were a fifth of the parse. The whole-text passes still run when
 * this says so, so what they produce is unchanged.
 */

/** Whitespace other than single spaces (runs, tabs, line breaks), or an odd space or zero-width space. */
export const UNEVEN_SPACE = 1;
/** A character HTML text escapes: & < > " ' */
export const TO_ESCAPE = 2;
const UNKNOWN = 4;

// Flags by UTF-16 code unit, filled in as characters are met (a regex decides each once).
const flagsOf = new Uint8Array(0x10000).fill(UNKNOWN);
const ODD_SPACE = /[\s\u200b]/;
function classify(u: number): number {
  const ch = String.fromCharCode(u);
  if (u === 0x20) return 0;
  if (ODD_SPACE.test(ch)) return UNEVEN_SPACE;
  return '&<>"\''.includes(ch) ? TO_ESCAPE : 0;
}

/**
 * UNEVEN_SPACE and/or TO_ESCAPE when `s` holds such characters (two spaces in a row count as
 * uneven), else 0. Branch-free over the characters, so a few instructions each.
 */
export function textFlags(s: string): number {
  const len = s.length;
  const table = flagsOf;
  let flags = 0;
  // (Any value that cannot make 0x20 when or-ed with a character.)
  let prev = 1;
  for (let i = 0; i < len; i++) {
    const u = s.charCodeAt(i);
    flags |= (table[u] as number) | ((u | prev) === 0x20 ? UNEVEN_SPACE : 0);
    prev = u;
  }
  if ((flags & UNKNOWN) === 0) return flags;
  // Characters met for the first time: classify them, then look again.
  for (let i = 0; i < len; i++) {
    const u = s.charCodeAt(i);
    if (table[u] === UNKNOWN) table[u] = classify(u);
  }
  return textFlags(s);
}
