import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TagType } from './tag-types.js';
import { cleanTagName, tagKey } from './tag-key.js';
import { pairKey } from './relationship-name.js';
import { WranglingError } from './errors.js';

/** A tag's wrangling state as stored. `canonical` and `merger_id` are never both set. */
export interface TagState {
  id: number;
  type: TagType;
  name: string;
  canonical: 0 | 1;
  merger_id: number | null;
}

/** Rating, warning and category tags are a fixed set and always canonical. */
export const FIXED_TYPES: ReadonlySet<TagType> = new Set<TagType>(['rating', 'warning', 'category']);

export type TagStatus = 'canonical' | 'synonym' | 'unwrangled';
export const tagStatus = (t: Pick<TagState, 'canonical' | 'merger_id'>): TagStatus =>
  t.merger_id !== null ? 'synonym' : t.canonical === 1 ? 'canonical' : 'unwrangled';

const COLUMNS = ['id', 'type', 'name', 'canonical', 'merger_id'] as const;
const toState = (r: { id: number; type: string; name: string; canonical: number; merger_id: number | null }): TagState => ({
  id: r.id,
  type: r.type as TagType,
  name: r.name,
  canonical: r.canonical === 1 ? 1 : 0,
  merger_id: r.merger_id,
});

export async function getTag(db: Kysely<Database>, id: number): Promise<TagState | null> {
  const r = await db.selectFrom('tags').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toState(r) : null;
}

export async function mustGetTag(db: Kysely<Database>, id: number): Promise<TagState> {
  const t = await getTag(db, id);
  if (!t) throw new WranglingError('tag_not_found', `no tag with id ${id}`);
  return t;
}

export async function getTags(db: Kysely<Database>, ids: readonly number[]): Promise<TagState[]> {
  const out: TagState[] = [];
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('tags').select(COLUMNS).where('id', 'in', part).execute();
    out.push(...rows.map(toState));
  }
  return out;
}

export async function findTag(db: Kysely<Database>, type: TagType, name: string): Promise<TagState | null> {
  const r = await db.selectFrom('tags').select(COLUMNS).where('type', '=', type).where('name_key', '=', tagKey(name)).executeTakeFirst();
  return r ? toState(r) : null;
}

/** Every tag with this identity, any type, oldest first. */
export async function findTagsAnyType(db: Kysely<Database>, name: string): Promise<TagState[]> {
  const rows = await db.selectFrom('tags').select(COLUMNS).where('name_key', '=', tagKey(name)).orderBy('id').execute();
  return rows.map(toState);
}

/**
 * Inserts a tag (unwrangled unless told, fixed types always canonical) and, for a
 * relationship, its order-insensitive pair key. The caller has checked it does not exist.
 */
export async function insertTag(trx: Kysely<Database>, type: TagType, rawName: string, canonical = false): Promise<TagState> {
  const name = cleanTagName(rawName);
  const flag: 0 | 1 = canonical || FIXED_TYPES.has(type) ? 1 : 0;
  const row = await trx
    .insertInto('tags')
    .values({ type, name, name_key: tagKey(name), canonical: flag, merger_id: null, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (type === 'relationship') {
    const key = pairKey(name);
    if (key !== null) await trx.insertInto('relationship_keys').values({ tag_id: row.id, pair_key: key }).execute();
  }
  return { id: row.id, type, name, canonical: flag, merger_id: null };
}

export async function findOrCreateTag(trx: Kysely<Database>, type: TagType, name: string): Promise<{ tag: TagState; created: boolean }> {
  const found = await findTag(trx, type, name);
  if (found) return { tag: found, created: false };
  return { tag: await insertTag(trx, type, name), created: true };
}

/** Relationship tags sharing this name's order-insensitive key, oldest first. */
export async function relationshipTwins(db: Kysely<Database>, name: string): Promise<TagState[]> {
  const key = pairKey(name);
  if (key === null) return [];
  const rows = await db
    .selectFrom('relationship_keys as rk')
    .innerJoin('tags', 'tags.id', 'rk.tag_id')
    .select(['tags.id', 'tags.type', 'tags.name', 'tags.canonical', 'tags.merger_id'])
    .where('rk.pair_key', '=', key)
    .orderBy('tags.id')
    .execute();
  return rows.map(toState);
}

/** Splits long id lists so no statement exceeds a driver's parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
