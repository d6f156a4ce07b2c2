import type { Kysely } from 'kysely';
import { recordWorkChanges } from '../works/changes.js';
import type { Database } from '../db/schema.js';
import { creatorKey } from './creator-store.js';
import { AccountError } from './errors.js';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.js';
import { clearRateLimit, hitRateLimit, LIMITS } from './rate-limit.js';
import { createSession, deleteUserSessions, parseRoles } from './sessions.js';
import { getAccountSettings } from './settings.js';
import { sendEmail } from './mailer.js';
import { randomToken, sha256 } from './tokens.js';
import type { Role } from './viewer.js';

const NAME_RE = /^[\p{L}\p{N}_-]{3,40}$/u;
const EMAIL_RE = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** The account that holds orphaned works (AO3's orphan_account). */
export const ORPHAN_ACCOUNT = 'orphan_account';
const HOUR = 60 * 60 * 1000;

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  passwordConfirmation?: string;
  inviteCode?: string;
  acceptTerms: boolean;
  confirmAge: boolean;
  ip: string;
}

function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw new AccountError('bad_name', 'User name must be 3 to 40 letters, digits, hyphens or underscores.');
}

function checkEmail(email: string): void {
  if (email.length > 254 || !EMAIL_RE.test(email)) throw new AccountError('bad_email', 'Please enter a valid email address.');
}

async function insertUser(trx: Kysely<Database>, name: string, email: string | null, passwordHash: string | null, roles: Role[]): Promise<number> {
  const now = new Date().toISOString();
  const key = creatorKey(name);
  const taken = await trx.selectFrom('users').select('id').where('name_key', '=', key).executeTakeFirst();
  if (taken) throw new AccountError('name_taken', `The user name “${name}” is already taken.`);
  if (email !== null) {
    const dup = await trx.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
    if (dup) throw new AccountError('email_taken', 'An account with that email address already exists. Try resetting your password.');
  }
  const user = await trx
    .insertInto('users')
    .values({ name, name_key: key, email: email?.toLowerCase() ?? null, password_hash: passwordHash, roles: roles.join(','), created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('pseuds').values({ user_id: user.id, name, name_key: key, is_default: 1, description: null, created_at: now }).execute();
  return user.id;
}

/** Sign-up as the site's settings allow it (open, by invitation code, or closed). */
export async function signUp(db: Kysely<Database>, input: SignUpInput): Promise<{ userId: number; token: string; expiresAt: string }> {
  await hitRateLimit(db, `signup:ip:${input.ip}`, LIMITS.signupPerIp);
  const settings = await getAccountSettings(db);
  if (settings.signup === 'closed') throw new AccountError('signup_closed', 'Sign-ups are closed on this archive.');
  const name = input.name.normalize('NFC').trim();
  checkName(name);
  const email = input.email.trim();
  checkEmail(email);
  if (!input.acceptTerms) throw new AccountError('terms_required', 'You must accept the Terms of Service to sign up.');
  if (!input.confirmAge) throw new AccountError('age_required', `You must confirm that you are at least ${settings.minimumAge} years old.`);
  if (input.passwordConfirmation !== undefined && input.passwordConfirmation !== input.password) {
    throw new AccountError('password_mismatch', 'The two passwords do not match.');
  }
  checkNewPassword(input.password, name);
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    if (settings.signup === 'invite') {
      const code = (input.inviteCode ?? '').trim();
      const inv = code === '' ? undefined : await trx
        .selectFrom('account_tokens')
        .select(['token_hash', 'expires_at', 'used_at'])
        .where('token_hash', '=', sha256(code))
        .where('purpose', '=', 'invite')
        .executeTakeFirst();
      if (!inv || inv.used_at !== null || inv.expires_at <= new Date().toISOString()) {
        throw new AccountError('bad_invite', 'Sign-up on this archive needs a valid invitation code.');
      }
      await trx.updateTable('account_tokens').set({ used_at: new Date().toISOString() }).where('token_hash', '=', inv.token_hash).execute();
    }
    return insertUser(trx, name, email, passwordHash, ['reader', 'creator']);
  });
  const s = await createSession(db, userId);
  return { userId, ...s };
}

