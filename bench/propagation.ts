/**
 * `npm run bench:propagation [-- --database URL] [-- --rounds N]`
 *
 * How soon a newly saved work is findable: in the process that saved it (the route calls
 * `follower.syncNow()` after a save), and in another process on the same database (two sets
 * of services, two connection pools, two in-memory indexes; the second learns through the
 * change log: PostgreSQL LISTEN/NOTIFY, or polling on SQLite). Prints p50 / p99 / max.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb } from '../src/db/connect.js';
import type { StoreTarget } from '../src/db/connect.js';
import { createServices } from '../src/services.js';
import { searchRequest } from '../src/search/index.js';
import { GUEST } from '../src/accounts/viewer.js';
import { workInput } from '../test/support/work-input.js';

const { values } = parseArgs({ options: { database: { type: 'string' }, rounds: { type: 'string', default: '30' } } });
const rounds = Number(values.rounds);

async function measure(label: string, target: StoreTarget, listenUrl?: string): Promise<string> {
  const dbA = await openDb(target);
  const dbB = await openDb(target);
  const a = await createServices(dbA, { listenUrl });
  const b = await createServices(dbB, { listenUrl });
  const local: number[] = [];
  const remote: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const word = `quillon${process.pid}x${i}`;
    const req = searchRequest({ q: word });
    const t0 = performance.now();
    await a.works.save(workInput({ title: `Propagation ${i}`, chapters: [{ title: null, summary: null, notes: null, endNotes: null, body: `<p>The ${word} is here.</p>` }] }));
    const saved = performance.now();
    await a.follower.syncNow();
    if ((await a.search.search(req, GUEST)).total !== 1) throw new Error('not found in the saving process');
    local.push(performance.now() - saved);
    for (;;) {
      if ((await b.search.search(req, GUEST)).total === 1) break;
      if (performance.now() - t0 > 10_000) throw new Error('not found in the other process within 10 s');
      await new Promise((r) => setTimeout(r, 2));
    }
    remote.push(performance.now() - saved);
  }
  await a.stop();
  await b.stop();
  await dbA.close();
  await dbB.close();
  const stats = (xs: number[]) => {
    const s = [...xs].sort((p, q) => p - q);
    const at = (f: number) => (s[Math.min(s.length - 1, Math.floor(f * s.length))] as number).toFixed(1);
    return `p50 ${at(0.5).padStart(7)} ms  p99 ${at(0.99).padStart(7)} ms  max ${(s[s.length - 1] as number).toFixed(1).padStart(7)} ms`;
  };
  return `${label}\n  same process    ${stats(local)}   (target ≤ 100 ms)\n  other process   ${stats(remote)}   (target ≤ 1 s)`;
}

const out: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'fanfold-propagation-'));
try {
  out.push(await measure('SQLite (followers poll every 500 ms)', { dataDir: dir }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const url = values.database ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: url });
try {
  await admin.connect();
  const schema = `bench_prop_${process.pid}`;
  await admin.query(`create schema ${schema}`);
  const scoped = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  try {
    out.push(await measure('PostgreSQL (LISTEN/NOTIFY, plus polling)', { databaseUrl: scoped }, scoped));
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
  }
} catch (e) {
  out.push(`PostgreSQL: skipped (${(e as Error).message})`);
} finally {
  await admin.end().catch(() => undefined);
}
process.stdout.write(`bench:propagation, ${rounds} new works\n${out.join('\n')}\n`);
