import type { Db } from '../db/connect.js';
import { GUEST } from '../accounts/viewer.js';
import type { Viewer } from '../accounts/viewer.js';
import { creatorKey } from '../accounts/creator-store.js';
import { isListed } from '../works/visibility.js';
import { tagKey } from '../tags/tag-key.js';
import { RATINGS, TAG_TYPES } from '../tags/tag-types.js';
import type { TagType } from '../tags/tag-types.js';
import { IntBuffer, csrOf, growInt32, invert, withRoom } from './int-buffer.js';
import type { Csr } from './int-buffer.js';
import type { SearchRequest, SortKey } from './params.js';
import { hasText } from './query-language.js';
import type { ParsedQuery, RangeField } from './query-language.js';
import { FACET_SIZE, FACET_TYPES, compareCodePoints, emptyFacets, legacyCode, makePlan, pseudCode } from './plan.js';
import type { Facets, Plan, Resolver, SearchMute, SearchResult } from './plan.js';
import { loadTagClosure } from './tag-closure.js';
import type { SnapshotData } from './snapshot.js';
import { KeyIndex } from './key-index.js';
import { Names, packStrings, unpackStrings } from './names.js';
import { eachMetaText, metaTextsOf, textSnippets } from './text-index.js';
import { workTagLists } from './work-tags.js';
import { MetaText } from './meta-text.js';
import { startMetaTextThread } from './meta-text-worker.js';
import { matchQuery, textHas, textScore } from './text-match.js';
import type { TextMatch } from './text-match.js';

/**
 * The in-memory search index: one row ("doc") per work in typed-array columns, each doc's
 * filter tag ids (after synonyms and meta tags, see tag-closure.ts) in one compressed list,
 * posting lists per filter tag, creator and collection, and a presorted order per sort key.
 * A search picks its smallest posting list, checks every other condition per doc, counts the
 * facets over the result and pages through a presorted order, so a popular fandom's 100,000
 * works cost a few milliseconds. Text queries find their matching works first, the metadata's
 * words in memory (`meta`, meta-text.ts) and the story text's in the database's full-text
 * index (text-match.ts), and intersect.
 *
 * Visibility is `isListed` from works/visibility.ts, evaluated when a work is indexed for a
 * guest and for a signed-in reader (the rule depends on nothing else about the viewer).
 */
const VIS_GUEST = 1;
const VIS_MEMBER = 2;
const SIGNED_IN: Viewer = { userId: 0, roles: [], pseudIds: [] };
const FANDOM = TAG_TYPES.indexOf('fandom') + 1;
const BATCH = 20_000;

type NumericKey = 'words' | 'hits' | 'kudos' | 'comments' | 'bookmarks' | 'chapters';
const SORT_KEYS = ['updated', 'posted', 'words', 'hits', 'kudos', 'comments', 'bookmarks', 'title', 'creator'] as const;
type OrderKey = (typeof SORT_KEYS)[number];

interface Order {
  /** Docs sorted by key descending, ties by work id descending. */
  order: Int32Array;
  /** Position of each doc in `order`. */
  rank: Int32Array;
}

export interface IndexOptions {
  cacheMinDocs?: number;
  denseTags?: number;
  /** Docs per block of block counts, as a power of two (tests lower it; see `blocks`). */
  blockShift?: number;
  /** Results of fewer docs than this count their facets sparsely (see `sparseFacets`; tests raise it). */
  sparseFacetDocs?: number;
  /**
   * Where the metadata's word index is built: on a worker thread while the rest of the index is
   * read (`worker`), on this thread after it (`main`), or on a worker from WORDS_THREAD_MIN_WORKS
   * works on (`auto`, the default: a thread costs ~0.2 s to start).
   */
  wordsThread?: 'auto' | 'worker' | 'main';
}

const NO_TAGS = new Int32Array(0);
/** From how many works the word index is built on a thread of its own (see IndexOptions.wordsThread). */
const WORDS_THREAD_MIN_WORKS = 50_000;

export interface SearchOptions {
  mute?: SearchMute;
  /** Fetch highlighted story-text snippets for the page (default true for text queries). */
  snippets?: boolean;
}

export class SearchIndex {
  private n = 0;
  private cap = 0;
  private workId: Int32Array = new Int32Array(0);
  private docOf: Int32Array = new Int32Array(0);
  private vis = new Uint8Array(0);
  private rating = new Uint8Array(0);
  private complete = new Uint8Array(0);
  private crossover = new Uint8Array(0);
  private lang = new Uint16Array(0);
  private num: Record<NumericKey, Int32Array> = { words: new Int32Array(0), hits: new Int32Array(0), kudos: new Int32Array(0), comments: new Int32Array(0), bookmarks: new Int32Array(0), chapters: new Int32Array(0) };
  private posted = new Float64Array(0);
  private updated = new Float64Array(0);
  private title = Names.of([]);
  private creatorName = Names.of([]);
  private languages: string[] = [];
  private languageCode = new Map<string, number>();

  /** Per doc: sorted filter tag ids, creator codes, collection ids (base lists + per-doc overrides after upserts). */
  private tags: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  /** Per doc: its tag ids as written (before synonyms and meta tags), so a wrangling change re-derives only the docs it touches. */
  private raw: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  private creators: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  private colls: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  private overrides = new Map<number, DocLists>();
  private over = new Uint8Array(0);

  /** Postings: base (built with the index) plus docs added by upserts (re-checked per doc, so stale entries are harmless). */
  private tagPost: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  private creatorPost: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  private collPost: Csr = { start: new Int32Array(1), list: new Int32Array(0) };
  private extraCreatorPost = new Map<number, number[]>();
  private extraCollPost = new Map<number, number[]>();
  private extraTagPost = new Map<number, number[]>();

  /** Tags by id. */
  private tagCap = 0;
  private tagType = new Uint8Array(0);
  private tagName: string[] = [];
  /** Facet ties are broken by name then id: each tag's place in that order, as a number. */
  private nameRank = new Float64Array(0);
  /** Tag ids by name (the first `byNameLength`), with room to insert new tags in place. */
  private byName: Int32Array = new Int32Array(0);
  private byNameLength = 0;
  private canonical: Int32Array = new Int32Array(0);
  private closure = new Map<number, Int32Array>();
  private topFandom = new Uint8Array(0);
  private tagsByKey = new KeyIndex();
  private creatorsByKey = new KeyIndex();
  private creatorNames = new Map<number, string>();
  private collectionsByName = new Map<string, number>();

  private orders: Partial<Record<OrderKey, Order>> = {};
  private ordered = 0;
  private dirty = new Uint8Array(0);
  private dirtyCount = 0;
  private dirtyList: number[] = [];

  /** Scratch space reused by every search (searches run one at a time on Node's one thread). */
  private stamp = new Uint32Array(0);
  private stampNow = 0;

  /**
   * Facet counting. The most used tags (up to 65,536) get dense numbers and every doc a list of
   * its dense numbers, so counting a result of 100,000 works increments a 256 KB array that
   * stays in the processor's cache. A rarer tag cannot make a type's top ten when that type's
   * tenth count already exceeds `rareMax` (the most works any rare tag of the type is on);
   * only when it does not are the rare tags of that type counted too (small results).
   */
  private dense = new Int32Array(0);
  private denseTag = new Int32Array(0);
  private denseType = new Uint8Array(0);
  private dtags: { start: Int32Array; list: Uint16Array } = { start: new Int32Array(1), list: new Uint16Array(0) };
  private rareMax = new Float64Array(TAG_TYPES.length + 1);
  private dcounts = new Uint32Array(0);
  /** Scratch counts by tag id for `sparseFacets` and `countRare` (all zero between calls). */
  private tagCounts = new Uint32Array(0);
  private dcounts2 = new Uint32Array(0);
  /**
   * Block counts: for each block of BLOCK consecutive docs and each class of visibility (works
   * guests see; works only signed-in readers see), the dense tags its docs carry and how many
   * of them carry each. A result holding a block's whole class (a popular fandom's docs sit
   * together, see clusterByFandom) adds the block's few thousand counts instead of counting
   * its docs' ~18 tags each. Built with the dense lists; none are used while upserts have
   * overridden docs, and a block missing a removed doc no longer matches its class's size.
   */
  private blocks: BlockCounts = emptyBlockCounts();
  private mark = new Uint8Array(0);

  /** The words of every work's metadata (title, summary, notes, tags, creators), by work id. */
  private meta = new MetaText();
  /** The metadata's word index (tests compare how it was built). */
  get wordIndex(): MetaText {
    return this.meta;
  }

  private constructor(
    private readonly db: Db,
    private readonly cacheMinDocs: number,
    private readonly denseTags: number,
    private readonly blockShift: number,
    private readonly sparseFacetDocs: number | null,
  ) {}

  /**
   * Builds the whole index from the database. `cacheMinDocs`: the smallest result the result
   * cache keeps; `denseTags`: how many tags are counted densely; `blockShift`: see `blocks`
   * (tests lower all three).
   */
  static async build(db: Db, o: IndexOptions = {}): Promise<SearchIndex> {
    const idx = new SearchIndex(db, o.cacheMinDocs ?? CACHE_MIN_DOCS, o.denseTags ?? DENSE_TAGS, o.blockShift ?? BLOCK_SHIFT, o.sparseFacetDocs ?? null);
    await idx.loadAll(o.wordsThread ?? 'auto');
    return idx;
  }

  get size(): number {
    return this.n;
  }

  /** Answers one search for one viewer. Throws SearchParamError (QuerySyntaxError) for a bad `q`. */
  async search(req: SearchRequest, viewer: Viewer, opts: SearchOptions = {}): Promise<SearchResult> {
    const plan = await makePlan(req, this.resolver, opts.mute);
    const text = plan.query !== null && hasText(plan.query) ? await this.matchText(plan.query, { scores: plan.sort === 'best_match' }) : null;
    if (this.ordersStale) {
      this.ordersStale = false;
      this.buildOrders();
    }
    // Many docs re-derived since the build (a big merge, a busy day): fold them in again.
    if (this.overrides.size > Math.max(50_000, this.n / 8)) this.compact();
    if (text === null && plan.sort !== 'best_match') {
      const hit = this.cached(plan, viewer);
      const facets = hit ? this.cachedFacets(hit) : null;
      if (hit && facets) {
        const ids = this.walk(hit.bits, plan, hit.total) ?? this.page(this.execute(plan, viewer, null), plan);
        return { total: hit.total, page: plan.page, perPage: plan.perPage, ids, facets };
      }
    }
    const docs = this.execute(plan, viewer, text);
    const facets = this.facets(docs, text === null ? { plan, viewer } : null);
    let ids: number[];
    if (plan.sort === 'best_match') {
      ids = this.pageByScore(docs, plan, text);
    } else {
      // A result just kept by the result cache is paged by walking the order with its bit set.
      const kept = text === null ? this.resultCache.get(this.cacheKey(plan, viewer)) : undefined;
      ids = (kept ? this.walk(kept.bits, plan, kept.total) : null) ?? this.page(docs, plan);
    }
    const result: SearchResult = { total: docs.length, page: plan.page, perPage: plan.perPage, ids, facets };
    if (text !== null && plan.query !== null && opts.snippets !== false && result.ids.length > 0) {
      result.snippets = await textSnippets(this.db, plan.query, result.ids.filter((id) => text.inBody.has(id)));
    }
    return result;
  }

