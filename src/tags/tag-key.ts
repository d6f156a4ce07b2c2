/**
 * A tag's identity: its name after Unicode NFKC normalisation and full case folding, with
 * whitespace collapsed. Computed here, in JavaScript, and stored in `name_key`, so every
 * database compares the same strings (SQLite's NOCASE folds ASCII only).
 *
 * toUpperCase().toLowerCase() gives full case folding for the cases toLowerCase misses:
 * "ß" → "SS" → "ss", final sigma "ς" → "Σ" → "σ".
 */
export function tagKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase().toLowerCase().normalize('NFKC');
}

/** Display form of a tag name as stored: NFC, trimmed, inner whitespace collapsed. */
export function cleanTagName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}
