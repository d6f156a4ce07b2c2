import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Db } from './connect.js';
import { dependencyOrder, introspect } from './introspect.js';
import type { TableInfo } from './introspect.js';
import { rebuildText } from '../search/text-index.js';

/**
 * Moves a whole archive between databases (SQLite ⇄ PostgreSQL), table by table in foreign-key
 * order, in key order, a batch per transaction. Resumable: the destination remembers the last
 * key copied per table (`fanfold_copy_state`), so a stopped copy continues where it was. At the
 * end every table is compared by row count and by a content hash over all its rows on both
 * sides: the copy proves it lost nothing. Full-text index tables are not copied; the search
 * capability rebuilds them.
 */
export interface CopyTableResult {
  table: string;
  sourceRows: number;
  destRows: number;
  sourceHash: string;
  destHash: string;
  same: boolean;
}

export interface CopyReport {
  tables: CopyTableResult[];
  rows: number;
  seconds: number;
  /** Where the time went: copying rows, rebuilding the full-text index, verifying. */
  phases: { copy: number; index: number; verify: number };
  ok: boolean;
}

type Row = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const STATE = 'fanfold_copy_state';
/** Rows per statement: as many as the bind-parameter limit allows (SQLite 32,766), at most 5,000. */
const batchRows = (columns: number) => Math.max(50, Math.min(5000, Math.floor(30_000 / Math.max(columns, 1))));
const BATCH_BYTES = 8_000_000;

interface Plan {
  table: TableInfo;
  columns: string[];
}

async function plan(from: Db, to: Db): Promise<Plan[]> {
  const [src, dst] = await Promise.all([introspect(from), introspect(to)]);
  const dstByName = new Map(dst.map((t) => [t.name, t]));
  const plans: Plan[] = [];
  for (const t of dependencyOrder(src)) {
    const d = dstByName.get(t.name);
    if (!d || t.key.length === 0) continue;
    // Full-text index tables (tsvector columns on PostgreSQL) are derived data: rebuilt below.
    if (t.columns.some((c) => c.type === 'tsvector') || d.columns.some((c) => c.type === 'tsvector')) continue;
    const dstCols = new Set(d.columns.filter((c) => c.type !== 'tsvector').map((c) => c.name));
    const columns = t.columns.filter((c) => c.type !== 'tsvector' && dstCols.has(c.name)).map((c) => c.name);
    plans.push({ table: t, columns });
  }
  return plans;
}

/** Values as both drivers accept them: blobs as Buffers. */
function normalize(v: unknown): unknown {
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v);
  return v;
}

/** The same JSON for the same row on every database (blobs as base64, numbers as numbers). */
function canonical(row: Row, columns: string[]): string {
  return JSON.stringify(columns.map((c) => {
    const v = row[c];
    if (v instanceof Uint8Array) return { b64: Buffer.from(v).toString('base64') };
    if (typeof v === 'bigint') return Number(v);
    return v ?? null;
  }));
}

async function readBatch(db: AnyDb, p: Plan, after: unknown[] | null, limit: number): Promise<Row[]> {
  const key = p.table.key;
  let q = db.selectFrom(p.table.name).select(p.columns);
  if (after) {
    const cols = sql.join(key.map((k) => sql.ref(k)));
    const vals = sql.join(after.map((v) => sql`${v}`));
    q = q.where(sql<boolean>`(${cols}) > (${vals})`);
  }
  for (const k of key) q = q.orderBy(k);
  return (await q.limit(limit).execute()) as Row[];
}

async function loadState(to: Db): Promise<Map<string, { after: unknown[] | null; done: boolean }>> {
  await sql`create table if not exists ${sql.table(STATE)} (table_name text primary key, after_key text, done integer not null)`.execute(to.kysely);
  const rows = (await sql<{ table_name: string; after_key: string | null; done: number }>`select table_name, after_key, done from ${sql.table(STATE)}`.execute(to.kysely)).rows;
  return new Map(rows.map((r) => [r.table_name, { after: r.after_key === null ? null : (JSON.parse(r.after_key) as unknown[]), done: Number(r.done) === 1 }]));
}

async function saveState(trx: AnyDb, table: string, after: unknown[] | null, done: boolean): Promise<void> {
  await sql`delete from ${sql.table(STATE)} where table_name = ${table}`.execute(trx);
  await sql`insert into ${sql.table(STATE)} (table_name, after_key, done) values (${table}, ${after === null ? null : JSON.stringify(after)}, ${done ? 1 : 0})`.execute(trx);
}