  /** Re-reads one work after its save committed: new, changed, hidden or deleted. */
  async upsert(workId: number): Promise<void> {
    const k = this.db.kysely;
    const row = await k.selectFrom('works').select(WORK_COLUMNS).where('id', '=', workId).executeTakeFirst();
    if (!row || row.deleted_at !== null) return this.remove(workId);
    const [tagRows, creatorRows, collRows, texts] = await Promise.all([
      k.selectFrom('work_tags').select(['work_id', 'tag_id']).where('work_id', '=', workId).execute(),
      k.selectFrom('creatorships').select(['work_id', 'position', 'pseud_id', 'legacy_author_id']).where('work_id', '=', workId).orderBy('position').execute(),
      k.selectFrom('collection_works').select(['work_id', 'collection_id']).where('work_id', '=', workId).execute(),
      metaTextsOf(this.db, [workId], { tags: false }),
    ]);
    const unknownTags = tagRows.map((r) => r.tag_id).filter((id) => id >= this.tagCap || this.tagType[id] === 0);
    if (unknownTags.length > 0) await this.loadTags(unknownTags);
    this.setMeta(workId, texts.get(workId) ?? null, tagRows.map((r) => r.tag_id));
    const codes = creatorRows.map((c) => (c.pseud_id !== null ? pseudCode(c.pseud_id) : legacyCode(c.legacy_author_id ?? 0)));
    const unknownCreators = codes.filter((c) => !this.creatorNames.has(c));
    if (unknownCreators.length > 0) await this.loadCreators(unknownCreators);
    if (collRows.some((c) => ![...this.collectionsByName.values()].includes(c.collection_id))) await this.loadCollections();

    this.textCache.clear();
    let d = workId < this.docOf.length ? this.docOf[workId]! : -1;
    if (d >= 0) this.leave(d);
    if (d < 0) {
      d = this.n;
      this.ensureDocs(this.n + 1);
      this.n++;
      this.docOf = growInt32(this.docOf, workId + 1, -1);
      this.docOf[workId] = d;
    }
    this.setColumns(d, row);
    const raw = tagRows.map((r) => r.tag_id);
    const tags = this.filterIds(raw);
    this.crossover[d] = this.isCrossover(raw) ? 1 : 0;
    const creators = Int32Array.from(codes);
    this.creatorName.set(d, creators.length > 0 ? (this.creatorNames.get(creators[0]!) ?? '') : '');
    const colls = Int32Array.from(collRows.map((c) => c.collection_id));
    this.overrides.set(d, { tags, raw: Int32Array.from(raw), creators, colls });
    this.over[d] = 1;
    for (const t of tags) this.addPosting(t, d);
    for (const c of creators) push(this.extraCreatorPost, c, d);
    for (const c of colls) push(this.extraCollPost, c, d);
    this.markDirty(d);
    this.enter(d);
  }

  /** Drops a work from every result (deleted, or gone). */
  remove(workId: number): Promise<void> {
    this.textCache.clear();
    this.setMeta(workId, null);
    const d = workId < this.docOf.length ? this.docOf[workId]! : -1;
    if (d >= 0) {
      this.leave(d);
      this.vis[d] = 0;
    }
    return Promise.resolve();
  }

  /** A work's metadata words, its tags' from their ids (as at a build: see `buildMetaHere`). */
  private setMeta(workId: number, cols: readonly string[] | null, tags?: readonly number[]): void {
    this.meta.set(workId, cols, tags, this.tagNameOf);
    if (this.meta.pending > Math.max(20_000, this.meta.works / 10)) this.meta.compact();
  }

  /**
   * Reads every work's metadata words again from the full-text tables (after `rebuildText`
   * filled them), and those of works whose full-text rows are not written yet (`text_pending`)
   * from the works themselves. `offThread`: a build already under way on a worker thread
   * (meta-text-worker.ts), used unless it failed.
   */
  async reloadMetaText(offThread: Promise<{ meta: MetaText; ms: number }> | null = null): Promise<void> {
    const t0 = performance.now();
    const off = offThread ? await offThread.catch(() => null) : null;
    const waitMs = performance.now() - t0;
    const meta = off?.meta ?? (await this.buildMetaHere());
    const pending = (await this.db.kysely.selectFrom('text_pending').select('work_id').execute()).map((r) => r.work_id);
    for (let i = 0; i < pending.length; i += 500) {
      const batch = pending.slice(i, i + 500);
      const texts = await metaTextsOf(this.db, batch, { tags: false });
      for (const id of batch) meta.set(id, texts.get(id) ?? null, this.rawOf(id), this.tagNameOf);
    }
    this.meta = meta;
    this.textCache.clear();
    this.metaBuild = { ms: off ? off.ms : performance.now() - t0, thread: off ? 'worker' : 'main', waitMs: off ? waitMs : 0, ...meta.stats, bytes: meta.memoryBytes() };
  }

  /** The word index built on this thread, its tags' words from the tags the index holds (each name tokenized once). */
  private async buildMetaHere(): Promise<MetaText> {
    return MetaText.build((add) => eachMetaText(this.db, (id, cols) => add(id, cols, this.rawOf(id)), { tags: false }), { tagName: this.tagNameOf });
  }

  /** A work's tags as stored (none when it is not in the index). */
  private rawOf(workId: number): ArrayLike<number> {
    const d = workId < this.docOf.length ? (this.docOf[workId] as number) : -1;
    return d >= 0 ? this.docRaw(d) : NO_TAGS;
  }

  private readonly tagNameOf = (t: number): string => this.tagName[t] ?? '';

  /**
   * How the metadata's word index was last built (benchmarks): its time, on which thread, how
   * long the index's build then waited for it, distinct words, postings, bytes.
   */
  metaBuild: { ms: number; thread: 'worker' | 'main'; waitMs: number; words: number; postings: number; bytes: number } | null = null;

  /**
   * Applies a wrangling change (a merge, a new synonym or meta tag, an undo) without a rebuild:
   * re-reads the closure (only synonyms and links, see tag-closure.ts), finds the tags whose
   * filter ids changed, and re-derives the filter ids of just the docs that carry one of them,
   * found through the posting list of one of the tag's old filter ids. Merging a tag used by
   * 50,000 works re-derives those 50,000 docs, not the archive.
   */
  async retag(): Promise<{ tags: number; docs: number }> {
    const k = this.db.kysely;
    const fresh = await k.selectFrom('tags').select('id').where('id', '>=', this.tagCap).execute();
    if (fresh.length > 0) await this.loadTags(fresh.map((r) => r.id));
    const next = await loadTagClosure(k);
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);
    const changed: number[] = [];
    for (const [id, c] of this.closure) {
      const nc = next.get(id);
      if (nc === undefined || !same(nc, c)) changed.push(id);
    }
    for (const [id, nc] of next) if (!this.closure.has(id) && !(nc.length === 1 && nc[0] === id)) changed.push(id);
    if (changed.length === 0) return { tags: 0, docs: 0 };

    // Candidates: the docs counting under each changed tag's old filter ids (smallest list).
    const stamp = this.nextStamp();
    const st = this.stamp;
    const candidates = new IntBuffer(1024);
    const collect = (d: number) => {
      if (st[d] === stamp) return;
      st[d] = stamp;
      candidates.push(d);
    };
    for (const t of changed) {
      const old = this.closure.get(t) ?? [t];
      let best = old[0]!;
      for (const x of old) if (this.postingSize(x) < this.postingSize(best)) best = x;
      this.tagCandidates([best]).each(collect);
    }

    // The new meaning of the changed tags.
    const isChanged = new Uint8Array(this.tagCap);
    for (const t of changed) {
      isChanged[t] = 1;
      const nc = next.get(t);
      if (nc === undefined || (nc.length === 1 && nc[0] === t)) this.closure.delete(t);
      else this.closure.set(t, Int32Array.from(nc));
    }
    for (let i = 0; i < changed.length; i += 5000) {
      const rows = await k.selectFrom('tags').select(['id', 'merger_id']).where('id', 'in', changed.slice(i, i + 5000)).execute();
      for (const r of rows) this.canonical[r.id] = r.merger_id ?? r.id;
    }
    for (const t of changed) {
      if (this.tagType[t] !== FANDOM) continue;
      const c = this.closure.get(t) ?? Int32Array.of(t);
      this.topFandom[t] = c.every((f) => f === t || this.tagType[f] !== FANDOM) && c.includes(t) ? 1 : 0;
    }

