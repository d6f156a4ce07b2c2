import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TagType } from './tag-types.js';
import { cleanTagName, tagKey } from './tag-key.js';
import { insertTag } from './tag-rows.js';
import { autoWrangleRelationship } from './auto-wrangle.js';
import type { WrangleCache } from './auto-wrangle.js';

export interface TagRow {
  id: number;
  type: TagType;
  name: string;
  canonical: boolean;
  mergerId: number | null;
}

/**
 * The fandom tags ensured so far in each open transaction: saveWork ensures a work's fandoms
 * before its relationships, so a new relationship finds its work's fandoms (and their
 * dictionaries) here without saveWork passing them. Keyed by the transaction object, so it
 * lives and dies with it.
 */
const fandomsInTransaction = new WeakMap<object, number[]>();

/**
 * Finds or creates tags of one type by name, in the caller's transaction. A name whose key
 * already exists reuses that tag (identity is the key); new tags start unwrangled (fixed types
 * canonical). A new relationship is auto-wrangled at once, in the same transaction (order of
 * "A/B", unambiguous initials with a dictionary of the work's fandoms: `context.fandomIds`, or
 * the fandoms ensured earlier in this transaction); see auto-wrangle.ts. The work keeps the
 * tag as written either way.
 * Returns ids in the order of `names`, duplicates (by key) dropped. `known` (tag ids by type
 * and key) may carry what earlier calls in the same transaction found or created; see `BatchLookups`.
 */
export async function ensureTags(trx: Kysely<Database>, type: TagType, names: readonly string[], context: { fandomIds?: readonly number[]; known?: Map<string, number>; wrangle?: WrangleCache } = {}): Promise<number[]> {
  const ids: number[] = [];
  const seen = new Set<string>();
  const wanted: { name: string; key: string }[] = [];
  for (const raw of names) {
    const name = cleanTagName(raw);
    if (name === '') continue;
    const key = tagKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    wanted.push({ name, key });
  }
  // Tags found or created earlier in a batch's transaction (`known`, by type and key), then
  // one query for the rest that exist already (imports save thousands of works).
  const known = context.known;
  const memo = (key: string) => `${type}\u0000${key}`;
  const existing = new Map<string, number>();
  const unknown = known ? wanted.filter((w) => !known.has(memo(w.key))) : wanted;
  if (unknown.length > 0) {
    const rows = await trx.selectFrom('tags').select(['id', 'name_key']).where('type', '=', type).where('name_key', 'in', unknown.map((w) => w.key)).execute();
    for (const r of rows) existing.set(r.name_key, r.id);
  }
  for (const { name, key } of wanted) {
    const found = known?.get(memo(key)) ?? existing.get(key);
    if (found !== undefined) {
      ids.push(found);
      known?.set(memo(key), found);
      continue;
    }
    const inserted = await insertTag(trx, type, name);
    ids.push(inserted.id);
    known?.set(memo(key), inserted.id);
    if (type === 'relationship') {
      const fandomIds = context.fandomIds ?? (trx.isTransaction ? fandomsInTransaction.get(trx) : undefined) ?? [];
      await autoWrangleRelationship(trx, inserted, fandomIds, undefined, context.wrangle);
    }
  }
  if (type === 'fandom' && trx.isTransaction) fandomsInTransaction.set(trx, ids);
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
