/**
 * The metadata half of text search, held in memory: which works have which word in their
 * title, summary, notes (with chapter titles and notes), tags and creators, and how often, so
 * that a query's matches and their bm25 ranking cost a walk over a few posting lists instead of
 * a full-text index's per-query scans. The story text stays in the database's full-text index
 * (text-index.ts); text-match.ts combines the two.
 *
 * Layout (all typed arrays, so a million works cost no garbage-collected objects):
 *   - a dictionary of words (an open-addressing hash table over their UTF-16 code units);
 *   - per word, the works that have it, ascending, each as the gap from the one before (a
 *     varint, one byte for most) and one byte of counts per column: title and summary and notes
 *     2 bits each (counts above 3 count as 3), tags and creators 1 bit each (present or not);
 *   - per work, its number of words (for bm25's length normalisation).
 * Works saved after the build are kept apart (`extra`) and their base postings marked stale,
 * until `compact` folds them in (searches see both at once).
 *
 * Words are what `foldTokens` makes of a text: compatibility-decomposed, combining marks
 * removed (so "café" is found by "cafe", as the story text's FTS5 `remove_diacritics` does),
 * lower-cased, runs of letters and digits; ASCII text is tokenized straight from its char codes.
 * A word longer than MAX_WORD code units is matched on its first MAX_WORD.
 */
import { lowerBound } from './int-buffer.js';

export const META_COLUMNS = ['title', 'summary', 'notes', 'tags', 'creators'] as const;
/** Where each column's count sits in a posting's byte, and its largest count. */
const SHIFT = [0, 2, 4, 6, 7];
const CAP = [3, 3, 3, 1, 1];
/** A bit mask of columns (bit c = META_COLUMNS[c]). */
export const ALL_COLUMNS = 0b11111;
export const MAX_WORD = 64;

/** Count of column `c` in a posting's packed counts byte. */
export function tfOf(packed: number, c: number): number {
  return (packed >> (SHIFT[c] as number)) & (CAP[c] as number);
}
/** Per column, the smaller of two packed counts bytes' counts (a phrase counts the fewest of its words'). */
export function minCounts(a: number, b: number): number {
  let p = 0;
  for (let c = 0; c < META_COLUMNS.length; c++) p |= Math.min(tfOf(a, c), tfOf(b, c)) << (SHIFT[c] as number);
  return p;
}
/** The packed-counts bits of the columns in `mask`: a posting is in one of them when `packed & bits`. */
export function packedBits(mask: number): number {
  let bits = 0;
  for (let c = 0; c < META_COLUMNS.length; c++) if (mask & (1 << c)) bits |= (CAP[c] as number) << (SHIFT[c] as number);
  return bits;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
/** The words of a text, as the index keeps them. */
export function foldTokens(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{Mn}/gu, '').normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}
/** ASCII letters and digits → their lower-case code; everything else 0. */
const LOWER = new Uint8Array(128);
for (let c = 48; c < 58; c++) LOWER[c] = c;
for (let c = 65; c < 91; c++) LOWER[c] = c + 32;
for (let c = 97; c < 123; c++) LOWER[c] = c;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashOf(s: string, n: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function grownInt32(a: Int32Array, need: number, fill = 0): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, Math.ceil(a.length * 1.5), 16));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
function grownU8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, Math.ceil(a.length * 1.5), 16));
  b.set(a);
  return b;
}
function grownU16(a: Uint16Array, need: number): Uint16Array {
  if (need <= a.length) return a;
  const b = new Uint16Array(Math.max(need, Math.ceil(a.length * 1.5), 16));
  b.set(a);
  return b;
}

/**
 * Words ↔ ids: an open-addressing table over the words' code units, in typed arrays. Each slot
 * holds a word's hash and id + 1 side by side (0 = empty), so a probe reads one cache line.
 */
class Dictionary {
  size = 0;
  pool: Uint16Array = new Uint16Array(1 << 16);
  poolLength = 0;
  start: Int32Array = new Int32Array(1 << 12);
  length: Uint8Array = new Uint8Array(1 << 12);
  hash: Int32Array = new Int32Array(1 << 12);
  /** Pairs (hash, id + 1); a power of two of pairs. */
  slots: Int32Array = new Int32Array(2 << 13);

