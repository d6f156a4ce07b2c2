import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TagType } from './tag-types.js';
import { cleanTagName, tagKey } from './tag-key.js';

export interface TagRow {
  id: number;
  type: TagType;
  name: string;
  canonical: boolean;
  mergerId: number | null;
}

/**
 * Finds or creates tags of one type by name, in the caller's transaction. A name whose key
 * already exists reuses that tag (identity is the key); new tags start unwrangled.
 * Returns ids in the order of `names`, duplicates (by key) dropped.
 */
export async function ensureTags(trx: Kysely<Database>, type: TagType, names: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const name = cleanTagName(raw);
    if (name === '') continue;
    const key = tagKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    const found = await trx
      .selectFrom('tags')
      .select('id')
      .where('type', '=', type)
      .where('name_key', '=', key)
      .executeTakeFirst();
    if (found) {
      ids.push(found.id);
      continue;
    }
    const inserted = await trx
      .insertInto('tags')
      .values({ type, name, name_key: key, canonical: 0, merger_id: null, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(inserted.id);
  }
  return ids;
}

/** All tags whose identity matches this name, of any type (a name can be a fandom and a character). */
export async function findTagsByName(db: Kysely<Database>, name: string): Promise<TagRow[]> {
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'type', 'name', 'canonical', 'merger_id'])
    .where('name_key', '=', tagKey(name))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, type: r.type as TagType, name: r.name, canonical: r.canonical === 1, mergerId: r.merger_id }));
}
