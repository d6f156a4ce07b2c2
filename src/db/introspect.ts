import { sql } from 'kysely';
import type { Db } from './connect.js';

/** What `copy` needs to know about a table, read from the database itself. */
export interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  /** Primary key columns in order (the rowid for SQLite tables without one is not used). */
  key: string[];
  /** Tables this one references (foreign keys), itself excluded. */
  references: string[];
  /** Columns that reference this same table (a tag's merger, a comment's parent). */
  selfReferences: string[];
}

/** Kysely's own bookkeeping and full-text index tables are rebuilt, never copied. */
const SKIP = /^(kysely_migration|kysely_migration_lock|sqlite_.*)$/;

export async function introspect(db: Db): Promise<TableInfo[]> {
  return db.dialect.name === 'sqlite' ? introspectSqlite(db) : introspectPostgres(db);
}

async function introspectSqlite(db: Db): Promise<TableInfo[]> {
  const k = db.kysely;
  const tables = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'table' order by name`.execute(k)).rows;
  const virtual = tables.filter((t) => /^create virtual table/i.test(t.sql ?? '')).map((t) => t.name);
  // FTS5 keeps its data in shadow tables named after the virtual table.
  const isShadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const out: TableInfo[] = [];
  for (const t of tables) {
    if (SKIP.test(t.name) || virtual.includes(t.name) || isShadow(t.name)) continue;
    const cols = (await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${t.name})`.execute(k)).rows;
    const fks = (await sql<{ table: string; from: string }>`select "table", "from" from pragma_foreign_key_list(${t.name})`.execute(k)).rows;
    out.push({
      name: t.name,
      columns: cols.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      key: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      references: [...new Set(fks.map((f) => f.table).filter((x) => x !== t.name))],
      selfReferences: fks.filter((f) => f.table === t.name).map((f) => f.from),
    });
  }
  return out;
}

async function introspectPostgres(db: Db): Promise<TableInfo[]> {
  const k = db.kysely;
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(k)).rows;
  const out: TableInfo[] = [];
  for (const { name } of tables) {
    if (SKIP.test(name)) continue;
    const cols = (await sql<{ name: string; type: string }>`select column_name as name, data_type as type from information_schema.columns where table_schema = current_schema() and table_name = ${name} order by ordinal_position`.execute(k)).rows;
    const key = (await sql<{ name: string }>`
      select a.attname as name from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = (quote_ident(current_schema()) || '.' || quote_ident(${name}))::regclass and i.indisprimary
      order by array_position(i.indkey, a.attnum)`.execute(k)).rows.map((r) => r.name);
    const fks = (await sql<{ target: string; col: string }>`
      select ccu.table_name as target, kcu.column_name as col
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema() and tc.table_name = ${name}`.execute(k)).rows;
    out.push({
      name,
      columns: cols.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      key,
      references: [...new Set(fks.map((f) => f.target).filter((x) => x !== name))],
      selfReferences: fks.filter((f) => f.target === name).map((f) => f.col),
    });
  }
  return out;
}

/** Tables ordered so every table comes after the tables it references. */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo, path: Set<string>) => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const r of t.references) {
      const dep = byName.get(r);
      if (dep) visit(dep, path);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t, new Set());
  return out;
}