  /** The id of the word in buf[0..n) with hash h, adding it when new (`add`) or answering -1. */
  lookup(buf: Uint16Array, n: number, h: number, add: boolean): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const v = slots[2 * i + 1] as number;
      if (v === 0) break;
      if (slots[2 * i] !== h) continue;
      const id = v - 1;
      if (this.length[id] !== n) continue;
      const pool = this.pool;
      const at = this.start[id] as number;
      let j = 0;
      while (j < n && pool[at + j] === buf[j]) j++;
      if (j === n) return id;
    }
    if (!add) return -1;
    const id = this.size++;
    if (id === this.start.length) {
      this.start = grownInt32(this.start, id + 1);
      this.length = grownU8(this.length, id + 1);
      this.hash = grownInt32(this.hash, id + 1);
    }
    this.pool = grownU16(this.pool, this.poolLength + n);
    this.pool.set(buf.subarray(0, n), this.poolLength);
    this.start[id] = this.poolLength;
    this.length[id] = n;
    this.hash[id] = h;
    this.poolLength += n;
    slots[2 * i] = h;
    slots[2 * i + 1] = id + 1;
    if (this.size * 2 > slots.length >> 1) this.rehash(slots.length);
    return id;
  }

  private rehash(pairs: number): void {
    const slots = new Int32Array(2 * pairs);
    const mask = pairs - 1;
    for (let id = 0; id < this.size; id++) {
      const h = this.hash[id] as number;
      let i = h & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = id + 1;
    }
    this.slots = slots;
  }

  /** The id of one folded word, or -1. */
  idOf(word: string): number {
    const n = Math.min(word.length, MAX_WORD);
    const buf = new Uint16Array(n);
    for (let i = 0; i < n; i++) buf[i] = word.charCodeAt(i);
    return this.lookup(buf, n, hashOf(word, n), false);
  }
}

/** One work's words: word ids ascending, with their packed counts, and its length in words. */
interface DocWords {
  words: Int32Array;
  tf: Uint8Array;
  length: number;
}

/** The typed arrays of a MetaText (snapshots), plus its scalars. */
export interface MetaTextArrays {
  scalars: { size: number; poolLength: number; docs: number; totalLength: number };
  arrays: Record<string, Int32Array | Uint16Array | Uint8Array>;
}

export class MetaText {
  private dict = new Dictionary();
  /**
   * Base postings: word w's are postBytes[postStart[w] .. postStart[w+1]), postCount[w] of them,
   * each the gap from the previous work id (the first: id + 1) as a varint, then its counts byte.
   * A gap takes one byte for a word in more than 1 work in 128 (4 bytes as an Int32Array).
   */
  private postStart: Int32Array = new Int32Array(1);
  private postBytes: Uint8Array = new Uint8Array(0);
  private postCount: Int32Array = new Int32Array(0);
  /** Per work id: its number of words (capped at 65,535), whether its base postings count. */
  private docLength: Uint16Array = new Uint16Array(0);
  private inBase: Uint8Array = new Uint8Array(0);
  /** Works indexed since the base was built, and which of them have each word. */
  private extra = new Map<number, DocWords>();
  private extraPost = new Map<number, number[]>();
  /** Live works and their total length (bm25's N and average length). */
  private docs = 0;
  private totalLength = 0;

  // Scratch for tokenizing one work.
  private buf: Uint16Array = new Uint16Array(MAX_WORD);
  /**
   * Per word id, four numbers: the stamp of the work that last had it and its place in that
   * work's local list; during a build also its last work id + 1 and its postings' bytes so far
   * (side by side, so that a word's numbers are read from one cache line).
   */
  private seen: Int32Array = new Int32Array(0);
  private localWord: Int32Array = new Int32Array(1024);
  private localTf: Uint8Array = new Uint8Array(1024);
  private localCount = 0;
  private docStamp = 0;