    let docs = 0;
    const cand = candidates.toArray();
    for (let i = 0; i < cand.length; i++) {
      const d = cand[i]!;
      const raw = this.docRaw(d);
      let hit = false;
      for (let j = 0; j < raw.length && !hit; j++) hit = isChanged[raw[j]!] === 1;
      if (!hit) continue;
      const tags = this.filterIds(raw);
      const before = this.docTags(d);
      this.crossover[d] = this.isCrossover(raw) ? 1 : 0;
      if (same(tags, before)) continue;
      docs++;
      for (const t of tags) if (!hasAny(before, [t])) this.addPosting(t, d);
      this.overrides.set(d, { tags, raw, creators: this.docCreators(d), colls: this.docColls(d) });
      this.over[d] = 1;
    }
    this.resultCache.clear();
    return { tags: changed.length, docs };
  }

  /**
   * Folds the per-doc overrides left by upserts and wrangling into fresh base lists and
   * postings (in memory, no database reads), so searches take the fast lanes again.
   */
  compact(): void {
    const n = this.n;
    const tags = csrOf(n, (d) => this.docTags(d));
    const raw = csrOf(n, (d) => this.docRaw(d));
    const creators = csrOf(n, (d) => this.docCreators(d));
    const colls = csrOf(n, (d) => this.docColls(d));
    this.tags = tags;
    this.raw = raw;
    this.creators = creators;
    this.colls = colls;
    this.overrides.clear();
    this.over.fill(0);
    this.extraTagPost.clear();
    this.tagPost = invert(this.tags, n, this.tagCap);
    this.invertOthers();
    this.buildDense();
    this.resultCache.clear(); // cached counts are by dense number
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * The whole index as a snapshot (snapshot.ts): typed arrays as they are, strings and maps in
   * the JSON header. Folds pending changes in first. `meta` is stored alongside (the change-log
   * position the index reflects, so a loader can replay what came after).
   */
  toSnapshot(meta: Record<string, unknown>): SnapshotData {
    if (this.overrides.size > 0 || this.extraTagPost.size > 0) this.compact();
    if (this.ordered !== this.n || this.dirtyCount > 0) this.buildOrders();
    const n = this.n;
    const closureIds = Int32Array.from([...this.closure.keys()].sort((a, b) => a - b));
    const closure = csrOf(closureIds.length, (i) => this.closure.get(closureIds[i]!)!);
    const keyed = this.tagsByKey.toSorted();
    const creatorKeyed = this.creatorsByKey.toSorted();
    const arrays: SnapshotData['arrays'] = {
      workId: this.workId.subarray(0, n), vis: this.vis.subarray(0, n), rating: this.rating.subarray(0, n), complete: this.complete.subarray(0, n),
      crossover: this.crossover.subarray(0, n), lang: this.lang.subarray(0, n), posted: this.posted.subarray(0, n), updated: this.updated.subarray(0, n),
      docOf: this.docOf,
      tagsStart: this.tags.start, tagsList: this.tags.list, rawStart: this.raw.start, rawList: this.raw.list,
      creatorsStart: this.creators.start, creatorsList: this.creators.list, collsStart: this.colls.start, collsList: this.colls.list,
      tagPostStart: this.tagPost.start, tagPostList: this.tagPost.list,
      creatorPostStart: this.creatorPost.start, creatorPostList: this.creatorPost.list, collPostStart: this.collPost.start, collPostList: this.collPost.list,
      title: this.title.pack(n), creatorName: this.creatorName.pack(n),
      tagName: packStrings(Array.from({ length: this.tagCap }, (_, i) => this.tagName[i] ?? '')),
      tagKeys: packStrings(keyed.keys), tagKeyStart: keyed.ids.start, tagKeyIds: keyed.ids.list,
      creatorCodes: Int32Array.from(this.creatorNames.keys()), creatorNames: packStrings([...this.creatorNames.values()]),
      creatorKeys: packStrings(creatorKeyed.keys), creatorKeyStart: creatorKeyed.ids.start, creatorKeyCodes: creatorKeyed.ids.list,
      tagType: this.tagType, canonical: this.canonical, topFandom: this.topFandom, nameRank: this.nameRank, byName: this.byName.slice(0, this.byNameLength),
      closureIds, closureStart: closure.start, closureList: closure.list,
    };
    for (const key of Object.keys(this.num) as NumericKey[]) arrays[`num_${key}`] = this.num[key].subarray(0, n);
    for (const key of SORT_KEYS) {
      arrays[`order_${key}`] = (this.orders[key] as Order).order;
      arrays[`rank_${key}`] = (this.orders[key] as Order).rank;
    }
    const words = this.meta.toArrays();
    for (const [key, a] of Object.entries(words.arrays)) arrays[`meta_${key}`] = a;
    // The dense facet numbers and block counts as built (a start that reads them skips ~1 s of
    // recounting at a million works); used only by an index with the same options.
    Object.assign(arrays, {
      dense: this.dense, denseTag: this.denseTag, rareMax: this.rareMax, dtagsStart: this.dtags.start, dtagsList: this.dtags.list,
      blocksAt: this.blocks.at, blocksIds: this.blocks.ids, blocksCounts: this.blocks.counts, blocksSize: this.blocks.size,
    });
    return {
      header: { version: SNAPSHOT_VERSION, meta, n, tagCap: this.tagCap, languages: this.languages, collectionsByName: [...this.collectionsByName], metaText: words.scalars, dense: { denseTags: this.denseTags, blockShift: this.blockShift, blocks: this.blocks.blocks } },
      arrays,
    };
  }

  /** An index from a snapshot of the same format version; null otherwise. The caller replays changes made since. */
  static fromSnapshot(db: Db, data: SnapshotData, o: IndexOptions = {}): SearchIndex | null {
    if (data.header.version !== SNAPSHOT_VERSION) return null;
    const h = <T>(k: string): T => data.header[k] as T;
    const a = <T>(k: string): T => data.arrays[k] as unknown as T;
    const idx = new SearchIndex(db, o.cacheMinDocs ?? CACHE_MIN_DOCS, o.denseTags ?? DENSE_TAGS, o.blockShift ?? BLOCK_SHIFT, o.sparseFacetDocs ?? null);
    const n = h<number>('n');
    idx.n = n;
    idx.cap = n;
    idx.workId = a('workId');
    idx.vis = a('vis');
    idx.rating = a('rating');
    idx.complete = a('complete');
    idx.crossover = a('crossover');
    idx.lang = a('lang');
    idx.posted = a('posted');
    idx.updated = a('updated');
    idx.docOf = withRoom(a('docOf'), headroom(a<Int32Array>('docOf').length), -1);
    for (const key of Object.keys(idx.num) as NumericKey[]) idx.num[key] = a(`num_${key}`);
    idx.title = Names.packed(a('title'));
    idx.creatorName = Names.packed(a('creatorName'));
    idx.languages = h('languages');
    idx.languageCode = new Map(h<string[]>('languages').map((l, i) => [l, i]));
    idx.tags = { start: a('tagsStart'), list: a('tagsList') };
    idx.raw = { start: a('rawStart'), list: a('rawList') };
    idx.creators = { start: a('creatorsStart'), list: a('creatorsList') };
    idx.colls = { start: a('collsStart'), list: a('collsList') };
    idx.tagPost = { start: a('tagPostStart'), list: a('tagPostList') };
    idx.creatorPost = { start: a('creatorPostStart'), list: a('creatorPostList') };
    idx.collPost = { start: a('collPostStart'), list: a('collPostList') };
    idx.tagCap = h('tagCap');
    idx.tagType = a('tagType');
    idx.canonical = a('canonical');
    idx.topFandom = a('topFandom');
    idx.nameRank = a('nameRank');
    idx.setByName(a<Int32Array>('byName'));
    idx.tagName = unpackStrings(a('tagName'));
    const closureIds = a<Int32Array>('closureIds');
    const cs = a<Int32Array>('closureStart');
    const cl = a<Int32Array>('closureList');
    for (let i = 0; i < closureIds.length; i++) idx.closure.set(closureIds[i]!, cl.subarray(cs[i]!, cs[i + 1]!));
    idx.tagsByKey = KeyIndex.fromSorted(unpackStrings(a('tagKeys')), { start: a('tagKeyStart'), list: a('tagKeyIds') });
    idx.creatorsByKey = KeyIndex.fromSorted(unpackStrings(a('creatorKeys')), { start: a('creatorKeyStart'), list: a('creatorKeyCodes') });
    const codes = a<Int32Array>('creatorCodes');
    const names = unpackStrings(a('creatorNames'));
    for (let i = 0; i < codes.length; i++) idx.creatorNames.set(codes[i]!, names[i]!);
    idx.collectionsByName = new Map(h('collectionsByName'));
    for (const key of SORT_KEYS) {
      idx.orders[key] = { order: a(`order_${key}`), rank: a(`rank_${key}`) };
    }
    const metaArrays: Record<string, Int32Array | Uint16Array | Uint8Array> = {};
    for (const [key, v] of Object.entries(data.arrays)) if (key.startsWith('meta_')) metaArrays[key.slice(5)] = v as Int32Array | Uint16Array | Uint8Array;
    const words = MetaText.fromArrays({ scalars: h('metaText'), arrays: metaArrays });
    if (!words) return null;
    idx.meta = words;
    const stored = h<{ denseTags: number; blockShift: number; blocks: number } | undefined>('dense');
    if (stored && stored.denseTags === idx.denseTags && stored.blockShift === idx.blockShift && a<Int32Array>('dtagsStart')?.length === n + 1) {
      idx.dense = a('dense');
      idx.denseTag = a('denseTag');
      idx.denseType = Uint8Array.from(idx.denseTag, (t) => idx.tagType[t]!);
      idx.rareMax = a('rareMax');
      idx.dtags = { start: a('dtagsStart'), list: a('dtagsList') };
      idx.blocks = { at: a('blocksAt'), ids: a('blocksIds'), counts: a('blocksCounts'), size: a('blocksSize'), blocks: stored.blocks };
    } else idx.buildDense();
    idx.ordered = n;
    // Copies the columns out of the file's buffer with room to grow, and makes the scratch columns.
    idx.ensureDocs(n + headroom(n));
    return idx;
  }

  /** Dense numbers for the most used tags, each doc's list of them, and each type's rare bound (see `dense`). */
  private buildDense(): void {
    const caps = this.tagCap;
    const size = new Int32Array(caps);
    for (let t = 0; t < caps && t + 1 < this.tagPost.start.length; t++) size[t] = this.tagPost.start[t + 1]! - this.tagPost.start[t]!;
    const used = size.filter((x) => x > 0).sort();
    const K = Math.min(this.denseTags, DENSE_TAGS, used.length);
    const threshold = K === 0 ? Infinity : used[used.length - K]!;
    // Tags above the threshold, then ties at it, until K.
    const dense = new Int32Array(caps).fill(-1);
    const denseTag = new Int32Array(K);
    let k = 0;
    const take = (t: number) => {
      dense[t] = k;
      denseTag[k++] = t;
    };
    for (let t = 0; t < caps && k < K; t++) if (size[t]! > threshold) take(t);
    for (let t = 0; t < caps && k < K; t++) if (size[t] === threshold) take(t);
    const rareMax = new Float64Array(TAG_TYPES.length + 1);
    for (let t = 0; t < caps; t++) if (dense[t]! < 0 && size[t]! > rareMax[this.tagType[t]!]!) rareMax[this.tagType[t]!] = size[t]!;
    const { start, list } = this.tags;
    const n = this.n;
    const dstart = new Int32Array(n + 1);
    let m = 0;
    for (let d = 0; d < n; d++) {
      for (let j = start[d]!, e = start[d + 1]!; j < e; j++) if (dense[list[j]!]! >= 0) m++;
      dstart[d + 1] = m;
    }
    const dlist = new Uint16Array(m);
    m = 0;
    for (let d = 0; d < n; d++) for (let j = start[d]!, e = start[d + 1]!; j < e; j++) {
      const x = dense[list[j]!]!;
      if (x >= 0) dlist[m++] = x;
    }
    this.dense = dense;
    this.denseTag = denseTag;
    this.denseType = Uint8Array.from(denseTag, (t) => this.tagType[t]!);
    this.rareMax = rareMax;
    this.dtags = { start: dstart, list: dlist };
    this.blocks = blockCounts(n, this.vis, this.dtags, K, this.blockShift);
  }

  private denseOf(t: number): number {
    return t < this.dense.length ? this.dense[t]! : -1;
  }

  /** A posting added since the build; a rare tag's growth raises its type's bound. */
  private addPosting(t: number, d: number): void {
    push(this.extraTagPost, t, d);
    if (this.denseOf(t) >= 0) return;
    const type = t < this.tagCap ? this.tagType[t]! : 0;
    const size = this.postingSize(t);
    if (size > this.rareMax[type]!) this.rareMax[type] = size;
  }

  /** Docs on tag t's posting lists (base and added; stale entries included, so an upper bound). */
  private postingSize(t: number): number {
    return (t + 1 < this.tagPost.start.length ? this.tagPost.start[t + 1]! - this.tagPost.start[t]! : 0) + (this.extraTagPost.get(t)?.length ?? 0);
  }

  /** Creator and collection postings from the per-doc lists. */
  private invertOthers(): void {
    const max = (c: Csr) => c.list.reduce((m, x) => Math.max(m, x), -1) + 1;
    this.creatorPost = invert(this.creators, this.n, max(this.creators));
    this.collPost = invert(this.colls, this.n, max(this.colls));
    this.extraCreatorPost.clear();
    this.extraCollPost.clear();
  }

  /** Approximate bytes held by the index's arrays. */
  memoryBytes(): number {
    let b = this.cap * (4 * 9 + 8 * 2 + 6) + this.docOf.byteLength + this.tagCap * 9;
    b += this.tags.list.byteLength + this.raw.list.byteLength + this.tagPost.list.byteLength + this.creators.list.byteLength + this.colls.list.byteLength;
    for (const o of Object.values(this.orders)) b += o.order.byteLength + o.rank.byteLength;
    b += this.blocks.ids.byteLength * 2 + this.blocks.at.byteLength + this.blocks.size.byteLength;
    return b + this.meta.memoryBytes();
  }

  // ---------------------------------------------------------------- building

  private async loadAll(wordsThread: 'auto' | 'worker' | 'main'): Promise<void> {
    const k = this.db.kysely;
    const stats = await k.selectFrom('works').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('max')]).executeTakeFirstOrThrow();
    const total = Number(stats.n);
    // The word index's own thread reads the same rows meanwhile (see meta-text-worker.ts).
    const words = wordsThread === 'worker' || (wordsThread === 'auto' && total >= WORDS_THREAD_MIN_WORKS) ? await startMetaTextThread(this.db).catch(() => null) : null;
    await this.loadTags(null);
    await this.loadCreators();
    await this.loadCollections();
    // Room for the works posted after the build: growing every column for the first new work
    // would cost that post ~100 ms at a million works.
    this.ensureDocs(total + headroom(total));
    // Room for works posted after the build (growing a million-entry column on the first post cost ~10 ms).
    this.docOf = new Int32Array(Number(stats.max ?? 0) + 1 + headroom(Number(stats.max ?? 0) + 1)).fill(-1);
    const tagStart = new IntBuffer(total + 1);
    const tagList = new IntBuffer(total * 16);
    const rawStart = new IntBuffer(total + 1);
    const rawList = new IntBuffer(total * 16);
    const crStart = new IntBuffer(total + 1);
    const crList = new IntBuffer(total);
    const coStart = new IntBuffer(total + 1);
    const coList = new IntBuffer(16);
    tagStart.push(0);
    rawStart.push(0);
    crStart.push(0);
    coStart.push(0);
    let last = 0;
    for (;;) {
      const rows = await k.selectFrom('works').select(WORK_COLUMNS).where('id', '>', last).orderBy('id').limit(BATCH).execute();
      if (rows.length === 0) break;
      const lo = rows[0]!.id;
      const hi = rows[rows.length - 1]!.id;
      last = hi;
      const [tagRows, creatorRows, collRows] = await Promise.all([
        workTagLists(this.db, lo, hi),
        k.selectFrom('creatorships').select(['work_id', 'position', 'pseud_id', 'legacy_author_id']).where('work_id', '>=', lo).where('work_id', '<=', hi).execute(),
        k.selectFrom('collection_works').select(['work_id', 'collection_id']).where('work_id', '>=', lo).where('work_id', '<=', hi).execute(),
      ]);
      const tagsOf = tagRows;
      creatorRows.sort((a, b) => a.work_id - b.work_id || a.position - b.position);
      const creatorsOf = groupBy(creatorRows, (r) => r.work_id, (r) => (r.pseud_id !== null ? pseudCode(r.pseud_id) : legacyCode(r.legacy_author_id ?? 0)));
      const collsOf = groupBy(collRows, (r) => r.work_id, (r) => r.collection_id);
      for (const row of rows) {
        if (row.deleted_at !== null) continue;
        const d = this.n++;
        this.docOf[row.id] = d;
        this.setColumns(d, row);
        const raw = tagsOf.get(row.id) ?? [];
        for (const t of this.filterIds(raw)) tagList.push(t);
        tagStart.push(tagList.length);
        for (const t of raw) rawList.push(t);
        rawStart.push(rawList.length);
        this.crossover[d] = this.isCrossover(raw) ? 1 : 0;
        const cs = creatorsOf.get(row.id) ?? [];
        for (const c of cs) crList.push(c);
        crStart.push(crList.length);
        this.creatorName.set(d, cs.length > 0 ? (this.creatorNames.get(cs[0]!) ?? '') : '');
        for (const c of collsOf.get(row.id) ?? []) coList.push(c);
        coStart.push(coList.length);
      }
    }
    this.tags = { start: tagStart.toArray(), list: tagList.toArray() };
    this.raw = { start: rawStart.toArray(), list: rawList.toArray() };
    this.creators = { start: crStart.toArray(), list: crList.toArray() };
    this.colls = { start: coStart.toArray(), list: coList.toArray() };
    this.clusterByFandom();
    this.tagPost = invert(this.tags, this.n, this.tagCap);
    this.invertOthers();
    this.buildDense();
    this.buildOrders();
    await this.reloadMetaText(words?.result ?? null);
  }

  /**
   * Renumbers the docs so that each fandom's works sit together (grouped by their most used
   * fandom, in work id order within a group). A popular fandom's search then reads its docs'
   * columns and tag lists front to back instead of one cache miss per doc: counting the facets
   * of 100,000 works took 12.5 ms scattered and 4.7 ms grouped. Doc numbers are internal; work
   * ids, orders and results are unchanged.
   */
  private clusterByFandom(): void {
    const n = this.n;
    const { start, list } = this.tags;
    const uses = new Int32Array(this.tagCap);
    for (let i = 0; i < list.length; i++) if (this.tagType[list[i]!] === FANDOM) uses[list[i]!]!++;
    const key = new Int32Array(n);
    const groupSize = new Int32Array(this.tagCap + 1);
    for (let d = 0; d < n; d++) {
      let best = -1;
      for (let j = start[d]!; j < start[d + 1]!; j++) {
        const t = list[j]!;
        if (this.tagType[t] === FANDOM && (best < 0 || uses[t]! > uses[best]!)) best = t;
      }
      key[d] = best + 1; // 0: no fandom
      groupSize[best + 1]!++;
    }
    const at = new Int32Array(this.tagCap + 1);
    for (let g = 1; g <= this.tagCap; g++) at[g] = at[g - 1]! + groupSize[g - 1]!;
    const oldOf = new Int32Array(n);
    for (let d = 0; d < n; d++) oldOf[at[key[d]!]!++] = d;

    this.eachColumn((a) => {
      const out = a.slice() as typeof a;
      for (let i = 0; i < n; i++) out[i] = a[oldOf[i]!]!;
      return out;
    }, false);
    const title = this.title;
    const creatorName = this.creatorName;
    this.title = Names.of(Array.from({ length: n }, (_, i) => title.get(oldOf[i]!)));
    this.creatorName = Names.of(Array.from({ length: n }, (_, i) => creatorName.get(oldOf[i]!)));
    this.ensureDocs(n);
    const lists = (c: Csr): Csr => csrOf(n, (i) => c.list.subarray(c.start[oldOf[i]!]!, c.start[oldOf[i]! + 1]!));
    this.tags = lists(this.tags);
    this.raw = lists(this.raw);
    this.creators = lists(this.creators);
    this.colls = lists(this.colls);
    for (let i = 0; i < n; i++) this.docOf[this.workId[i]!] = i;
  }

  private async loadTags(ids: number[] | null): Promise<void> {
    const k = this.db.kysely;
    let q = k.selectFrom('tags').select(['id', 'type', 'name', 'name_key', 'merger_id']);
    if (ids !== null) q = q.where('id', 'in', ids);
    const rows = await q.orderBy('id').execute();
    const maxId = rows.reduce((m, r) => Math.max(m, r.id), this.tagCap - 1);
    if (maxId + 1 > this.tagCap) {
      const cap = Math.max(maxId + 1 + (ids === null ? headroom(maxId + 1) : 0), ids === null ? 0 : this.tagCap * 2);
      const type = new Uint8Array(cap);
      type.set(this.tagType);
      this.tagType = type;
      this.canonical = growInt32(this.canonical, cap);
      const top = new Uint8Array(cap);
      top.set(this.topFandom);
      this.topFandom = top;
      const rank = new Float64Array(cap);
      rank.set(this.nameRank);
      this.nameRank = rank;
      this.tagCap = cap;
    }
    padNames(this.tagName, this.tagCap);
    const byName = (a: number, b: number) => compareCodePoints(this.tagName[a]!, this.tagName[b]!) || a - b;
    if (ids === null) {
      for (const r of rows) this.tagName[r.id] = r.name;
      this.setByName(Int32Array.from(rows.map((r) => r.id).sort(byName)));
      this.byName.subarray(0, this.byNameLength).forEach((id, i) => (this.nameRank[id] = i));
    } else {
      for (const r of rows) {
        if (this.tagType[r.id] !== 0) continue;
        this.tagName[r.id] = r.name;
        let lo = 0;
        const len = this.byNameLength;
        let hi = len;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (byName(this.byName[mid]!, r.id) < 0) lo = mid + 1;
          else hi = mid;
        }
        const before = lo > 0 ? this.nameRank[this.byName[lo - 1]!]! : -1;
        const after = lo < len ? this.nameRank[this.byName[lo]!]! : before + 2;
        this.nameRank[r.id] = (before + after) / 2;
        if (len === this.byName.length) this.byName = growInt32(this.byName, len + headroom(len));
        this.byName.copyWithin(lo + 1, lo, len);
        this.byName[lo] = r.id;
        this.byNameLength = len + 1;
      }
    }
    for (const r of rows) {
      this.tagType[r.id] = TAG_TYPES.indexOf(r.type as TagType) + 1;
      this.tagName[r.id] = r.name;
      this.canonical[r.id] = r.merger_id ?? r.id;
      this.tagsByKey.add(r.name_key, r.id);
    }
    const closure = await loadTagClosure(this.db.kysely, ids ?? undefined);
    for (const [id, filter] of closure) {
      if (filter.length === 1 && filter[0] === id) this.closure.delete(id);
      else this.closure.set(id, Int32Array.from(filter));
    }
    // A top-level fandom: a fandom whose own filter ids hold no other fandom.
    for (const r of rows) {
      if (r.type !== 'fandom') continue;
      const c = this.closure.get(r.id) ?? Int32Array.of(r.id);
      this.topFandom[r.id] = c.every((f) => f === r.id || this.tagType[f] !== FANDOM) && c.includes(r.id) ? 1 : 0;
    }
  }

  /** Tag ids sorted by name, kept with room to insert new tags (a splice into 600,000 ids cost 33 ms). */
  private setByName(sorted: Int32Array): void {
    this.byName = withRoom(sorted, headroom(sorted.length));
    this.byNameLength = sorted.length;
  }

  /** Creator names by identity; all of them at build, only the given ones after an upsert. */
  private async loadCreators(codes?: readonly number[]): Promise<void> {
    const k = this.db.kysely;
    const pseudIds = codes?.filter((c) => c % 2 === 0).map((c) => c / 2);
    const legacyIds = codes?.filter((c) => c % 2 === 1).map((c) => (c - 1) / 2);
    let pq = k.selectFrom('pseuds').select(['id', 'name', 'name_key']);
    let lq = k.selectFrom('legacy_authors').select(['id', 'name', 'name_key']);
    if (pseudIds) pq = pq.where('id', 'in', pseudIds.length > 0 ? pseudIds : [-1]);
    if (legacyIds) lq = lq.where('id', 'in', legacyIds.length > 0 ? legacyIds : [-1]);
    const [pseuds, legacy] = await Promise.all([pq.execute(), lq.execute()]);
    const add = (key: string, code: number, name: string) => {
      this.creatorNames.set(code, name);
      this.creatorsByKey.add(key, code);
    };
    for (const p of pseuds) add(p.name_key, pseudCode(p.id), p.name);
    for (const l of legacy) add(l.name_key, legacyCode(l.id), l.name);
  }

  private async loadCollections(): Promise<void> {
    const rows = await this.db.kysely.selectFrom('collections').select(['id', 'name']).execute();
    this.collectionsByName = new Map(rows.map((r) => [r.name, r.id]));
  }

  /** Replaces every per-doc column (data and scratch) by `f` of it: growing, reordering. */
  private eachColumn(f: <A extends DocColumn>(a: A) => A, scratch: boolean): void {
    this.workId = f(this.workId);
    this.vis = f(this.vis);
    this.rating = f(this.rating);
    this.complete = f(this.complete);
    this.crossover = f(this.crossover);
    this.lang = f(this.lang);
    this.posted = f(this.posted);
    this.updated = f(this.updated);
    for (const key of Object.keys(this.num) as NumericKey[]) this.num[key] = f(this.num[key]);
    if (!scratch) return;
    this.dirty = f(this.dirty);
    this.mark = f(this.mark);
    this.over = f(this.over);
    this.stamp = f(this.stamp);
  }

  private ensureDocs(min: number): void {
    if (min > this.cap) {
      const cap = Math.max(min, Math.ceil(this.cap * 1.5), 1024);
      this.eachColumn((a) => {
        const b = new (a.constructor as new (n: number) => typeof a)(cap);
        b.set(a as never);
        return b;
      }, true);
      this.cap = cap;
    }
    // The docs' names keep the same room: writing past the end of a full array copies all of it
    // (the first post after a start at 1M works spent 36 ms there).
    this.title.pad(this.cap);
    this.creatorName.pad(this.cap);
  }

  private setColumns(d: number, r: WorkRow): void {
    this.workId[d] = r.id;
    const flags = { posted: r.posted === 1, hiddenAt: r.hidden_at, deletedAt: r.deleted_at, restricted: r.restricted === 1 };
    this.vis[d] = (isListed(flags, GUEST) ? VIS_GUEST : 0) | (isListed(flags, SIGNED_IN) ? VIS_MEMBER : 0);
    this.rating[d] = RATINGS.indexOf(r.rating as (typeof RATINGS)[number]);
    this.complete[d] = r.complete;
    let l = this.languageCode.get(r.language);
    if (l === undefined) {
      l = this.languages.length;
      this.languages.push(r.language);
      this.languageCode.set(r.language, l);
    }
    this.lang[d] = l;
    this.num.words[d] = r.words;
    this.num.hits[d] = r.hits;
    this.num.kudos[d] = r.kudos_count;
    this.num.comments[d] = r.comments_count;
    this.num.bookmarks[d] = r.bookmarks_count;
    this.num.chapters[d] = r.chapter_count;
    this.posted[d] = Date.parse(r.published_at);
    this.updated[d] = Date.parse(r.updated_at);
    this.title.set(d, r.title);
  }

  /** Sorted, distinct filter ids of a work's raw tags (most tags are their own only filter id). */
  private filterIds(raw: readonly number[] | Int32Array): Int32Array {
    let plain = true;
    for (let i = 0; i < raw.length && plain; i++) plain = !this.closure.has(raw[i]!);
    if (plain) {
      // Most works: no synonym or meta tag among their tags.
      const a = Int32Array.from(raw).sort();
      let n = 0;
      for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i]!;
      return a.subarray(0, n);
    }
    const out: number[] = [];
    for (const t of raw) {
      const c = this.closure.get(t);
      if (c === undefined) out.push(t);
      else for (let i = 0; i < c.length; i++) out.push(c[i]!);
    }
    const a = Int32Array.from(out).sort();
    let n = 0;
    for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i]!;
    return a.subarray(0, n);
  }

  private isCrossover(raw: readonly number[] | Int32Array): boolean {
    let first = -1;
    for (const t of raw) {
      if (this.tagType[t] !== FANDOM) continue;
      for (const f of this.closure.get(t) ?? [t]) {
        if (this.topFandom[f] !== 1) continue;
        if (first === -1) first = f;
        else if (f !== first) return true;
      }
    }
    return false;
  }

  private buildOrders(): void {
    // Sorting by title or creator compares each name many times: decode them all once first.
    this.title.all();
    this.creatorName.all();
    const n = this.n;
    const wid = this.workId;
    for (const key of SORT_KEYS) {
      let order = key === 'title' || key === 'creator' ? null : this.packedOrder(key);
      if (order === null) {
        const cmp = this.comparator(key);
        order = new Int32Array(n);
        for (let i = 0; i < n; i++) order[i] = i;
        order.sort((a, b) => cmp(b, a) || wid[b]! - wid[a]!);
      }
      const rank = new Int32Array(n);
      for (let i = 0; i < n; i++) rank[order[i]!] = i;
      this.orders[key] = { order, rank };
    }
    this.ordered = n;
    this.dirty.fill(0);
    this.dirtyCount = 0;
    this.dirtyList = [];
  }

  /**
   * A numeric key's order without a comparator: each doc's (rank of its value, work id) packed
   * into one float64 and sorted natively, several times faster than a comparator sort of a
   * million docs. null (fall back) when the numbers would not fit exactly.
   */
  private packedOrder(key: Exclude<OrderKey, 'title' | 'creator'>): Int32Array | null {
    const n = this.n;
    const wid = this.workId;
    const values = key === 'updated' ? this.updated : key === 'posted' ? this.posted : this.num[key];
    let maxId = 0;
    for (let d = 0; d < n; d++) {
      if (Number.isNaN(values[d]!)) return null;
      if (wid[d]! > maxId) maxId = wid[d]!;
    }
    if (maxId >= ID_SPAN) return null;
    const uniq = Float64Array.from(values.subarray(0, n)).sort();
    let u = 0;
    for (let i = 0; i < n; i++) if (i === 0 || uniq[i] !== uniq[u - 1]) uniq[u++] = uniq[i]!;
    const packed = new Float64Array(n);
    for (let d = 0; d < n; d++) {
      const v = values[d]!;
      let lo = 0;
      let hi = u - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (uniq[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      packed[d] = lo * ID_SPAN + wid[d]!;
    }
    packed.sort();
    // Descending by value, ties by work id descending: the ascending packing read backwards.
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = this.docOf[packed[n - 1 - i]! % ID_SPAN]!;
    return order;
  }

  private markDirty(d: number): void {
    if (d < this.ordered && this.dirty[d] === 0) {
      this.dirty[d] = 1;
      this.dirtyCount++;
      this.dirtyList.push(d);
    }
    // Docs added or changed since the orders were built are merged in per query; past a few
    // thousand of them the orders are rebuilt (at 1M works: a few seconds, on the next search).
    if (this.dirtyCount + (this.n - this.ordered) > Math.max(2000, this.n / 50)) this.ordersStale = true;
  }
  private ordersStale = false;

  /** Ascending comparison of two docs on a sort key (without the id tie-break). */
  private comparator(key: OrderKey): (a: number, b: number) => number {
    switch (key) {
      case 'updated': return (a, b) => this.updated[a]! - this.updated[b]!;
      case 'posted': return (a, b) => this.posted[a]! - this.posted[b]!;
      case 'title': return (a, b) => compareCodePoints(this.title.get(a), this.title.get(b));
      case 'creator': return (a, b) => compareCodePoints(this.creatorName.get(a), this.creatorName.get(b));
      default: {
        const col = this.num[key];
        return (a, b) => col[a]! - col[b]!;
      }
    }
  }

  // ---------------------------------------------------------------- answering

  private readonly resolver: Resolver = {
    canonicalTags: (name, type) => {
      const ids = this.tagsByKey.get(tagKey(name));
      const t = type === null ? 0 : TAG_TYPES.indexOf(type) + 1;
      return ids.filter((id) => t === 0 || this.tagType[id] === t).map((id) => this.canonical[id]!);
    },
    canonicalOf: (id) => (id < this.tagCap && this.tagType[id] !== 0 ? this.canonical[id]! : id),
    collectionIds: (name) => {
      const id = this.collectionsByName.get(name);
      return id === undefined ? [] : [id];
    },
    creatorCodes: (name) => this.creatorsByKey.get(creatorKey(name)),
  };

  private docTags(d: number): Int32Array {
    const o = this.over[d] === 1 ? this.overrides.get(d) : undefined;
    if (o) return o.tags;
    return this.tags.list.subarray(this.tags.start[d]!, this.tags.start[d + 1]!);
  }
  /** Whether doc d counts as any of the (sorted) tag ids; reads the base list in place. */
  private docHasAny(d: number, ids: readonly number[]): boolean {
    if (this.over[d] === 1) return hasAny(this.docTags(d), ids);
    return hasAnyIn(this.tags.list, this.tags.start[d]!, this.tags.start[d + 1]!, ids);
  }

  private docRaw(d: number): Int32Array {
    const o = this.over[d] === 1 ? this.overrides.get(d) : undefined;
    if (o) return o.raw;
    return this.raw.list.subarray(this.raw.start[d]!, this.raw.start[d + 1]!);
  }
  private docCreators(d: number): Int32Array {
    const o = this.over[d] === 1 ? this.overrides.get(d) : undefined;
    if (o) return o.creators;
    return this.creators.list.subarray(this.creators.start[d]!, this.creators.start[d + 1]!);
  }
  private docColls(d: number): Int32Array {
    const o = this.over[d] === 1 ? this.overrides.get(d) : undefined;
    if (o) return o.colls;
    return this.colls.list.subarray(this.colls.start[d]!, this.colls.start[d + 1]!);
  }

  /** Docs that may match one condition: its posting lists (duplicates possible). */
  private tagCandidates(ids: readonly number[]): { size: number; each: (f: (d: number) => void) => void } {
    let size = 0;
    for (const t of ids) size += this.postingSize(t);
    return {
      size,
      each: (f) => {
        for (const t of ids) {
          if (t + 1 < this.tagPost.start.length) for (let i = this.tagPost.start[t]!; i < this.tagPost.start[t + 1]!; i++) f(this.tagPost.list[i]!);
          for (const d of this.extraTagPost.get(t) ?? []) f(d);
        }
      },
    };
  }

  /** The docs matching a plan, unordered. */
  private execute(plan: Plan, viewer: Viewer, text: TextMatch | null): Int32Array {
    const empty = () => new Int32Array(0);
    if (plan.require.some((r) => r.length === 0) || plan.collectionIds?.length === 0 || plan.creatorCodes?.length === 0) return empty();

    // The smallest source of candidates.
    // `unique`: gives each doc at most once (no duplicate check needed); `text`: it is the text match's works.
    type Source = { size: number; each: (f: (d: number) => void) => void; unique?: boolean; text?: boolean };
    const sources: Source[] = plan.require.map((r) => this.tagCandidates(r));
    const postSource = (codes: readonly number[], base: Csr, extra: Map<number, number[]>): Source => {
      const range = (c: number) => (c + 1 < base.start.length ? [base.start[c]!, base.start[c + 1]!] : [0, 0]);
      return {
        size: codes.reduce((s, c) => s + range(c)[1]! - range(c)[0]! + (extra.get(c)?.length ?? 0), 0),
        each: (f) => {
          for (const c of codes) {
            const [from, to] = range(c);
            for (let i = from!; i < to!; i++) f(base.list[i]!);
            for (const d of extra.get(c) ?? []) f(d);
          }
        },
      };
    };
    if (plan.collectionIds) sources.push(postSource(plan.collectionIds, this.collPost, this.extraCollPost));
    if (plan.creatorCodes) sources.push(postSource(plan.creatorCodes, this.creatorPost, this.extraCreatorPost));
    if (text?.ids) {
      const matched = text.ids;
      sources.push({
        size: matched.length,
        unique: true,
        text: true,
        each: (f) => {
          for (const id of matched) {
            const d = id < this.docOf.length ? this.docOf[id]! : -1;
            if (d >= 0) f(d);
          }
        },
      });
    }
    let source: Source | null = null;
    let sourceIndex = -1;
    sources.forEach((s, i) => {
      if (source === null || s.size < source.size) {
        source = s;
        sourceIndex = i;
      }
    });

    // Fast lane for the commonest page (one tag's works, e.g. a fandom): its posting list of
    // the base index holds each doc once and only docs that carry the tag, so neither the
    // duplicate check nor the tag check is needed for docs that were not re-indexed since.
    const single = sourceIndex >= 0 && sourceIndex < plan.require.length && plan.require[sourceIndex]!.length === 1 ? plan.require[sourceIndex]![0]! : -1;
    const makeResult = () => new IntBuffer(Math.min(this.n, (source as Source | null)?.size ?? this.n) + 1);
    if (single >= 0 && !this.extraTagPost.has(single) && single + 1 < this.tagPost.start.length) {
      const rest = { ...plan, require: plan.require.filter((_, i) => i !== sourceIndex) };
      const list = this.tagPost.list;
      const over = this.over;
      const ids = [single];
      const from = this.tagPost.start[single]!;
      const to = this.tagPost.start[single + 1]!;
      const { visMask, checks } = this.checks(rest, viewer, text);
      if (checks.length === 0 && this.overrides.size === 0) {
        // One tag's page and nothing else (a fandom's works): only the reader's visibility to test.
        const vis = this.vis;
        const out = new Int32Array(to - from);
        let m = 0;
        for (let i = from; i < to; i++) {
          const d = list[i]!;
          if ((vis[d]! & visMask) !== 0) out[m++] = d;
        }
        return out.subarray(0, m);
      }
      const accept = this.predicate(rest, viewer, text);
      const result = makeResult();
      for (let i = from; i < to; i++) {
        const d = list[i]!;
        if (over[d] === 1 && !hasAny(this.docTags(d), ids)) continue;
        if (accept(d)) result.push(d);
      }
      const docs = result.toArray();
      return docs;
    }

    const from = source as Source | null;
    // Docs from the text match need not be checked against it again.
    const accept = this.predicate(plan, viewer, from?.text && text ? { ...text, ids: null } : text);
    const result = makeResult();
    if (from === null) {
      for (let d = 0; d < this.n; d++) if (accept(d)) result.push(d);
    } else if (from.unique) {
      from.each((d) => {
        if (accept(d)) result.push(d);
      });
    } else {
      const stamp = this.nextStamp();
      const st = this.stamp;
      from.each((d) => {
        if (st[d] === stamp) return;
        st[d] = stamp;
        if (accept(d)) result.push(d);
      });
    }
    return result.toArray();
  }

  private nextStamp(): number {
    this.stampNow++;
    if (this.stampNow === 0xffffffff) {
      this.stamp.fill(0);
      this.stampNow = 1;
    }
    return this.stampNow;
  }

  private predicate(plan: Plan, viewer: Viewer, text: TextMatch | null): (d: number) => boolean {
    const { visMask, checks } = this.checks(plan, viewer, text);
    const vis = this.vis;
    return (d) => {
      if ((vis[d]! & visMask) === 0) return false;
      for (const c of checks) if (!c(d)) return false;
      return true;
    };
  }

  /** What `predicate` tests: the reader's visibility bit, then each of `checks`. */
  private checks(plan: Plan, viewer: Viewer, text: TextMatch | null): { visMask: number; checks: ((d: number) => boolean)[] } {
    const visMask = viewer.userId === null ? VIS_GUEST : VIS_MEMBER;
    const checks: ((d: number) => boolean)[] = [];
    if (plan.ratings) {
      let mask = 0;
      for (const r of plan.ratings) mask |= 1 << RATINGS.indexOf(r);
      const rating = this.rating;
      checks.push((d) => (mask & (1 << rating[d]!)) !== 0);
    }
    if (plan.complete !== null) {
      const want = plan.complete ? 1 : 0;
      const c = this.complete;
      checks.push((d) => c[d] === want);
    }
    for (const [field, r] of Object.entries(plan.ranges) as [RangeField, { min: number | null; max: number | null }][]) {
      const col = this.num[field];
      const min = r.min ?? -Infinity;
      const max = r.max ?? Infinity;
      checks.push((d) => col[d]! >= min && col[d]! <= max);
    }
    for (const [col, range] of [[this.posted, plan.posted], [this.updated, plan.updated]] as const) {
      if (range.from === null && range.until === null) continue;
      const from = range.from === null ? -Infinity : Date.parse(range.from);
      const until = range.until === null ? Infinity : Date.parse(range.until);
      checks.push((d) => col[d]! >= from && col[d]! < until);
    }
    if (plan.language !== null) {
      const code = this.languageCode.get(plan.language) ?? -1;
      const lang = this.lang;
      checks.push((d) => lang[d] === code);
    }
    if (plan.crossover !== 'include') {
      const want = plan.crossover === 'only' ? 1 : 0;
      const x = this.crossover;
      checks.push((d) => x[d] === want);
    }
    for (const r of plan.require) checks.push((d) => this.docHasAny(d, r));
    if (plan.forbid.length > 0) checks.push((d) => !this.docHasAny(d, plan.forbid));
    if (plan.collectionIds) {
      const want = plan.collectionIds;
      checks.push((d) => this.docColls(d).some((c) => want.includes(c)));
    }
    if (plan.creatorCodes) {
      const want = plan.creatorCodes;
      checks.push((d) => this.docCreators(d).some((c) => want.includes(c)));
    }
    if (plan.muteCreatorCodes.length > 0) {
      const muted = plan.muteCreatorCodes;
      checks.push((d) => !this.docCreators(d).some((c) => muted.includes(c)));
    }
    if (text) {
      const wid = this.workId;
      if (text.ids) checks.push((d) => textHas(text, wid[d]!));
      if (text.excluded.size > 0) {
        const ex = text.excluded;
        checks.push((d) => !ex.has(wid[d]!));
      }
    }
    return { visMask, checks };
  }

  /**
   * Facet counts over a result: every filter tag of every doc counted once per doc (dense tags
   * always, rare tags only for the types whose top ten they could reach). With `keep` and a
   * large enough result, the counts are kept in the result cache (see `cached`).
   */
  private facets(docs: Int32Array, keep: { plan: Plan; viewer: Viewer } | null): Facets {
    const K = this.denseTag.length;
    // A small result (a text query, a narrow filter) touches few tags: count just those, by tag
    // id, instead of passing over all K dense tags four times. The result cache keeps dense
    // counts, so a result it will keep is counted densely.
    const sparseBelow = this.sparseFacetDocs ?? K / SPARSE_FACET_TAGS;
    if (docs.length < sparseBelow && (keep === null || docs.length < this.cacheMinDocs)) return this.sparseFacets(docs);
    if (this.dcounts.length < K) {
      this.dcounts = new Uint32Array(K);
      this.dcounts2 = new Uint32Array(K);
    }
    const dc = this.dcounts;
    const dc2 = this.dcounts2;
    const { start, list } = this.dtags;
    const over = this.over;
    if (this.overrides.size === 0) {
      // Docs of a fandom sit together (clusterByFandom): count each run of consecutive docs as
      // one stretch of the list, alternating two counters so that a tag every doc carries (the
      // fandom itself, a rating) does not wait on its own previous increment. 89,485 works:
      // 3.9 → 1.6 ms of CPU.
      countBlocks(docs, start, list, dc, dc2, this.vis, this.blocks, this.blockShift);
    } else {
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        if (over[d] === 0) {
          for (let j = start[d]!, e = start[d + 1]!; j < e; j++) dc[list[j]!]!++;
        } else {
          for (const t of this.docTags(d)) {
            const x = this.denseOf(t);
            if (x >= 0) dc[x]!++;
          }
        }
      }
    }
    const dense = new Uint32Array(K);
    for (let x = 0; x < K; x++) dense[x] = dc[x]! + dc2[x]!;
    dc.fill(0, 0, K);
    dc2.fill(0, 0, K);
    let top = this.topFacets(dense, null);
    let rare: Map<number, number> | null = null;
    if (top.unsettled.length > 0) {
      rare = this.countRare(docs, top.unsettled);
      top = this.topFacets(dense, rare);
    }
    if (keep !== null && docs.length >= this.cacheMinDocs) {
      this.remember(keep.plan, keep.viewer, docs, { dense, rare, rareTypes: rare ? top.unsettledBefore : [] }, top.facets);
    }
    return top.facets;
  }

  /**
   * Facets of a small result in one pass over its docs' tag lists: every tag counted by id in a
   * reused array (only the touched entries read back and reset), the top ten of each type
   * picked from those. (Counting the dense tags first and the rare ones in a second pass read
   * each doc's two lists, scattered through memory, one after the other.)
   */
  private sparseFacets(docs: Int32Array): Facets {
    if (this.tagCounts.length < this.tagCap) this.tagCounts = new Uint32Array(this.tagCap);
    const rc = this.tagCounts;
    const touched = new IntBuffer(Math.min(this.tagCap, docs.length * 8) + 1);
    const { start, list } = this.tags;
    const over = this.over;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (over[d] === 1) {
        for (const t of this.docTags(d)) if (rc[t]!++ === 0) touched.push(t);
      } else {
        for (let j = start[d]!, e = start[d + 1]!; j < e; j++) {
          const t = list[j]!;
          if (rc[t]!++ === 0) touched.push(t);
        }
      }
    }
    const xs = touched.toArray();
    const top = new TopTags(this.nameRank, this.tagType);
    for (let i = 0; i < xs.length; i++) {
      const t = xs[i]!;
      top.offer(t, rc[t]!);
      rc[t] = 0;
    }
    return top.facets(this.tagName);
  }

  /** Counts of the rare tags of some types over a result. */
  private countRare(docs: Int32Array, types: readonly number[]): Map<number, number> {
    const wanted = new Uint8Array(TAG_TYPES.length + 1);
    for (const t of types) wanted[t] = 1;
    // Counted in a reused array by tag id (only the touched entries are read back and reset):
    // a map update per tag occurrence was most of a small result's facet time.
    if (this.tagCounts.length < this.tagCap) this.tagCounts = new Uint32Array(this.tagCap);
    const rc = this.tagCounts;
    const touched = new IntBuffer(1024);
    const { start, list } = this.tags;
    const type = this.tagType;
    const over = this.over;
    const count = (t: number) => {
      if (this.denseOf(t) >= 0 || wanted[type[t]!] !== 1) return;
      if (rc[t]!++ === 0) touched.push(t);
    };
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (over[d] === 1) {
        for (const t of this.docTags(d)) count(t);
      } else {
        for (let j = start[d]!, e = start[d + 1]!; j < e; j++) count(list[j]!);
      }
    }
    const out = new Map<number, number>();
    const xs = touched.toArray();
    for (let i = 0; i < xs.length; i++) {
      out.set(xs[i]!, rc[xs[i]!]!);
      rc[xs[i]!] = 0;
    }
    return out;
  }

  /**
   * The top tags of each facet type, by count, then name, then id, from dense counts and (when
   * counted) rare counts. `unsettled`: types whose top ten a rare tag could still enter, when
   * rare tags were not counted (`unsettledBefore` keeps that list once they were).
   */
  private topFacets(dense: Uint32Array, rare: Map<number, number> | null): { facets: Facets; unsettled: number[]; unsettledBefore: number[] } {
    const top = new TopTags(this.nameRank, this.tagType);
    // Most dense tags cannot enter their type's top ten: skip them on one comparison with the
    // type's current tenth count.
    const denseTag = this.denseTag;
    const denseType = this.denseType;
    for (let x = 0; x < denseTag.length; x++) {
      const c = dense[x]!;
      if (c >= top.floorOf(denseType[x]!)) top.offer(denseTag[x]!, c);
    }
    const unsettledBefore: number[] = [];
    for (let type = 1; type <= TAG_TYPES.length; type++) {
      if (this.rareMax[type]! > 0 && top.tenthOf(type) <= this.rareMax[type]!) unsettledBefore.push(type);
    }
    if (rare) for (const [id, c] of rare) if (c > 0) top.offer(id, c);
    return { facets: top.facets(this.tagName), unsettled: rare ? [] : unsettledBefore, unsettledBefore };
  }

  // ---------------------------------------------------------------- result cache

  /**
   * Totals and full facet counts of recent large results (a popular fandom's page, say), keyed
   * by the plan's filters and the viewer class, kept exact as works change: before a doc
   * changes it leaves every cached result it was in (its tags uncounted), after the change it
   * enters those it now matches. A wrangling change clears the cache. So the second reader of
   * a popular page pays only for walking the presorted order to their page, and every reader
   * still sees the same numbers a full count would give (the tests compare with the SQL
   * baseline after changes).
   */
  private resultCache = new Map<string, CachedResult>();

  /** Forgets every cached result and text match (the benchmark times searches cold with it). */
  clearResultCache(): void {
    this.resultCache.clear();
    this.textCache.clear();
  }

  /**
   * Text matches (and scores) of recent queries, so paging through a query's results, or the
   * next reader of a popular query, does not ask the full-text index again. Any change to any
   * work clears it (its text may have changed), so it never answers with old text.
   */
  private textCache = new Map<string, TextMatch>();

  /**
   * The text matches (and, with `scores`, their ranking) of a parsed query: text-match.ts over
   * this index's metadata words and the database's story text. The plain-SQL baseline asks it too.
   */
  async matchText(q: ParsedQuery, o: { scores?: boolean } = {}): Promise<TextMatch> {
    const scores = o.scores === true;
    const key = JSON.stringify([q.must, q.mustNot, scores]);
    const hit = this.textCache.get(key);
    if (hit) {
      this.textCache.delete(key);
      this.textCache.set(key, hit);
      return hit;
    }
    const m = await matchQuery(this.meta, this.db, q, { scores });
    this.textCache.set(key, m);
    while (this.textCache.size > TEXT_CACHE_ENTRIES) this.textCache.delete(this.textCache.keys().next().value as string);
    return m;
  }

  private cacheKey(plan: Plan, viewer: Viewer): string {
    const p = plan;
    return JSON.stringify([viewer.userId === null ? 0 : 1, p.require, p.forbid, p.ratings, p.complete, p.ranges, p.posted, p.updated, p.language, p.collectionIds, p.creatorCodes, p.muteCreatorCodes, p.crossover]);
  }

  private cached(plan: Plan, viewer: Viewer): CachedResult | null {
    const key = this.cacheKey(plan, viewer);
    const e = this.resultCache.get(key);
    if (!e) return null;
    this.resultCache.delete(key);
    this.resultCache.set(key, e); // most recently used last
    this.refreshAccept(e);
    return e;
  }

  /** A cached result's facets; null when a type's top ten now needs rare counts it does not hold (then counted afresh). */
  private cachedFacets(e: CachedResult): Facets | null {
    if (e.facets) return e.facets;
    const top = this.topFacets(e.counts.dense, e.counts.rare);
    if (top.unsettledBefore.some((t) => !e.counts.rareTypes.includes(t))) return null;
    e.facets = top.facets;
    return e.facets;
  }

  private remember(plan: Plan, viewer: Viewer, docs: Int32Array, counts: CachedCounts, facets: Facets): void {
    const bits = new Uint32Array((this.cap >>> 5) + 1);
    for (let i = 0; i < docs.length; i++) bits[docs[i]! >>> 5]! |= 1 << (docs[i]! & 31);
    const who: Viewer = viewer.userId === null ? GUEST : SIGNED_IN;
    const key = this.cacheKey(plan, viewer);
    this.resultCache.delete(key);
    this.resultCache.set(key, { plan, viewer: who, cap: this.cap, accept: this.predicate(plan, who, null), total: docs.length, counts, bits, facets });
    while (this.resultCache.size > CACHE_ENTRIES) this.resultCache.delete(this.resultCache.keys().next().value as string);
  }

  /** Predicates hold the column arrays they read: remade after the arrays grew. */
  private refreshAccept(e: CachedResult): void {
    if (e.cap === this.cap) return;
    e.accept = this.predicate(e.plan, e.viewer, null);
    e.cap = this.cap;
    if (e.bits.length * 32 < this.cap) {
      const bits = new Uint32Array((this.cap >>> 5) + 1);
      bits.set(e.bits);
      e.bits = bits;
    }
  }

  /** Before doc d changes: it leaves the cached results it is in. */
  private leave(d: number): void {
    this.adjustCached(d, -1);
  }
  /** After doc d changed: it enters the cached results it now matches. */
  private enter(d: number): void {
    this.adjustCached(d, 1);
  }
  private adjustCached(d: number, delta: 1 | -1): void {
    if (this.resultCache.size === 0 || d >= this.n) return;
    let tags: Int32Array | null = null;
    for (const e of this.resultCache.values()) {
      this.refreshAccept(e);
      if (!e.accept(d)) continue;
      e.total += delta;
      e.facets = null;
      if (delta > 0) e.bits[d >>> 5]! |= 1 << (d & 31);
      else e.bits[d >>> 5]! &= ~(1 << (d & 31));
      tags ??= this.docTags(d);
      const { dense, rare, rareTypes } = e.counts;
      for (let i = 0; i < tags.length; i++) {
        const t = tags[i]!;
        const x = this.denseOf(t);
        if (x >= 0) dense[x] = dense[x]! + delta;
        else if (rare && rareTypes.includes(this.tagType[t]!)) rare.set(t, (rare.get(t) ?? 0) + delta);
      }
    }
  }

  /**
   * A page of a cached result without collecting it: walks the presorted order from the top
   * (or the bottom, ascending), keeping the docs the plan accepts, and merges in the docs
   * changed since the order was built. null when the walk would cost more than collecting
   * (a page deep into a sparse result).
   */
  private walk(bits: Uint32Array, plan: Plan, total: number): number[] | null {
    const offset = (plan.page - 1) * plan.perPage;
    if (offset >= total) return [];
    const want = Math.min(total, offset + plan.perPage);
    if ((want * this.ordered) / Math.max(1, total) > WALK_LIMIT) return null;
    const key = plan.sort as Exclude<SortKey, 'best_match'>;
    const { order } = this.orders[key] as Order;
    const dirty = this.dirty;
    const head = new IntBuffer(want + 1);
    if (plan.order === 'desc') {
      for (let i = 0; i < order.length && head.length < want; i++) {
        const d = order[i]!;
        if ((bits[d >>> 5]! & (1 << (d & 31))) !== 0 && dirty[d] === 0) head.push(d);
      }
    } else {
      for (let i = order.length - 1; i >= 0 && head.length < want; i--) {
        const d = order[i]!;
        if ((bits[d >>> 5]! & (1 << (d & 31))) !== 0 && dirty[d] === 0) head.push(d);
      }
    }
    const has = (d: number) => (bits[d >>> 5]! & (1 << (d & 31))) !== 0;
    const late: number[] = [];
    for (const d of this.dirtyList) if (has(d)) late.push(d);
    for (let d = this.ordered; d < this.n; d++) if (has(d)) late.push(d);
    return this.mergeLate(head.toArray(), late, plan, offset, want);
  }

  private mergeLate(head: Int32Array, late: number[], plan: Plan, offset: number, want: number): number[] {
    const wid = this.workId;
    if (late.length === 0) return Array.from(head.subarray(offset, want), (d) => wid[d]!);
    const sign = plan.order === 'desc' ? -1 : 1;
    const cmpKey = this.comparator(plan.sort as Exclude<SortKey, 'best_match'>);
    const cmp = (a: number, b: number) => sign * (cmpKey(a, b) || wid[a]! - wid[b]!);
    late.sort(cmp);
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while (merged.length < want && (i < head.length || j < late.length)) {
      if (j >= late.length || (i < head.length && cmp(head[i]!, late[j]!) <= 0)) merged.push(head[i++]!);
      else merged.push(late[j++]!);
    }
    return merged.slice(offset, want).map((d) => wid[d]!);
  }

  private pageByScore(docs: Int32Array, plan: Plan, text: TextMatch | null): number[] {
    const offset = (plan.page - 1) * plan.perPage;
    const sign = plan.order === 'desc' ? -1 : 1;
    // Scores read once into an array; docs of a text match come in work id order, so a cursor
    // over the match's ids finds each score (a search only when they do not).
    const n = docs.length;
    const ids = new Int32Array(n);
    const score = new Float64Array(n);
    const matched = text?.ids ?? null;
    const scores = text?.scores ?? null;
    let j = 0;
    for (let i = 0; i < n; i++) {
      const id = this.workId[docs[i]!]!;
      ids[i] = id;
      if (matched === null || scores === null) continue;
      while (j < matched.length && matched[j]! < id) j++;
      score[i] = j < matched.length && matched[j] === id ? scores[j]! : textScore(text as TextMatch, id);
    }
    // a before b: ascending by sign·score, ties by sign·id.
    const before = (a: number, b: number) => sign * (score[a]! - score[b]! || ids[a]! - ids[b]!) < 0;
    const want = Math.min(n, offset + plan.perPage);
    if (want <= 0 || offset >= n) return [];
    let chosen: number[];
    if (want * 4 >= n) {
      chosen = Array.from({ length: n }, (_, i) => i).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    } else {
      // The first `want` of the order, by a heap of them whose root is the last of them.
      const heap: number[] = [];
      const down = (at: number) => {
        for (;;) {
          const l = 2 * at + 1;
          const r = l + 1;
          let worst = at;
          if (l < heap.length && before(heap[worst]!, heap[l]!)) worst = l;
          if (r < heap.length && before(heap[worst]!, heap[r]!)) worst = r;
          if (worst === at) return;
          [heap[at], heap[worst]] = [heap[worst]!, heap[at]!];
          at = worst;
        }
      };
      for (let i = 0; i < n; i++) {
        if (heap.length < want) {
          heap.push(i);
          for (let at = heap.length - 1; at > 0; ) {
            const up = (at - 1) >> 1;
            if (!before(heap[up]!, heap[at]!)) break;
            [heap[at], heap[up]] = [heap[up]!, heap[at]!];
            at = up;
          }
        } else if (before(i, heap[0]!)) {
          heap[0] = i;
          down(0);
        }
      }
      chosen = heap.sort((a, b) => (before(a, b) ? -1 : 1));
    }
    return chosen.slice(offset, offset + plan.perPage).map((i) => ids[i]!);
  }

  private page(docs: Int32Array, plan: Plan): number[] {
    const offset = (plan.page - 1) * plan.perPage;
    const want = Math.min(docs.length, offset + plan.perPage);
    if (offset >= docs.length) return [];
    const sign = plan.order === 'desc' ? -1 : 1;
    const key = plan.sort as Exclude<SortKey, 'best_match'>;
    const { order, rank } = this.orders[key] as Order;
    const clean = new IntBuffer(docs.length + 1);
    const late: number[] = [];
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (d >= this.ordered || this.dirty[d] === 1) late.push(d);
      else clean.push(d);
    }
    const c = clean.toArray();
    let head: Int32Array;
    const scanCost = (want * this.ordered) / Math.max(1, c.length);
    const sortCost = c.length * Math.log2(c.length + 2) * 4;
    if (c.length > 0 && scanCost < sortCost) {
      const mark = this.mark;
      for (let i = 0; i < c.length; i++) mark[c[i]!] = 1;
      const out = new IntBuffer(want + 1);
      if (sign < 0) {
        for (let i = 0; i < order.length && out.length < want; i++) if (mark[order[i]!] === 1) out.push(order[i]!);
      } else {
        for (let i = order.length - 1; i >= 0 && out.length < want; i--) if (mark[order[i]!] === 1) out.push(order[i]!);
      }
      for (let i = 0; i < c.length; i++) mark[c[i]!] = 0;
      head = out.toArray();
    } else {
      const ranks = new Int32Array(c.length);
      for (let i = 0; i < c.length; i++) ranks[i] = rank[c[i]!]!;
      ranks.sort();
      head = new Int32Array(Math.min(want, c.length));
      if (sign < 0) for (let i = 0; i < head.length; i++) head[i] = order[ranks[i]!]!;
      else for (let i = 0; i < head.length; i++) head[i] = order[ranks[ranks.length - 1 - i]!]!;
    }
    return this.mergeLate(head, late, plan, offset, want);
  }
}

