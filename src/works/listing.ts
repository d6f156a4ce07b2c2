import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Viewer } from '../accounts/viewer.js';
import { listedWhere } from './visibility.js';

/**
 * Plain-SQL listing of works for pages (home, tag, creator, series, collection). The search
 * issue's engine replaces the sorting/filtering core; the visibility rule stays `listedWhere`.
 */
export interface ListingFilter {
  /** Works carrying any of these tags. */
  tagIds?: readonly number[];
  legacyAuthorId?: number;
  pseudIds?: readonly number[];
  seriesId?: number;
  collectionId?: number;
  /** A reader's mutes (src/accounts/preferences.ts resolveMutes): works carrying any of these are left out. */
  mute?: { tagIds: readonly number[]; pseudIds: readonly number[]; legacyAuthorIds: readonly number[] };
}

export const LISTING_SORTS = ['updated', 'posted', 'title', 'words', 'hits', 'kudos', 'series'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

export interface ListingPage {
  page: number;
  perPage: number;
  sort?: ListingSort;
}

export interface ListingResult {
  total: number;
  ids: number[];
}

export async function listWorkIds(db: Kysely<Database>, viewer: Viewer, filter: ListingFilter, pg: ListingPage): Promise<ListingResult> {
  let q = db.selectFrom('works').where((eb) => listedWhere(eb, viewer));
  if (filter.tagIds !== undefined) {
    const tagIds = filter.tagIds.length > 0 ? filter.tagIds : [-1];
    q = q.where('works.id', 'in', db.selectFrom('work_tags').select('work_id').where('tag_id', 'in', tagIds));
  }
  if (filter.legacyAuthorId !== undefined) {
    q = q.where('works.id', 'in', db.selectFrom('creatorships').select('work_id').where('legacy_author_id', '=', filter.legacyAuthorId));
  }
  if (filter.pseudIds !== undefined) {
    const pseudIds = filter.pseudIds.length > 0 ? filter.pseudIds : [-1];
    q = q.where('works.id', 'in', db.selectFrom('creatorships').select('work_id').where('pseud_id', 'in', pseudIds));
  }
  if (filter.collectionId !== undefined) {
    q = q.where('works.id', 'in', db.selectFrom('collection_works').select('work_id').where('collection_id', '=', filter.collectionId));
  }
  if (filter.seriesId !== undefined) {
    q = q.where('works.id', 'in', db.selectFrom('series_works').select('work_id').where('series_id', '=', filter.seriesId));
  }
  if (filter.mute !== undefined) {
    const m = filter.mute;
    if (m.tagIds.length > 0) q = q.where('works.id', 'not in', db.selectFrom('work_tags').select('work_id').where('tag_id', 'in', [...m.tagIds]));
    if (m.pseudIds.length > 0) q = q.where('works.id', 'not in', db.selectFrom('creatorships').select('work_id').where('pseud_id', 'in', [...m.pseudIds]));
    if (m.legacyAuthorIds.length > 0) {
      q = q.where('works.id', 'not in', db.selectFrom('creatorships').select('work_id').where('legacy_author_id', 'in', [...m.legacyAuthorIds]));
    }
  }
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);

  let sorted = q.select('works.id');
  switch (pg.sort ?? 'updated') {
    case 'posted': sorted = sorted.orderBy('works.published_at', 'desc'); break;
    case 'title': sorted = sorted.orderBy('works.title', 'asc'); break;
    case 'words': sorted = sorted.orderBy('works.words', 'desc'); break;
    case 'hits': sorted = sorted.orderBy('works.hits', 'desc'); break;
    case 'kudos': sorted = sorted.orderBy('works.kudos_count', 'desc'); break;
    case 'series':
      sorted = sorted
        .leftJoin('series_works as sw', (j) => j.onRef('sw.work_id', '=', 'works.id').on('sw.series_id', '=', filter.seriesId ?? -1))
        .orderBy('sw.position', 'asc')
        .orderBy('works.published_at', 'asc');
      break;
    default: sorted = sorted.orderBy('works.updated_at', 'desc');
  }
  // Ties are broken by id so pages never repeat or skip a work.
  const rows = await sorted.orderBy('works.id', 'desc').limit(pg.perPage).offset((pg.page - 1) * pg.perPage).execute();
  return { total, ids: rows.map((r) => r.id) };
}

/** Fandoms with the number of works each lists for this viewer, most works first. */
export async function fandomCounts(db: Kysely<Database>, viewer: Viewer): Promise<{ name: string; count: number }[]> {
  const rows = await db
    .selectFrom('tags as t')
    .innerJoin('work_tags as wt', 'wt.tag_id', 't.id')
    .innerJoin('works', 'works.id', 'wt.work_id')
    .where('t.type', '=', 'fandom')
    .where((eb) => listedWhere(eb, viewer))
    .select(['t.name', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['t.id', 't.name'])
    .orderBy('n', 'desc')
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({ name: r.name, count: Number(r.n) }));
}
