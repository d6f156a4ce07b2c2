import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DialectInfo } from '../db/dialect.js';
import type { Db } from '../db/connect.js';
import { ensureTags } from '../tags/tag-store.js';
import type { WrangleCache } from '../tags/auto-wrangle.js';
import { insertRowReturningId, insertRows } from '../db/fast-insert.js';
import type { TagType } from '../tags/tag-types.js';
import { ensureLegacyAuthor } from '../accounts/creator-store.js';
import type { WorkInput } from './model.js';
import { WorkValidationError } from './model.js';
import { recordChange } from './changes.js';
import { prepareChapter } from './prepare-chapter.js';
import type { PreparedChapter } from './prepare-chapter.js';
import { indexWorkText } from '../search/text-index.js';
import { indexWorksText } from '../search/text-index-batch.js';

const flag = (b: boolean): 0 | 1 => (b ? 1 : 0);
const iso = (s: string): string => new Date(s).toISOString();

/** More writes that belong to the same work (import state, redirects), in its transaction. */
export type AlsoWrite = (trx: Kysely<Database>, workId: number) => Promise<void>;

/**
 * Writes one whole work — row, chapters, tags, creators, series, related works, collections,
 * provenance — in one transaction: a failure leaves nothing half-written. With `input.id`
 * the work keeps that id, replacing what was stored under it (restores are idempotent).
 * Right after the commit its text is written to the full-text tables.
 */
export async function saveWork(db: Kysely<Database>, dialect: DialectInfo, input: WorkInput, alsoWrite?: AlsoWrite): Promise<number> {
  checkWork(input);
  const chapters = input.chapters.map((c) => prepareChapter(c.body));
  const id = await db.transaction().execute((trx) => writeWork(trx, dialect, input, chapters, alsoWrite));
  // The full-text tables are derived from the work: rewritten right after it commits.
  await indexWorkText(asDb(db, dialect), id);
  return id;
}

/** One work of a batch: what `saveWork` takes, and optionally its chapters already prepared. */
export interface BatchItem {
  input: WorkInput;
  /**
   * Each chapter of `input` already passed through `prepareChapter` (an import does that in
   * its parsing workers). Trusted as given: only pass what `prepareChapter` returned for
   * exactly these chapter bodies.
   */
  prepared?: readonly PreparedChapter[];
  alsoWrite?: AlsoWrite;
}

/** How `saveWorks` treats the full-text rows of a batch. */
export interface SaveWorksOptions {
  /**
   * Leave the batch's full-text rows to whoever this function (called after the commit with
   * the saved works' ids) hands them to, instead of writing them in the transaction; the works
   * are noted in `text_pending` meanwhile, in the transaction. An import's text writer indexes
   * them on its own connection and thread.
   */
  deferText?: (ids: number[]) => void;
  /** Works whose deferred rows have been written since: their notes are cleared in this transaction. */
  textWritten?: readonly number[];
}

/**
 * Saves many works in one transaction (one commit instead of one per work; imports save
 * thousands). Each work is written inside its own savepoint: a work that fails is rolled back
 * alone and reported as its Error, the others are kept. The full-text rows of the saved works
 * are written in the same transaction, in one batch (or handed on: `deferText`). Returns, per
 * item, the id or the error.
 */
