import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectInfo } from '../dialect.js';
import { idColumn } from '../dialect.js';
import { FIXED_TAGS } from '../../tags/tag-types.js';
import { tagKey } from '../../tags/tag-key.js';

/** 0001: the archive core — works, chapters, tags, creators, series, collections, provenance. */
export function migration0001(d: DialectInfo) {
  const id = idColumn(d);
  const text = 'text' as const;
  const int = 'integer' as const;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    await db.schema
      .createTable('works')
      .addColumn('id', int, id)
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('summary', text)
      .addColumn('notes', text)
      .addColumn('end_notes', text)
      .addColumn('spoilers', text)
      .addColumn('disclaimer', text)
      .addColumn('language', text, (c) => c.notNull().defaultTo('en'))
      .addColumn('rating', text, (c) =>
        c.notNull().check(sql`rating in ('Not Rated','General Audiences','Teen And Up Audiences','Mature','Explicit')`),
      )
      .addColumn('rating_text', text)
      .addColumn('warning_text', text)
      .addColumn('expected_chapters', int)
      .addColumn('complete', int, (c) => c.notNull().defaultTo(0))
      .addColumn('posted', int, (c) => c.notNull().defaultTo(0))
      .addColumn('restricted', int, (c) => c.notNull().defaultTo(0))
      .addColumn('hidden_at', text)
      .addColumn('hidden_reason', text)
      .addColumn('deleted_at', text)
      .addColumn('published_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('words', int, (c) => c.notNull().defaultTo(0))
      .addColumn('chapter_count', int, (c) => c.notNull().defaultTo(0))
      .addColumn('hits', int, (c) => c.notNull().defaultTo(0))
      .addColumn('kudos_count', int, (c) => c.notNull().defaultTo(0))
      .addColumn('comments_count', int, (c) => c.notNull().defaultTo(0))
      .addColumn('bookmarks_count', int, (c) => c.notNull().defaultTo(0))
      .addColumn('source_path', text)
      .addColumn('archive', text)
      .execute();
    await db.schema.createIndex('works_listing').on('works').columns(['posted', 'updated_at']).execute();

    await db.schema
      .createTable('chapters')
      .addColumn('id', int, id)
      .addColumn('work_id', int, (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('position', int, (c) => c.notNull())
      .addColumn('title', text)
      .addColumn('summary', text)
      .addColumn('notes', text)
      .addColumn('end_notes', text)
      .addColumn('body', text, (c) => c.notNull())
      .addColumn('words', int, (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('chapters_work_position', ['work_id', 'position'])
      .execute();

    await db.schema
      .createTable('tags')
      .addColumn('id', int, id)
      .addColumn('type', text, (c) =>
        c.notNull().check(sql`type in ('rating','warning','category','fandom','relationship','character','freeform')`),
      )
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('name_key', text, (c) => c.notNull())
      .addColumn('canonical', int, (c) => c.notNull().defaultTo(0))
      .addColumn('merger_id', int, (c) => c.references('tags.id'))
      .addColumn('created_at', text, (c) => c.notNull())
      .addUniqueConstraint('tags_type_key', ['type', 'name_key'])
      .execute();
    await db.schema.createIndex('tags_key').on('tags').column('name_key').execute();

    await db.schema
      .createTable('tag_parents')
      .addColumn('parent_id', int, (c) => c.notNull().references('tags.id').onDelete('cascade'))
      .addColumn('child_id', int, (c) => c.notNull().references('tags.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('tag_parents_pk', ['parent_id', 'child_id'])
      .execute();

    await db.schema
      .createTable('work_tags')
      .addColumn('work_id', int, (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('tag_id', int, (c) => c.notNull().references('tags.id'))
      .addColumn('position', int, (c) => c.notNull())
      .addPrimaryKeyConstraint('work_tags_pk', ['work_id', 'tag_id'])
      .execute();
    await db.schema.createIndex('work_tags_tag').on('work_tags').columns(['tag_id', 'work_id']).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', int, id)
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('name_key', text, (c) => c.notNull().unique())
      .addColumn('email', text)
      .addColumn('password_hash', text)
      .addColumn('roles', text, (c) => c.notNull().defaultTo('reader'))
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('pseuds')
      .addColumn('id', int, id)
      .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('name_key', text, (c) => c.notNull())
      .addColumn('is_default', int, (c) => c.notNull().defaultTo(0))
      .addColumn('description', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addUniqueConstraint('pseuds_user_key', ['user_id', 'name_key'])
      .execute();

    await db.schema
      .createTable('legacy_authors')
      .addColumn('id', int, id)
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('name_key', text, (c) => c.notNull().unique())
      .addColumn('claimed_pseud_id', int, (c) => c.references('pseuds.id'))
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('creatorships')
      .addColumn('work_id', int, (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('position', int, (c) => c.notNull())
      .addColumn('pseud_id', int, (c) => c.references('pseuds.id'))
      .addColumn('legacy_author_id', int, (c) => c.references('legacy_authors.id'))
      .addPrimaryKeyConstraint('creatorships_pk', ['work_id', 'position'])
      .addCheckConstraint('creatorships_one_kind', sql`(pseud_id is null) <> (legacy_author_id is null)`)
      .execute();
    await db.schema.createIndex('creatorships_pseud').on('creatorships').column('pseud_id').execute();
    await db.schema.createIndex('creatorships_legacy').on('creatorships').column('legacy_author_id').execute();

    await db.schema
      .createTable('series')
      .addColumn('id', int, id)
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('summary', text)
      .addColumn('notes', text)
      .addColumn('complete', int, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('series_works')
      .addColumn('series_id', int, (c) => c.notNull().references('series.id').onDelete('cascade'))
      .addColumn('work_id', int, (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('position', int)
      .addPrimaryKeyConstraint('series_works_pk', ['series_id', 'work_id'])
      .execute();
    await db.schema.createIndex('series_works_work').on('series_works').column('work_id').execute();

    await db.schema
      .createTable('related_works')
      .addColumn('work_id', int, (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addColumn('position', int, (c) => c.notNull())
      .addColumn('relation', text, (c) =>
        c.notNull().check(sql`relation in ('companion','sequel','prequel','inspired by','translation')`),
      )
      .addColumn('target_work_id', int)
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('url', text)
      .addPrimaryKeyConstraint('related_works_pk', ['work_id', 'position'])
      .execute();
    await db.schema.createIndex('related_works_target').on('related_works').column('target_work_id').execute();

    await db.schema
      .createTable('collections')
      .addColumn('id', int, id)
      .addColumn('name', text, (c) => c.notNull().unique())
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('description', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('collection_works')
      .addColumn('collection_id', int, (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('work_id', int, (c) => c.notNull().references('works.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('collection_works_pk', ['collection_id', 'work_id'])
      .execute();
    await db.schema.createIndex('collection_works_work').on('collection_works').column('work_id').execute();

    await db.schema
      .createTable('provenance')
      .addColumn('work_id', int, (c) => c.primaryKey().references('works.id').onDelete('cascade'))
      .addColumn('archive', text)
      .addColumn('imported_at', text, (c) => c.notNull())
      .addColumn('sha256', text, (c) => c.notNull())
      .addColumn('original', d.blobType, (c) => c.notNull())
      .addColumn('contacts', text, (c) => c.notNull().defaultTo('[]'))
      .execute();

    await db.schema
      .createTable('archive_paths')
      .addColumn('path', text, (c) => c.primaryKey())
      .addColumn('work_id', int, (c) => c.notNull().references('works.id').onDelete('cascade'))
      .execute();

    await db.schema
      .createTable('site_settings')
      .addColumn('key', text, (c) => c.primaryKey())
      .addColumn('value', text, (c) => c.notNull())
      .execute();

    const now = new Date().toISOString();
    await db
      .insertInto('tags')
      .values(FIXED_TAGS.map((t) => ({ type: t.type, name: t.name, name_key: tagKey(t.name), canonical: 1, created_at: now })))
      .execute();
  };
}
