import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { ParsedQuery, TextTerm } from './query-language.js';
import { highlight, htmlToText, MARK_END, MARK_START } from './plain-text.js';
import { quickSnippet } from './snippet.js';

/**
 * The database's side of text search. Every work has a metadata row (title, summary, notes
 * with chapter titles and notes, tags, creators, as plain text) and its story text:
 *   SQLite      FTS5 tables `search_work` (the metadata) and `search_body` (every chapter's
 *               text, one row per work that has any; migration 0009), rowid = work id;
 *   PostgreSQL  `search_meta` (a row per work, with tsvectors) and `search_chapter` (chapters
 *               in segments; migration 0004), with GIN, ts_rank and ts_headline.
 * Both are kept in sync by `indexWorkText` (the works service calls it after a save commits),
 * the batched writers of text-index-batch.ts and `rebuildText`.
 *
 * Queries read the story text here (`bodyMatches`, `textSnippets`) and check
 * metadata phrases (`metaPhraseWorks`); the metadata's words are matched and ranked in memory
 * (meta-text.ts, filled from the metadata rows by `eachMetaText`; text-match.ts). This file is
 * the only search file that speaks each database's full-text dialect.
 */
/** PostgreSQL keeps at most 16,383 positions per tsvector: chapters are stored in segments. */
const SEGMENT_WORDS = 8_000;

interface WorkText {
  id: number;
  title: string;
  summary: string;
  notes: string;
  tags: string;
  creators: string;
  chapters: string[];
}

/**
 * Texts of the works with these ids (sorted); a whole id range is read by range, not by list.
 * Without `bodies`, chapters' texts are left empty; without `tags`, the tags text.
 */
async function loadTexts(db: Db, ids: readonly number[], bodies = true, withTags = true): Promise<WorkText[]> {
  const k = db.kysely;
  if (ids.length === 0) return [];
  const lo = ids[0] as number;
  const hi = ids[ids.length - 1] as number;
  const ranged = hi - lo + 1 === ids.length;
  const [works, tags, creators, chapters] = await Promise.all([
    (ranged ? k.selectFrom('works').where('id', '>=', lo).where('id', '<=', hi) : k.selectFrom('works').where('id', 'in', ids))
      .select(['id', 'title', 'summary', 'notes', 'end_notes'])
      .where('deleted_at', 'is', null)
      .execute(),
    withTags
      ? (ranged ? k.selectFrom('work_tags as wt').where('wt.work_id', '>=', lo).where('wt.work_id', '<=', hi) : k.selectFrom('work_tags as wt').where('wt.work_id', 'in', ids))
          .innerJoin('tags as t', 't.id', 'wt.tag_id')
          .select(['wt.work_id', 't.name'])
          .orderBy('wt.work_id')
          .orderBy('wt.position')
          .execute()
      : [],
    (ranged ? k.selectFrom('creatorships as c').where('c.work_id', '>=', lo).where('c.work_id', '<=', hi) : k.selectFrom('creatorships as c').where('c.work_id', 'in', ids))
      .leftJoin('pseuds as p', 'p.id', 'c.pseud_id')
      .leftJoin('legacy_authors as l', 'l.id', 'c.legacy_author_id')
      .select(['c.work_id', 'p.name as pseud', 'l.name as legacy'])
      .orderBy('c.work_id')
      .orderBy('c.position')
      .execute(),
    (ranged ? k.selectFrom('chapters').where('work_id', '>=', lo).where('work_id', '<=', hi) : k.selectFrom('chapters').where('work_id', 'in', ids))
      .select(['work_id', 'title', 'summary', 'notes', 'end_notes'])
      .$if(bodies, (q) => q.select('body'))
      .orderBy('work_id')
      .orderBy('position')
      .execute(),
  ]);
  return assembleTexts(ids, works, tags, creators, chapters, (c) => ('body' in c && typeof c.body === 'string' ? htmlToText(c.body) : ''));
}

