import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { randomToken, sha256 } from './tokens.js';
import { ROLES } from './viewer.js';
import type { Role, Viewer } from './viewer.js';

/** Sessions last 30 days from their last use (sliding); renewed at most once a day. */
export const SESSION_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: number;
  name: string;
  email: string | null;
  roles: Role[];
}

export interface ResolvedSession {
  viewer: Viewer;
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  /** True when the expiry moved: the cookie should be set again with the new lifetime. */
  renewed: boolean;
}

export function parseRoles(s: string): Role[] {
  return s
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

export async function createSession(db: Kysely<Database>, userId: number, now = new Date()): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY).toISOString();
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, csrf_token: randomToken(), created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The session a cookie token names, if it exists and has not expired; slides the expiry. */
export async function resolveSession(db: Kysely<Database>, token: string, now = new Date()): Promise<ResolvedSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const hash = sha256(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.csrf_token', 's.expires_at', 'u.name', 'u.email', 'u.roles'])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now.toISOString()) {
    await db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
    return null;
  }
  let expiresAt = row.expires_at;
  let renewed = false;
  if (new Date(row.expires_at).getTime() - now.getTime() < (SESSION_DAYS - 1) * DAY) {
    expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY).toISOString();
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('token_hash', '=', hash).execute();
    renewed = true;
  }
  const roles = parseRoles(row.roles);
  const pseuds = await db.selectFrom('pseuds').select('id').where('user_id', '=', row.user_id).orderBy('id').execute();
  return {
    viewer: { userId: row.user_id, roles, pseudIds: pseuds.map((p) => p.id) },
    user: { id: row.user_id, name: row.name, email: row.email, roles },
    csrfToken: row.csrf_token,
    expiresAt,
    renewed,
  };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

/** "Log out everywhere": every session of the account ends. */
export async function deleteUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
