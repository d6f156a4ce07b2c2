import type { Kysely } from 'kysely';
import type { DialectInfo } from '../dialect.js';
import { idColumn } from '../dialect.js';
import { pairKey } from '../../tags/relationship-name.js';

/**
 * 0002: tag wrangling — the wrangling log (who changed which tag when, with enough before/after
 * state to undo), fandom dictionaries with their characters, and the order-insensitive key of
 * each relationship name ("A/B" = "B/A") so a new pairing finds its twin by index.
 */
export function migration0002(d: DialectInfo) {
  const id = idColumn(d);
  const text = 'text' as const;
  const int = 'integer' as const;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>): Promise<void> => {
    await db.schema
      .createTable('tag_wrangling_log')
      .addColumn('id', int, id)
      .addColumn('at', text, (c) => c.notNull())
      .addColumn('actor', text, (c) => c.notNull())
      .addColumn('action', text, (c) => c.notNull())
      .addColumn('tag_id', int, (c) => c.references('tags.id'))
      .addColumn('target_id', int, (c) => c.references('tags.id'))
      .addColumn('note', text)
      .addColumn('before', text, (c) => c.notNull())
      .addColumn('after', text, (c) => c.notNull())
      .addColumn('undone_at', text)
      .addColumn('undone_by', int)
      .execute();
    await db.schema.createIndex('tag_wrangling_log_tag').on('tag_wrangling_log').column('tag_id').execute();

    await db.schema
      .createTable('fandom_dictionaries')
      .addColumn('fandom_tag_id', int, (c) => c.primaryKey().references('tags.id'))
      .addColumn('parent_name', text)
      .addColumn('aliases', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('loaded_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('fandom_characters')
      .addColumn('fandom_tag_id', int, (c) => c.notNull().references('fandom_dictionaries.fandom_tag_id').onDelete('cascade'))
      .addColumn('position', int, (c) => c.notNull())
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('nicknames', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('initials', text, (c) => c.notNull().defaultTo('[]'))
      .addPrimaryKeyConstraint('fandom_characters_pk', ['fandom_tag_id', 'position'])
      .execute();

    await db.schema
      .createTable('relationship_keys')
      .addColumn('tag_id', int, (c) => c.primaryKey().references('tags.id').onDelete('cascade'))
      .addColumn('pair_key', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('relationship_keys_pair').on('relationship_keys').column('pair_key').execute();

    // Merges and filters walk these by the other column than the primary keys cover.
    await db.schema.createIndex('tags_merger').on('tags').column('merger_id').execute();
    await db.schema.createIndex('tag_parents_child').on('tag_parents').column('child_id').execute();

    const rels = (await db.selectFrom('tags').select(['id', 'name']).where('type', '=', 'relationship').execute()) as { id: number; name: string }[];
    const keyed = rels.flatMap((r) => {
      const key = pairKey(r.name);
      return key === null ? [] : [{ tag_id: r.id, pair_key: key }];
    });
    for (let i = 0; i < keyed.length; i += 500) await db.insertInto('relationship_keys').values(keyed.slice(i, i + 500)).execute();
  };
}
