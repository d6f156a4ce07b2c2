import type { Db } from '../db/connect.js';
import type { Viewer } from '../accounts/viewer.js';
import { buildIndex } from './engine.js';
import type { SearchIndex, SearchOptions } from './engine.js';
import type { SearchRequest } from './params.js';
import { sqlBaseline } from './sql-baseline.js';
import { indexWorkText, rebuildText, textIndexEmpty } from './text-index.js';
import { indexPendingText } from './text-index-batch.js';
import { latestChange } from '../works/changes.js';
import { loadIndexSnapshot, saveIndexSnapshot } from './index-snapshot.js';

/**
 * The search capability as the web layer and the works service see it:
 *
 *   const search = await createSearchService(db);          // builds the in-memory index
 *   search.search(parseSearchParams(url.searchParams), viewer, { mute })  → SearchResult
 *   after a work's save commits: await search.workChanged(id)   (text tables + index)
 *   after a work is deleted:     await search.workChanged(id)   (or remove(id))
 *   after wrangling changes synonyms or parents: await search.tagsChanged()  (the follower does it)
 *
 * Bad parameters throw SearchParamError (→ 400 with err.toJSON()).
 */
export async function createSearchService(db: Db, opts: { rebuildTextIfEmpty?: boolean; snapshot?: string } = {}) {
  // The change-log position the index reflects: a snapshot's, or read before a build starts
  // (so nothing committed during the build is missed; the follower replays from here).
  const t0 = performance.now();
  const loaded = opts.snapshot ? await loadIndexSnapshot(db, opts.snapshot) : null;
  const since = loaded?.seq ?? (await latestChange(db.kysely));
  let index: SearchIndex = loaded?.index ?? (await buildIndex(db));
  const save = async (seq: number) => (opts.snapshot ? saveIndexSnapshot(db, index, opts.snapshot, seq) : null);
  const readyMs = performance.now() - t0;
  if (opts.snapshot && !loaded) await save(since);
  if (opts.rebuildTextIfEmpty) {
    // An empty full-text index (a new or restored archive, its text file lost) is rebuilt from
    // the works; works an import stored without indexing their text (it stopped) are indexed.
    if (index.size > 0 && (await textIndexEmpty(db))) {
      await rebuildText(db);
      await index.reloadMetaText();
    } else await indexPendingText(db);
  }
  return {
    /** The change-log position the index was built or loaded at. */
    since,
    /** How the index came to be at start: read from its snapshot file or built from the database, and how long it took. */
    origin: { from: loaded ? ('snapshot' as const) : ('database' as const), ms: readyMs, works: index.size },
    /** Writes the index to the snapshot file (given at creation) as of change-log position `seq`. */
    saveSnapshot: (seq: number) => save(seq),
    search: (req: SearchRequest, viewer: Viewer, o?: SearchOptions) => index.search(req, viewer, o),
    /** The plain-SQL answer to the same request (benchmarks and consistency checks). */
    baseline: (req: SearchRequest, viewer: Viewer, o?: SearchOptions) => sqlBaseline(db, req, viewer, { ...o, text: (q, t) => index.matchText(q, t) }),
    /** Re-index one work's text and filter row; the work is visible to the next search. */
    async workChanged(workId: number): Promise<void> {
      await indexWorkText(db, workId);
      await index.upsert(workId);
    },
    upsert: (workId: number) => index.upsert(workId),
    remove: (workId: number) => index.remove(workId),
    /** After wrangling (merges, synonyms, meta tags): re-derives the filters of the works it touches. */
    tagsChanged: () => index.retag(),
    async rebuild(): Promise<void> {
      index = await buildIndex(db);
    },
    async rebuildText(): Promise<void> {
      await rebuildText(db);
      await index.reloadMetaText();
    },
    get size() {
      return index.size;
    },
  };
}

export type SearchService = Awaited<ReturnType<typeof createSearchService>>;
export { buildIndex, SearchIndex } from './engine.js';
export type { SearchOptions } from './engine.js';
export { parseSearchParams, searchRequest, SearchParamError, SORTS } from './params.js';
export type { SearchRequest, SortKey } from './params.js';
export { parseQuery, QuerySyntaxError } from './query-language.js';
export type { ParsedQuery } from './query-language.js';
export type { SearchResult, SearchMute, Facets, FacetEntry, FacetType } from './plan.js';
export { sqlBaseline } from './sql-baseline.js';
export { apiWorksResponse } from './api-response.js';
export type { ApiWork, ApiWorksResponse } from './api-response.js';
export { indexWorkText, rebuildText } from './text-index.js';
export { loadTagClosure } from './tag-closure.js';
