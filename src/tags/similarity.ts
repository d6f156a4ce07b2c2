import { tagKey } from './tag-key.js';
import { pairKey } from './relationship-name.js';

/** Spelling similarity for wrangling suggestions: pure functions on tag names, 0 (unlike) to 1 (same). */

/**
 * Levenshtein distance, or `max + 1` as soon as it is known to exceed `max` (a suggestion
 * scan compares one name with every canonical tag of its type, so most comparisons stop early).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    if (Math.min(...cur) > max) return max + 1;
    prev = cur;
  }
  return prev[n] ?? Math.max(m, n);
}

/** Words of a name's key, without punctuation: "Spike/Willow (BtVS)" → spike, willow, btvs. */
export function tokens(name: string): string[] {
  return tagKey(name).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/**
 * The better of normalised edit distance and shared words; relationships compare
 * order-insensitively. With `atLeast`, an edit similarity below it may come back as 0 (cheaper).
 */
export function nameSimilarity(a: string, b: string, atLeast = 0): number {
  const ka = pairKey(a) ?? tagKey(a);
  const kb = pairKey(b) ?? tagKey(b);
  const longest = Math.max(ka.length, kb.length, 1);
  const max = Math.floor((1 - atLeast) * longest);
  const d = editDistance(ka, kb, max);
  const edit = d > max ? 0 : 1 - d / longest;
  const ta = new Set(tokens(a));
  const tb = new Set(tokens(b));
  const shared = [...ta].filter((t) => tb.has(t)).length;
  const union = new Set([...ta, ...tb]).size;
  const jaccard = union === 0 ? 0 : shared / union;
  return Math.max(edit, jaccard);
}
