import pg from 'pg';
import type { Db } from '../db/connect.js';
import { CHANGE_CHANNEL, changesSince, latestChange } from '../works/changes.js';

/** What a follower keeps fresh: the in-memory search index of this process. */
export interface FollowTarget {
  upsert(workId: number): Promise<void>;
  rebuild(): Promise<void>;
  /** A wrangling change committed (synonyms, meta tags): re-derive what it touches; `rebuild` when absent. */
  tagsChanged?(): Promise<unknown>;
}

export interface ChangeFollower {
  /** Applies every change committed so far, now (a route that just saved calls this). */
  syncNow(): Promise<void>;
  stop(): Promise<void>;
  readonly seq: number;
}

/**
 * Keeps this process's in-memory index in step with the archive by tailing the change log
 * (migration 0006): every `pollMs` on any database, and at once when PostgreSQL notifies that
 * a change committed (LISTEN), so writes made by other web processes, other machines or a CLI
 * import are findable here within a second. `since` is the log position the index was built
 * at: read it before building, so nothing committed meanwhile is missed.
 */
export async function followChanges(db: Db, target: FollowTarget, o: { since: number; pollMs?: number; listenUrl?: string }): Promise<ChangeFollower> {
  let seq = o.since;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const apply = async () => {
    for (;;) {
      const batch = await changesSince(db.kysely, seq);
      if (batch.length === 0) return;
      if (batch.some((c) => c.kind === 'tags')) await (target.tagsChanged ? target.tagsChanged() : target.rebuild());
      for (const c of batch) if (c.kind === 'work' && c.work_id !== null) await target.upsert(c.work_id);
      seq = (batch[batch.length - 1] as { seq: number }).seq;
    }
  };
  // One pass at a time; a wake-up during a pass schedules one more.
  const syncNow = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await apply();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    syncNow().catch((e: Error) => {
      // The database was closed under a follower nobody stopped: nothing left to follow.
      if (/destroyed|Cannot use a pool after calling end|database connection is not open/i.test(e.message)) {
        stopped = true;
        clearInterval(timer);
        return;
      }
      process.stderr.write(`change follower: ${e.message}\n`);
    });
  }, o.pollMs ?? 500);
  timer.unref();

  let listener: pg.Client | null = null;
  if (db.dialect.name === 'postgres' && o.listenUrl) {
    listener = new pg.Client({ connectionString: o.listenUrl });
    await listener.connect();
    listener.on('notification', () => void syncNow().catch(() => undefined));
    listener.on('error', (e) => process.stderr.write(`change listener: ${e.message}\n`));
    await listener.query(`LISTEN ${CHANGE_CHANNEL}`);
  }

  return {
    syncNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await listener?.end().catch(() => undefined);
    },
    get seq() {
      return seq;
    },
  };
}

export { latestChange };
