import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeStore } from '../../../test/support/databases.js';
import { createWorkService } from '../../works/index.js';
import { workInput } from '../../../test/support/work-input.js';
import { buildIndex } from '../../search/engine.js';
import { GUEST } from '../../accounts/viewer.js';
import { parseSearchParams } from '../../search/params.js';

describe('migration 0009 (SQLite): the story text leaves search_work', () => {
  it('moves an older archive’s bodies to search_body and keeps every metadata row', async () => {
    const store = await makeStore('sqlite');
    try {
      let db = await store.open();
      const works = createWorkService(db);
      const a = await works.save(workInput({ title: 'Lantern Road', summary: 'A walk at dusk.', chapters: [{ title: null, summary: null, notes: null, endNotes: null, body: '<p>The ferry sang across the water.</p>' }] }));
      const b = await works.save(workInput({ title: 'Quiet Harbour', summary: 'Boats and gulls.', chapters: [{ title: null, summary: null, notes: null, endNotes: null, body: '' }] }));
      const k = db.kysely;
      const meta = (await sql<Record<string, unknown>>`select rowid as id, title, summary, notes, tags, creators from search_work order by rowid`.execute(k)).rows;
      expect(meta.map((r) => r.id)).toEqual([a, b]);

      // Put the text file back as migration 0008 left it: one table, the text in its last column.
      await sql`drop table fts.search_work`.execute(k);
      await sql`drop table fts.search_body`.execute(k);
      await sql`create virtual table fts.search_work using fts5(title, summary, notes, tags, creators, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(k);
      for (const r of meta) {
        const body = r.id === a ? 'The ferry sang across the water.' : '';
        await sql`insert into fts.search_work(rowid, title, summary, notes, tags, creators, body) values (${r.id}, ${r.title}, ${r.summary}, ${r.notes}, ${r.tags}, ${r.creators}, ${body})`.execute(k);
      }
      await k.deleteFrom('kysely_migration' as never).where('name' as never, '=', '0009-search-body' as never).execute();
      await db.close();

      db = await store.open();
      const cols = (await sql<{ name: string }>`select name from pragma_table_info('search_work', 'fts')`.execute(db.kysely)).rows.map((r) => r.name);
      expect(cols).toEqual(['title', 'summary', 'notes', 'tags', 'creators']);
      expect((await sql<Record<string, unknown>>`select rowid as id, title, summary, notes, tags, creators from search_work order by rowid`.execute(db.kysely)).rows).toEqual(meta);
      expect((await sql<{ id: number; body: string }>`select rowid as id, body from search_body`.execute(db.kysely)).rows).toEqual([{ id: a, body: 'The ferry sang across the water.' }]);
      // Both halves answer searches: a word of the story text, and one of a title.
      const index = await buildIndex(db);
      expect((await index.search(parseSearchParams(new URLSearchParams('q=ferry')), GUEST)).ids).toEqual([a]);
      expect((await index.search(parseSearchParams(new URLSearchParams('q=harbour')), GUEST)).ids).toEqual([b]);
    } finally {
      await store.cleanup();
    }
  });
});
