import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import type { DialectInfo } from './dialect.js';
import { migration0001 } from './migrations/0001-core.js';
import { migration0002 } from './migrations/0002-wrangling.js';
import { migration0003 } from './migrations/0003-import.js';
import { migration0004 } from './migrations/0004-search.js';
import { migration0005 } from './migrations/0005-accounts.js';
import { migration0006 } from './migrations/0006-changes.js';
import { migration0007 } from './migrations/0007-search-work.js';
import { migration0008 } from './migrations/0008-text-file.js';
import { migration0009 } from './migrations/0009-search-body.js';

/**
 * Numbered migrations, the same on every database. Never edit one that has landed: add the
 * next number instead.
 */
function migrations(d: DialectInfo): Record<string, Migration> {
  return {
    '0001-core': { up: migration0001(d) },
    '0002-wrangling': { up: migration0002(d) },
    '0003-import': { up: migration0003(d) },
    '0004-search': { up: migration0004(d) },
    '0005-accounts': { up: migration0005(d) },
    '0006-changes': { up: migration0006(d) },
    '0007-search-work': { up: migration0007(d) },
    '0008-text-file': { up: migration0008(d) },
    '0009-search-body': { up: migration0009(d) },
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly d: DialectInfo) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrations(this.d));
  }
}

export class MigrationError extends Error {
  readonly code = 'migration_failed';
}

/** Brings the schema up to date. Safe to run any number of times, also while a server runs. */
export async function migrateToLatest<T>(db: Kysely<T>, d: DialectInfo): Promise<string[]> {
  // Migrations are numbered by capability and may land out of order across branches; each
  // is applied once whatever the order (Kysely records them by name).
  // On PostgreSQL the bookkeeping tables go in the connection's own schema: Kysely would
  // otherwise see another schema's kysely_migration table in the same database and skip
  // creating its own (several archives, or test schemas, side by side).
  const schema = d.name === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db, provider: new StaticProvider(d), allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${String((result.error as Error).message ?? result.error)}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
