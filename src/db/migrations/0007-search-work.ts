import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectInfo } from '../dialect.js';

/**
 * 0007 (SQLite only): one FTS5 row per work instead of a metadata row plus a row per chapter.
 *
 *   search_work  rowid = work id; title, summary, notes (work and chapter notes), tags, creators,
 *                body (every chapter's text, in order)
 *
 * A whole query (every clause, OR, NOT, column filters, phrases) then runs as one FTS5 MATCH
 * whose answer is exactly the works matching it anywhere, and bm25 ranks each work once,
 * instead of matching each clause in every row and intersecting the sets in JavaScript (the
 * cost of a two-word query on a million works fell from about 500 ms to a few ms). The old
 * tables are dropped; the server fills the new one from the works at its next start
 * (text-index.ts `rebuildText`). PostgreSQL keeps migration 0004's tables: a tsvector holds at
 * most 16,383 positions, so its chapters stay in segments.
 */
export function migration0007(d: DialectInfo) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    if (d.name !== 'sqlite') return;
    await sql`create virtual table search_work using fts5(title, summary, notes, tags, creators, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    await sql`drop table if exists search_meta`.execute(db);
    await sql`drop table if exists search_chapter`.execute(db);
  };
}
