import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { ParsedQuery, TextTerm } from './query-language.js';
import { highlight, htmlToText, MARK_END, MARK_START } from './plain-text.js';
import { quickSnippet } from './snippet.js';

/**
 * The full-text side of search: titles, summaries, notes, tags, creators and the text of every
 * chapter. SQLite keeps one FTS5 row per work (`search_work`, migration 0007), so a whole query
 * is one MATCH, ranked by bm25; highlights come from snippet.ts or FTS5's snippet(). PostgreSQL keeps a metadata row
 * per work (`search_meta`) and the chapters in segments (`search_chapter`, migration 0004), with
 * tsvectors, GIN, ts_rank and ts_headline, matching clause by clause. Both are kept in sync by
 * `indexWorkText` (the works service calls it after a save commits) and `rebuildText`.
 *
 * This file is the only search file that speaks each database's full-text dialect.
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

/** Texts of the works with these ids (sorted); a whole id range is read by range, not by list. */
async function loadTexts(db: Db, ids: readonly number[]): Promise<WorkText[]> {
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
    (ranged ? k.selectFrom('work_tags as wt').where('wt.work_id', '>=', lo).where('wt.work_id', '<=', hi) : k.selectFrom('work_tags as wt').where('wt.work_id', 'in', ids))
      .innerJoin('tags as t', 't.id', 'wt.tag_id')
      .select(['wt.work_id', 't.name'])
      .orderBy('wt.work_id')
      .orderBy('wt.position')
      .execute(),
    (ranged ? k.selectFrom('creatorships as c').where('c.work_id', '>=', lo).where('c.work_id', '<=', hi) : k.selectFrom('creatorships as c').where('c.work_id', 'in', ids))
      .leftJoin('pseuds as p', 'p.id', 'c.pseud_id')
      .leftJoin('legacy_authors as l', 'l.id', 'c.legacy_author_id')
      .select(['c.work_id', 'p.name as pseud', 'l.name as legacy'])
      .orderBy('c.work_id')
      .orderBy('c.position')
      .execute(),
    (ranged ? k.selectFrom('chapters').where('work_id', '>=', lo).where('work_id', '<=', hi) : k.selectFrom('chapters').where('work_id', 'in', ids))
      .select(['work_id', 'title', 'summary', 'notes', 'end_notes', 'body'])
      .orderBy('work_id')
      .orderBy('position')
      .execute(),
  ]);
  return assembleTexts(ids, works, tags, creators, chapters, (c) => htmlToText(c.body));
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
    for (const id of ids) await sql`delete from search_work where rowid = ${id}`.execute(k);
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
      sql`insert into search_work(rowid, title, summary, notes, tags, creators, body) values ${sql.join(
        b.map((t) => sql`(${t.id}, ${t.title}, ${t.summary}, ${t.notes}, ${t.tags}, ${t.creators}, ${t.chapters.join('\n\n')})`),
      )}`.execute(k),
    );
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
  if (db.dialect.name === 'sqlite') await sql`insert into search_work(search_work) values ('optimize')`.execute(k);
}

/**
 * Text matches of a parsed query, found without ranking (ranking every match is what costs):
 * the works matching every clause (null when no clause is required) and the excluded works.
 * `scoreText` ranks only the works that survive the filters.
 */
export interface TextMatch {
  ids: Set<number> | null;
  excluded: Set<number>;
  /** SQLite: the whole query as one FTS5 expression, for scoring. */
  expr: string | null;
  /** SQLite, when asked for: every matching work's score, read in the same pass as the match. */
  scores?: Map<number, number>;
  /** PostgreSQL: per required clause, per term, its matching works, for scoring. */
  hits: { term: TextTerm; works: Set<number> }[][];
}

const FTS_COLUMN: Record<TextTerm['field'], string | null> = { any: null, title: 'title', summary: 'summary', creator: 'creators', tag: 'tags' };
/** bm25 weights of search_work's columns: title, summary, notes, tags, creators, body. */
const BM25 = sql.raw('4.0, 2.0, 1.0, 2.0, 1.0, 1.0');
const PG_WEIGHT: Record<TextTerm['field'], string> = { any: '', title: 'A', summary: 'B', creator: 'D', tag: 'C' };