export async function saveWorks(db: Kysely<Database>, dialect: DialectInfo, items: readonly BatchItem[], o: SaveWorksOptions = {}): Promise<(number | Error)[]> {
  const out: (number | Error)[] = [];
  const ready: { item: BatchItem; chapters: PreparedChapter[]; index: number }[] = [];
  for (const [index, item] of items.entries()) {
    try {
      checkWork(item.input);
      const chapters = item.prepared ? [...item.prepared] : item.input.chapters.map((c) => prepareChapter(c.body));
      if (chapters.length !== item.input.chapters.length) throw new Error('prepared chapters do not match the work');
      ready.push({ item, chapters, index });
      out.push(new Error('not saved'));
    } catch (e) {
      out.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  if (ready.length === 0 && !o.textWritten?.length) return out;
  // Optimistically without savepoints: inside a savepoint SQLite copies every page it is about
  // to change into a sub-journal first, which costs an import a tenth of its storing time.
  // Works rarely fail here (they were checked above); when one does, the whole transaction is
  // rolled back and the batch is written again with a savepoint per work.
  let saved: number[];
  try {
    saved = await writeBatch(db, dialect, ready, out, false, o);
  } catch (e) {
    if (!(e instanceof BatchWorkFailed)) throw e;
    saved = await writeBatch(db, dialect, ready, out, true, o);
  }
  if (o.deferText && saved.length > 0) o.deferText(saved);
  return out;
}

/** Thrown inside a batch's transaction (rolling it back) when a work fails without savepoints. */
class BatchWorkFailed extends Error {}

/**
 * Ids of the tags, legacy authors and collections found or created so far in one batch's
 * transaction, so that the works of a batch (which share most of their tags) look each up
 * once. Nothing else writes while the transaction holds SQLite's write lock or PostgreSQL's
 * row locks on what it created; a work rolled back to its savepoint starts a fresh one.
 */
interface BatchLookups {
  tags: Map<string, number>;
  authors: Map<string, number>;
  collections: Map<string, number>;
  wrangle: WrangleCache;
  /**
   * The series each title and set of creators was found in (see findOrCreateSeries), by title.
   * When a work joins a series, the title's other answers are dropped: that series may now be
   * the first match for them.
   */
  series: Map<string, Map<string, number>>;
}
const newLookups = (): BatchLookups => ({ tags: new Map(), authors: new Map(), collections: new Map(), wrangle: { dictionaries: new Map() }, series: new Map() });

/** One try at a batch's transaction; returns the ids of the works it saved. */
async function writeBatch(db: Kysely<Database>, dialect: DialectInfo, ready: readonly { item: BatchItem; chapters: PreparedChapter[]; index: number }[], out: (number | Error)[], savepoints: boolean, o: SaveWorksOptions): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    // The saved works, and their chapters' plain text where it was prepared with them.
    const saved: number[] = [];
    const texts = new Map<number, string[]>();
    let lookups = newLookups();
    for (const { item, chapters, index } of ready) {
      if (savepoints) await sql`savepoint fanfold_work`.execute(trx);
      try {
        const id = await writeWork(trx, dialect, item.input, chapters, item.alsoWrite, lookups);
        if (savepoints) await sql`release savepoint fanfold_work`.execute(trx);
        out[index] = id;
        saved.push(id);
        const plain = chapters.flatMap((c) => (c.text === undefined ? [] : [c.text]));
        if (plain.length === chapters.length) texts.set(id, plain);
      } catch (e) {
        if (!savepoints) throw new BatchWorkFailed();
        await sql`rollback to savepoint fanfold_work`.execute(trx);
        await sql`release savepoint fanfold_work`.execute(trx);
        lookups = newLookups();
        out[index] = e instanceof Error ? e : new Error(String(e));
      }
    }
    for (let i = 0; i < (o.textWritten?.length ?? 0); i += 500) {
      await trx.deleteFrom('text_pending').where('work_id', 'in', (o.textWritten as number[]).slice(i, i + 500)).execute();
    }
    if (!o.deferText) await indexWorksText(asDb(trx, dialect), saved, texts);
    else if (saved.length > 0) await trx.insertInto('text_pending').values(saved.map((work_id) => ({ work_id }))).onConflict((c) => c.column('work_id').doNothing()).execute();
    return saved;
  });
}

const asDb = (k: Kysely<Database>, dialect: DialectInfo): Db => ({ kysely: k, reader: k, dialect, describe: '', close: () => Promise.resolve() });

function checkWork(input: WorkInput): void {
  if (input.title.trim() === '') throw new WorkValidationError('title: a work needs a title');
  if (input.creators.length === 0) throw new WorkValidationError('creators: a work needs at least one creator');
}

