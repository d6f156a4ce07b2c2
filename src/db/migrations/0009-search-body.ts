import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectInfo } from '../dialect.js';
import { SEARCH_WORK_COLUMNS } from '../text-file.js';

/**
 * 0009 (SQLite): the story text leaves `search_work` for a table of its own.
 *
 *   search_work  rowid = work id; title, summary, notes, tags, creators (no more `body`)
 *   search_body  rowid = work id; body: every chapter's text, for works that have any
 *
 * Search matches and ranks the metadata's words in memory (search/meta-text.ts) and asks
 * FTS5 only about the story text. A word's posting list in a table holding both is the
 * metadata's too, so asking only about the text read it whole (milliseconds per word on a
 * million works); in a table of its own it holds only the works whose text has the word.
 * The rows are copied (the metadata re-indexed into a new table that takes the old one's name).
 * PostgreSQL already keeps them apart (search_meta, search_chapter).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function hasBodyColumn(db: Kysely<any>): Promise<boolean> {
  const cols = await sql<{ name: string }>`select name from pragma_table_info('search_work', 'fts')`.execute(db);
  return cols.rows.some((c) => c.name === 'body');
}

export function migration0009(d: DialectInfo) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    if (d.name !== 'sqlite' || !(await hasBodyColumn(db))) return;
    await sql`delete from fts.search_body`.execute(db);
    await sql`insert into fts.search_body(rowid, body) select id, c5 from fts.search_work_content where c5 != ''`.execute(db);
    await sql.raw(`create virtual table fts.search_work_0009 using fts5(${SEARCH_WORK_COLUMNS})`).execute(db);
    await sql`insert into fts.search_work_0009(rowid, title, summary, notes, tags, creators) select id, c0, c1, c2, c3, c4 from fts.search_work_content`.execute(db);
    await sql`drop table fts.search_work`.execute(db);
    await sql`alter table fts.search_work_0009 rename to search_work`.execute(db);
  };
}