/** Log in by user name or email. The same message for an unknown account and a wrong password. */
export async function logIn(db: Kysely<Database>, login: string, password: string, ip: string): Promise<{ userId: number; token: string; expiresAt: string }> {
  const l = login.trim();
  await hitRateLimit(db, `login:ip:${ip}`, LIMITS.loginPerIp);
  const accountBucket = `login:account:${creatorKey(l)}`;
  await hitRateLimit(db, accountBucket, LIMITS.loginPerAccount);
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where((eb) => eb.or([eb('name_key', '=', creatorKey(l)), eb('email', '=', l.toLowerCase())]))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok) throw new AccountError('bad_login', 'The user name or password you entered doesn’t match our records.');
  await clearRateLimit(db, accountBucket);
  const s = await createSession(db, user.id);
  return { userId: user.id, ...s };
}

/** Sends a reset link if an account has this email; says nothing either way (no account probing). */
export async function requestPasswordReset(db: Kysely<Database>, email: string, baseUrl: string, ip: string): Promise<void> {
  await hitRateLimit(db, `reset:ip:${ip}`, LIMITS.resetPerIp);
  const user = await db.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!user || user.email === null) return;
  const token = randomToken();
  const now = new Date();
  await db
    .insertInto('account_tokens')
    .values({ token_hash: sha256(token), purpose: 'reset', user_id: user.id, subject: null, expires_at: new Date(now.getTime() + 2 * HOUR).toISOString(), used_at: null, created_at: now.toISOString() })
    .execute();
  await sendEmail(db, {
    to: user.email,
    subject: 'Reset your password',
    body: `Hello ${user.name},\n\nSomeone asked to reset the password of your account. To choose a new password, open this link within two hours:\n\n${baseUrl}/password/reset/${token}\n\nIf it wasn't you, ignore this email; your password stays the same.\n`,
  });
}

/** Uses a one-time token of this purpose; returns its row, or throws when unknown, used or expired. */
export async function useToken(trx: Kysely<Database>, token: string, purpose: string) {
  const row = await trx.selectFrom('account_tokens').selectAll().where('token_hash', '=', sha256(token)).where('purpose', '=', purpose).executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= new Date().toISOString()) {
    throw new AccountError('bad_token', 'This link is invalid or has expired. Please ask for a new one.');
  }
  await trx.updateTable('account_tokens').set({ used_at: new Date().toISOString() }).where('token_hash', '=', row.token_hash).execute();
  return row;
}

export async function peekToken(db: Kysely<Database>, token: string, purpose: string) {
  const row = await db.selectFrom('account_tokens').selectAll().where('token_hash', '=', sha256(token)).where('purpose', '=', purpose).executeTakeFirst();
  return row && row.used_at === null && row.expires_at > new Date().toISOString() ? row : null;
}

/** Sets a new password from a reset link; every existing session ends. */
export async function resetPassword(db: Kysely<Database>, token: string, password: string): Promise<number> {
  const peek = await peekToken(db, token, 'reset');
  if (!peek || peek.user_id === null) throw new AccountError('bad_token', 'This link is invalid or has expired. Please ask for a new one.');
  const user = await db.selectFrom('users').select('name').where('id', '=', peek.user_id).executeTakeFirstOrThrow();
  checkNewPassword(password, user.name);
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const row = await useToken(trx, token, 'reset');
    const userId = row.user_id as number;
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
    await deleteUserSessions(trx, userId);
    return userId;
  });
}

async function checkCurrentPassword(db: Kysely<Database>, userId: number, password: string) {
  const user = await db.selectFrom('users').select(['name', 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, password))) throw new AccountError('bad_password', 'Your current password is not correct.');
  return user;
}

/** Changes the password; other sessions end (the current browser gets a fresh session). */
export async function changePassword(db: Kysely<Database>, userId: number, current: string, next: string) {
  const user = await checkCurrentPassword(db, userId, current);
  checkNewPassword(next, user.name);
  const hash = await hashPassword(next);
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
  await deleteUserSessions(db, userId);
  return createSession(db, userId);
}

export async function changeEmail(db: Kysely<Database>, userId: number, password: string, email: string): Promise<void> {
  await checkCurrentPassword(db, userId, password);
  const e = email.trim().toLowerCase();
  checkEmail(e);
  const dup = await db.selectFrom('users').select('id').where('email', '=', e).where('id', '<>', userId).executeTakeFirst();
  if (dup) throw new AccountError('email_taken', 'Another account already uses that email address.');
  const old = await db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ email: e }).where('id', '=', userId).execute();
  if (old.email) await sendEmail(db, { to: old.email, subject: 'Your email address was changed', body: `Hello ${old.name},\n\nThe email address of your account was changed to ${e}. If it wasn't you, contact the archive's administrators.\n` });
}