  get works(): number {
    return this.docs;
  }
  get averageLength(): number {
    return this.docs === 0 ? 0 : this.totalLength / this.docs;
  }
  /** Sizes, for benchmarks: distinct words, base postings. */
  get stats(): { words: number; postings: number } {
    let postings = 0;
    for (const n of this.postCount) postings += n;
    return { words: this.dict.size, postings };
  }
  /** Approximate bytes held (benchmarks). */
  memoryBytes(): number {
    const d = this.dict;
    return d.pool.byteLength + d.start.byteLength + d.length.byteLength + d.hash.byteLength + d.slots.byteLength + this.postStart.byteLength + this.postBytes.byteLength + this.postCount.byteLength + this.docLength.byteLength + this.inBase.byteLength;
  }

  /**
   * Tokenizes one work's columns (META_COLUMNS order; null = empty) into the scratch lists
   * (localWord / localTf, localCount); returns its length in words. New words join the dictionary.
   */
  /**
   * Counts a work's words in `localWord` / `localTf`; its number of words. With `tags` and
   * `tagName` the tags column comes from tag ids: at a build (`reuse`) each name's words are
   * kept for the next work with the tag; for a save they are read afresh (a renamed tag).
   */
  private scan(cols: readonly (string | null)[], tags?: ArrayLike<number>, tagName?: (id: number) => string, reuse = true): number {
    const stamp = ++this.docStamp;
    this.localCount = 0;
    let total = 0;
    for (let c = 0; c < cols.length; c++) {
      if (c === 3 && tags && tagName) {
        if (reuse) total += this.scanTags(tags, tagName, stamp);
        else for (let i = 0; i < tags.length; i++) total += this.scanColumn(tagName(tags[i] as number), 3, stamp);
        continue;
      }
      const s = cols[c];
      if (!s) continue;
      total += this.scanColumn(s, c, stamp);
    }
    return total;
  }

  private scanColumn(s: string, c: number, stamp: number): number {
    const buf = this.buf;
    const end = s.length;
    let n = 0;
    let h = FNV_OFFSET;
    let words = 0;
    let from = 0;
    for (let i = 0; i < end; i++) {
      const ch = s.charCodeAt(i);
      if (ch < 128) {
        const lc = LOWER[ch] as number;
        if (lc !== 0) {
          if (n === 0) from = i;
          if (n < MAX_WORD) {
            buf[n++] = lc;
            h = Math.imul(h ^ lc, FNV_PRIME);
          }
          continue;
        }
        if (n > 0) {
          this.occur(this.dict.lookup(buf, n, h, true), c, stamp);
          words++;
          n = 0;
          h = FNV_OFFSET;
        }
        continue;
      }
      // Not ASCII: the rest of the column, from the start of the current word, the slow way.
      for (const w of foldTokens(s.slice(n > 0 ? from : i))) {
        const m = Math.min(w.length, MAX_WORD);
        for (let j = 0; j < m; j++) buf[j] = w.charCodeAt(j);
        this.occur(this.dict.lookup(buf, m, hashOf(w, m), true), c, stamp);
        words++;
      }
      return words;
    }
    if (n > 0) {
      this.occur(this.dict.lookup(buf, n, h, true), c, stamp);
      words++;
    }
    return words;
  }

  /** Word w occurs once more in column c of the work being scanned (c = -1: collect it in `collected`). */
  private occur(w: number, c: number, stamp: number): void {
    if (c < 0) {
      if (this.collectedCount === this.collected.length) this.collected = grownInt32(this.collected, this.collectedCount + 1);
      this.collected[this.collectedCount++] = w;
      return;
    }
    if (4 * w + 3 >= this.seen.length) this.seen = grownInt32(this.seen, 4 * w + 4);
    const seen = this.seen;
    let j: number;
    if (seen[4 * w] !== stamp) {
      seen[4 * w] = stamp;
      j = this.localCount++;
      if (j === this.localWord.length) {
        this.localWord = grownInt32(this.localWord, j + 1);
        this.localTf = grownU8(this.localTf, j + 1);
      }
      seen[4 * w + 1] = j;
      this.localWord[j] = w;
      this.localTf[j] = 0;
    } else j = seen[4 * w + 1] as number;
    const shift = SHIFT[c] as number;
    const cap = CAP[c] as number;
    const tf = this.localTf[j] as number;
    if (((tf >> shift) & cap) < cap) this.localTf[j] = tf + (1 << shift);
  }