/** Builds the in-memory index from the database (the server does this once at start). */
export function buildIndex(db: Db): Promise<SearchIndex> {
  return SearchIndex.build(db);
}

/** Spare room in the doc and tag arrays for what is added after a build or a load. */
/** Fills an array of names up to `size` entries with empty names (room to write in place). */
function padNames(names: string[], size: number): void {
  const from = names.length;
  if (from >= size) return;
  names.length = size;
  names.fill('', from);
}

function headroom(size: number): number {
  return Math.max(1024, size >> 6);
}

/** Work ids below this pack exactly with a value rank (< 2^31) into a float64 (see packedOrder). */
const ID_SPAN = 2 ** 22;

/** Bump when the snapshot layout or the meaning of a stored array changes: older snapshots are then rebuilt. */
const SNAPSHOT_VERSION = 3;

/** A cached result's facet counts: by dense number, and of the rare tags of `rareTypes` when those were counted. */
interface CachedCounts {
  dense: Uint32Array;
  rare: Map<number, number> | null;
  rareTypes: number[];
}
/** Tags counted through a dense array (Uint16 numbers). */
const DENSE_TAGS = 65_536;
/**
 * A result counts its facets sparsely when it has fewer docs than the dense tags divided by
 * this: a doc carries ~18 dense tags, and a sparse count costs a few times a dense increment,
 * while a dense count passes over every dense tag four times (65,536: ~5,000 docs).
 */