function ftsPhrase(t: TextTerm): string {
  const phrase = `"${t.tokens.join(' ')}"`;
  const col = FTS_COLUMN[t.field];
  return col === null ? phrase : `${col} : ${phrase}`;
}
function tsQuery(t: TextTerm): string {
  const w = PG_WEIGHT[t.field];
  return t.tokens.map((tok) => `'${tok}'${w ? `:${w}` : ''}`).join(' <-> ');
}

async function termHits(db: Db, term: TextTerm): Promise<{ term: TextTerm; works: Set<number> }> {
  const k = db.kysely;
  const works = new Set<number>();
  const q = tsQuery(term);
  const meta = term.field === 'any' ? sql`(tsv @@ to_tsquery('simple', ${q}) or notes_tsv @@ to_tsquery('simple', ${q}))` : sql`tsv @@ to_tsquery('simple', ${q})`;
  for (const r of (await sql<{ id: number }>`select work_id as id from search_meta where ${meta}`.execute(k)).rows) works.add(Number(r.id));
  if (term.field === 'any') {
    for (const r of (await sql<{ id: number }>`select distinct work_id as id from search_chapter where tsv @@ to_tsquery('simple', ${q})`.execute(k)).rows) works.add(Number(r.id));
  }
  return { term, works };
}

/** A parsed query as one FTS5 expression: clauses AND-ed, a clause's terms OR-ed, exclusions NOT-ed. */
function ftsExpression(q: ParsedQuery): string | null {
  if (q.must.length === 0) return null;
  const must = q.must.map((clause) => `(${clause.map(ftsPhrase).join(' OR ')})`).join(' AND ');
  return q.mustNot.length === 0 ? must : `(${must}) NOT (${q.mustNot.map(ftsPhrase).join(' OR ')})`;
}

async function ftsIds(db: Db, expr: string): Promise<Set<number>> {
  const rows = await sql<{ id: number }>`select rowid as id from search_work where search_work match ${expr}`.execute(db.kysely);
  return new Set(rows.rows.map((r) => Number(r.id)));
}

/** bm25 of the whole query over each matching work's row (weights: BM25 above), rounded so every caller orders near-ties alike. */
async function ftsScores(db: Db, expr: string): Promise<Map<number, number>> {
  const rows = await sql<{ id: number; s: number }>`select rowid as id, -bm25(search_work, ${BM25}) as s from search_work where search_work match ${expr}`.execute(db.kysely);
  return new Map(rows.rows.map((r) => [Number(r.id), Math.round(Number(r.s) * 1e6) / 1e6]));
}

/** Each clause is a union of its terms; the clauses intersect; excluded terms are collected apart. */
export async function matchText(db: Db, q: ParsedQuery, o: { scores?: boolean } = {}): Promise<TextMatch> {
  if (db.dialect.name === 'sqlite') {
    // One row per work: FTS5 answers the whole query, exclusions included; scores in the same pass when wanted.
    const expr = ftsExpression(q);
    if (expr !== null && o.scores) {
      const scores = await ftsScores(db, expr);
      return { ids: new Set(scores.keys()), excluded: new Set(), expr, hits: [], scores };
    }
    if (expr !== null) return { ids: await ftsIds(db, expr), excluded: new Set(), expr, hits: [] };
    const excluded = q.mustNot.length > 0 ? await ftsIds(db, q.mustNot.map(ftsPhrase).join(' OR ')) : new Set<number>();
    return { ids: null, excluded, expr: null, hits: [] };
  }
  const hits = await Promise.all(q.must.map((clause) => Promise.all(clause.map((t) => termHits(db, t)))));
  const clauses = hits.map((terms) => {
    if (terms.length === 1) return terms[0]!.works;
    const union = new Set<number>();
    for (const t of terms) for (const id of t.works) union.add(id);
    return union;
  });
  clauses.sort((a, b) => a.size - b.size);
  let ids: Set<number> | null = null;
  for (const c of clauses) {
    if (ids === null) ids = new Set(c);
    else for (const id of ids) if (!c.has(id)) ids.delete(id);
  }
  const excluded = new Set<number>();
  for (const term of q.mustNot) for (const id of (await termHits(db, term)).works) excluded.add(id);
  return { ids, excluded, expr: null, hits };
}

