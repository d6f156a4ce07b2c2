import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Viewer } from '../accounts/viewer.js';
import { buildIndex } from './engine.js';
import type { SearchIndex, SearchOptions } from './engine.js';
import type { SearchRequest } from './params.js';
import { sqlBaseline } from './sql-baseline.js';
import { indexWorkText, rebuildText } from './text-index.js';

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
export async function createSearchService(db: Db, opts: { rebuildTextIfEmpty?: boolean } = {}) {
  let index: SearchIndex = await buildIndex(db);
  if (opts.rebuildTextIfEmpty) {
    const r = await sql<{ n: number }>`select count(*) as n from search_meta`.execute(db.kysely);
    if (Number(r.rows[0]?.n ?? 0) === 0 && index.size > 0) await rebuildText(db);
  }
  return {
    search: (req: SearchRequest, viewer: Viewer, o?: SearchOptions) => index.search(req, viewer, o),
    /** The plain-SQL answer to the same request (benchmarks and consistency checks). */
    baseline: (req: SearchRequest, viewer: Viewer, o?: SearchOptions) => sqlBaseline(db, req, viewer, o),
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
    rebuildText: () => rebuildText(db),
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