  private collected: Int32Array = new Int32Array(64);
  private collectedCount = 0;
  /** Per tag id: where its words start in `tagPool` (-1: not yet tokenized); there, their count, then the words. */
  private tagAt: Int32Array = new Int32Array(0);
  private tagPool: Int32Array = new Int32Array(1 << 16);
  private tagPoolLength = 0;

  /** The tags column from tag ids: each tag's name tokenized once (`tagName`), its words reused for every work. */
  private scanTags(tags: ArrayLike<number>, tagName: (id: number) => string, stamp: number): number {
    let total = 0;
    for (let i = 0; i < tags.length; i++) {
      const t = tags[i] as number;
      if (t >= this.tagAt.length) this.tagAt = grownInt32(this.tagAt, t + 1, -1);
      let at = this.tagAt[t] as number;
      if (at < 0) {
        this.collectedCount = 0;
        this.scanColumn(tagName(t), -1, 0);
        const n = this.collectedCount;
        if (this.tagPoolLength + n + 1 > this.tagPool.length) this.tagPool = grownInt32(this.tagPool, this.tagPoolLength + n + 1);
        at = this.tagPoolLength;
        this.tagPool[at] = n;
        this.tagPool.set(this.collected.subarray(0, n), at + 1);
        this.tagPoolLength += n + 1;
        this.tagAt[t] = at;
      }
      const pool = this.tagPool;
      const n = pool[at] as number;
      for (let j = 1; j <= n; j++) this.occur(pool[at + j] as number, 3, stamp);
      total += n;
    }
    return total;
  }

  /**
   * Builds the index from every work's columns, in ascending work id order: `each` calls its
   * argument once per work (id, then the five columns in META_COLUMNS order). With `tagName`,
   * a work's tags may come as tag ids instead of the tags column's text (the same words: each
   * name is tokenized once, not once per work carrying it).
   */
  static build(
    each: (add: (workId: number, cols: readonly (string | null)[], tags?: ArrayLike<number>) => void) => void | Promise<void>,
    o: { chunk?: number; tagName?: (id: number) => string } = {},
  ): MetaText | Promise<MetaText> {
    const m = new MetaText();
    // The postings in work order, in fixed-size chunks (no copying as they grow; each chunk is
    // let go once `finish` has moved its postings to their word's place).
    const CHUNK = o.chunk ?? 1 << 22;
    const wordChunks: (Int32Array | null)[] = [];
    const tfChunks: (Uint8Array | null)[] = [];
    let words = new Int32Array(0);
    let tfs = new Uint8Array(0);
    let fill = 0;
    let used = 0;
    let ids: Int32Array = new Int32Array(1 << 14);
    let ends: Int32Array = new Int32Array(1 << 14);
    let count = 0;
    let last = -1;
    const add = (workId: number, cols: readonly (string | null)[], tags?: ArrayLike<number>) => {
      if (workId <= last) throw new Error(`MetaText.build: work ids must ascend (${workId} after ${last})`);
      last = workId;
      const length = m.scan(cols, tags, o.tagName);
      const k = m.localCount;
      const localWord = m.localWord;
      const localTf = m.localTf;
      const seen = m.seen;
      let chunk = words;
      let at = fill;
      for (let i = 0; i < k; i++) {
        if (at === chunk.length) {
          chunk = words = new Int32Array(CHUNK);
          tfs = new Uint8Array(CHUNK);
          wordChunks.push(words);
          tfChunks.push(tfs);
          at = 0;
        }
        const w = localWord[i] as number;
        chunk[at] = w;
        tfs[at++] = localTf[i] as number;
        // The word's bytes in its posting list: the gap from its last work, then the counts byte.
        const gap = workId + 1 - (seen[4 * w + 2] as number);
        seen[4 * w + 2] = workId + 1;
        seen[4 * w + 3] = (seen[4 * w + 3] as number) + varintLength(gap) + 1;
      }
      fill = at;
      used += k;
      if (count === ids.length) {
        ids = grownInt32(ids, count + 1);
        ends = grownInt32(ends, count + 1);
      }
      ids[count] = workId;
      ends[count++] = used;
      m.setLength(workId, length);
      m.inBase[workId] = 1;
      m.docs++;
      m.totalLength += Math.min(length, 65_535);
    };
    const finish = () => {
      const seen = m.seen;
      m.seen = new Int32Array(0);
      m.tagAt = new Int32Array(0);
      m.tagPool = new Int32Array(0);
      m.tagPoolLength = 0;
      const size = m.dict.size;
      // Each word's bytes were added up as works came (seen[4w + 3]); one pass writes them, each
      // chunk let go once read. seen[4w] becomes the word's cursor, [4w + 1] its count, [4w + 2]
      // its last work id + 1.
      const start = new Int32Array(size + 1);
      for (let w = 0; w < size; w++) {
        start[w + 1] = (start[w] as number) + (seen[4 * w + 3] as number);
        seen[4 * w] = start[w] as number;
        seen[4 * w + 1] = 0;
        seen[4 * w + 2] = 0;
      }
      const bytes = new Uint8Array(start[size] as number);
      let d = 0;
      for (let c = 0, p = 0; c < wordChunks.length; c++) {
        const wc = wordChunks[c] as Int32Array;
        const tc = tfChunks[c] as Uint8Array;
        for (let i = 0, n = Math.min(CHUNK, used - p); i < n; i++, p++) {
          while ((ends[d] as number) <= p) d++;
          const w = wc[i] as number;
          const id = ids[d] as number;
          let at = putVarint(bytes, seen[4 * w] as number, id + 1 - (seen[4 * w + 2] as number));
          bytes[at++] = tc[i] as number;
          seen[4 * w] = at;
          seen[4 * w + 1] = (seen[4 * w + 1] as number) + 1;
          seen[4 * w + 2] = id + 1;
        }
        wordChunks[c] = null;
        tfChunks[c] = null;
      }
      const count = new Int32Array(size);
      for (let w = 0; w < size; w++) count[w] = seen[4 * w + 1] as number;
      m.postStart = start;
      m.postBytes = bytes;
      m.postCount = count;
      return m;
    };
    const r = each(add);
    return r instanceof Promise ? r.then(finish) : finish();
  }

