/**
 * `npm run bench:copy [-- --scale N] [-- --to URL]`
 *
 * Copies the synthetic AO3-shaped archive of `bench:search` (generated and cached under
 * .bench/sqlite-search-N by that benchmark; generated here if missing) from SQLite into a fresh
 * PostgreSQL schema and back into a fresh SQLite folder, and prints rows/s each way and whether
 * every table verified (row counts and content hashes).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb } from '../src/db/connect.js';
import { copyArchive } from '../src/db/copy.js';
import { generateArchive } from './generate.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1000000' }, to: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' } } });
const scale = Number(values.scale);
const source = resolve('.bench', `sqlite-search-${scale}`);
if (!existsSync(join(source, 'fanfold.db'))) {
  process.stderr.write(`generating a ${scale}-work archive in ${source}…\n`);
  const db = await openDb({ dataDir: source });
  await generateArchive(db, { works: scale } as Parameters<typeof generateArchive>[1]);
  await db.close();
}

const schema = `bench_copy_${process.pid}`;
const admin = new pg.Client({ connectionString: values.to });
await admin.connect();
await admin.query(`create schema ${schema}`);
const url = `${values.to}${values.to.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const back = mkdtempSync(join(tmpdir(), 'fanfold-bench-copy-'));
try {
  const rows: string[] = [];
  for (const [label, fromT, toT] of [
    ['SQLite → PostgreSQL', { dataDir: source }, { databaseUrl: url }],
    ['PostgreSQL → SQLite', { databaseUrl: url }, { dataDir: back }],
  ] as const) {
    const from = await openDb(fromT);
    const to = await openDb(toT);
    let last = Date.now();
    const r = await copyArchive(from, to, (table, n) => {
      if (Date.now() - last > 5000) {
        process.stderr.write(`  ${label}: ${table} ${n} rows…\n`);
        last = Date.now();
      }
    });
    await from.close();
    await to.close();
    rows.push(`  ${label.padEnd(22)} ${String(r.rows).padStart(10)} rows in ${r.seconds.toFixed(1).padStart(7)} s = ${(r.rows / r.seconds).toFixed(0).padStart(7)} rows/s (rows ${r.phases.copy.toFixed(1)} s = ${(r.rows / Math.max(r.phases.copy, 0.001)).toFixed(0)} rows/s, text index ${r.phases.index.toFixed(1)} s, verify ${r.phases.verify.toFixed(1)} s)  ${r.ok ? 'verified (counts + hashes per table)' : 'NOT VERIFIED'}`);
  }
  process.stdout.write(`bench:copy, ${scale} works\n${rows.join('\n')}\n`);
} finally {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
  rmSync(back, { recursive: true, force: true });
}
