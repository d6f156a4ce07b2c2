import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb } from '../../src/db/connect.js';
import type { Db, StoreTarget } from '../../src/db/connect.js';

/**
 * The databases every store and HTTP test runs on: real servers, never a mock. SQLite always;
 * PostgreSQL at FANFOLD_TEST_PG_URL (default the machine's postgres://postgres@127.0.0.1:5432/test).
 * Each test gets a fresh SQLite folder or a fresh PostgreSQL schema. Under CI a missing
 * PostgreSQL is a failure, not a skip.
 */
export const PG_URL = process.env.FANFOLD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: boolean | undefined;
export async function postgresAvailable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    pgAvailable = true;
  } catch (e) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI but ${PG_URL} did not answer: ${(e as Error).message}`);
    process.stderr.write(`note: PostgreSQL at ${PG_URL} is not reachable; PostgreSQL tests are skipped\n`);
    pgAvailable = false;
  } finally {
    await c.end().catch(() => undefined);
  }
  return pgAvailable;
}

export interface TestStore {
  target: StoreTarget;
  /** Opens (and migrates) the database; close the Db yourself or call cleanup. */
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

export type DatabaseKind = 'sqlite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres'];

export async function makeStore(kind: DatabaseKind): Promise<TestStore> {
  const opened: Db[] = [];
  const track = async (target: StoreTarget) => {
    const db = await openDb(target);
    opened.push(db);
    return db;
  };
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'fanfold-test-'));
    const target = { dataDir: dir };
    return {
      target,
      open: () => track(target),
      async cleanup() {
        for (const db of opened) await db.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const sep = PG_URL.includes('?') ? '&' : '?';
  const target = { databaseUrl: `${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}` };
  return {
    target,
    open: () => track(target),
    async cleanup() {
      for (const db of opened) await db.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** `describe.each` helper: the kinds to run, PostgreSQL only when reachable (always under CI). */
export async function availableKinds(): Promise<DatabaseKind[]> {
  return (await postgresAvailable()) ? DATABASE_KINDS : ['sqlite'];
}
