import type { ColumnDefinitionBuilder } from 'kysely';

/**
 * The only place that knows which database is underneath. Everything else asks for a
 * capability here instead of branching on the dialect itself.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface DialectInfo {
  name: DialectName;
  /** Column type of a binary blob. */
  blobType: 'blob' | 'bytea';
}

export const DIALECTS: Record<DialectName, DialectInfo> = {
  sqlite: { name: 'sqlite', blobType: 'blob' },
  postgres: { name: 'postgres', blobType: 'bytea' },
};

/** An auto-numbered integer primary key: an identity column on PostgreSQL, AUTOINCREMENT on SQLite. */
export function idColumn(d: DialectInfo): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return (c) => (d.name === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement());
}