/** The orphan account's default pseud, created on first use (no password: nobody can log in). */
export async function orphanPseudId(trx: Kysely<Database>): Promise<number> {
  const found = await trx
    .selectFrom('pseuds as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select('p.id')
    .where('u.name_key', '=', creatorKey(ORPHAN_ACCOUNT))
    .where('p.is_default', '=', 1)
    .executeTakeFirst();
  if (found) return found.id;
  const userId = await insertUser(trx, ORPHAN_ACCOUNT, null, null, []);
  const p = await trx.selectFrom('pseuds').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow();
  return p.id;
}

/**
 * Deletes an account after checking its password. Its works are either deleted (works only
 * it created; co-created works lose it as a creator) or orphaned; creator credits move to
 * orphan_account either way, so no work is left pointing at a missing pseud.
 */
export async function deleteAccount(db: Kysely<Database>, userId: number, password: string, works: 'delete' | 'orphan'): Promise<void> {
  await checkCurrentPassword(db, userId, password);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const orphan = await orphanPseudId(trx);
    const pseudIds = (await trx.selectFrom('pseuds').select('id').where('user_id', '=', userId).execute()).map((p) => p.id);
    if (pseudIds.length > 0) {
      const mine = await trx.selectFrom('creatorships').select('work_id').where('pseud_id', 'in', pseudIds).execute();
      const workIds = [...new Set(mine.map((r) => r.work_id))];
      // Credits and deletions change what search finds: every process follows the change log.
      await recordWorkChanges(trx, workIds);
      if (works === 'delete' && workIds.length > 0) {
        const shared = await trx.selectFrom('creatorships').select('work_id').where('work_id', 'in', workIds).where((eb) => eb.or([eb('pseud_id', 'not in', pseudIds), eb('pseud_id', 'is', null)])).execute();
        const sharedIds = new Set(shared.map((r) => r.work_id));
        const solo = workIds.filter((id) => !sharedIds.has(id));
        if (solo.length > 0) await trx.updateTable('works').set({ deleted_at: now }).where('id', 'in', solo).execute();
        if (sharedIds.size > 0) await trx.deleteFrom('creatorships').where('work_id', 'in', [...sharedIds]).where('pseud_id', 'in', pseudIds).execute();
      }
      await trx.updateTable('creatorships').set({ pseud_id: orphan }).where('pseud_id', 'in', pseudIds).execute();
      await trx.updateTable('legacy_authors').set({ claimed_pseud_id: orphan }).where('claimed_pseud_id', 'in', pseudIds).execute();
      await trx.updateTable('comments').set({ pseud_id: null }).where('pseud_id', 'in', pseudIds).execute();
    }
    await trx.deleteFrom('users').where('id', '=', userId).execute();
  });
}

/** `fanfold admin create`: an account with every role. */
export async function createAdmin(db: Kysely<Database>, name: string, email: string | null, password: string): Promise<number> {
  checkName(name);
  if (email !== null) checkEmail(email);
  checkNewPassword(password, name);
  const hash = await hashPassword(password);
  return db.transaction().execute((trx) => insertUser(trx, name, email, hash, ['reader', 'creator', 'wrangler', 'moderator', 'admin']));
}

export async function setRoles(db: Kysely<Database>, name: string, roles: Role[]): Promise<void> {
  const res = await db.updateTable('users').set({ roles: roles.join(',') }).where('name_key', '=', creatorKey(name)).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AccountError('no_user', `No account named “${name}”.`);
}

export async function findUser(db: Kysely<Database>, name: string) {
  const u = await db.selectFrom('users').select(['id', 'name', 'email', 'roles']).where('name_key', '=', creatorKey(name)).executeTakeFirst();
  return u ? { ...u, roles: parseRoles(u.roles) } : undefined;
}

/** Invitation codes for sign-up in 'invite' mode; valid 30 days, one use each. */
export async function createInvites(db: Kysely<Database>, count: number, createdBy: number | null): Promise<string[]> {
  const codes: string[] = [];
  const now = new Date();
  for (let i = 0; i < count; i++) {
    const code = randomToken().slice(0, 20);
    codes.push(code);
    await db
      .insertInto('account_tokens')
      .values({ token_hash: sha256(code), purpose: 'invite', user_id: createdBy, subject: null, expires_at: new Date(now.getTime() + 30 * 24 * HOUR).toISOString(), used_at: null, created_at: now.toISOString() })
      .execute();
  }
  return codes;
}

export class NotYourPseud extends AccountError {
  constructor() {
    super('not_your_pseud', 'That pseud is not one of yours.');
  }
}