const SPARSE_FACET_TAGS = 12;

/** A result kept by the result cache: its total and facet counts. */
interface CachedResult {
  plan: Plan;
  viewer: Viewer;
  /** The doc capacity `accept` was made for. */
  cap: number;
  accept: (d: number) => boolean;
  total: number;
  counts: CachedCounts;
  /** One bit per doc: in the result. */
  bits: Uint32Array;
  facets: Facets | null;
}
/** Results smaller than this are cheaper to count again than to keep. */
const CACHE_MIN_DOCS = 2_000;
const CACHE_ENTRIES = 64;
const TEXT_CACHE_ENTRIES = 64;
/** Order positions a page walk may visit before collecting the result is cheaper. */
const WALK_LIMIT = 400_000;

type DocColumn = Int32Array | Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** A doc's lists after an upsert or a wrangling change, until the next compaction folds them into the base lists. */
interface DocLists {
  tags: Int32Array;
  raw: Int32Array;
  creators: Int32Array;
  colls: Int32Array;
}

const WORK_COLUMNS = [
  'id', 'title', 'language', 'rating', 'complete', 'posted', 'restricted', 'hidden_at', 'deleted_at', 'published_at', 'updated_at',
  'words', 'chapter_count', 'hits', 'kudos_count', 'comments_count', 'bookmarks_count',
] as const;
interface WorkRow {
  id: number;
  title: string;
  language: string;
  rating: string;
  complete: 0 | 1;
  posted: 0 | 1;
  restricted: 0 | 1;
  hidden_at: string | null;
  deleted_at: string | null;
  published_at: string;
  updated_at: string;
  words: number;
  chapter_count: number;
  hits: number;
  kudos_count: number;
  comments_count: number;
  bookmarks_count: number;
}

