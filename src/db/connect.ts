import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { DIALECTS } from './dialect.js';
import type { DialectInfo } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { PAGE_SIZE, TEXT_FILE, attachTextFile } from './text-file.js';

export interface StoreTarget {
  /** SQLite archive folder (the database is DIR/fanfold.db). */
  dataDir?: string;
  /** A server database URL (postgres://…); wins over dataDir. */
  databaseUrl?: string;
  /** A read replica of databaseUrl (DATABASE_READ_URL): page and listing reads go there. */
  readUrl?: string;
}

export interface Db {
  /** The primary: every write, and reads that must see them. */
  kysely: Kysely<Database>;
  /** Where reads that may lag a little go: a replica when configured, else the primary. */
  reader: Kysely<Database>;
  dialect: DialectInfo;
  /** Where it lives, for messages ("./data/fanfold.db", "postgres://host/db"). */
  describe: string;
  /** SQLite: the file of the full-text index (db/text-file.ts), for a second connection to write it. */
  textFile?: string;
  /** Where it was opened from, so that another thread can open its own connection to it. */
  target?: StoreTarget;
  close(): Promise<void>;
}

export class DatabaseUrlError extends Error {
  readonly code = 'bad_database_url';
}

/** Opens (and, unless told otherwise, migrates) the archive's database. */
export async function openDb(target: StoreTarget, opts: { migrate?: boolean } = {}): Promise<Db> {
  const db = target.databaseUrl ? openPostgres(target.databaseUrl, target.readUrl) : openSqlite(target.dataDir ?? './data');
  if (opts.migrate !== false) await migrateToLatest(db.kysely, db.dialect);
  return db;
}

function openSqlite(dataDir: string): Db {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'fanfold.db');
  const sqlite = new Sqlite(file);
  // A new archive's pages are 8 KB (SQLite's default is 4 KB): chapter bodies and original
  // files make most of it, and larger pages write them in half the page writes (400 MB of such
  // rows: 1.3 → 0.9 CPU-s; 16 KB pages save a little more but left a fifth more of an imported
  // archive unused). An existing archive keeps its page size.
  sqlite.pragma(`page_size = ${PAGE_SIZE}`);
  // WAL lets CLI commands and a running server share the archive; the busy timeout makes a
  // writer wait for another's short transaction instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  attachTextFile(sqlite, dir);
  cacheStatements(sqlite);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { kysely, reader: kysely, dialect: DIALECTS.sqlite, describe: file, textFile: join(dir, TEXT_FILE), target: { dataDir: dir }, close: () => kysely.destroy() };
}

/**
 * Kysely prepares every query anew; preparing costs as much as running a small statement.
 * Keep the most recent prepared statements by SQL text (queries with long IN lists make many
 * distinct texts, hence the bound).
 */
export function cacheStatements(sqlite: Sqlite.Database, max = 1000): void {
  const cache = new Map<string, Sqlite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
    } else {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

function openPostgres(url: string, readUrl?: string): Db {
  for (const u of [url, readUrl]) {
    if (u !== undefined && !/^postgres(ql)?:\/\//.test(u)) {
      throw new DatabaseUrlError(`unsupported database URL "${u}": expected postgres://user@host:port/database`);
    }
  }
  // Integers come back as numbers: counts and ids fit comfortably in a double.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = (u: string) => u.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  const reader = readUrl ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: readUrl, max: 10 }) }) }) : kysely;
  return {
    kysely,
    reader,
    dialect: DIALECTS.postgres,
    describe: readUrl ? `${safe(url)} (reads: ${safe(readUrl)})` : safe(url),
    target: { databaseUrl: url },
    close: async () => {
      await kysely.destroy();
      if (reader !== kysely) await reader.destroy();
    },
  };
}
