import { tagKey } from './tag-key.js';
import { pairKey } from './relationship-name.js';

/** Spelling similarity for wrangling suggestions: pure functions on tag names, 0 (unlike) to 1 (same). */

export function editDistance(a: string, b: string): number {
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
    prev = cur;
  }
  return prev[n] ?? Math.max(m, n);
}

/** Words of a name's key, without punctuation: "Spike/Willow (BtVS)" → spike, willow, btvs. */
export function tokens(name: string): string[] {
  return tagKey(name).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** The better of normalised edit distance and shared words; relationships compare order-insensitively. */
export function nameSimilarity(a: string, b: string): number {
  const ka = pairKey(a) ?? tagKey(a);
  const kb = pairKey(b) ?? tagKey(b);
  const edit = 1 - editDistance(ka, kb) / Math.max(ka.length, kb.length, 1);
  const ta = new Set(tokens(a));
  const tb = new Set(tokens(b));
  const shared = [...ta].filter((t) => tb.has(t)).length;
  const union = new Set([...ta, ...tb]).size;
  const jaccard = union === 0 ? 0 : shared / union;
  return Math.max(edit, jaccard);
}
