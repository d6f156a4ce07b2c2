import type { Kysely } from 'kysely';
import { recordWorkChanges } from '../works/changes.js';
import type { Database } from '../db/schema.js';
import { AccountError } from './errors.js';
import { creatorKey } from './creator-store.js';
import { sendEmail } from './mailer.js';
import { randomToken, sha256 } from './tokens.js';
import { peekToken, useToken } from './account-store.js';

const EMAIL_RE = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

async function legacyAuthorByName(db: Kysely<Database>, name: string) {
  const a = await db.selectFrom('legacy_authors').select(['id', 'name', 'claimed_pseud_id']).where('name_key', '=', creatorKey(name)).executeTakeFirst();
  if (!a) throw new AccountError('no_legacy_author', `No imported author named “${name}”.`);
  return a;
}

/**
 * Moves every work of a legacy author to a pseud: each creatorship keeps its work and
 * position (so the work's history, dates and stats are untouched) and now names the pseud.
 */
export async function claimLegacyAuthor(db: Kysely<Database>, legacyAuthorId: number, pseudId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('legacy_authors').select(['id', 'claimed_pseud_id']).where('id', '=', legacyAuthorId).executeTakeFirst();
    if (!a) throw new AccountError('no_legacy_author', 'No such imported author.');
    if (a.claimed_pseud_id !== null) throw new AccountError('already_claimed', 'These works have already been claimed.');
    const moved = await trx.selectFrom('creatorships').select('work_id').where('legacy_author_id', '=', legacyAuthorId).execute();
    const res = await trx
      .updateTable('creatorships')
      .set({ pseud_id: pseudId, legacy_author_id: null })
      .where('legacy_author_id', '=', legacyAuthorId)
      .executeTakeFirst();
    await recordWorkChanges(trx, moved.map((r) => r.work_id));
    await trx.updateTable('legacy_authors').set({ claimed_pseud_id: pseudId }).where('id', '=', legacyAuthorId).execute();
    return Number(res.numUpdatedRows);
  });
}

/** An admin grants a legacy author name to an account's pseud. */
export async function grantLegacyAuthor(db: Kysely<Database>, legacyName: string, pseudId: number): Promise<number> {
  const a = await legacyAuthorByName(db, legacyName);
  return claimLegacyAuthor(db, a.id, pseudId);
}

/**
 * Sends a claim link to every email recorded privately for a legacy author in its import
 * (`legacy_author_contacts`). Returns how many were sent; the addresses are never shown.
 */
export async function sendClaimLinks(db: Kysely<Database>, legacyName: string, baseUrl: string): Promise<number> {
  const a = await legacyAuthorByName(db, legacyName);
  if (a.claimed_pseud_id !== null) throw new AccountError('already_claimed', 'These works have already been claimed.');
  const contacts = await db.selectFrom('legacy_author_contacts').select('contact').where('legacy_author_id', '=', a.id).execute();
  const emails = [...new Set(contacts.map((c) => c.contact.replace(/^mailto:/i, '').trim().toLowerCase()).filter((c) => EMAIL_RE.test(c)))];
  const now = new Date();
  for (const email of emails) {
    const token = randomToken();
    await db
      .insertInto('account_tokens')
      .values({ token_hash: sha256(token), purpose: 'claim', user_id: null, subject: String(a.id), expires_at: new Date(now.getTime() + 30 * 24 * 3600 * 1000).toISOString(), used_at: null, created_at: now.toISOString() })
      .execute();
    await sendEmail(db, {
      to: email,
      subject: `Claim your works as ${a.name}`,
      body: `Hello,\n\nWorks by “${a.name}” were imported into this archive from an older one, and this address was recorded for that author. If they are yours, sign up or log in, then open this link within 30 days to move them to your account:\n\n${baseUrl}/claim/${token}\n\nIf they are not yours, ignore this email.\n`,
    });
  }
  return emails.length;
}

/** What a claim link is for (the legacy author's name), without using it. */
export async function claimLinkTarget(db: Kysely<Database>, token: string) {
  const t = await peekToken(db, token, 'claim');
  if (!t || t.subject === null) return null;
  return db.selectFrom('legacy_authors').select(['id', 'name', 'claimed_pseud_id']).where('id', '=', Number(t.subject)).executeTakeFirst() ?? null;
}

export async function claimWithLink(db: Kysely<Database>, token: string, pseudId: number): Promise<number> {
  const row = await db.transaction().execute((trx) => useToken(trx, token, 'claim'));
  return claimLegacyAuthor(db, Number(row.subject), pseudId);
}
