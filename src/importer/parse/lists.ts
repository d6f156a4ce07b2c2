/**
 * Splitting list values the way they were written. Entries are kept verbatim (trimmed); only
 * the separators between them are interpreted.
 */

/** "A and B", "A & B", "A, B" → names. */
export function splitNames(s: string): string[] {
  return s
    .split(/\s*(?:,|;|&|\+|\band\b|\bund\b|\bet\b)\s*/i)
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
}

/** Comma/semicolon lists (tags, fandoms); "and" is part of a tag ("Hurt and Comfort"). */
export function splitList(s: string): string[] {
  return s
    .split(/\s*(?:[,;\n•]|\s\|\s)\s*/)
    .map((p) => p.trim().replace(/\.$/, '').trim())
    .filter((p) => p.length > 0 && !isNone(p));
}

/** Character lists: commas, semicolons, "and", "&". */
export function splitCharacters(s: string): string[] {
  return s
    .split(/\s*(?:[,;\n•]|\s&\s|\band\b)\s*/i)
    .map((p) => p.trim().replace(/\.$/, '').trim())
    .filter((p) => p.length > 0 && !isNone(p));
}

const PAIRING = /\S\s*\/\s*\S|\s[xX×]\s|\S\s*&\s*\S/;

export function isPairing(s: string): boolean {
  return PAIRING.test(s);
}

/**
 * Pairings "A/B, C/D", "A x B", "A/B and C/D". "and" splits only when both sides are pairings,
 * so "Mulder and Scully" stays one entry as written.
 */
export function splitPairings(s: string): string[] {
  return s
    .split(/\s*[,;\n•]\s*/)
    .flatMap((p) => {
      const halves = p.split(/\s+and\s+/i);
      return halves.length > 1 && halves.every(isPairing) ? halves : [p];
    })
    .map((p) => p.trim().replace(/\.$/, '').trim())
    .filter((p) => p.length > 0 && !isNone(p));
}

export function isNone(s: string): boolean {
  return /^(?:none|n\/a|na|nobody|no one|-+|nil|not applicable|\(none\))\.?$/i.test(s.trim());
}
