import type { Db } from '../db/connect.js';
import type { ParsedQuery, TextTerm } from './query-language.js';
import { ALL_COLUMNS, META_COLUMNS, foldTokens, packedBits, tfOf } from './meta-text.js';
import type { MetaText } from './meta-text.js';
import { bodyScores, bodyWorks, metaPhraseWorks } from './text-index.js';

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
  /** Works matching every clause (null: no clause is required). */
  ids: Set<number> | null;
  /** Works matching an excluded term. */
  excluded: Set<number>;
  /** Scores of the matching works (when asked for). */
  scores: Map<number, number> | null;
  /** Works whose story text has a required term (only they can have snippets). */
  inBody: Set<number>;
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

/** Sorted work ids with a score each. */
interface Scored {
  docs: Int32Array;
  score: Float64Array;
}
const EMPTY: Scored = { docs: new Int32Array(0), score: new Float64Array(0) };

/** Both lists' works; a work in both keeps the larger score (mode 'max') or the sum ('sum'). */
function union(a: Scored, b: Scored, mode: 'max' | 'sum'): Scored {
  if (b.docs.length === 0) return a;
  if (a.docs.length === 0) return b;
  const docs = new Int32Array(a.docs.length + b.docs.length);
  const score = new Float64Array(docs.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.docs.length || j < b.docs.length) {
    const x = i < a.docs.length ? (a.docs[i] as number) : Infinity;
    const y = j < b.docs.length ? (b.docs[j] as number) : Infinity;
    if (x === y) {
      const s = a.score[i++] as number;
      const t = b.score[j++] as number;
      score[k] = mode === 'max' ? Math.max(s, t) : s + t;
      docs[k++] = x;
    } else if (x < y) {
      score[k] = a.score[i++] as number;
      docs[k++] = x;
    } else {
      score[k] = b.score[j++] as number;
      docs[k++] = y;
    }
  }
  return { docs: docs.subarray(0, k), score: score.subarray(0, k) };
}

/** The works in both lists, scores added. */
function intersect(a: Scored, b: Scored): Scored {
  const docs = new Int32Array(Math.min(a.docs.length, b.docs.length));
  const score = new Float64Array(docs.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.docs.length && j < b.docs.length) {
    const x = a.docs[i] as number;
    const y = b.docs[j] as number;
    if (x === y) {
      score[k] = (a.score[i++] as number) + (b.score[j++] as number);
      docs[k++] = x;
    } else if (x < y) i++;
    else j++;
  }
  return { docs: docs.subarray(0, k), score: score.subarray(0, k) };
}

/** The metadata works of a term, with packed counts (a phrase: the fewest of its words', per column). */
function metaCandidates(meta: MetaText, words: readonly string[], bits: number): { docs: Int32Array; packed: Uint8Array } {
  const lists = words.map((w) => meta.hits(meta.wordId(w), bits));
  lists.sort((a, b) => a.docs.length - b.docs.length);
  let { docs, packed } = lists[0] ?? { docs: new Int32Array(0), packed: new Uint8Array(0) };
  for (const other of lists.slice(1)) {
    const d2 = new Int32Array(docs.length);
    const p2 = new Uint8Array(docs.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < docs.length && j < other.docs.length) {
      const x = docs[i] as number;
      const y = other.docs[j] as number;
      if (x === y) {
        d2[k] = x;
        p2[k++] = minCounts(packed[i++] as number, other.packed[j++] as number);
      } else if (x < y) i++;
      else j++;
    }
    docs = d2.subarray(0, k);
    packed = p2.subarray(0, k);
  }
  return { docs, packed };
}

function minCounts(a: number, b: number): number {
  let p = 0;
  for (let c = 0; c < META_COLUMNS.length; c++) {
    const t = Math.min(tfOf(a, c), tfOf(b, c));
    p |= t << [0, 2, 4, 6, 7][c]!;
  }
  return p;
}

/** One term's matching works and (when `rank`) their scores; adds the works whose story text has it to `inBody`. */
async function termMatches(meta: MetaText, db: Db, term: TextTerm, rank: boolean, inBody: Set<number> | null): Promise<Scored> {
  const words = term.tokens.flatMap((t) => foldTokens(t));
  const mask = FIELD_MASK[term.field];
  let cand = words.length === 0 ? { docs: new Int32Array(0), packed: new Uint8Array(0) } : metaCandidates(meta, words, packedBits(mask));
  if (words.length > 1 && cand.docs.length > 0) {
    // A phrase: its words must also be next to each other, which the database's index knows.
    const found = await metaPhraseWorks(db, term);
    const keep = cand.docs.map((d) => (found.has(d) ? 1 : 0));
    let k = 0;
    const docs = new Int32Array(cand.docs.length);
    const packed = new Uint8Array(cand.docs.length);
    for (let i = 0; i < keep.length; i++) {
      if (keep[i] === 0) continue;
      docs[k] = cand.docs[i] as number;
      packed[k++] = cand.packed[i] as number;
    }
    cand = { docs: docs.subarray(0, k), packed: packed.subarray(0, k) };
  }
  const metaScored: Scored = { docs: cand.docs, score: new Float64Array(cand.docs.length) };
  if (rank) {
    const n = cand.docs.length;
    const N = Math.max(meta.works, n);
    const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
    const avg = meta.averageLength || 1;
    const table = fTable(mask);
    for (let i = 0; i < n; i++) {
      const f = table[cand.packed[i] as number] as number;
      const len = meta.lengthOf(cand.docs[i] as number);
      metaScored.score[i] = (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * len) / avg));
    }
  }
  if (term.field !== 'any') return metaScored;
  const body = await bodyWorks(db, term);
  if (body.length === 0) return metaScored;
  if (inBody) for (const d of body) inBody.add(d);
  const bodyScored: Scored = { docs: body, score: new Float64Array(body.length) };
  if (rank) {
    const s = await bodyScores(db, term, body);
    for (let i = 0; i < body.length; i++) bodyScored.score[i] = s.get(body[i] as number) ?? 0;
  }
  return union(metaScored, bodyScored, 'sum');
}

/** Matches (and, with `scores`, ranks) a parsed query's text terms. */
export async function matchQuery(meta: MetaText, db: Db, q: ParsedQuery, o: { scores?: boolean } = {}): Promise<TextMatch> {
  const rank = o.scores === true;
  let all: Scored | null = null;
  const clauses: Scored[] = [];
  const inBody = new Set<number>();
  for (const clause of q.must) {
    let c = EMPTY;
    for (const term of clause) c = union(c, await termMatches(meta, db, term, rank, inBody), 'max');
    clauses.push(c);
  }
  clauses.sort((a, b) => a.docs.length - b.docs.length);
  for (const c of clauses) all = all === null ? c : intersect(all, c);
  const excluded = new Set<number>();
  for (const term of q.mustNot) for (const d of (await termMatches(meta, db, term, false, null)).docs) excluded.add(d);
  if (all === null) return { ids: null, excluded, scores: null, inBody };
  const ids = new Set<number>();
  const scores = rank ? new Map<number, number>() : null;
  for (let i = 0; i < all.docs.length; i++) {
    const d = all.docs[i] as number;
    if (excluded.has(d)) continue;
    ids.add(d);
    scores?.set(d, Math.round((all.score[i] as number) * 1e6) / 1e6);
  }
  return { ids, excluded, scores, inBody };
}