function groupBy<R>(rows: readonly R[], key: (r: R) => number, value: (r: R) => number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(value(r));
    else out.set(k, [value(r)]);
  }
  return out;
}

function push(map: Map<number, number[]>, key: number, d: number): void {
  const list = map.get(key);
  if (list) list.push(d);
  else map.set(key, [d]);
}

const BLOCK_SHIFT = 12;

/** See `SearchIndex.blocks`. Class c of block b: entries at[2b+c]..at[2b+c+1] of ids/counts, size[2b+c] docs. */
interface BlockCounts {
  at: Int32Array;
  ids: Uint16Array;
  counts: Uint16Array;
  size: Int32Array;
  /** Whole blocks counted (docs added later fill the last one up and are counted one by one). */
  blocks: number;
}

function emptyBlockCounts(): BlockCounts {
  return { at: new Int32Array(1), ids: new Uint16Array(0), counts: new Uint16Array(0), size: new Int32Array(0), blocks: 0 };
}

/** Block counts of the first n docs (class 0: guests see them; class 1: only signed-in readers). */
function blockCounts(n: number, vis: Uint8Array, dtags: { start: Int32Array; list: Uint16Array }, K: number, shift: number): BlockCounts {
  const BLOCK = 1 << shift;
  const nb = n >>> shift; // only whole blocks: the docs added later fill the last one
  const { start, list } = dtags;
  const at = new Int32Array(2 * nb + 1);
  const size = new Int32Array(2 * nb);
  const scratch = new Uint16Array(K);
  const seen: number[] = [];
  const parts: { ids: Uint16Array; counts: Uint16Array }[] = [];
  let total = 0;
  for (let b = 0; b < nb; b++) {
    for (let c = 0; c < 2; c++) {
      let docs = 0;
      for (let d = b << shift, e = d + BLOCK; d < e; d++) {
        const v = vis[d]!;
        if (c === 0 ? (v & VIS_GUEST) === 0 : (v & VIS_GUEST) !== 0 || (v & VIS_MEMBER) === 0) continue;
        docs++;
        for (let j = start[d]!, je = start[d + 1]!; j < je; j++) {
          const x = list[j]!;
          if (scratch[x] === 0) seen.push(x);
          scratch[x] = scratch[x]! + 1;
        }
      }
      seen.sort((x, y) => x - y);
      const ids = Uint16Array.from(seen);
      const counts = new Uint16Array(seen.length);
      for (let i = 0; i < seen.length; i++) {
        counts[i] = scratch[seen[i]!]!;
        scratch[seen[i]!] = 0;
      }
      seen.length = 0;
      parts.push({ ids, counts });
      size[2 * b + c] = docs;
      total += ids.length;
      at[2 * b + c + 1] = total;
    }
  }
  const ids = new Uint16Array(total);
  const counts = new Uint16Array(total);
  for (let i = 0, o = 0; i < parts.length; o += parts[i]!.ids.length, i++) {
    ids.set(parts[i]!.ids, o);
    counts.set(parts[i]!.counts, o);
  }
  return { at, ids, counts, size, blocks: nb };
}

