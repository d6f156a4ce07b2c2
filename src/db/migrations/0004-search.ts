import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectInfo } from '../dialect.js';

/**
 * 0004: full-text tables for search (src/search/text-index.ts keeps them in sync; no triggers).
 *
 * SQLite: two FTS5 tables with the unicode61 tokenizer —
 *   search_meta     rowid = work id; title, summary, notes (work and chapter notes), tags, creators
 *   search_chapter  rowid = work id * 65536 + chapter position; the chapter's text
 * PostgreSQL: the same rows with `simple`-configuration tsvectors and GIN indexes. Chapters are
 * stored in segments (seq) because a tsvector keeps at most 16,383 positions.
 */
export function migration0004(d: DialectInfo) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    if (d.name === 'sqlite') {
      await sql`create virtual table search_meta using fts5(title, summary, notes, tags, creators, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
      await sql`create virtual table search_chapter using fts5(body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
      return;
    }
    await db.schema
      .createTable('search_meta')
      .addColumn('work_id', 'integer', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('creators', 'text', (c) => c.notNull())
      // title A, summary B, tags C, creators D; notes apart so `summary:` stays exact.
      .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
      .addColumn('notes_tsv', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index search_meta_tsv on search_meta using gin (tsv)`.execute(db);
    await sql`create index search_meta_notes_tsv on search_meta using gin (notes_tsv)`.execute(db);
    await db.schema
      .createTable('search_chapter')
      .addColumn('work_id', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
      .addPrimaryKeyConstraint('search_chapter_pk', ['work_id', 'seq'])
      .execute();
    await sql`create index search_chapter_tsv on search_chapter using gin (tsv)`.execute(db);
  };
}