type ChapterMeta = { work_id: number; title: string | null; summary: string | null; notes: string | null; end_notes: string | null };

/**
 * The rows of the text tables from what was read of the works: titles, summaries and notes as
 * plain text, tags and creators joined, chapter notes added to the notes, and each chapter's
 * text from `chapterText(chapter, its index within the work)`. Shared with text-index-batch.ts.
 */
export function assembleTexts<C extends ChapterMeta>(
  ids: readonly number[],
  works: readonly { id: number; title: string; summary: string | null; notes: string | null; end_notes: string | null }[],
  tags: readonly { work_id: number; name: string }[],
  creators: readonly { work_id: number; pseud: string | null; legacy: string | null }[],
  chapters: readonly C[],
  chapterText: (c: C, index: number) => string,
): WorkText[] {
  const byId = new Map<number, WorkText>();
  for (const w of works) {
    byId.set(w.id, { id: w.id, title: w.title.normalize('NFKC'), summary: htmlToText(w.summary ?? ''), notes: [w.notes, w.end_notes].filter((x) => x).map((x) => htmlToText(x as string)).join('\n'), tags: '', creators: '', chapters: [] });
  }
  for (const t of tags) {
    const w = byId.get(t.work_id);
    if (w) w.tags += (w.tags ? ' ; ' : '') + t.name.normalize('NFKC');
  }
  for (const c of creators) {
    const w = byId.get(c.work_id);
    const name = c.pseud ?? c.legacy;
    if (w && name) w.creators += (w.creators ? ' ; ' : '') + name.normalize('NFKC');
  }
  for (const c of chapters) {
    const w = byId.get(c.work_id);
    if (!w) continue;
    const extra = [c.title, c.summary, c.notes, c.end_notes].filter((x) => x).map((x) => htmlToText(x as string));
    if (extra.length > 0) w.notes += (w.notes ? '\n' : '') + extra.join('\n');
    w.chapters.push(chapterText(c, w.chapters.length));
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function segments(text: string): string[] {
  const words = text.split(/(\s+)/);
  if (words.length <= SEGMENT_WORDS * 2) return [text];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += SEGMENT_WORDS * 2) out.push(words.slice(i, i + SEGMENT_WORDS * 2).join(''));
  return out;
}

async function deleteTexts(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const k = db.kysely;
  if (db.dialect.name === 'sqlite') {
    // One exact rowid at a time: a rowid range or list on an FTS5 table scans the whole table.
    for (const id of ids) {
      await sql`delete from search_work where rowid = ${id}`.execute(k);
      await sql`delete from search_body where rowid = ${id}`.execute(k);
    }
    return;
  }
  await sql`delete from search_meta where work_id in (${sql.join(ids)})`.execute(k);
  await sql`delete from search_chapter where work_id in (${sql.join(ids)})`.execute(k);
}

async function insertTexts(db: Db, texts: readonly WorkText[]): Promise<void> {
  const k = db.kysely;
  const rowsOf = <T>(items: T[], size: number, f: (batch: T[]) => Promise<unknown>) =>
    (async () => {
      for (let i = 0; i < items.length; i += size) await f(items.slice(i, i + size));
    })();
  if (db.dialect.name === 'sqlite') {
    await rowsOf([...texts], 100, (b) =>
      sql`insert into search_work(rowid, title, summary, notes, tags, creators) values ${sql.join(
        b.map((t) => sql`(${t.id}, ${t.title}, ${t.summary}, ${t.notes}, ${t.tags}, ${t.creators})`),
      )}`.execute(k),
    );
    const bodies = texts.filter((t) => t.chapters.some((c) => c !== ''));
    await rowsOf(bodies, 100, (b) => sql`insert into search_body(rowid, body) values ${sql.join(b.map((t) => sql`(${t.id}, ${t.chapters.join('\n\n')})`))}`.execute(k));
    return;
  }
  const simple = (s: RawBuilder<unknown> | string) => sql`to_tsvector('simple', ${s})`;
  await rowsOf([...texts], 400, (b) =>
    sql`insert into search_meta(work_id, title, summary, notes, tags, creators, tsv, notes_tsv) select v.id, v.title, v.summary, v.notes, v.tags, v.creators,
      setweight(to_tsvector('simple', v.title), 'A') || setweight(to_tsvector('simple', v.summary), 'B') || setweight(to_tsvector('simple', v.tags), 'C') || setweight(to_tsvector('simple', v.creators), 'D'),
      to_tsvector('simple', v.notes)
      from (values ${sql.join(b.map((t) => sql`(${t.id}::integer, ${t.title}::text, ${t.summary}::text, ${t.notes}::text, ${t.tags}::text, ${t.creators}::text)`))}) as v(id, title, summary, notes, tags, creators)`.execute(k),
  );
  const chapters = texts.flatMap((t) => t.chapters.flatMap(segments).map((body, seq) => ({ work_id: t.id, seq, body })));
  await rowsOf(chapters, 100, (b) =>
    sql`insert into search_chapter(work_id, seq, body, tsv) select v.w, v.s, v.b, ${simple(sql.ref('v.b'))} from (values ${sql.join(b.map((c) => sql`(${c.work_id}::integer, ${c.seq}::integer, ${c.body}::text)`))}) as v(w, s, b)`.execute(k),
  );
}

/** Re-indexes one work's text (or drops it when the work is gone or deleted). Call after the save commits. */
export async function indexWorkText(db: Db, workId: number): Promise<void> {
  const texts = await loadTexts(db, [workId]);
  await db.kysely.transaction().execute(async (trx) => {
    const tdb = { ...db, kysely: trx };
    await deleteTexts(tdb, [workId]);
    await insertTexts(tdb, texts);
  });
}

/** Whether the full-text tables hold nothing (a new archive, or one just migrated to a new layout). */
export async function textIndexEmpty(db: Db): Promise<boolean> {
  const table = sql.raw(db.dialect.name === 'sqlite' ? 'search_work' : 'search_meta');
  const r = await sql<{ one: number }>`select 1 as one from ${table} limit 1`.execute(db.kysely);
  return r.rows.length === 0;
}

/** Rebuilds both text tables from the works (the migration creates them empty). */
export async function rebuildText(db: Db, opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<void> {
  const k = db.kysely;
  // Every id, deleted ones too (loadTexts skips them), so that batches are id ranges.
  // Everything is indexed afresh: notes of works waiting for their text are void.
  await k.deleteFrom('text_pending').execute();
  const ids = (await k.selectFrom('works').select('id').orderBy('id').execute()).map((r) => r.id);
  if (db.dialect.name === 'sqlite') {
    await sql`delete from search_work`.execute(k);
    await sql`delete from search_body`.execute(k);
  } else {
    await sql`delete from search_meta`.execute(k);
    await sql`delete from search_chapter`.execute(k);
  }
  const size = opts.batch ?? 500;
  for (let i = 0; i < ids.length; i += size) {
    const batch = ids.slice(i, i + size);
    const texts = await loadTexts(db, batch);
    await k.transaction().execute((trx) => insertTexts({ ...db, kysely: trx }, texts));
    opts.onProgress?.(Math.min(i + size, ids.length), ids.length);
  }
  if (db.dialect.name === 'sqlite') {
    await sql`insert into search_work(search_work) values ('optimize')`.execute(k);
    await sql`insert into search_body(search_body) values ('optimize')`.execute(k);
  }
}

const FTS_COLUMN: Record<TextTerm['field'], string | null> = { any: null, title: 'title', summary: 'summary', creator: 'creators', tag: 'tags' };
const PG_WEIGHT: Record<TextTerm['field'], string> = { any: '', title: 'A', summary: 'B', creator: 'D', tag: 'C' };

function ftsPhrase(t: TextTerm): string {
  const phrase = `"${t.tokens.join(' ')}"`;
  const col = FTS_COLUMN[t.field];
  return col === null ? phrase : `${col} : ${phrase}`;
}
function tsQuery(t: TextTerm, weights = true): string {
  const w = weights ? PG_WEIGHT[t.field] : '';
  return t.tokens.map((tok) => `'${tok}'${w ? `:${w}` : ''}`).join(' <-> ');
}

/** The works whose metadata has a phrase (in the term's field), by the database's index. */
export async function metaPhraseWorks(db: Db, term: TextTerm): Promise<Set<number>> {
  const k = db.kysely;
  if (db.dialect.name === 'sqlite') {
    const rows = await sql<{ id: number }>`select rowid as id from search_work where search_work match ${ftsPhrase(term)}`.execute(k);
    return new Set(rows.rows.map((r) => Number(r.id)));
  }
  const q = tsQuery(term);
  const where = term.field === 'any' ? sql`(tsv @@ to_tsquery('simple', ${q}) or notes_tsv @@ to_tsquery('simple', ${q}))` : sql`tsv @@ to_tsquery('simple', ${q})`;
  const rows = await sql<{ id: number }>`select work_id as id from search_meta where ${where}`.execute(k);
  return new Set(rows.rows.map((r) => Number(r.id)));
}

/**
 * The works whose story text has a word or phrase, ascending, and with `rank` the story text's
 * rank of each (FTS5 bm25, or the best chapter's ts_rank), from the same single query.
 */
export async function bodyMatches(db: Db, term: TextTerm, rank: boolean): Promise<{ ids: Int32Array; rank: Map<number, number> | null }> {
  const k = db.kysely;
  const phrase = `"${term.tokens.join(' ')}"`;
  const q = tsQuery(term, false);
  // The rank is computed only when asked for (ts_rank reads each matching chapter's whole tsvector).
  const rows =
    db.dialect.name === 'sqlite'
      ? await sql<{ id: number; s: number }>`select rowid as id, ${rank ? sql`-bm25(search_body)` : sql`0`} as s from search_body where search_body match ${phrase} order by rowid`.execute(k)
      : await sql<{ id: number; s: number }>`select work_id as id, ${rank ? sql`max(ts_rank(tsv, to_tsquery('simple', ${q})))` : sql`0`} as s from search_chapter
          where tsv @@ to_tsquery('simple', ${q}) group by work_id order by work_id`.execute(k);
  const ids = Int32Array.from(rows.rows, (r) => Number(r.id));
  return { ids, rank: rank ? new Map(rows.rows.map((r) => [Number(r.id), Number(r.s)])) : null };
}

/** A work's metadata columns in MetaText's order (title, summary, notes, tags, creators). */
export type MetaColumns = [string, string, string, string, string];

/**
 * The metadata columns of these works (deleted and missing works have none), read from the
 * works themselves; without `tags` the tags column is '' (the caller has the works' tag ids).
 */
export async function metaTextsOf(db: Db, ids: readonly number[], o: { tags?: boolean } = {}): Promise<Map<number, MetaColumns>> {
  const out = new Map<number, MetaColumns>();
  for (const t of await loadTexts(db, [...ids].sort((a, b) => a - b), false, o.tags !== false)) out.set(t.id, [t.title, t.summary, t.notes, t.tags, t.creators]);
  return out;
}

/**
 * Every metadata row of the full-text tables, ascending by work id, in batches (building a
 * MetaText at start reads these instead of assembling a million works' texts again). Without
 * `tags` the tags column is not read (given as ''; the caller has the works' tags). `before`
 * is awaited with each batch's first and last work id before its rows are handed over.
 */
export async function eachMetaText(
  db: Db,
  f: (id: number, cols: MetaColumns) => void,
  o: { tags?: boolean; batch?: number; before?: (lo: number, hi: number) => Promise<void> } = {},
): Promise<void> {
  const k = db.kysely;
  const batch = o.batch ?? 20_000;
  const sqlite = db.dialect.name === 'sqlite';
  const tags = sql.raw(o.tags === false ? "''" : sqlite ? 'c3' : 'tags');
  for (let after = -1; ; ) {
    const rows = sqlite
      ? await sql<{ id: number; a: string; b: string; c: string; d: string; e: string }>`select id, c0 as a, c1 as b, c2 as c, ${tags} as d, c4 as e from fts.search_work_content
          where id > ${after} order by id limit ${batch}`.execute(k)
      : await sql<{ id: number; a: string; b: string; c: string; d: string; e: string }>`select work_id as id, title as a, summary as b, notes as c, ${tags} as d, creators as e from search_meta
          where work_id > ${after} order by work_id limit ${batch}`.execute(k);
    if (o.before && rows.rows.length > 0) await o.before(Number(rows.rows[0]!.id), Number(rows.rows[rows.rows.length - 1]!.id));
    for (const r of rows.rows) f(Number(r.id), [r.a ?? '', r.b ?? '', r.c ?? '', r.d ?? '', r.e ?? '']);
    if (rows.rows.length < batch) return;
    after = Number(rows.rows[rows.rows.length - 1]!.id);
  }
}

/** Highlighted excerpts of the story text for works on a result page (best chapter first). */
export async function textSnippets(db: Db, q: ParsedQuery, ids: readonly number[]): Promise<Record<number, string[]>> {
  const terms = q.must.flat().filter((t) => t.field === 'any');
  const out: Record<number, string[]> = {};
  if (terms.length === 0 || ids.length === 0) return out;
  const k = db.kysely;
  if (db.dialect.name === 'sqlite') {
    // The story text's best fragment of each work on the page, when the body matched. The rowid is written into the statement: FTS5 plans `rowid = ?` with a bound
    // parameter as a full match over every row (40 ms a work on 100 million words, 0.3 ms inline).
    const m = terms.map((t) => `"${t.tokens.join(' ')}"`).join(' OR ');
    // A work without story text (its match was in the metadata) is skipped by a plain rowid read
    // first. The excerpt is found in JavaScript when it can be (quickSnippet), else by FTS5's snippet().
    for (const id of ids) {
      const rowid = sql.lit(Math.trunc(id));
      const body = (await sql<{ body: string }>`select body from search_body where rowid = ${rowid}`.execute(k)).rows[0]?.body ?? '';
      if (body === '') continue;
      const quick = quickSnippet(body, terms.map((t) => t.tokens));
      if (quick !== null) {
        out[id] = [highlight(quick)];
        continue;
      }
      const row = (await sql<{ snip: string }>`select snippet(search_body, 0, ${MARK_START}, ${MARK_END}, '…', 24) as snip from search_body
        where search_body match ${m} and rowid = ${rowid}`.execute(k)).rows[0];
      if (row && row.snip.includes(MARK_START)) out[id] = [highlight(row.snip)];
    }
    return out;
  }
  const q2 = terms.map((t) => `(${tsQuery(t)})`).join(' | ');
  await Promise.all(
    ids.map(async (id) => {
      const rows = await sql<{ snip: string }>`select ts_headline('simple', body, to_tsquery('simple', ${q2}), ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1`}) as snip
        from search_chapter where work_id = ${id} and tsv @@ to_tsquery('simple', ${q2}) order by ts_rank(tsv, to_tsquery('simple', ${q2})) desc, seq limit 2`.execute(k);
      if (rows.rows.length > 0) out[id] = rows.rows.map((r) => highlight(r.snip));
    }),
  );
  return out;
}

// ---- For batched indexing (text-index-batch.ts): the row writers and constants above, shared
// so that batches and `rebuildText` write exactly the same rows. Not part of the query API.
export { deleteTexts as deleteWorkTexts, insertTexts as insertWorkTexts };
export type { WorkText };
