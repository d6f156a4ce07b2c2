import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/connect.js';
import { saveWork } from '../works/save-work.js';
import type { WorkInput } from '../works/model.js';
import { creatorKey } from '../accounts/creator-store.js';

export type StoreOutcome = 'imported' | 'updated' | 'unchanged';

/**
 * Stores one imported work idempotently. `sourceKey` names the legacy source (collection and
 * path); the same source with the same bytes is left alone, changed bytes update the work it
 * became (same id), a new source creates a work. The work, its import state, its old-path
 * redirect and its authors' private contacts are written in one transaction.
 */
export async function storeImportedWork(db: Db, sourceKey: string, sha: string, input: WorkInput, extra: { paths: string[]; contacts: { name: string; contact: string }[] }): Promise<{ outcome: StoreOutcome; workId: number }> {
  const k = db.kysely;
  const prior = await k.selectFrom('import_sources').select(['work_id', 'sha256']).where('source_key', '=', sourceKey).executeTakeFirst();
  if (prior && prior.sha256 === sha) {
    const exists = await k.selectFrom('works').select('id').where('id', '=', prior.work_id).executeTakeFirst();
    if (exists) return { outcome: 'unchanged', workId: prior.work_id };
  }
  const stats = prior ? await k.selectFrom('works').select(['hits', 'kudos_count', 'comments_count', 'bookmarks_count', 'published_at']).where('id', '=', prior.work_id).executeTakeFirst() : undefined;
  const toSave: WorkInput = {
    ...input,
    ...(prior ? { id: prior.work_id } : {}),
    // An update keeps what readers did with the work meanwhile.
    ...(stats ? { stats: { hits: stats.hits, kudos: stats.kudos_count, comments: stats.comments_count, bookmarks: stats.bookmarks_count } } : {}),
  };
  const now = new Date().toISOString();
  const workId = await saveWork(k, db.dialect, toSave, async (trx, id) => {
    if (prior) await trx.deleteFrom('import_sources').where('source_key', '=', sourceKey).execute();
    await trx.insertInto('import_sources').values({ source_key: sourceKey, work_id: id, sha256: sha, imported_at: now }).execute();
    for (const path of extra.paths) await upsertArchivePath(trx, path, id);
    for (const c of extra.contacts) await addContact(trx, c.name, c.contact, sourceKey);
  });
  return { outcome: prior ? 'updated' : 'imported', workId };
}

async function upsertArchivePath(trx: Kysely<Database>, path: string, workId: number): Promise<void> {
  await trx.deleteFrom('archive_paths').where('path', '=', path).execute();
  await trx.insertInto('archive_paths').values({ path, work_id: workId }).execute();
}

async function addContact(trx: Kysely<Database>, name: string, contact: string, source: string): Promise<void> {
  const author = await trx.selectFrom('legacy_authors').select('id').where('name_key', '=', creatorKey(name)).executeTakeFirst();
  if (!author) return;
  const exists = await trx
    .selectFrom('legacy_author_contacts')
    .select('contact')
    .where('legacy_author_id', '=', author.id)
    .where('contact', '=', contact)
    .executeTakeFirst();
  if (!exists) await trx.insertInto('legacy_author_contacts').values({ legacy_author_id: author.id, contact, source }).execute();
}

/** Recounts the comment and bookmark totals of works from their rows. */
export async function recountCommunity(k: Kysely<Database>, workIds: readonly number[]): Promise<void> {
  for (const id of workIds) {
    await k
      .updateTable('works')
      .set({
        comments_count: sql<number>`(select count(*) from comments where comments.work_id = ${id})`,
        bookmarks_count: sql<number>`(select count(*) from bookmarks where bookmarks.work_id = ${id})`,
      })
      .where('id', '=', id)
      .execute();
  }
}