export async function copyArchive(from: Db, to: Db, onProgress?: (table: string, rows: number) => void): Promise<CopyReport> {
  const started = Date.now();
  const plans = await plan(from, to);
  const state = await loadState(to);
  let total = 0;
  for (const p of plans) {
    const st = state.get(p.table.name);
    if (st?.done) continue;
    total += await copyTable(from, to, p, st?.after ?? null, (n) => onProgress?.(p.table.name, n));
  }
  if (to.dialect.name === 'postgres') await resetSequences(to, plans);
  const copied = Date.now();
  await rebuildText(to);
  const indexed = Date.now();
  const tables: CopyTableResult[] = [];
  for (const p of plans) {
    const [s, d] = await Promise.all([tableDigest(from.kysely as AnyDb, p), tableDigest(to.kysely as AnyDb, p)]);
    tables.push({ table: p.table.name, sourceRows: s.rows, destRows: d.rows, sourceHash: s.hash, destHash: d.hash, same: s.rows === d.rows && s.hash === d.hash });
  }
  const ok = tables.every((t) => t.same);
  if (ok) await sql`drop table if exists ${sql.table(STATE)}`.execute(to.kysely);
  const done = Date.now();
  return { tables, rows: total, seconds: (done - started) / 1000, phases: { copy: (copied - started) / 1000, index: (indexed - copied) / 1000, verify: (done - indexed) / 1000 }, ok };
}

async function copyTable(from: Db, to: Db, p: Plan, resumeAfter: unknown[] | null, progress: (n: number) => void): Promise<number> {
  const key = p.table.key;
  const selfRefs = p.table.selfReferences.filter((c) => p.columns.includes(c));
  const deferred: { keyVals: unknown[]; values: Row }[] = [];
  let after = resumeAfter;
  let copied = 0;
  for (;;) {
    const rows = await readBatch(from.kysely as AnyDb, p, after, batchRows(p.columns.length));
    if (rows.length === 0) break;
    // Keep transactions to a few megabytes even for tables of long chapters.
    let chunk: Row[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const last = chunk[chunk.length - 1] as Row;
      const lastKey = key.map((k) => last[k]);
      const values = chunk.map((r) => {
        const v: Row = {};
        for (const c of p.columns) v[c] = selfRefs.includes(c) ? null : normalize(r[c]);
        return v;
      });
      for (const r of chunk) {
        const refs: Row = {};
        for (const c of selfRefs) if (r[c] !== null && r[c] !== undefined) refs[c] = r[c];
        if (Object.keys(refs).length > 0) deferred.push({ keyVals: key.map((k) => r[k]), values: refs });
      }
      await (to.kysely as AnyDb).transaction().execute(async (trx) => {
        const nonKey = p.columns.filter((c) => !key.includes(c));
        await trx
          .insertInto(p.table.name)
          .values(values)
          .onConflict((oc) => {
            const target = oc.columns(key as never);
            return nonKey.length === 0 ? target.doNothing() : target.doUpdateSet(Object.fromEntries(nonKey.map((c) => [c, sql.ref(`excluded.${c}`)])) as never);
          })
          .execute();
        await saveState(trx, p.table.name, lastKey, false);
      });
      copied += chunk.length;
      progress(copied);
      chunk = [];
      bytes = 0;
    };
    for (const r of rows) {
      chunk.push(r);
      bytes += Object.values(r).reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.length : 8), 0);
      if (bytes >= BATCH_BYTES) await flush();
    }
    await flush();
    const last = rows[rows.length - 1] as Row;
    after = key.map((k) => last[k]);
  }
  // Links within a table (a synonym's canonical tag, a reply's parent) once every row exists.
  for (const d of deferred) {
    let q = (to.kysely as AnyDb).updateTable(p.table.name).set(d.values as never);
    key.forEach((k, i) => (q = q.where(k, '=', d.keyVals[i] as never)));
    await q.execute();
  }
  await (to.kysely as AnyDb).transaction().execute((trx) => saveState(trx, p.table.name, after, true));
  return copied;
}

/** PostgreSQL identity columns must continue after the copied ids. */
async function resetSequences(to: Db, plans: Plan[]): Promise<void> {
  for (const p of plans) {
    if (p.table.key.length !== 1) continue;
    const col = p.table.key[0] as string;
    if (!/int/.test(p.table.columns.find((c) => c.name === col)?.type ?? '')) continue;
    await sql`select setval(s, greatest((select coalesce(max(${sql.ref(col)}), 0) from ${sql.table(p.table.name)}), 1))
      from (select pg_get_serial_sequence(${p.table.name}, ${col}) as s) q where s is not null`.execute(to.kysely);
  }
}

async function tableDigest(db: AnyDb, p: Plan): Promise<{ rows: number; hash: string }> {
  const h = createHash('sha256');
  let rows = 0;
  let after: unknown[] | null = null;
  for (;;) {
    const batch = await readBatch(db, p, after, 5000);
    if (batch.length === 0) break;
    for (const r of batch) h.update(canonical(r, p.columns) + '\n');
    rows += batch.length;
    const last = batch[batch.length - 1] as Row;
    after = p.table.key.map((k) => last[k]);
  }
  return { rows, hash: h.digest('hex') };
}
