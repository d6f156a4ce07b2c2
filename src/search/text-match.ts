import type { Db } from '../db/connect.js';
import type { ParsedQuery, TextTerm } from './query-language.js';
import { ALL_COLUMNS, META_COLUMNS, foldTokens, minCounts, packedBits, tfOf } from './meta-text.js';
import type { MetaText } from './meta-text.js';
import { lowerBound } from './int-buffer.js';
import { bodyMatches, metaPhraseWorks } from './text-index.js';

/**
 * A parsed query's text matches and their ranking: words in the metadata come from the
 * in-memory MetaText, words in the story text from the database's full-text index
 * (text-index.ts); a phrase in the metadata is a work having all its words that the database
 * also finds the phrase in.
 *
 * A term matches a work when its words are in the work's metadata (in the term's field:
 * any column, or only the title, summary, tags or creators) or, for an unqualified term, in
 * its story text. A clause (terms joined by OR) matches when any of its terms does; every
 * clause must match; a work matching an excluded term is excluded.
 *
 * Ranking (best match): a work's score is, summed over the clauses, the best of the clause's
 * terms, where a term scores
 *   bm25 over the metadata:  idf · f·(k1+1) / (f + k1·(1 − b + b·len/avgLen)),
 *      f = Σ over the term's columns of weight × count (title 4, summary 2, notes 1, tags 2,
 *      creators 1; a phrase counts the fewest of its words' counts), len = the work's metadata
 *      words, idf = ln(1 + (N − n + 0.5)/(n + 0.5)) with n the works whose metadata has the term,
 *   plus the story text's own rank (SQLite FTS5 bm25, PostgreSQL's best chapter ts_rank).
 * Scores are rounded to 1e-6 so that every caller orders near-ties the same way.
 */
export interface TextMatch {
  /** Works matching every clause, ascending (null: no clause is required). */
  ids: Int32Array | null;
  /** Works matching an excluded term. */
  excluded: Set<number>;
  /** Scores of the matching works by place in `ids` (when asked for). */
  scores: Float64Array | null;
  /** Works whose story text has a required term (only they can have snippets). */
  inBody: Set<number>;
}

/** Whether a work is among a match's `ids`. */
export function textHas(m: TextMatch, id: number): boolean {
  return m.ids !== null && placeOf(m.ids, id) >= 0;
}
/** A matching work's score (0 when not scored). */
export function textScore(m: TextMatch, id: number): number {
  if (m.ids === null || m.scores === null) return 0;
  const at = placeOf(m.ids, id);
  return at >= 0 ? (m.scores[at] as number) : 0;
}

const K1 = 1.2;
const B = 0.75;
const WEIGHTS = [4, 2, 1, 2, 1];
const FIELD_MASK: Record<TextTerm['field'], number> = { any: ALL_COLUMNS, title: 1, summary: 2, tag: 8, creator: 16 };

/** Per packed counts byte, f over the columns of a mask. */
const fTables = new Map<number, Float64Array>();
function fTable(mask: number): Float64Array {
  let t = fTables.get(mask);
  if (!t) {
    t = new Float64Array(256);
    for (let p = 0; p < 256; p++) {
      let f = 0;
      for (let c = 0; c < META_COLUMNS.length; c++) if (mask & (1 << c)) f += (WEIGHTS[c] as number) * tfOf(p, c);
      t[p] = f;
    }
    fTables.set(mask, t);
  }
  return t;
}

/** One term's matches: works whose metadata has it (ascending, with their counts) and works whose story text has it. */
interface TermHits {
  mask: number;
  meta: Int32Array;
  packed: Uint8Array;
  /** ln(1 + (N − n + 0.5)/(n + 0.5)), n = meta.length. */
  idf: number;
  body: Int32Array;
  /** The story text's rank per work of `body` (when ranking). */
  bodyRank: Map<number, number> | null;
}

/** What the database says of a term (asked first, so that the rest runs without waiting). */
interface TermFromDb {
  term: TextTerm;
  words: string[];
  /** A phrase: the works whose metadata has it, words in order. */
  phrase: Set<number> | null;
  body: Int32Array;
  bodyRank: Map<number, number> | null;
}

async function fromDb(db: Db, term: TextTerm, rank: boolean): Promise<TermFromDb> {
  const words = term.tokens.flatMap((t) => foldTokens(t));
  // A phrase's words must also be next to each other, which the database's index knows.
  const phrase = words.length > 1 ? await metaPhraseWorks(db, term) : null;
  if (term.field !== 'any' || words.length === 0) return { term, words, phrase, body: new Int32Array(0), bodyRank: null };
  const body = await bodyMatches(db, term, rank);
  return { term, words, phrase, body: body.ids, bodyRank: body.rank && body.rank.size > 0 ? body.rank : null };
}

/**
 * Lists reused by every query for its terms' works (a two-word query on a million works walks
 * ~100,000 postings; fresh arrays for them were a sixth of its time in garbage collection).
 * Used only between `reset` and the end of one synchronous stretch of matching.
 */
