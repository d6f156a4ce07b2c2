import { CompiledQuery } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Kysely builds and compiles every statement anew: tens of microseconds for a row of many
 * columns, and an import writes a dozen rows for each of thousands of works. Inserts into the
 * same table with the same columns and number of rows compile to the same SQL, so that SQL is
 * kept (per database adapter: placeholders differ) and run with each call's values. Every row
 * must have the same columns, none of them undefined; anything else goes through Kysely.
 */
const compiled = new WeakMap<object, Map<string, string>>();

export async function insertRows<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  await run(db, table, rows, false);
}

/** `insertRows` of one row, returning its new id. */
export async function insertRowReturningId<T extends keyof Database & string>(db: Kysely<Database>, table: T, row: Insertable<Database[T]>): Promise<number> {
  const rows = await run(db, table, [row], true);
  const id = (rows[0] as { id?: unknown } | undefined)?.id;
  if (id === undefined) throw new Error(`insert into ${table} returned no id`);
  return Number(id);
}

async function run<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[], returning: boolean): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first);
  const uniform = rows.every((r) => {
    const keys = Object.keys(r);
    return keys.length === columns.length && keys.every((k, i) => k === columns[i] && (r as Record<string, unknown>)[k] !== undefined);
  });
  // Kysely's own statement, for rows it must build itself and to learn a shape's SQL once.
  const kysely = () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's generic insert of a table named at run time
    const q = db.insertInto(table).values(rows as any);
    return returning ? q.returning('id' as never) : q;
  };
  if (!uniform) return (await kysely().execute()) as unknown[];
  const adapter = db.getExecutor().adapter;
  let byShape = compiled.get(adapter);
  if (!byShape) compiled.set(adapter, (byShape = new Map()));
  const key = `${table}\u0000${columns.join(',')}\u0000${rows.length}\u0000${returning ? 1 : 0}`;
  let text = byShape.get(key);
  if (text === undefined) {
    text = kysely().compile().sql;
    if (byShape.size < 1000) byShape.set(key, text);
  }
  const params: unknown[] = [];
  for (const r of rows) for (const c of columns) params.push((r as Record<string, unknown>)[c]);
  return (await db.executeQuery(CompiledQuery.raw(text, params))).rows;
}
