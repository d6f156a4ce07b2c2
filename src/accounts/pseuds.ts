import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { creatorKey } from './creator-store.js';
import { AccountError } from './errors.js';

const PSEUD_RE = /^[\p{L}\p{N}_ -]{1,40}$/u;

function checkPseudName(name: string): string {
  const n = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!PSEUD_RE.test(n)) throw new AccountError('bad_pseud', 'Pseud names are 1 to 40 letters, digits, spaces, hyphens or underscores.');
  return n;
}

export async function listPseuds(db: Kysely<Database>, userId: number) {
  return db.selectFrom('pseuds').select(['id', 'name', 'is_default', 'description']).where('user_id', '=', userId).orderBy('is_default', 'desc').orderBy('name').execute();
}

export async function createPseud(db: Kysely<Database>, userId: number, name: string, description: string | null): Promise<number> {
  const n = checkPseudName(name);
  const dup = await db.selectFrom('pseuds').select('id').where('user_id', '=', userId).where('name_key', '=', creatorKey(n)).executeTakeFirst();
  if (dup) throw new AccountError('pseud_taken', `You already have a pseud named “${n}”.`);
  const row = await db
    .insertInto('pseuds')
    .values({ user_id: userId, name: n, name_key: creatorKey(n), is_default: 0, description: description?.trim() || null, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function ownPseud(db: Kysely<Database>, userId: number, pseudId: number) {
  const p = await db.selectFrom('pseuds').select(['id', 'name', 'is_default']).where('id', '=', pseudId).where('user_id', '=', userId).executeTakeFirst();
  if (!p) throw new AccountError('not_your_pseud', 'That pseud is not one of yours.');
  return p;
}

export async function renamePseud(db: Kysely<Database>, userId: number, pseudId: number, name: string, description: string | null): Promise<void> {
  await ownPseud(db, userId, pseudId);
  const n = checkPseudName(name);
  const dup = await db.selectFrom('pseuds').select('id').where('user_id', '=', userId).where('name_key', '=', creatorKey(n)).where('id', '<>', pseudId).executeTakeFirst();
  if (dup) throw new AccountError('pseud_taken', `You already have a pseud named “${n}”.`);
  await db.updateTable('pseuds').set({ name: n, name_key: creatorKey(n), description: description?.trim() || null }).where('id', '=', pseudId).execute();
}

export async function setDefaultPseud(db: Kysely<Database>, userId: number, pseudId: number): Promise<void> {
  await ownPseud(db, userId, pseudId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('pseuds').set({ is_default: 0 }).where('user_id', '=', userId).execute();
    await trx.updateTable('pseuds').set({ is_default: 1 }).where('id', '=', pseudId).execute();
  });
}

export async function pseudPathParts(db: Kysely<Database>, pseudId: number) {
  return db
    .selectFrom('pseuds as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.name as pseud', 'u.name as user'])
    .where('p.id', '=', pseudId)
    .executeTakeFirst();
}

/** Pseuds named in a form ("name" for an account's default pseud, or "pseud (account)"). */
export async function findPseudByLabel(db: Kysely<Database>, label: string) {
  const m = /^(.+?)\s*\(([^()]+)\)\s*$/.exec(label.trim());
  const pseud = (m?.[1] ?? label).trim();
  const user = (m?.[2] ?? label).trim();
  const q = db
    .selectFrom('pseuds as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.user_id', 'p.name', 'u.name as userName'])
    .where('u.name_key', '=', creatorKey(user));
  return m ? q.where('p.name_key', '=', creatorKey(pseud)).executeTakeFirst() : q.where('p.is_default', '=', 1).executeTakeFirst();
}