/**
 * Relevance of the given works (all of which match): per clause the best of its terms, where a
 * term scores its best row (metadata or any chapter; bm25 on SQLite, ts_rank on PostgreSQL);
 * clauses add up. Rounded so every caller orders near-ties the same way.
 */
export async function scoreText(db: Db, m: TextMatch, ids: readonly number[]): Promise<Map<number, number>> {
  const k = db.kysely;
  const total = new Map<number, number>();
  const wanted = new Set(ids);
  if (db.dialect.name === 'sqlite') {
    if (m.expr === null) return total;
    const scores = m.scores ?? (await ftsScores(db, m.expr));
    for (const [id, s] of scores) if (wanted.has(id)) total.set(id, s);
    return total;
  }
  for (const clause of m.hits) {
    const best = new Map<number, number>();
    const add = (rows: { id: number; s: number }[]) => {
      for (const r of rows) {
        const id = Number(r.id);
        const s = Number(r.s);
        const prev = best.get(id);
        if (prev === undefined || s > prev) best.set(id, s);
      }
    };
    for (const { term, works } of clause) {
      const mine = [...works].filter((id) => wanted.has(id));
      if (mine.length === 0) continue;
      const q = tsQuery(term);
      add((await sql<{ id: number; s: number }>`select work_id as id, ts_rank(tsv, to_tsquery('simple', ${q})) as s from search_meta
        where work_id = any(${mine}::int[]) and tsv @@ to_tsquery('simple', ${q})`.execute(k)).rows);
      if (term.field === 'any') {
        add((await sql<{ id: number; s: number }>`select work_id as id, ts_rank(notes_tsv, to_tsquery('simple', ${q})) as s from search_meta
          where work_id = any(${mine}::int[]) and notes_tsv @@ to_tsquery('simple', ${q})`.execute(k)).rows);
        add((await sql<{ id: number; s: number }>`select work_id as id, max(ts_rank(tsv, to_tsquery('simple', ${q}))) as s from search_chapter
          where work_id = any(${mine}::int[]) and tsv @@ to_tsquery('simple', ${q}) group by work_id`.execute(k)).rows);
      }
    }
    for (const [id, s] of best) total.set(id, (total.get(id) ?? 0) + s);
  }
  for (const [id, s] of total) total.set(id, Math.round(s * 1e6) / 1e6);
  return total;
}

/** Highlighted excerpts of the story text for works on a result page (best chapter first). */
export async function textSnippets(db: Db, q: ParsedQuery, ids: readonly number[]): Promise<Record<number, string[]>> {
  const terms = q.must.flat().filter((t) => t.field === 'any');
  const out: Record<number, string[]> = {};
  if (terms.length === 0 || ids.length === 0) return out;
  const k = db.kysely;
  if (db.dialect.name === 'sqlite') {
    // The story text's best fragment (column 5, body) of each work on the page, when the body
    // matched. The rowid is written into the statement: FTS5 plans `rowid = ?` with a bound
    // parameter as a full match over every row (40 ms a work on 100 million words, 0.3 ms inline).
    const m = `body : (${terms.map((t) => `"${t.tokens.join(' ')}"`).join(' OR ')})`;
    // A work without story text (its match was in the metadata) is skipped by a plain rowid read
    // first: a column-filtered MATCH costs tens of milliseconds on a million works even for one rowid.
    // The excerpt is found in JavaScript when it can be (quickSnippet), else by FTS5's snippet().
    for (const id of ids) {
      const rowid = sql.lit(Math.trunc(id));
      const body = (await sql<{ body: string }>`select body from search_work where rowid = ${rowid}`.execute(k)).rows[0]?.body ?? '';
      if (body === '') continue;
      const quick = quickSnippet(body, terms.map((t) => t.tokens));
      if (quick !== null) {
        out[id] = [highlight(quick)];
        continue;
      }
      const row = (await sql<{ snip: string }>`select snippet(search_work, 5, ${MARK_START}, ${MARK_END}, '…', 24) as snip from search_work
        where search_work match ${m} and rowid = ${rowid}`.execute(k)).rows[0];
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