const arena = {
  lists: [] as { docs: Int32Array; packed: Uint8Array }[],
  next: 0,
  reset(): void {
    this.next = 0;
  },
  take(n: number): { docs: Int32Array; packed: Uint8Array } {
    let b = this.lists[this.next];
    if (!b || b.docs.length < n) {
      const size = Math.max(1024, Math.ceil(n * 1.25));
      b = { docs: new Int32Array(size), packed: new Uint8Array(size) };
      this.lists[this.next] = b;
    }
    this.next++;
    return b;
  },
};

/** The metadata works of a term's words, with packed counts (several words: the works having all, the fewest of their counts per column). */
function metaCandidates(meta: MetaText, words: readonly string[], bits: number): { docs: Int32Array; packed: Uint8Array } {
  const lists = words.map((w) => {
    const id = meta.wordId(w);
    return meta.hitsInto(id, bits, arena.take(meta.hitsBound(id)));
  });
  lists.sort((a, b) => a.docs.length - b.docs.length);
  let { docs, packed } = lists[0] ?? { docs: new Int32Array(0), packed: new Uint8Array(0) };
  for (const other of lists.slice(1)) {
    const out = arena.take(docs.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < docs.length && j < other.docs.length) {
      const x = docs[i] as number;
      const y = other.docs[j] as number;
      if (x === y) {
        out.docs[k] = x;
        out.packed[k++] = minCounts(packed[i++] as number, other.packed[j++] as number);
      } else if (x < y) i++;
      else j++;
    }
    docs = out.docs.subarray(0, k);
    packed = out.packed.subarray(0, k);
  }
  return { docs, packed };
}

/** One term's matching works (and what its scores need), from what the database said of it. */
function termHits(meta: MetaText, t: TermFromDb): TermHits {
  const mask = FIELD_MASK[t.term.field];
  let cand = t.words.length === 0 ? { docs: new Int32Array(0), packed: new Uint8Array(0) } : metaCandidates(meta, t.words, packedBits(mask));
  if (t.phrase) {
    const found = t.phrase;
    let k = 0;
    const { docs, packed } = cand;
    for (let i = 0; i < docs.length; i++) {
      if (!found.has(docs[i] as number)) continue;
      docs[k] = docs[i] as number;
      packed[k++] = packed[i] as number;
    }
    cand = { docs: docs.subarray(0, k), packed: packed.subarray(0, k) };
  }
  const n = cand.docs.length;
  const N = Math.max(meta.works, n);
  return { mask, meta: cand.docs, packed: cand.packed, idf: Math.log(1 + (N - n + 0.5) / (n + 0.5)), body: t.body, bodyRank: t.bodyRank };
}

/**
 * Two bit sets by work id, reused by every query (searches run one at a time): a million works
 * take 125 KB each, so they stay in the processor's cache while the lists are walked.
 */
const scratch = { was: new Int32Array(0), now: new Int32Array(0) };

function ensureScratch(size: number): void {
  const words = (size >> 5) + 1;
  if (scratch.was.length >= words) return;
  const n = Math.max(words, Math.ceil(scratch.was.length * 1.25));
  scratch.was = new Int32Array(n);
  scratch.now = new Int32Array(n);
}

/** The place of v in the sorted list a, or -1. */
function placeOf(a: Int32Array, v: number): number {
  const at = lowerBound(a, v);
  return at < a.length && a[at] === v ? at : -1;
}

function lastOf(a: Int32Array): number {
  return a.length > 0 ? (a[a.length - 1] as number) : -1;
}

/**
 * bm25 over the metadata of the term's works that are in `all` (sorted; each marked in
 * `within`), into `cur` by place in `all`. Both lists ascend, so a work's place is found by
 * moving one cursor forward: along the term's list, or, when `all` is much the shorter, along
 * `all`, galloping through the term's list (two common words: 2,546 works left of 55,000).
 */
function metaScores(meta: MetaText, t: TermHits, within: Int32Array, all: Int32Array, cur: Float64Array, avg: number): void {
  const table = fTable(t.mask);
  const docs = t.meta;
  const packed = t.packed;
  const idf = t.idf;
  const score = (i: number, j: number, d: number) => {
    const f = table[packed[i] as number] as number;
    cur[j] = (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * meta.lengthOf(d)) / avg));
  };
  if (all.length * 8 < docs.length) {
    // Few works left of a long list (two common words): each found by galloping forward.
    let i = 0;
    for (let j = 0; j < all.length && i < docs.length; j++) {
      const d = all[j] as number;
      if ((docs[i] as number) < d) {
        let step = 1;
        while (i + step < docs.length && (docs[i + step] as number) < d) step *= 2;
        i = lowerBound(docs, d, i + (step >> 1), Math.min(i + step, docs.length));
      }
      if (i < docs.length && docs[i] === d) score(i, j, d);
    }
    return;
  }
  let j = 0;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i] as number;
    if (((within[d >> 5] as number) & (1 << (d & 31))) === 0) continue;
    while (j < all.length && (all[j] as number) < d) j++;
    if (all[j] !== d) continue;
    score(i, j, d);
  }
}