/** The writes of one work, in the caller's transaction; returns its id. */
async function writeWork(trx: Kysely<Database>, dialect: DialectInfo, input: WorkInput, prepared: readonly PreparedChapter[], alsoWrite?: AlsoWrite, lookups?: BatchLookups): Promise<number> {
  const chapters = input.chapters.map((c, i) => {
    const p = prepared[i] as PreparedChapter;
    return { ...c, body: p.body, position: i + 1, words: p.words };
  });
  const words = chapters.reduce((n, c) => n + c.words, 0);
  const now = new Date().toISOString();
  const row = {
    title: input.title,
    summary: input.summary,
    notes: input.notes,
    end_notes: input.endNotes,
    spoilers: input.spoilers,
    disclaimer: input.disclaimer,
    language: input.language,
    rating: input.rating,
    rating_text: input.ratingText,
    warning_text: input.warningText,
    expected_chapters: input.expectedChapters,
    complete: flag(input.complete),
    posted: flag(input.posted),
    restricted: flag(input.restricted),
    hidden_at: input.hidden ? now : null,
    hidden_reason: null,
    deleted_at: null,
    published_at: iso(input.publishedAt),
    updated_at: iso(input.updatedAt),
    words,
    chapter_count: chapters.length,
    hits: input.stats.hits,
    kudos_count: input.stats.kudos,
    comments_count: input.stats.comments,
    bookmarks_count: input.stats.bookmarks,
    source_path: input.sourcePath,
    archive: input.archive,
  };

  let id: number;
  const existing = input.id === undefined ? undefined : await trx.selectFrom('works').select(['id', 'created_at', 'hidden_at']).where('id', '=', input.id).executeTakeFirst();
  if (existing) {
    id = existing.id;
    await trx
      .updateTable('works')
      .set({ ...row, hidden_at: input.hidden ? (existing.hidden_at ?? now) : null })
      .where('id', '=', id)
      .execute();
    for (const t of ['chapters', 'work_tags', 'creatorships', 'series_works', 'related_works', 'collection_works', 'provenance'] as const) {
      await trx.deleteFrom(t).where('work_id', '=', id).execute();
    }
    // Its series may now hold no work by its creators: the batch's series answers may be stale.
    lookups?.series.clear();
  } else {
    id = await insertRowReturningId(trx, 'works', { ...(input.id !== undefined ? { id: input.id } : {}), ...row, created_at: now });
    if (input.id !== undefined && dialect.name === 'postgres') {
      // An explicit id does not advance an identity sequence: move it past the highest id.
      await sql`select setval(pg_get_serial_sequence('works', 'id'), greatest((select max(id) from works), 1))`.execute(trx);
    }
  }

  if (chapters.length > 0) {
    await insertRows(trx, 'chapters', chapters.map((c) => ({ work_id: id, position: c.position, title: c.title, summary: c.summary, notes: c.notes, end_notes: c.endNotes, body: c.body, words: c.words })));
  }

  const tagGroups: [TagType, string[]][] = [
    ['rating', [input.rating]],
    ['warning', input.warnings],
    ['category', input.categories],
    ['fandom', input.fandoms],
    ['relationship', input.relationships],
    ['character', input.characters],
    ['freeform', input.freeforms],
  ];
  let position = 0;
  const tagRows: { work_id: number; tag_id: number; position: number }[] = [];
  const seenTags = new Set<number>();
  for (const [type, names] of tagGroups) {
    for (const tagId of await ensureTags(trx, type, names, lookups ? { known: lookups.tags, wrangle: lookups.wrangle } : {})) {
      if (seenTags.has(tagId)) continue;
      seenTags.add(tagId);
      tagRows.push({ work_id: id, tag_id: tagId, position: position++ });
    }
  }
  await insertRows(trx, 'work_tags', tagRows);

  const creatorRows = [];
  for (const [i, c] of input.creators.entries()) {
    if (c.kind === 'pseud') creatorRows.push({ work_id: id, position: i, pseud_id: c.pseudId, legacy_author_id: null });
    else creatorRows.push({ work_id: id, position: i, pseud_id: null, legacy_author_id: await ensureLegacyAuthor(trx, c.name, lookups?.authors) });
  }
  await insertRows(trx, 'creatorships', creatorRows);

  const creatorsKey = creatorRows.map((c) => (c.pseud_id !== null ? `p${c.pseud_id}` : `l${c.legacy_author_id}`)).sort().join(',');
  for (const s of input.series) {
    const known = lookups?.series.get(s.title);
    const seriesId = known?.get(creatorsKey) ?? (await findOrCreateSeries(trx, s.title, id));
    await insertRows(trx, 'series_works', [{ series_id: seriesId, work_id: id, position: s.part }]);
    if (lookups) {
      const answers = known ?? new Map<string, number>();
      for (const [key, found] of answers) if (found !== seriesId) answers.delete(key);
      answers.set(creatorsKey, seriesId);
      lookups.series.set(s.title, answers);
    }
  }

  if (input.related.length > 0) {
    await trx
      .insertInto('related_works')
      .values(input.related.map((r, i) => ({ work_id: id, position: i, relation: r.relation, target_work_id: r.workId, title: r.title, url: r.url })))
      .execute();
  }

  for (const name of new Set(input.collections)) {
    const collectionId = lookups?.collections.get(name) ?? (await ensureCollection(trx, name));
    lookups?.collections.set(name, collectionId);
    await trx.insertInto('collection_works').values({ collection_id: collectionId, work_id: id }).execute();
  }

  if (input.provenance) {
    const p = input.provenance;
    await insertRows(trx, 'provenance', [{ work_id: id, archive: p.archive, imported_at: iso(p.importedAt), sha256: p.sha256, original: p.original, contacts: JSON.stringify(p.contacts) }]);
  }
  if (alsoWrite) await alsoWrite(trx, id);
  await recordChange(trx, dialect, 'work', id);
  return id;
}

/**
 * A series is found by its title among the series that already hold a work by one of this
 * work's creators (two writers' series of the same name stay apart), else created.
 */
async function findOrCreateSeries(trx: Kysely<Database>, title: string, workId: number): Promise<number> {
  const match = await trx
    .selectFrom('series as s')
    .innerJoin('series_works as sw', 'sw.series_id', 's.id')
    .innerJoin('creatorships as other', 'other.work_id', 'sw.work_id')
    .innerJoin('creatorships as mine', (j) =>
      j
        .on('mine.work_id', '=', workId)
        .on((eb) =>
          eb.or([
            eb('mine.pseud_id', '=', eb.ref('other.pseud_id')),
            eb('mine.legacy_author_id', '=', eb.ref('other.legacy_author_id')),
          ]),
        ),
    )
    .select('s.id')
    .where('s.title', '=', title)
    .orderBy('s.id')
    .executeTakeFirst();
  if (match) return match.id;
  const row = await trx
    .insertInto('series')
    .values({ title, summary: null, notes: null, complete: 0, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Collections are addressed by name (/collections/NAME); the first use creates one titled the same. */
export async function ensureCollection(trx: Kysely<Database>, name: string, title?: string, description?: string | null): Promise<number> {
  const found = await trx.selectFrom('collections').select('id').where('name', '=', name).executeTakeFirst();
  if (found) return found.id;
  const row = await trx
    .insertInto('collections')
    .values({ name, title: title ?? name, description: description ?? null, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
