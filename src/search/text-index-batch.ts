import type { Db } from '../db/connect.js';
import { assembleTexts, deleteWorkTexts, insertWorkTexts } from './text-index.js';
import type { WorkText } from './text-index.js';
import { htmlToText } from './plain-text.js';

/**
 * Re-indexes the text of many works at once, in the caller's transaction when `db.kysely` is
 * one: four reads for the whole batch, then the same rows `indexWorkText` and `rebuildText`
 * write (title, summary, notes, tags, creators; every chapter's text). Works that are gone or
 * deleted lose their rows.
 *
 * `chapterTexts` may give the plain text of each work's chapters (`htmlToText` of the stored,
 * sanitized bodies, in position order) when the caller already has it, as an import does:
 * the bodies are then not read back from the database.
 */
export async function indexWorksText(db: Db, ids: readonly number[], chapterTexts?: ReadonlyMap<number, readonly string[]>): Promise<void> {
  if (ids.length === 0) return;
  const texts = await batchTexts(db, ids, chapterTexts);
  await deleteWorkTexts(db, ids);
  await insertWorkTexts(db, texts);
}

/**
 * Indexes the works noted in `text_pending` (stored, their full-text rows not yet written: an
 * import's text writer had not finished them) and clears the notes, a few hundred at a time.
 * Returns how many were indexed. Cheap when nothing is pending, so every start runs it.
 */
export async function indexPendingText(db: Db): Promise<number> {
  let done = 0;
  for (;;) {
    const ids = (await db.kysely.selectFrom('text_pending').select('work_id').orderBy('work_id').limit(500).execute()).map((r) => r.work_id);
    if (ids.length === 0) return done;
    await db.kysely.transaction().execute(async (trx) => {
      await indexWorksText({ ...db, kysely: trx }, ids);
      await trx.deleteFrom('text_pending').where('work_id', 'in', ids).execute();
    });
    done += ids.length;
  }
}

/**
 * The full-text rows of these works as text-index.ts's loadTexts makes them, by id list, with
 * chapter texts optionally given (the works that are gone or deleted have none).
 */
async function batchTexts(db: Db, ids: readonly number[], given?: ReadonlyMap<number, readonly string[]>): Promise<WorkText[]> {
  const k = db.kysely;
  const list = [...ids];
  const needBodies = list.filter((id) => !given?.has(id));
  const works = await k.selectFrom('works').select(['id', 'title', 'summary', 'notes', 'end_notes']).where('id', 'in', list).where('deleted_at', 'is', null).execute();
  const tags = await k
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .select(['wt.work_id', 't.name'])
    .where('wt.work_id', 'in', list)
    .orderBy('wt.work_id')
    .orderBy('wt.position')
    .execute();
  const creators = await k
    .selectFrom('creatorships as c')
    .leftJoin('pseuds as p', 'p.id', 'c.pseud_id')
    .leftJoin('legacy_authors as l', 'l.id', 'c.legacy_author_id')
    .select(['c.work_id', 'p.name as pseud', 'l.name as legacy'])
    .where('c.work_id', 'in', list)
    .orderBy('c.work_id')
    .orderBy('c.position')
    .execute();
  const chapters = await k
    .selectFrom('chapters')
    .select(['work_id', 'position', 'title', 'summary', 'notes', 'end_notes'])
    .where('work_id', 'in', list)
    .orderBy('work_id')
    .orderBy('position')
    .execute();
  const bodies = new Map<string, string>();
  if (needBodies.length > 0) {
    const rows = await k.selectFrom('chapters').select(['work_id', 'position', 'body']).where('work_id', 'in', needBodies).execute();
    for (const r of rows) bodies.set(`${r.work_id}:${r.position}`, htmlToText(r.body));
  }
  return assembleTexts(list, works, tags, creators, chapters, (c, i) => {
    const text = given?.get(c.work_id);
    return text ? (text[i] ?? '') : (bodies.get(`${c.work_id}:${c.position}`) ?? '');
  });
}
