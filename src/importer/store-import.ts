import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/connect.js';
import { saveWorks } from '../works/save-work.js';
import type { BatchItem, SaveWorksOptions } from '../works/save-work.js';
import type { PreparedChapter } from '../works/prepare-chapter.js';
import type { WorkInput } from '../works/model.js';
import { creatorKey } from '../accounts/creator-store.js';
import { insertRows } from '../db/fast-insert.js';

export type StoreOutcome = 'imported' | 'updated' | 'unchanged';

/** One imported work to store: see `storeImportedWorks`. */
export interface ImportedWork {
  /** Names the legacy source (collection and path). */
  sourceKey: string;
  sha: string;
  input: WorkInput;
  /** The chapters of `input` already through `prepareChapter` (done in the parsing workers). */
  prepared?: readonly PreparedChapter[];
  paths: string[];
  contacts: { name: string; contact: string }[];
}

/** Works per transaction: one commit (and one full-text batch) per this many works. */
export const STORE_BATCH = 50;

/**
 * Stores one imported work idempotently. `sourceKey` names the legacy source (collection and
 * path); the same source with the same bytes is left alone, changed bytes update the work it
 * became (same id), a new source creates a work. The work, its import state, its old-path
 * redirect and its authors' private contacts are written in one transaction.
 */
export async function storeImportedWork(db: Db, sourceKey: string, sha: string, input: WorkInput, extra: { paths: string[]; contacts: { name: string; contact: string }[] }): Promise<{ outcome: StoreOutcome; workId: number }> {
  const [r] = await storeImportedWorks(db, [{ sourceKey, sha, input, ...extra }]);
  if (r instanceof Error) throw r;
  return r as { outcome: StoreOutcome; workId: number };
}

/**
 * Stores imported works as `storeImportedWork` does each, with one transaction per batch
 * (`saveWorks`: a savepoint per work, so one that fails is rolled back alone and returned as
 * its Error while the rest are kept; `o` says what becomes of their full-text rows). Returns
 * one result per item, in order.
 */
export async function storeImportedWorks(db: Db, items: readonly ImportedWork[], o: SaveWorksOptions = {}): Promise<({ outcome: StoreOutcome; workId: number } | Error)[]> {
  const out: ({ outcome: StoreOutcome; workId: number } | Error)[] = [];
  // A source key seen twice (two inputs holding the same path) must see the first one
  // stored: such an item starts a new batch.
  let batch: ImportedWork[] = [];
  let keys = new Set<string>();
  for (const item of items) {
    if (keys.has(item.sourceKey) || batch.length >= STORE_BATCH) {
      out.push(...(await storeBatch(db, batch, o)));
      batch = [];
      keys = new Set();
    }
    batch.push(item);
    keys.add(item.sourceKey);
  }
  if (batch.length > 0) out.push(...(await storeBatch(db, batch, o)));
  return out;
}

async function storeBatch(db: Db, items: readonly ImportedWork[], o: SaveWorksOptions): Promise<({ outcome: StoreOutcome; workId: number } | Error)[]> {
  const k = db.kysely;
  const priors = new Map<string, { work_id: number; sha256: string }>();
  for (const r of await k.selectFrom('import_sources').select(['source_key', 'work_id', 'sha256']).where('source_key', 'in', items.map((i) => i.sourceKey)).execute()) {
    priors.set(r.source_key, r);
  }
  const priorIds = [...new Set([...priors.values()].map((p) => p.work_id))];
  const stats = new Map<number, { hits: number; kudos_count: number; comments_count: number; bookmarks_count: number }>();
  if (priorIds.length > 0) {
    for (const r of await k.selectFrom('works').select(['id', 'hits', 'kudos_count', 'comments_count', 'bookmarks_count']).where('id', 'in', priorIds).execute()) stats.set(r.id, r);
  }
  const out: ({ outcome: StoreOutcome; workId: number } | Error)[] = items.map(() => new Error('not stored'));
  const toSave: { at: number; item: BatchItem; prior: boolean }[] = [];
  const now = new Date().toISOString();
  for (const [at, it] of items.entries()) {
    const prior = priors.get(it.sourceKey);
    const st = prior ? stats.get(prior.work_id) : undefined;
    if (prior && st && prior.sha256 === it.sha) {
      out[at] = { outcome: 'unchanged', workId: prior.work_id };
      continue;
    }
    const input: WorkInput = {
      ...it.input,
      ...(prior ? { id: prior.work_id } : {}),
      // An update keeps what readers did with the work meanwhile.
      ...(st ? { stats: { hits: st.hits, kudos: st.kudos_count, comments: st.comments_count, bookmarks: st.bookmarks_count } } : {}),
    };
    const alsoWrite = async (trx: Kysely<Database>, id: number) => {
      if (prior) await trx.deleteFrom('import_sources').where('source_key', '=', it.sourceKey).execute();
      await insertRows(trx, 'import_sources', [{ source_key: it.sourceKey, work_id: id, sha256: it.sha, imported_at: now }]);
      for (const path of it.paths) await upsertArchivePath(trx, path, id);
      for (const c of it.contacts) await addContact(trx, c.name, c.contact, it.sourceKey);
    };
    toSave.push({ at, item: { input, ...(it.prepared ? { prepared: it.prepared } : {}), alsoWrite }, prior: prior !== undefined });
  }
  const saved = await saveWorks(k, db.dialect, toSave.map((s) => s.item), o);
  for (const [i, s] of toSave.entries()) {
    const r = saved[i] as number | Error;
    out[s.at] = r instanceof Error ? r : { outcome: s.prior ? 'updated' : 'imported', workId: r };
  }
  return out;
}

async function upsertArchivePath(trx: Kysely<Database>, path: string, workId: number): Promise<void> {
  await trx.deleteFrom('archive_paths').where('path', '=', path).execute();
  await insertRows(trx, 'archive_paths', [{ path, work_id: workId }]);
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
