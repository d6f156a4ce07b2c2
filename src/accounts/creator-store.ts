import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CreatorView } from '../works/model.js';
import { tagKey } from '../tags/tag-key.js';

/** Legacy author names and pseuds share one notion of identity with tags: NFKC + case folding. */
export const creatorKey = tagKey;

/**
 * Finds or creates the legacy author of this name (identity: `creatorKey`). `known` may carry
 * the ids found or created earlier in the same transaction (see `BatchLookups`).
 */
export async function ensureLegacyAuthor(trx: Kysely<Database>, name: string, known?: Map<string, number>): Promise<number> {
  const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  const key = creatorKey(clean);
  const remembered = known?.get(key);
  if (remembered !== undefined) return remembered;
  const found = await trx.selectFrom('legacy_authors').select('id').where('name_key', '=', key).executeTakeFirst();
  const id =
    found?.id ??
    (
      await trx
        .insertInto('legacy_authors')
        .values({ name: clean, name_key: key, claimed_pseud_id: null, created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  known?.set(key, id);
  return id;
}

export function legacyAuthorPath(name: string): string {
  return `/creators/${encodeURIComponent(name)}`;
}

export function pseudPath(userName: string, pseudName: string): string {
  return `/users/${encodeURIComponent(userName)}/pseuds/${encodeURIComponent(pseudName)}`;
}

/** Creators of many works at once, in each work's own order. */
export async function creatorsOfWorks(db: Kysely<Database>, workIds: readonly number[]): Promise<Map<number, (CreatorView & { pseudId: number | null })[]>> {
  const out = new Map<number, (CreatorView & { pseudId: number | null })[]>();
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('creatorships as c')
    .leftJoin('pseuds as p', 'p.id', 'c.pseud_id')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .leftJoin('legacy_authors as l', 'l.id', 'c.legacy_author_id')
    .select(['c.work_id', 'c.position', 'c.pseud_id', 'p.name as pseud', 'u.name as user', 'l.name as legacy'])
    .where('c.work_id', 'in', workIds)
    .orderBy('c.work_id')
    .orderBy('c.position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.work_id) ?? [];
    if (r.pseud !== null && r.user !== null) {
      list.push({ name: r.pseud, kind: 'pseud', url: pseudPath(r.user, r.pseud), pseudId: r.pseud_id });
    } else if (r.legacy !== null) {
      list.push({ name: r.legacy, kind: 'legacy', url: legacyAuthorPath(r.legacy), pseudId: null });
    }
    out.set(r.work_id, list);
  }
  return out;
}

export async function findLegacyAuthor(db: Kysely<Database>, name: string) {
  return db
    .selectFrom('legacy_authors')
    .select(['id', 'name', 'claimed_pseud_id'])
    .where('name_key', '=', creatorKey(name))
    .executeTakeFirst();
}

export async function findPseud(db: Kysely<Database>, userName: string, pseudName: string) {
  return db
    .selectFrom('pseuds as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.name', 'p.description', 'u.name as userName', 'u.id as userId'])
    .where('u.name_key', '=', creatorKey(userName))
    .where('p.name_key', '=', creatorKey(pseudName))
    .executeTakeFirst();
}
