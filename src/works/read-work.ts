import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { creatorsOfWorks } from '../accounts/creator-store.js';
import type { Rating } from '../tags/tag-types.js';
import type { Relation, Work, WorkBlurb } from './model.js';

type TagGroups = Pick<Work, 'warnings' | 'categories' | 'fandoms' | 'relationships' | 'characters' | 'freeforms'>;
const GROUP_OF: Record<string, keyof TagGroups | undefined> = {
  warning: 'warnings',
  category: 'categories',
  fandom: 'fandoms',
  relationship: 'relationships',
  character: 'characters',
  freeform: 'freeforms',
};

async function tagsOfWorks(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, TagGroups>> {
  const out = new Map<number, TagGroups>();
  for (const id of ids) out.set(id, { warnings: [], categories: [], fandoms: [], relationships: [], characters: [], freeforms: [] });
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .select(['wt.work_id', 't.type', 't.name'])
    .where('wt.work_id', 'in', ids)
    .orderBy('wt.work_id')
    .orderBy('wt.position')
    .execute();
  for (const r of rows) {
    const key = GROUP_OF[r.type];
    if (key) out.get(r.work_id)?.[key].push(r.name);
  }
  return out;
}

async function seriesOfWorks(db: Kysely<Database>, ids: readonly number[]) {
  const out = new Map<number, { id: number; title: string; part: number | null }[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('series_works as sw')
    .innerJoin('series as s', 's.id', 'sw.series_id')
    .select(['sw.work_id', 's.id', 's.title', 'sw.position'])
    .where('sw.work_id', 'in', ids)
    .orderBy('sw.work_id')
    .orderBy('s.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.work_id) ?? [];
    list.push({ id: r.id, title: r.title, part: r.position });
    out.set(r.work_id, list);
  }
  return out;
}

const BLURB_COLUMNS = [
  'id', 'title', 'rating', 'summary', 'language', 'words', 'chapter_count', 'expected_chapters', 'complete', 'restricted',
  'published_at', 'updated_at', 'hits', 'kudos_count', 'comments_count', 'bookmarks_count',
] as const;

/** Blurbs for listings, in the order of `ids`. No visibility check: callers pass listed ids. */
export async function getBlurbs(db: Kysely<Database>, ids: readonly number[]): Promise<WorkBlurb[]> {
  if (ids.length === 0) return [];
  const [rows, tags, creators, series] = await Promise.all([
    db.selectFrom('works').select(BLURB_COLUMNS).where('id', 'in', ids).execute(),
    tagsOfWorks(db, ids),
    creatorsOfWorks(db, ids),
    seriesOfWorks(db, ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const t = tags.get(id) as TagGroups;
    return [{
      id: r.id,
      title: r.title,
      creators: (creators.get(id) ?? []).map(({ name, kind, url }) => ({ name, kind, url })),
      rating: r.rating as Rating,
      ...t,
      summary: r.summary,
      language: r.language,
      words: r.words,
      chapterCount: r.chapter_count,
      expectedChapters: r.expected_chapters,
      complete: r.complete === 1,
      restricted: r.restricted === 1,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      stats: { hits: r.hits, kudos: r.kudos_count, comments: r.comments_count, bookmarks: r.bookmarks_count },
      series: series.get(id) ?? [],
    }];
  });
}

/** The whole work, including drafts, hidden and deleted ones: callers apply the visibility rule. */
export async function getWork(db: Kysely<Database>, id: number): Promise<Work | null> {
  const r = await db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  const [chapters, tags, creators, series, related, collections] = await Promise.all([
    db.selectFrom('chapters').selectAll().where('work_id', '=', id).orderBy('position').execute(),
    tagsOfWorks(db, [id]),
    creatorsOfWorks(db, [id]),
    seriesOfWorks(db, [id]),
    db.selectFrom('related_works').selectAll().where('work_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('collection_works as cw')
      .innerJoin('collections as c', 'c.id', 'cw.collection_id')
      .select(['c.name', 'c.title'])
      .where('cw.work_id', '=', id)
      .orderBy('c.name')
      .execute(),
  ]);
  const cs = creators.get(id) ?? [];
  return {
    id: r.id,
    title: r.title,
    creators: cs.map(({ name, kind, url }) => ({ name, kind, url })),
    creatorPseudIds: cs.flatMap((c) => (c.pseudId === null ? [] : [c.pseudId])),
    summary: r.summary,
    notes: r.notes,
    endNotes: r.end_notes,
    spoilers: r.spoilers,
    disclaimer: r.disclaimer,
    language: r.language,
    rating: r.rating as Rating,
    ratingText: r.rating_text,
    ...(tags.get(id) as TagGroups),
    warningText: r.warning_text,
    chapters: chapters.map((c) => ({ id: c.id, position: c.position, title: c.title, summary: c.summary, notes: c.notes, endNotes: c.end_notes, body: c.body, words: c.words })),
    expectedChapters: r.expected_chapters,
    complete: r.complete === 1,
    posted: r.posted === 1,
    restricted: r.restricted === 1,
    hiddenAt: r.hidden_at,
    deletedAt: r.deleted_at,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    words: r.words,
    series: series.get(id) ?? [],
    related: related.map((x) => ({ relation: x.relation as Relation, title: x.title, workId: x.target_work_id, url: x.url })),
    collections,
    stats: { hits: r.hits, kudos: r.kudos_count, comments: r.comments_count, bookmarks: r.bookmarks_count },
    sourcePath: r.source_path,
    archive: r.archive,
  };
}

export async function getProvenance(db: Kysely<Database>, workId: number) {
  const p = await db.selectFrom('provenance').selectAll().where('work_id', '=', workId).executeTakeFirst();
  if (!p) return null;
  return { archive: p.archive, importedAt: p.imported_at, sha256: p.sha256, original: new Uint8Array(p.original), contacts: JSON.parse(p.contacts) as string[] };
}
