import type { TagType } from '../tags/tag-types.js';
import type { Rating } from '../tags/tag-types.js';
import type { SearchRequest, SortKey } from './params.js';
import { hasText, parseQuery } from './query-language.js';
import type { ParsedQuery, RangeField } from './query-language.js';

/** Muted tags, creators and fandoms of a signed-in reader: removed from results and counts. */
export interface SearchMute {
  tagIds?: readonly number[];
  /** `pseud:ID` or `legacy:ID`. */
  creatorKeys?: readonly string[];
  fandomIds?: readonly number[];
}

export const FACET_TYPES = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'] as const satisfies readonly TagType[];
export type FacetType = (typeof FACET_TYPES)[number];
export interface FacetEntry {
  tag: string;
  count: number;
}
export type Facets = Record<FacetType, FacetEntry[]>;
export const FACET_SIZE = 10;

export interface SearchResult {
  total: number;
  page: number;
  perPage: number;
  /** Work ids of the page, in order. */
  ids: number[];
  facets: Facets;
  /** Highlighted excerpts of story text by work id (text queries only). */
  snippets?: Record<number, string[]>;
}

/** Name lookups a plan needs; the in-memory index and the SQL baseline each answer them their own way. */
export interface Resolver {
  /** Canonical ids (merger, else itself) of tags with this identity, of one type or any. */
  canonicalTags(name: string, type: TagType | null): Promise<number[]> | number[];
  canonicalOf(tagId: number): Promise<number> | number;
  collectionIds(name: string): Promise<number[]> | number[];
  /** Creator codes (pseud id * 2, legacy author id * 2 + 1) whose name has this identity. */
  creatorCodes(name: string): Promise<number[]> | number[];
}

export const pseudCode = (id: number) => id * 2;
export const legacyCode = (id: number) => id * 2 + 1;

export type Range = { min: number | null; max: number | null };

/** A request with every name resolved to ids: what both engines execute. */
export interface Plan {
  /** Each entry: the work must count as at least one of these filter tag ids (empty: nothing matches). */
  require: number[][];
  /** The work must count as none of these. */
  forbid: number[];
  ratings: Rating[] | null;
  complete: boolean | null;
  ranges: Partial<Record<RangeField, Range>>;
  posted: { from: string | null; until: string | null };
  updated: { from: string | null; until: string | null };
  language: string | null;
  /** null: no filter; otherwise the work must be in one of them (empty: nothing matches). */
  collectionIds: number[] | null;
  creatorCodes: number[] | null;
  muteCreatorCodes: number[];
  crossover: 'include' | 'exclude' | 'only';
  query: ParsedQuery | null;
  sort: SortKey;
  order: 'asc' | 'desc';
  page: number;
  perPage: number;
}

const tightenRange = (r: Range | undefined, min: number | null, max: number | null): Range => ({
  min: min === null ? (r?.min ?? null) : Math.max(min, r?.min ?? min),
  max: max === null ? (r?.max ?? null) : Math.min(max, r?.max ?? max),
});

/** Builds the plan; throws QuerySyntaxError for a bad `q`. */
export async function makePlan(req: SearchRequest, resolver: Resolver, mute: SearchMute = {}): Promise<Plan> {
  const query = req.q === null ? null : parseQuery(req.q);
  const require: number[][] = [];
  const forbid: number[] = [];
  for (const name of req.include) require.push(await resolver.canonicalTags(name, null));
  for (const name of req.exclude) forbid.push(...(await resolver.canonicalTags(name, null)));
  for (const type of ['fandom', 'relationship', 'character', 'freeform'] as const) {
    for (const name of req[type]) require.push(await resolver.canonicalTags(name, type));
  }
  if (req.warning.length > 0) require.push((await Promise.all(req.warning.map((w) => resolver.canonicalTags(w, 'warning')))).flat());
  if (req.category.length > 0) require.push((await Promise.all(req.category.map((c) => resolver.canonicalTags(c, 'category')))).flat());
  for (const id of [...(mute.tagIds ?? []), ...(mute.fandomIds ?? [])]) forbid.push(await resolver.canonicalOf(id));

  const ranges: Plan['ranges'] = {};
  if (req.wordsMin !== null || req.wordsMax !== null) ranges.words = tightenRange(undefined, req.wordsMin, req.wordsMax);
  for (const r of query?.ranges ?? []) ranges[r.field] = tightenRange(ranges[r.field], r.min, r.max);

  const muteCreatorCodes = (mute.creatorKeys ?? []).flatMap((k) => {
    const m = /^(pseud|legacy):(\d+)$/.exec(k);
    if (!m) return [];
    return [m[1] === 'pseud' ? pseudCode(Number(m[2])) : legacyCode(Number(m[2]))];
  });
  const text = query !== null && hasText(query);
  return {
    require: require.map((ids) => [...new Set(ids)].sort((a, b) => a - b)),
    forbid: [...new Set(forbid)].sort((a, b) => a - b),
    ratings: req.rating.length > 0 ? [...req.rating] : null,
    complete: req.complete,
    ranges,
    posted: { from: req.postedFrom, until: req.postedUntil },
    updated: { from: req.updatedFrom, until: req.updatedUntil },
    language: req.language,
    collectionIds: req.collection === null ? null : await resolver.collectionIds(req.collection),
    creatorCodes: req.creator === null ? null : await resolver.creatorCodes(req.creator),
    muteCreatorCodes,
    crossover: req.crossover,
    query,
    sort: req.sort ?? query?.sort ?? (text ? 'best_match' : 'updated'),
    order: req.order,
    page: req.page,
    perPage: req.perPage,
  };
}

/**
 * Code-point order of strings (SQLite's binary collation, PostgreSQL's "C"), which `<` on
 * JavaScript's UTF-16 strings gets wrong only around astral characters.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** The sort keys that read a works column, and which. */
export const SORT_COLUMNS = {
  updated: 'updated_at',
  posted: 'published_at',
  words: 'words',
  hits: 'hits',
  kudos: 'kudos_count',
  comments: 'comments_count',
  bookmarks: 'bookmarks_count',
  title: 'title',
} as const;

export const RANGE_COLUMNS: Record<RangeField, 'words' | 'kudos_count' | 'hits' | 'comments_count' | 'bookmarks_count' | 'chapter_count'> = {
  words: 'words',
  kudos: 'kudos_count',
  hits: 'hits',
  comments: 'comments_count',
  bookmarks: 'bookmarks_count',
  chapters: 'chapter_count',
};

export function emptyFacets(): Facets {
  return { rating: [], warning: [], category: [], fandom: [], relationship: [], character: [], freeform: [] };
}
