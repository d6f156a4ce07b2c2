import type { Kysely } from 'kysely';
import type { DialectInfo } from '../dialect.js';
import { idColumn } from '../dialect.js';

/**
 * 0003: legacy import state (what each source file became, for idempotent re-runs), private
 * author contacts found in imports, and the first community rows imports bring with them
 * (eFiction reviews → comments, favourites → bookmarks). The community issue extends these.
 */
export function migration0003(d: DialectInfo) {
  const id = idColumn(d);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    await db.schema
      .createTable('import_sources')
      .addColumn('source_key', 'text', (c) => c.primaryKey())
      .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('import_sources_work').on('import_sources').column('work_id').execute();

    await db.schema
      .createTable('legacy_author_contacts')
      .addColumn('legacy_author_id', 'integer', (c) => c.notNull().references('legacy_authors.id').onDelete('cascade'))
      .addColumn('contact', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('legacy_author_contacts_pk', ['legacy_author_id', 'contact'])
      .execute();

    await db.schema
      .createTable('comments')
      .addColumn('id', 'integer', id)
      .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('chapter_position', 'integer')
      .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
      .addColumn('pseud_id', 'integer', (c) => c.references('pseuds.id'))
      .addColumn('author_name', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('source_key', 'text', (c) => c.unique())
      .execute();
    await db.schema.createIndex('comments_work').on('comments').columns(['work_id', 'created_at']).execute();

    await db.schema
      .createTable('bookmarks')
      .addColumn('id', 'integer', id)
      .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('legacy_name', 'text')
      .addColumn('notes', 'text')
      .addColumn('private', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('source_key', 'text', (c) => c.unique())
      .execute();
    await db.schema.createIndex('bookmarks_work').on('bookmarks').column('work_id').execute();
  };
}
