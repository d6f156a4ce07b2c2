/**
 * npm run bench:search [-- --scale N] [-- --database URL] [--text-works N] [--text-words N] [--runs N] [--sql-runs N] [--no-pg] [--no-sqlite] [--cache DIR]
 *                       [--shapes 1,5,6] (only these query shapes) [--skip-shapes] (only the merge and the new work)
 *
 * Generates (once, cached under .bench/) a synthetic AO3-shaped archive, builds the search
 * index and times the six query shapes through the same code the web uses, next to
 * the plain-SQL baseline after checking both return identical results (indexed joins on SQLite;
 * on PostgreSQL each work's tag ids in one int[] column with a GIN index). PostgreSQL runs too
 * when --database is given or the local test server answers (unless --no-pg).
 */
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { openDb } from '../src/db/connect.js';
import type { Db } from '../src/db/connect.js';
import { GUEST } from '../src/accounts/viewer.js';
import { createWorkService } from '../src/works/index.js';
import { buildIndex } from '../src/search/engine.js';
import type { SearchIndex } from '../src/search/engine.js';
import { parseSearchParams } from '../src/search/params.js';
import type { SearchRequest } from '../src/search/params.js';
import type { SearchResult } from '../src/search/plan.js';
import { createTagArrays, sqlBaseline } from '../src/search/sql-baseline.js';
import { indexWorkText, rebuildText, textIndexEmpty } from '../src/search/text-index.js';
import { generateArchive } from './generate.js';
import { createTagService } from '../src/tags/index.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = Number(arg('scale') ?? 1_000_000);
const runs = Number(arg('runs') ?? 40);
const sqlRuns = Number(arg('sql-runs') ?? 10);
const cacheDir = resolve(arg('cache') ?? '.bench');
const textWorks = Number(arg('text-works') ?? Math.max(100, Math.round((20_000 * scale) / 1_000_000)));
const textWords = Number(arg('text-words') ?? 5_000);
const PG_DEFAULT = 'postgres://postgres@127.0.0.1:5432/test';
const log = (s: string) => process.stderr.write(`${s}\n`);
const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 1)} ms`;

async function pgTarget(base: string, name: string, fresh: boolean): Promise<string | null> {
  // One database per archive: Kysely's migrator looks for its tables across schemas.
  const c = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    if (fresh) await c.query(`drop database if exists ${name}`);
    const found = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await c.query(`create database ${name}`);
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Opens the cached archive for a key, generating it first when missing. */
async function archive(kind: 'sqlite' | 'postgres', key: string, works: number, chapterWords: number): Promise<Db | null> {
  const dir = join(cacheDir, `${kind}-${key}`);
  const marker = join(dir, 'complete');
  let ready = existsSync(marker);
  let db: Db;
  if (kind === 'sqlite') {
    if (!ready) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    db = await openDb({ dataDir: dir });
  } else {
    mkdirSync(dir, { recursive: true });
    const url = await pgTarget(arg('database') ?? PG_DEFAULT, `bench_${key.replace(/[^a-z0-9]/g, '_')}`, !ready);
    if (url === null) return null;
    db = await openDb({ databaseUrl: url });
  }
  if (ready && Number((await db.kysely.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) === 0) {
    await db.close();
    rmSync(marker);
    return archive(kind, key, works, chapterWords);
  }
  if (ready && (await textIndexEmpty(db))) {
    // An archive cached before a change of the text tables' layout (a migration emptied them).
    log(`re-indexing the text of the cached ${kind} archive ${key}…`);
    const t1 = performance.now();
    await rebuildText(db, { batch: 1000 });
    log(`  text indexed in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  }
  if (!ready) {
    ready = true;
    log(`generating ${works.toLocaleString()} works (${kind}, ${key})…`);
    const t0 = performance.now();
    let last = 0;
    await generateArchive(db, {
      works,
      chapterWords,
      onProgress: (d, n) => {
        if (d - last >= n / 10 || d === n) {
          last = d;
          log(`  ${d.toLocaleString()} / ${n.toLocaleString()} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        }
      },
    });
    log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; indexing text…`);
    const t1 = performance.now();
    await rebuildText(db, { batch: 1000 });
    log(`  text indexed in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    writeFileSync(marker, new Date().toISOString());
  }
  return db;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

/**
 * Wall-clock p50/p99, and the p50 of this process's CPU time per call: on a shared, busy
 * machine the CPU time shows what a query costs the engine when it has a core to itself
 * (SQLite runs in this process, so its work is included; PostgreSQL's is not).
 */
async function time(f: () => Promise<unknown>, n: number, warmups = Math.min(3, n)): Promise<{ p50: number; p99: number; cpuP50: number }> {
  for (let i = 0; i < warmups; i++) await f();
  const xs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { p50: percentile(xs, 50), p99: percentile(xs, 99), cpuP50: percentile(cpu, 50) };
}

async function topNames(db: Db, type: string, offset: number, limit = 1): Promise<string[]> {
  const r = await sql<{ name: string }>`select t.name from tags t join work_tags wt on wt.tag_id = t.id where t.type = ${type} and t.merger_id is null
    group by t.id, t.name order by count(*) desc, t.id limit ${limit} offset ${offset}`.execute(db.kysely);
  return r.rows.map((x) => x.name);
}

async function shapes(db: Db, text: Db | null): Promise<{ name: string; db: Db; req: SearchRequest }[]> {
  const [fandom] = await topNames(db, 'fandom', 0);
  const fandomCount = Number((await sql<{ n: number }>`select count(*) as n from tags where type = 'fandom'`.execute(db.kysely)).rows[0]?.n ?? 1);
  const [longTail] = await topNames(db, 'fandom', Math.floor(fandomCount * 0.8));
  const rel = (
    await sql<{ name: string }>`select r.name from tags r join work_tags a on a.tag_id = r.id join work_tags b on b.work_id = a.work_id join tags f on f.id = b.tag_id
      where r.type = 'relationship' and f.name = ${fandom ?? ''} and f.type = 'fandom' group by r.id, r.name order by count(*) desc, r.id limit 1`.execute(db.kysely)
  ).rows[0]?.name;
  const frees = await topNames(db, 'freeform', 0, 2);
  const p = (o: Record<string, string>) => parseSearchParams(new URLSearchParams(o));
  const base = { fandom: fandom ?? '' };
  const total1 = (await sql<{ n: number }>`select count(*) as n from work_tags wt join tags t on t.id = wt.tag_id where t.name = ${fandom ?? ''} and t.type = 'fandom'`.execute(db.kysely)).rows[0]?.n ?? 0;
  const page = Math.max(1, Math.min(500, Math.floor(Number(total1) * 0.8 / 20)));
  const out = [
    { name: '(1) popular fandom, by updated, facets', db, req: p(base) },
    {
      name: '(2) fandom+rel−2 tags, G/T, complete, 1k–10k words, by kudos',
      db,
      req: p({ ...base, relationship: rel ?? '', exclude: frees.join(','), rating: 'General Audiences,Teen And Up Audiences', complete: 'true', words_min: '1000', words_max: '10000', sort: 'kudos' }),
    },
    { name: `(3) page ${page} of (1)`, db, req: p({ ...base, page: String(page) }) },
    { name: '(4) long-tail fandom', db, req: p({ fandom: longTail ?? '' }) },
    { name: '(5) metadata text query + filters', db, req: p({ q: 'winter garden', rating: 'General Audiences,Teen And Up Audiences,Mature', complete: 'true' }) },
  ];
  if (text) out.push({ name: '(6) phrase in story text + filters, snippets', db: text, req: p({ q: '"silver river"', complete: 'true' }) });
  return out;
}

/**
 * Issue 4's figure: a wrangler merges a tag used by about 50,000 works into a canonical tag;
 * timed from the start of the merge's transaction until a search for the canonical tag
 * returns the new total and facets (the index re-derives only the works carrying the tag).
 * Checked against the SQL baseline, then undone the same way so the cached archive is unchanged.
 */
async function mergeBench(db: Db, index: SearchIndex): Promise<Record<string, unknown> | null> {
  const target = Math.round((50_000 * index.size) / 1_000_000);
  const used = await sql<{ id: number; type: string; name: string; n: number }>`select t.id, t.type, t.name, count(*) as n from work_tags wt join tags t on t.id = wt.tag_id
    where t.type in ('freeform', 'character', 'relationship') and t.merger_id is null and t.canonical = 1
    group by t.id, t.type, t.name`.execute(db.kysely);
  const rows = used.rows.map((r) => ({ ...r, n: Number(r.n) }));
  const from = rows.sort((a, b) => Math.abs(a.n - target) - Math.abs(b.n - target) || a.id - b.id)[0];
  if (!from) return null;
  const into = rows.filter((r) => r.type === from.type && r.id !== from.id).sort((a, b) => b.n - a.n || a.id - b.id)[0];
  if (!into) return null;
  const tags = createTagService(db);
  // A synonym has no meta or sub tags of its own: first unlink the tag (set-up, not timed; the
  // generated links are removed directly, as some of them join synonyms, which wrangling forbids).
  const linkOf = (eb: ExpressionBuilder<Database, 'tag_parents'>) => eb.or([eb('parent_id', '=', from.id), eb('child_id', '=', from.id)]);
  const links = await db.kysely.selectFrom('tag_parents').selectAll().where(linkOf).execute();
  await db.kysely.deleteFrom('tag_parents').where(linkOf).execute();
  await index.retag();
  const req = parseSearchParams(new URLSearchParams({ [from.type]: into.name }));
  const before = await index.search(req, GUEST);
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    const c = process.cpuUsage();
    await f();
    const d = process.cpuUsage(c);
    return { ms: performance.now() - t, cpuMs: (d.user + d.system) / 1000 };
  };
  let applied: Awaited<ReturnType<typeof tags.merge>> = null;
  let retag = { tags: 0, docs: 0 };
  let after: SearchResult | null = null;
  const t0 = performance.now();
  const write = await timed(async () => (applied = await tags.merge(from.id, into.id, 'bench')));
  const derive = await timed(async () => (retag = await index.retag()));
  const first = await timed(async () => (after = await index.search(req, GUEST)));
  const total = performance.now() - t0;
  const slow = await sqlBaseline(db, req, GUEST, { text: (q, o) => index.matchText(q, o) });
  const same = isDeepStrictEqual(strip(after as unknown as SearchResult), strip(slow));
  log(`merge "${from.name}" (${from.type}, ${from.n.toLocaleString()} works) into "${into.name}" (${into.n.toLocaleString()} works): ${ms(total)} until a search shows it ` +
    `(merge transaction ${ms(write.ms)}, re-derive ${retag.docs.toLocaleString()} works ${ms(derive.ms)}, first search with facets ${ms(first.ms)}); ` +
    `total ${before.total.toLocaleString()} → ${(after as SearchResult | null)?.total.toLocaleString()}; same as SQL: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
  const u0 = performance.now();
  if (applied) await tags.undo((applied as { logId: number }).logId, 'bench');
  await index.retag();
  if (links.length > 0) await db.kysely.insertInto('tag_parents').values(links).execute();
  await index.retag();
  const undone = await index.search(req, GUEST);
  const undoMs = performance.now() - u0;
  log(`  undo (and the links restored): ${ms(undoMs)}; total back to ${undone.total.toLocaleString()}`);
  return { from: from.name, fromWorks: from.n, into: into.name, intoWorks: into.n, totalMs: total, write, derive, first, rederived: retag.docs, before: before.total, after: (after as SearchResult | null)?.total, same, undoMs };
}

function strip(r: SearchResult): SearchResult {
  return { ...r, snippets: undefined };
}

async function run(kind: 'sqlite' | 'postgres'): Promise<Record<string, unknown> | null> {
  const db = await archive(kind, `search-${scale}`, scale, 0);
  if (!db) {
    log(`${kind}: not reachable, skipped`);
    return null;
  }
  const text = await archive(kind, `text-${textWorks}x${textWords}`, textWorks, textWords);
  // PostgreSQL's baseline filters on each work's tag ids in one int[] column with a GIN index.
  const arrays = new Map<Db, string>();
  if (kind === 'postgres') {
    for (const d of [db, text]) {
      if (!d) continue;
      const a0 = performance.now();
      await createTagArrays(d, 'bench_tag_arrays');
      arrays.set(d, 'bench_tag_arrays');
      log(`  tag id arrays (int[], GIN) for the baseline made in ${((performance.now() - a0) / 1000).toFixed(1)} s`);
    }
  }
  global.gc?.();
  const mem0 = process.memoryUsage();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const index = await buildIndex(db);
  const buildMs = performance.now() - t0;
  const buildCpu = process.cpuUsage(c0);
  const buildCpuMs = (buildCpu.user + buildCpu.system) / 1000;
  // V8 frees collected ArrayBuffers' memory on a background thread: give it a moment, so that
  // the figure is what the index holds, not the build's lists still being released.
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  global.gc?.();
  const mem1 = process.memoryUsage();
  const textIndex = text ? await buildIndex(text) : null;
  // The JS heap's growth plus every typed array the index holds: buffers moved here from the
  // word index's thread are not counted in process.memoryUsage().arrayBuffers.
  const heapMb = (mem1.heapUsed - mem0.heapUsed + index.memoryBytes()) / 1e6;
  log(`\n== ${kind}: ${index.size.toLocaleString()} works indexed in ${(buildMs / 1000).toFixed(2)} s (${(buildCpuMs / 1000).toFixed(1)} CPU-s); index memory ≈ ${heapMb.toFixed(0)} MB (typed arrays ${(index.memoryBytes() / 1e6).toFixed(0)} MB), rss ${(mem1.rss / 1e6).toFixed(0)} MB`);
  const mb = index.metaBuild;
  if (mb) {
    const where = mb.thread === 'worker' ? `on a worker thread beside the rest (which then waited ${(mb.waitMs / 1000).toFixed(2)} s for it)` : 'on the main thread, after the rest';
    log(`   the metadata's word index: ${(mb.ms / 1000).toFixed(2)} s ${where}; ${mb.words.toLocaleString()} distinct words, ${mb.postings.toLocaleString()} postings, ${(mb.bytes / 1e6).toFixed(0)} MB`);
  }
  const rows: Record<string, unknown>[] = [];
  const header = `${'query'.padEnd(62)} ${'total'.padStart(8)}  ${'fast p50'.padStart(10)} ${'fast p99'.padStart(10)} ${'fast cpu'.padStart(10)}  ${'cold p50'.padStart(10)} ${'cold p99'.padStart(10)}  ${'SQL p50'.padStart(10)} ${'SQL p99'.padStart(10)}  ratio  same`;
  log(header);
  const only = arg('shapes')?.split(',').map((x) => `(${x.trim()})`);
  const chosen = (await shapes(db, text)).filter((s) => !only || only.some((o) => s.name.startsWith(o)));
  for (const s of args.includes('--skip-shapes') ? [] : chosen) {
    const idx = (s.db === db ? index : textIndex) as SearchIndex;
    const fastResult = await idx.search(s.req, GUEST);
    const slowResult = await sqlBaseline(s.db, s.req, GUEST, { text: (q, o) => idx.matchText(q, o), tagArrays: arrays.get(s.db) });
    const same = isDeepStrictEqual(strip(fastResult), strip(slowResult));
    // The baseline runs (of this shape and the one before: up to minutes at 1M works) leave
    // hundreds of MB of garbage, whose collection would otherwise run during the engine's timed
    // runs (cold (5) measured 4.2 ms after shapes (1)–(4), 1.8 ms without them).
    global.gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const fast = await time(() => idx.search(s.req, GUEST), runs);
    // Cold: every run counts its facets afresh (no result cache), as the first reader of a page does.
    const cold = await time(() => {
      idx.clearResultCache();
      return idx.search(s.req, GUEST);
    }, runs);
    // The result check above warmed the baseline up (a run of it takes seconds at 1M works).
    // The baseline shares the engine's text matcher; timed without its cache of recent matches.
    const slow = await time(
      () =>
        sqlBaseline(s.db, s.req, GUEST, {
          tagArrays: arrays.get(s.db),
          text: (q, o) => {
            idx.clearResultCache();
            return idx.matchText(q, o);
          },
        }),
      sqlRuns,
      0,
    );
    const ratio = slow.p50 / fast.p50;
    log(`${s.name.padEnd(62)} ${String(fastResult.total).padStart(8)}  ${ms(fast.p50).padStart(10)} ${ms(fast.p99).padStart(10)} ${ms(fast.cpuP50).padStart(10)}  ${ms(cold.p50).padStart(10)} ${ms(cold.p99).padStart(10)}  ${ms(slow.p50).padStart(10)} ${ms(slow.p99).padStart(10)}  ${ratio.toFixed(0).padStart(5)}×  ${same ? 'yes' : 'NO'}`);
    if (s.name.startsWith('(6)')) log(`    snippet: ${(Object.values(fastResult.snippets ?? {})[0] ?? [''])[0]}`);
    rows.push({ shape: s.name, total: fastResult.total, fast, cold, slow, ratio, same });
    if (!same) process.exitCode = 1;
  }

  const merge = await mergeBench(db, index);

  // A newly posted work: save, index its text, upsert, and poll until a search finds it.
  const works = createWorkService(db);
  const tag = `Bench New Work ${Date.now()}`;
  const t1 = performance.now();
  const id = await works.save({
    title: 'Fresh', creators: [{ kind: 'legacy', name: 'Bench Writer' }], summary: null, notes: null, endNotes: null, spoilers: null, disclaimer: null,
    language: 'en', rating: 'General Audiences', ratingText: null, warnings: ['No Archive Warnings Apply'], warningText: null, categories: ['Gen'],
    fandoms: ['Bench Fandom'], relationships: [], characters: [], freeforms: [tag],
    chapters: [{ title: null, summary: null, notes: null, endNotes: null, body: '<p>a fresh story</p>' }], expectedChapters: 1, complete: true,
    posted: true, restricted: false, hidden: false, publishedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    series: [], related: [], collections: [], stats: { hits: 0, kudos: 0, comments: 0, bookmarks: 0 }, sourcePath: null, archive: null, provenance: null,
  });
  // The save wrote the text index after its commit (saveWork); what is left is what the change
  // follower does (upsert) and the search that finds the work.
  const saved = performance.now();
  await index.upsert(id);
  const upserted = performance.now() - saved;
  let visible = -1;
  for (let i = 0; i < 100; i++) {
    const r = await index.search(parseSearchParams(new URLSearchParams({ freeform: tag })), GUEST);
    if (r.ids.includes(id)) {
      visible = performance.now() - saved;
      break;
    }
  }
  const first = await index.search(parseSearchParams(new URLSearchParams({})), GUEST);
  log(`new work visible ${ms(visible)} after its save returned (save with its text index ${ms(saved - t1)}; upsert ${ms(upserted)}); newest in /works: ${first.ids[0] === id ? 'yes' : 'no'}`);
  await db.kysely.deleteFrom('works').where('id', '=', id).execute().catch(() => undefined);
  await index.remove(id);
  await indexWorkText(db, id);

  await db.close();
  await text?.close();
  if (args.includes('--skip-shapes')) return { kind, works: index.size, merge, buildMs, buildCpuMs, newWorkVisibleMs: visible };
  return { kind, works: index.size, merge, buildMs, buildCpuMs, metaBuild: index.metaBuild, heapMb, typedArrayMb: index.memoryBytes() / 1e6, rssMb: mem1.rss / 1e6, shapes: rows, newWorkVisibleMs: visible, textWorks, textWords };
}

const results = [];
log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
log(`bench:search — scale ${scale.toLocaleString()} works; text archive ${textWorks.toLocaleString()} works × ${textWords.toLocaleString()} words; ${runs} runs per query`);
if (!args.includes('--no-sqlite')) results.push(await run('sqlite'));
if (!args.includes('--no-pg')) results.push(await run('postgres'));
mkdirSync(cacheDir, { recursive: true });
writeFileSync(join(cacheDir, `results-${scale}.json`), JSON.stringify(results, null, 2));
process.stdout.write(`${JSON.stringify(results)}\n`);
