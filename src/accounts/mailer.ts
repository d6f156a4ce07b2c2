import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface Email {
  to: string;
  subject: string;
  body: string;
}

/**
 * Every email is first written to the `outbox` table (admins read it at /admin/outbox, tests
 * read reset and claim links from it) and to the log. With FANFOLD_SMTP_URL set it is also
 * sent through SMTP (nodemailer), after the caller's transaction, and marked sent.
 */
export async function sendEmail(db: Kysely<Database>, mail: Email, smtpUrl = process.env.FANFOLD_SMTP_URL): Promise<void> {
  const row = await db
    .insertInto('outbox')
    .values({ to_address: mail.to, subject: mail.subject, body: mail.body, created_at: new Date().toISOString(), sent_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!smtpUrl) {
    process.stderr.write(`mail (outbox #${row.id}, no FANFOLD_SMTP_URL): to ${mail.to}: ${mail.subject}\n`);
    return;
  }
  try {
    const { createTransport } = await import('nodemailer');
    const from = process.env.FANFOLD_MAIL_FROM ?? 'Fanfold <no-reply@localhost>';
    await createTransport(smtpUrl).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.body });
    await db.updateTable('outbox').set({ sent_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  } catch (e) {
    process.stderr.write(`mail (outbox #${row.id}) to ${mail.to} could not be sent: ${(e as Error).message}\n`);
  }
}

export async function listOutbox(db: Kysely<Database>, limit = 100) {
  return db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
