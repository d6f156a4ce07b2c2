import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DialectInfo } from '../db/dialect.js';
import { insertRows } from '../db/fast-insert.js';

/** The PostgreSQL channel that wakes followers as soon as a change commits. */
export const CHANGE_CHANNEL = 'fanfold_changes';

export type ChangeKind = 'work' | 'tags';

/**
 * Appends to the change log, in the caller's transaction (see migration 0006). On PostgreSQL
 * it also notifies listeners; the notification is delivered when the transaction commits.
 */
export async function recordChange(trx: Kysely<Database>, dialect: DialectInfo, kind: ChangeKind, workId: number | null): Promise<void> {
  await insertRows(trx, 'change_log', [{ kind, work_id: workId, at: new Date().toISOString() }]);
  if (dialect.name === 'postgres') await sql`select pg_notify(${CHANGE_CHANNEL}, ${kind})`.execute(trx);
}

/**
 * The same for callers that hold only a Kysely handle: the dialect is read off its adapter.
 * One row per work, for works whose credits or visibility changed (claims, deleted accounts).
 */
export async function recordWorkChanges(trx: Kysely<Database>, workIds: readonly number[]): Promise<void> {
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  for (const id of new Set(workIds)) {
    await trx.insertInto('change_log').values({ kind: 'work', work_id: id, at: new Date().toISOString() }).execute();
  }
  if (postgres && workIds.length > 0) await sql`select pg_notify(${CHANGE_CHANNEL}, 'work')`.execute(trx);
}

export async function changesSince(db: Kysely<Database>, seq: number, limit = 5000) {
  return db.selectFrom('change_log').select(['seq', 'kind', 'work_id']).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
}

export async function latestChange(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}