  private setLength(workId: number, length: number): void {
    if (workId >= this.docLength.length) {
      this.docLength = grownU16(this.docLength, workId + 1);
      this.inBase = grownU8(this.inBase, this.docLength.length);
    }
    this.docLength[workId] = Math.min(length, 65_535);
  }

  /** Whether the work's words are in the index (base or extra). */
  has(workId: number): boolean {
    return this.extra.has(workId) || (workId < this.inBase.length && this.inBase[workId] === 1);
  }

  /** One more than the largest work id the index has room for. */
  get idLimit(): number {
    return this.docLength.length;
  }

  /** A work's length in words (0 when never indexed; a dropped work keeps its last length). */
  lengthOf(workId: number): number {
    return workId < this.docLength.length ? (this.docLength[workId] as number) : 0;
  }

  /**
   * (Re)indexes one work's columns, or drops it (null): the next search sees the change. With
   * `tagName`, its tags may come as tag ids instead of the tags column's text, as at a build.
   */
  set(workId: number, cols: readonly (string | null)[] | null, tags?: ArrayLike<number>, tagName?: (id: number) => string): void {
    if (this.has(workId)) {
      this.docs--;
      this.totalLength -= this.docLength[workId] as number;
    }
    if (workId < this.inBase.length) this.inBase[workId] = 0;
    const before = this.extra.get(workId);
    if (before) {
      // Its words' lists of extra works lose it, so that they never hold a work twice or a stale one.
      for (const w of before.words) {
        const list = this.extraPost.get(w) as number[];
        const at = list.lastIndexOf(workId);
        list[at] = list[list.length - 1] as number;
        list.pop();
        if (list.length === 0) this.extraPost.delete(w);
      }
      this.extra.delete(workId);
    }
    if (cols === null) return;
    const length = this.scan(cols, tags, tagName, false);
    const k = this.localCount;
    const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => (this.localWord[a] as number) - (this.localWord[b] as number));
    const words = Int32Array.from(order, (i) => this.localWord[i] as number);
    const tf = Uint8Array.from(order, (i) => this.localTf[i] as number);
    this.extra.set(workId, { words, tf, length });
    for (const w of words) {
      const list = this.extraPost.get(w);
      if (list) list.push(workId);
      else this.extraPost.set(w, [workId]);
    }
    this.setLength(workId, length);
    this.docs++;
    this.totalLength += this.docLength[workId] as number;
  }

  /** Works saved since the base was built (compact folds them in). */
  get pending(): number {
    return this.extra.size;
  }

  /** The id of a folded word, or -1 when no work has it. */
  wordId(word: string): number {
    return this.dict.idOf(word);
  }

  /** How many base postings word w has. */
  private baseCount(w: number): number {
    return w < this.postCount.length ? (this.postCount[w] as number) : 0;
  }

  /**
   * Appends word w's live base postings in a column of `bits` to docs / packed from index k,
   * ascending; returns the new k.
   */
  private decodeBase(w: number, bits: number, docs: Int32Array, packed: Uint8Array, k: number): number {
    if (w + 1 >= this.postStart.length) return k;
    const bytes = this.postBytes;
    const inBase = this.inBase;
    let d = -1;
    for (let p = this.postStart[w] as number, end = this.postStart[w + 1] as number; p < end; ) {
      let b = bytes[p++] as number;
      let gap = b & 0x7f;
      for (let shift = 7; b & 0x80; shift += 7) {
        b = bytes[p++] as number;
        gap |= (b & 0x7f) << shift;
      }
      d += gap;
      const t = bytes[p++] as number;
      if ((t & bits) !== 0 && inBase[d] === 1) {
        docs[k] = d;
        packed[k++] = t;
      }
    }
    return k;
  }

  /** Word w's counts byte in a work saved since the base (which has the word). */
  private extraTf(d: number, w: number): number {
    const e = this.extra.get(d) as DocWords;
    return e.tf[lowerBound(e.words, w)] as number;
  }

  /**
   * The works having word id `w` in a column of `bits` (packedBits of a column mask), ascending,
   * with their packed counts.
   */
  hits(w: number, bits: number): { docs: Int32Array; packed: Uint8Array } {
    const n = this.hitsBound(w);
    return this.hitsInto(w, bits, { docs: new Int32Array(n), packed: new Uint8Array(n) });
  }

  /** How many works `hits` may give for word id w at most (room for `hitsInto`). */
  hitsBound(w: number): number {
    return w < 0 ? 0 : this.baseCount(w) + (this.extraPost.get(w)?.length ?? 0);
  }

  /** `hits` written into the given lists (at least `hitsBound` long); returns views of the filled part. */
  hitsInto(w: number, bits: number, into: { docs: Int32Array; packed: Uint8Array }): { docs: Int32Array; packed: Uint8Array } {
    if (w < 0) return { docs: into.docs.subarray(0, 0), packed: into.packed.subarray(0, 0) };
    const more = this.extraPost.get(w);
    let docs = into.docs;
    let packed = into.packed;
    let k = this.decodeBase(w, bits, docs, packed, 0);
    if (more) {
      const base = k;
      for (const d of more) {
        const p = this.extraTf(d, w);
        if ((p & bits) === 0) continue;
        docs[k] = d;
        packed[k++] = p;
      }
      if (k > base) {
        const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => (docs[a] as number) - (docs[b] as number));
        docs = Int32Array.from(order, (i) => docs[i] as number);
        packed = Uint8Array.from(order, (i) => packed[i] as number);
        return { docs, packed };
      }
    }
    return { docs: docs.subarray(0, k), packed: packed.subarray(0, k) };
  }

  /** Folds the works saved since the base into it (searches are not affected, only faster). */
  compact(): void {
    if (this.extra.size === 0) return;
    const size = this.dict.size;
    const start = new Int32Array(size + 1);
    const count = new Int32Array(size);
    let bytes = new Uint8Array(Math.max(16, this.postBytes.length + this.extra.size * 64));
    let at = 0;
    let docs = new Int32Array(0);
    let packed = new Uint8Array(0);
    for (let w = 0; w < size; w++) {
      const need = this.baseCount(w) + (this.extraPost.get(w)?.length ?? 0);
      if (need > docs.length) {
        docs = new Int32Array(need);
        packed = new Uint8Array(need);
      }
      // Live base postings (ascending), then merged with the word's extra works (sorted).
      const k = this.decodeBase(w, 0xff, docs, packed, 0);
      const more = Int32Array.from(this.extraPost.get(w) ?? []).sort();
      if (at + need * 6 > bytes.length) {
        const grown = new Uint8Array(Math.max(at + need * 6, Math.ceil(bytes.length * 1.5)));
        grown.set(bytes.subarray(0, at));
        bytes = grown;
      }
      let prev = -1;
      const put = (d: number, t: number) => {
        at = putVarint(bytes, at, d - prev);
        bytes[at++] = t;
        prev = d;
      };
      let j = 0;
      for (let i = 0; i < k; i++) {
        const d = docs[i] as number;
        while (j < more.length && (more[j] as number) < d) put(more[j] as number, this.extraTf(more[j++] as number, w));
        put(d, packed[i] as number);
      }
      while (j < more.length) put(more[j] as number, this.extraTf(more[j++] as number, w));
      count[w] = k + more.length;
      start[w + 1] = at;
    }
    const inBase = this.inBase;
    const nextInBase = new Uint8Array(Math.max(inBase.length, this.docLength.length));
    nextInBase.set(inBase);
    for (const id of this.extra.keys()) nextInBase[id] = 1;
    this.postStart = start;
    this.postBytes = bytes.slice(0, at);
    this.postCount = count;
    this.inBase = nextInBase;
    this.extra.clear();
    this.extraPost.clear();
  }

  /** The index as typed arrays (after compact), for a snapshot. */
  toArrays(): MetaTextArrays {
    this.compact();
    const d = this.dict;
    return {
      scalars: { size: d.size, poolLength: d.poolLength, docs: this.docs, totalLength: this.totalLength },
      arrays: {
        pool: d.pool.subarray(0, d.poolLength),
        start: d.start.subarray(0, d.size),
        length: d.length.subarray(0, d.size),
        hash: d.hash.subarray(0, d.size),
        slots: d.slots,
        postStart: this.postStart,
        postBytes: this.postBytes,
        postCount: this.postCount,
        docLength: this.docLength,
        inBase: this.inBase,
      },
    };
  }

  /** An index from `toArrays`' output (null when it is not one). */
  static fromArrays(a: MetaTextArrays): MetaText | null {
    const x = a.arrays;
    const s = a.scalars;
    if (!(x.pool instanceof Uint16Array && x.start instanceof Int32Array && x.length instanceof Uint8Array && x.hash instanceof Int32Array && x.slots instanceof Int32Array)) return null;
    if (!(x.postStart instanceof Int32Array && x.postBytes instanceof Uint8Array && x.postCount instanceof Int32Array && x.docLength instanceof Uint16Array && x.inBase instanceof Uint8Array)) return null;
    if (x.start.length !== s.size || x.postStart.length !== s.size + 1 || x.postCount.length !== s.size) return null;
    const m = new MetaText();
    const d = m.dict;
    // Copies, so that words added later can grow them (the snapshot's arrays are views on one file buffer).
    d.pool = Uint16Array.from(x.pool);
    d.poolLength = s.poolLength;
    d.start = Int32Array.from(x.start);
    d.length = Uint8Array.from(x.length);
    d.hash = Int32Array.from(x.hash);
    d.slots = x.slots;
    d.size = s.size;
    m.postStart = x.postStart;
    m.postBytes = x.postBytes;
    m.postCount = x.postCount;
    m.docLength = Uint16Array.from(x.docLength);
    m.inBase = Uint8Array.from(x.inBase);
    m.docs = s.docs;
    m.totalLength = s.totalLength;
    return m;
  }
}

function varintLength(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}
/** Writes v (≥ 0) as a little-endian base-128 varint at `at`; returns the position after it. */
function putVarint(out: Uint8Array, at: number, v: number): number {
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

