import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/connect.js';
import type { Db } from '../db/connect.js';
import { copyArchive } from '../db/copy.js';
import { makeStore, postgresAvailable } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { workInput } from '../../test/support/work-input.js';
import { createWorkService } from './index.js';
import { GUEST } from '../accounts/viewer.js';

/**
 * DATABASE_READ_URL, tested against the same server standing in as its own replica: the
 * "replica" is a second schema that a copy brings up to date, so a test can see which side a
 * read came from (a real replica lags the same way, only by less).
 */
const run = await postgresAvailable();

describe.runIf(run)('read replica (PostgreSQL)', () => {
  let primary: TestStore;
  let replica: TestStore;
  let db: Db;
  beforeAll(async () => {
    primary = await makeStore('postgres');
    replica = await makeStore('postgres');
    const p = await primary.open();
    await createWorkService(p).save(workInput({ title: 'Before The Copy', fandoms: ['Replica Fandom'] }));
    const r = await replica.open();
    expect((await copyArchive(p, r)).ok).toBe(true);
    await p.close();
    await r.close();
    db = await openDb({ databaseUrl: primary.target.databaseUrl as string, readUrl: replica.target.databaseUrl as string });
  });
  afterAll(async () => {
    await db?.close();
    await primary.cleanup();
    await replica.cleanup();
  });

  it('sends listing reads to the replica and writes to the primary', async () => {
    const works = createWorkService(db);
    expect(db.describe).toContain('(reads: ');
    const id = await works.save(workInput({ title: 'After The Copy', fandoms: ['Replica Fandom'] }));
    // The listing comes from the replica, which has not seen the new work yet…
    const listed = await works.list(GUEST, {}, { page: 1, perPage: 10 });
    expect(listed.total).toBe(1);
    // …but opening the work just saved falls back to the primary.
    expect((await works.get(id))?.title).toBe('After The Copy');
    // Once the replica catches up, listings show it.
    const p = await openDb({ databaseUrl: primary.target.databaseUrl as string });
    const r = await openDb({ databaseUrl: replica.target.databaseUrl as string });
    expect((await copyArchive(p, r)).ok).toBe(true);
    await p.close();
    await r.close();
    expect((await works.list(GUEST, {}, { page: 1, perPage: 10 })).total).toBe(2);
  });

  it('works with the same server standing in as its own replica', async () => {
    const url = primary.target.databaseUrl as string;
    const same = await openDb({ databaseUrl: url, readUrl: url });
    try {
      const works = createWorkService(same);
      expect(same.reader).not.toBe(same.kysely);
      const id = await works.save(workInput({ title: 'Own Replica', fandoms: ['Replica Fandom'] }));
      expect((await works.get(id))?.title).toBe('Own Replica');
      const listed = await works.list(GUEST, {}, { page: 1, perPage: 10 });
      expect(listed.ids).toContain(id);
    } finally {
      await same.close();
    }
  });
});