/** Sets the bits of the works in `list` (only of those set in `within`, when given) and collects the newly set ones. */
function markAll(list: Int32Array, within: Int32Array | null, into: Int32Array, found: number[] | null): void {
  for (let i = 0; i < list.length; i++) {
    const d = list[i] as number;
    const w = d >> 5;
    const bit = 1 << (d & 31);
    if (within !== null && ((within[w] as number) & bit) === 0) continue;
    const v = into[w] as number;
    if ((v & bit) !== 0) continue;
    into[w] = v | bit;
    if (found !== null) found.push(d);
  }
}

/**
 * Matches (and, with `scores`, ranks) a parsed query's text terms. Each clause's works are
 * marked in a bit set, keeping those marked for every clause before (no sorted merges, whose
 * every step is a branch the processor cannot predict); only the works matching every clause
 * are then scored.
 */
export async function matchQuery(meta: MetaText, db: Db, q: ParsedQuery, o: { scores?: boolean } = {}): Promise<TextMatch> {
  const rank = o.scores === true;
  const must: TermFromDb[][] = [];
  for (const clause of q.must) {
    const terms: TermFromDb[] = [];
    for (const term of clause) terms.push(await fromDb(db, term, rank));
    must.push(terms);
  }
  const mustNot: TermFromDb[] = [];
  for (const term of q.mustNot) mustNot.push(await fromDb(db, term, false));
  // From here on nothing waits: the arena and the bit sets are this query's alone.
  return matchNow(meta, must, mustNot, rank);
}

function matchNow(meta: MetaText, must: readonly TermFromDb[][], mustNot: readonly TermFromDb[], rank: boolean): TextMatch {
  arena.reset();
  const inBody = new Set<number>();
  const clauses: TermHits[][] = [];
  let size = meta.idLimit;
  for (const clause of must) {
    const terms: TermHits[] = [];
    for (const fromDb of clause) {
      const t = termHits(meta, fromDb);
      terms.push(t);
      size = Math.max(size, lastOf(t.meta) + 1, lastOf(t.body) + 1);
      for (const d of t.body) inBody.add(d);
    }
    clauses.push(terms);
  }
  const excluded = new Set<number>();
  for (const fromDb of mustNot) {
    const t = termHits(meta, fromDb);
    for (const d of t.meta) excluded.add(d);
    for (const d of t.body) excluded.add(d);
  }
  if (clauses.length === 0) return { ids: null, excluded, scores: null, inBody };

  // `was`: the works matching every clause so far; `now`: those of them matching this clause too.
  ensureScratch(size);
  let { was, now } = scratch;
  const words = (size >> 5) + 1;
  const found: number[] = [];
  const last = clauses.length - 1;
  for (let c = 0; c <= last; c++) {
    now.fill(0, 0, words);
    for (const t of clauses[c] as TermHits[]) {
      for (const list of [t.meta, t.body]) markAll(list, c === 0 ? null : was, now, c === last ? found : null);
    }
    const swap = was;
    was = now;
    now = swap;
  }
  // `was` now marks the works matching every clause.
  let k = 0;
  const all = new Int32Array(found.length);
  for (const d of found) if (excluded.size === 0 || !excluded.has(d)) all[k++] = d;
  const ids = all.subarray(0, k).sort();
  if (!rank) return { ids, excluded, scores: null, inBody };
  return { ids, excluded, scores: scoreAll(meta, clauses, ids, was, size), inBody };
}

/**
 * Scores of the works in `all` (each marked in `within`): per clause the best of its terms,
 * summed; a term's is bm25 over the metadata plus the story text's rank. (Kept out of the async
 * function above: its loops run much faster in a plain function.)
 */
function scoreAll(meta: MetaText, clauses: readonly TermHits[][], all: Int32Array, within: Int32Array, size: number): Float64Array {
  // Sums by place in `all` (small arrays; arrays by work id would be read at random).
  const n = all.length;
  const acc = new Float64Array(n);
  const best = new Float64Array(n);
  const cur = new Float64Array(n);
  const avg = meta.averageLength || 1;
  for (const terms of clauses) {
    best.fill(0);
    for (const t of terms) {
      cur.fill(0);
      metaScores(meta, t, within, all, cur, avg);
      if (t.bodyRank) {
        for (const [d, r] of t.bodyRank) {
          if (d >= size || ((within[d >> 5] as number) & (1 << (d & 31))) === 0) continue;
          const j = placeOf(all, d);
          if (j >= 0) cur[j] = (cur[j] as number) + r;
        }
      }
      for (let j = 0; j < n; j++) best[j] = Math.max(best[j] as number, cur[j] as number);
    }
    for (let j = 0; j < n; j++) acc[j] = (acc[j] as number) + (best[j] as number);
  }
  for (let j = 0; j < n; j++) acc[j] = Math.round((acc[j] as number) * 1e6) / 1e6;
  return acc;
}

