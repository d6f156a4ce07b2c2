import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { RateLimitedError } from './errors.js';

export interface Limit {
  max: number;
  windowSeconds: number;
}

/** The limits on login and sign-up: per IP address and per account name. */
export const LIMITS = {
  loginPerIp: { max: 20, windowSeconds: 15 * 60 },
  loginPerAccount: { max: 10, windowSeconds: 15 * 60 },
  signupPerIp: { max: 5, windowSeconds: 60 * 60 },
  resetPerIp: { max: 5, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

/**
 * Counts one attempt in a fixed-window bucket and throws RateLimitedError past the limit.
 * One atomic upsert, so several server processes on the same database share the count.
 */
export async function hitRateLimit(db: Kysely<Database>, bucket: string, limit: Limit, now = new Date()): Promise<void> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - limit.windowSeconds * 1000).toISOString();
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, count: 1, window_start: nowIso })
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start < ${cutoff} then 1 else rate_limits.count + 1 end`,
        window_start: sql<string>`case when rate_limits.window_start < ${cutoff} then ${nowIso} else rate_limits.window_start end`,
      }),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  if (Number(row.count) > limit.max) {
    const resetAt = new Date(row.window_start).getTime() + limit.windowSeconds * 1000;
    throw new RateLimitedError(Math.max(1, Math.round((resetAt - now.getTime()) / 1000)));
  }
}

/** Forgets an account's failed-login count after a successful login. */
export async function clearRateLimit(db: Kysely<Database>, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
}