/**
 * Dense tag counts of docs: a stretch of docs that is a whole class of a block (or both
 * classes) adds the block's counts; other docs are counted one by one (countRuns). The docs
 * of a result are distinct and visible to its reader, so equal sizes mean equal sets.
 */
function countBlocks(docs: Int32Array, start: Int32Array, list: Uint16Array, dc: Uint32Array, dc2: Uint32Array, vis: Uint8Array, blocks: BlockCounts, shift: number): void {
  const { at, ids, counts, size } = blocks;
  const nb = blocks.blocks;
  const n = docs.length;
  let i = 0;
  while (i < n) {
    const b = docs[i]! >>> shift;
    let j = i;
    let guests = 0;
    while (j < n && docs[j]! >>> shift === b) {
      guests += vis[docs[j]!]! & VIS_GUEST;
      j++;
    }
    const m = j - i;
    let from = -1;
    let to = -1;
    // A block's counts cost about what counting a sixteenth of its docs does.
    if (b < nb && m >= 1 << (shift - 4)) {
      const g = size[2 * b]!;
      if (guests === m && m === g) {
        from = at[2 * b]!;
        to = at[2 * b + 1]!;
      } else if (guests === g && m === g + size[2 * b + 1]!) {
        from = at[2 * b]!;
        to = at[2 * b + 2]!;
      }
    }
    if (from >= 0) {
      for (let x = from; x < to; x++) dc[ids[x]!]! += counts[x]!;
    } else countRuns(docs.subarray(i, j), start, list, dc, dc2);
    i = j;
  }
}

