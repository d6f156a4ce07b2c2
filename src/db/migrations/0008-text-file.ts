import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectInfo } from '../dialect.js';
import { hasBodyColumn } from './0009-search-body.js';

/**
 * 0008: the full-text index moves to its own file (SQLite), and works whose text is still to
 * be indexed are remembered (both databases).
 *
 *   search_work   (SQLite) from the archive's file to `fts.search_work` in fanfold-text.db
 *                 (db/text-file.ts attaches it): its rows are copied, then the old table goes.
 *   text_pending  work_id: a work stored whose full-text rows are written later, outside its
 *                 transaction (an import's text writer). Written in the work's transaction and
 *                 cleared once its text is indexed, so a crash in between leaves a note, and the
 *                 next start indexes what is noted (search/text-index.ts `indexPendingText`).
 */
export function migration0008(d: DialectInfo) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    await db.schema.createTable('text_pending').addColumn('work_id', 'integer', (c) => c.primaryKey()).execute();
    if (d.name !== 'sqlite') return;
    const legacy = await sql<{ n: number }>`select count(*) as n from main.sqlite_master where name = 'search_work'`.execute(db);
    if (Number(legacy.rows[0]?.n ?? 0) === 0) return;
    await sql`delete from fts.search_work`.execute(db);
    // (Edited after landing, with no effect on archives that ran it: a text file created since
    // migration 0009 has the new layout, and an empty new archive still runs this copy.)
    if (await hasBodyColumn(db)) {
      await sql`insert into fts.search_work(rowid, title, summary, notes, tags, creators, body)
        select rowid, title, summary, notes, tags, creators, body from main.search_work`.execute(db);
    } else {
      // The text file was created with migration 0009's layout (a new archive): rows go to both tables.
      await sql`delete from fts.search_body`.execute(db);
      await sql`insert into fts.search_work(rowid, title, summary, notes, tags, creators)
        select rowid, title, summary, notes, tags, creators from main.search_work`.execute(db);
      await sql`insert into fts.search_body(rowid, body) select rowid, body from main.search_work where body != ''`.execute(db);
    }
    await sql`drop table main.search_work`.execute(db);
  };
}