/** Dense tag counts of docs (ascending runs of consecutive docs read as one stretch; see `facets`). A small function of its own, so the engine optimizes it alone. */
function countRuns(docs: Int32Array, start: Int32Array, list: Uint16Array, dc: Uint32Array, dc2: Uint32Array): void {
  const n = docs.length;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && docs[j + 1] === docs[j]! + 1) j++;
    let x = start[docs[i]!]!;
    const e = start[docs[j]! + 1]!;
    for (; x + 1 < e; x += 2) {
      dc[list[x]!]!++;
      dc2[list[x + 1]!]!++;
    }
    if (x < e) dc[list[x]!]!++;
    i = j + 1;
  }
}

/** Whether a sorted list holds any of the (sorted) ids. */
function hasAny(list: Int32Array, ids: readonly number[]): boolean {
  return hasAnyIn(list, 0, list.length, ids);
}

/** The same for list[from..to), without a subarray. */
function hasAnyIn(list: Int32Array, from: number, to: number, ids: readonly number[]): boolean {
  let i = from;
  let j = 0;
  while (i < to && j < ids.length) {
    const a = list[i]!;
    const b = ids[j]!;
    if (a === b) return true;
    if (a < b) i++;
    else j++;
  }
  return false;
}

/** The ten largest counts of each tag type, ties by tag name (`rank`): a result's facets. */
class TopTags {
  private readonly top: { id: number; c: number }[][] = TAG_TYPES.map(() => []);
  /** Per type, the tenth count once ten are kept (a smaller count cannot enter). */
  private readonly floor = new Float64Array(TAG_TYPES.length + 1).fill(1);
  constructor(
    private readonly rank: Float64Array,
    private readonly type: Uint8Array,
  ) {}

  /** The smallest count that may still enter the type's top ten. */
  floorOf(type: number): number {
    return this.floor[type]!;
  }
  /** The type's tenth count (0 while it has fewer than ten). */
  tenthOf(type: number): number {
    const bucket = this.top[type - 1];
    return bucket && bucket.length === FACET_SIZE ? bucket[FACET_SIZE - 1]!.c : 0;
  }

  offer(id: number, c: number): void {
    const type = this.type[id]!;
    const bucket = this.top[type - 1];
    if (!bucket || c < this.floor[type]!) return;
    const e = { id, c };
    if (bucket.length === FACET_SIZE && this.order(e, bucket[FACET_SIZE - 1]!) > 0) return;
    let at = bucket.length;
    while (at > 0 && this.order(e, bucket[at - 1]!) < 0) at--;
    bucket.splice(at, 0, e);
    if (bucket.length > FACET_SIZE) bucket.pop();
    if (bucket.length === FACET_SIZE) this.floor[type] = bucket[FACET_SIZE - 1]!.c;
  }

  /** Negative when a goes first: larger counts, then names in order. */
  private order(a: { id: number; c: number }, b: { id: number; c: number }): number {
    return b.c - a.c || this.rank[a.id]! - this.rank[b.id]!;
  }

  facets(names: readonly string[]): Facets {
    const facets = emptyFacets();
    for (const type of FACET_TYPES) facets[type] = (this.top[TAG_TYPES.indexOf(type)] ?? []).map((e) => ({ tag: names[e.id]!, count: e.c }));
    return facets;
  }
}
