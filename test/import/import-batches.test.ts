import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { availableKinds, makeStore } from '../support/databases.js';
import { workInput } from '../support/work-input.js';
import { generateLegacySite } from '../../src/importer/generate-site.js';
import { runLegacyImport } from '../../src/importer/run-import.js';
import { FolderGrouper, groupParts } from '../../src/importer/group-parts.js';
import type { ParsedFile } from '../../src/importer/group-parts.js';
import type { SourceFile } from '../../src/importer/sources.js';
import { seededRandom } from '../../src/importer/prng.js';
import type { ParsedWork } from '../../src/importer/parse/index.js';
import { saveWorks } from '../../src/works/save-work.js';
import { rebuildText } from '../../src/search/text-index.js';
import { createSearchService } from '../../src/search/index.js';
import { parseSearchParams } from '../../src/search/params.js';
import { GUEST } from '../../src/accounts/viewer.js';
import { DeferredText } from '../../src/importer/deferred-text.js';
import { startTextWriter } from '../../src/importer/text-writer.js';
import type { TextWriter } from '../../src/importer/text-writer.js';
import { startCheckpointer } from '../../src/importer/checkpointer.js';

/**
 * The fast import path — parsing workers, works stored a batch per transaction with a
 * savepoint each, full-text rows written per batch, folders grouped as a stream — must store
 * exactly what the one-at-a-time path stores.
 */
const root = mkdtempSync(join(tmpdir(), 'fanfold-batches-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const site = generateLegacySite({ works: 90, wordsPerFile: 200, seed: 5 });
const dir = join(root, 'site');
for (const [rel, bytes] of site.files) {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), bytes);
}

/** Everything an import writes that a reader or search sees, without timestamps. */
async function snapshot(db: Db) {
  const k = db.kysely;
  const works = await k.selectFrom('works').select(['id', 'title', 'summary', 'notes', 'end_notes', 'rating', 'rating_text', 'words', 'chapter_count', 'complete', 'expected_chapters', 'source_path', 'published_at']).orderBy('id').execute();
  const chapters = await k.selectFrom('chapters').select(['work_id', 'position', 'title', 'notes', 'end_notes', 'body', 'words']).orderBy('work_id').orderBy('position').execute();
  const tags = await k.selectFrom('work_tags as wt').innerJoin('tags as t', 't.id', 'wt.tag_id').select(['wt.work_id', 'wt.position', 't.type', 't.name', 't.canonical']).orderBy('wt.work_id').orderBy('wt.position').execute();
  const paths = await k.selectFrom('archive_paths').select(['path', 'work_id']).orderBy('path').execute();
  const sources = await k.selectFrom('import_sources').select(['source_key', 'work_id', 'sha256']).orderBy('source_key').execute();
  const pending = await k.selectFrom('text_pending').select('work_id').execute();
  return { works, chapters, tags, paths, sources, pending, text: await textRows(db) };
}

async function textRows(db: Db) {
  if (db.dialect.name === 'sqlite') {
    const meta = (await sql<Record<string, unknown>>`select rowid as id, title, summary, notes, tags, creators from search_work order by rowid`.execute(db.kysely)).rows;
    const chapters = (await sql<Record<string, unknown>>`select rowid as id, body from search_body order by rowid`.execute(db.kysely)).rows;
    return { meta, chapters };
  }
  const meta = (await sql<Record<string, unknown>>`select work_id, title, summary, notes, tags, creators, tsv::text as tsv from search_meta order by work_id`.execute(db.kysely)).rows;
  const chapters = (await sql<Record<string, unknown>>`select work_id, seq, body, tsv::text as tsv from search_chapter order by work_id, seq`.execute(db.kysely)).rows;
  return { meta, chapters };
}

describe.each(await availableKinds())('batched import on %s', (kind) => {
  it('stores the same works and full-text rows with parsing workers as without, and as a text rebuild', async () => {
    const a = await makeStore(kind);
    const b = await makeStore(kind);
    try {
      const dbA = await a.open();
      const dbB = await b.open();
      const opts = { archive: 'Batch Site', mapYaml: null, dryRun: false };
      const ra = await runLegacyImport(dbA, [dir], { ...opts, parseWorkers: 0, textWriter: false });
      // On SQLite the full-text rows come from the import's text writer thread here.
      const rb = await runLegacyImport(dbB, [dir], { ...opts, parseWorkers: 2, textWriter: true });
      expect(ra.failed).toBe(0);
      expect(ra.imported).toBe(site.expected.length);
      expect(rb.entries.map((e) => [e.source, e.status, e.workId, e.title])).toEqual(ra.entries.map((e) => [e.source, e.status, e.workId, e.title]));
      const snapA = await snapshot(dbA);
      expect(snapA.pending).toEqual([]);
      expect(await snapshot(dbB)).toEqual(snapA);
      // The batch-written text rows are exactly what a full rebuild writes.
      await rebuildText(dbA);
      expect(await textRows(dbA)).toEqual(snapA.text);
      // A re-run with workers changes nothing.
      const again = await runLegacyImport(dbB, [dir], { ...opts, parseWorkers: 2 });
      expect(again.unchanged).toBe(site.expected.length);
      expect(await snapshot(dbB)).toEqual(snapA);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('a work that fails inside a batch is rolled back alone; the others are kept and indexed', async () => {
    const s = await makeStore(kind);
    try {
      const db = await s.open();
      const results = await saveWorks(db.kysely, db.dialect, [
        { input: workInput({ title: 'First Kept' }) },
        // Fails in the database after the work's rows are written (on PostgreSQL that aborts
        // the transaction until the savepoint is rolled back).
        // Its new tag is rolled back with it; the next work creates it again (a batch remembers
        // the tags it created, and must forget those of a work rolled back).
        { input: workInput({ title: 'Broken', freeforms: ['Made By Broken'] }), alsoWrite: async (trx) => void (await sql`select * from no_such_table`.execute(trx)) },
        { input: workInput({ title: '' }) },
        { input: workInput({ title: 'Second Kept', freeforms: ['Made By Broken'], chapters: [{ title: null, summary: null, notes: null, endNotes: null, body: '<p>Seven <script>x</script>eight</p>' }] }) },
      ]);
      expect(typeof results[0]).toBe('number');
      expect(results[1]).toBeInstanceOf(Error);
      expect(results[2]).toBeInstanceOf(Error);
      expect(typeof results[3]).toBe('number');
      const titles = (await db.kysely.selectFrom('works').select('title').orderBy('id').execute()).map((r) => r.title);
      expect(titles).toEqual(['First Kept', 'Second Kept']);
      const made = await db.kysely.selectFrom('work_tags as wt').innerJoin('tags as t', 't.id', 'wt.tag_id').select('t.name').where('wt.work_id', '=', results[3] as number).where('t.type', '=', 'freeform').execute();
      expect(made.map((r) => r.name)).toEqual(['Made By Broken']);
      const body = await db.kysely.selectFrom('chapters').select(['body', 'words']).where('work_id', '=', results[3] as number).executeTakeFirstOrThrow();
      expect(body).toEqual({ body: '<p>Seven eight</p>', words: 2 });
      expect((await db.kysely.selectFrom('change_log').select('work_id').execute()).map((r) => r.work_id)).toEqual([results[0], results[3]]);
      const before = await textRows(db);
      expect(before.meta).toHaveLength(2);
      await rebuildText(db);
      expect(await textRows(db)).toEqual(before);
    } finally {
      await s.cleanup();
    }
  });
});

describe.each(await availableKinds())('series found in a batch on %s', (kind) => {
  // Each work joins the first series of its title holding a work by one of its creators. A batch
  // remembers those answers; a work joining a series can change them: here Ann and Bo's work
  // joins Ann's "Tides", so Bo's next work belongs there too, no longer in the "Tides" Bo started.
  const by = (...names: string[]) => names.map((name) => ({ kind: 'legacy' as const, name }));
  const works = () => [
    workInput({ title: 'A1', creators: by('Ann'), series: [{ title: 'Tides', part: 1 }] }),
    workInput({ title: 'B1', creators: by('Bo'), series: [{ title: 'Tides', part: 1 }] }),
    workInput({ title: 'B2', creators: by('Bo'), series: [{ title: 'Tides', part: 2 }] }),
    workInput({ title: 'AB', creators: by('Ann', 'Bo'), series: [{ title: 'Tides', part: 2 }] }),
    workInput({ title: 'B3', creators: by('Bo'), series: [{ title: 'Tides', part: 3 }] }),
    workInput({ title: 'D1', creators: by('Di'), series: [{ title: 'Tides', part: 1 }] }),
    workInput({ title: 'D2', creators: by('Di'), series: [{ title: 'Tides', part: 2 }] }),
  ];
  const seriesOf = async (db: Db) =>
    (await db.kysely.selectFrom('works as w').innerJoin('series_works as sw', 'sw.work_id', 'w.id').select(['w.title', 'sw.series_id']).orderBy('w.id').execute()).map((r) => `${r.title}:${r.series_id}`);

  it('puts each work in the series that saving the works one at a time does', async () => {
    const one = await makeStore(kind);
    const batch = await makeStore(kind);
    try {
      const a = await one.open();
      for (const input of works()) await saveWorks(a.kysely, a.dialect, [{ input }]);
      const b = await batch.open();
      await saveWorks(b.kysely, b.dialect, works().map((input) => ({ input })));
      const expected = await seriesOf(a);
      expect(await seriesOf(b)).toEqual(expected);
      // Not vacuous: Bo's first works are apart from Ann's, Bo's third is in Ann's series.
      const ids = new Map(expected.map((x) => x.split(':') as [string, string]));
      const a1 = ids.get('A1');
      expect(['B1', 'B2', 'AB', 'B3', 'D1', 'D2'].map((t) => ids.get(t) === a1)).toEqual([false, false, true, true, false, false]);
    } finally {
      await one.cleanup();
      await batch.cleanup();
    }
  });
});

describe.each(await availableKinds())('full-text rows written after the works on %s', (kind) => {
  const works = () => [workInput({ title: 'Kept Lantern' }), workInput({ title: 'Second Lantern', chapters: [{ title: null, summary: null, notes: null, endNotes: null, body: '<p>A harbour of glass</p>' }] })];

  it('notes the works until their rows are written; an interrupted write is finished at the next start', async () => {
    const s = await makeStore(kind);
    try {
      const db = await s.open();
      let handed: number[] = [];
      // The works are handed on and never indexed: the import stopped before its writer did.
      const ids = (await saveWorks(db.kysely, db.dialect, works().map((input) => ({ input })), { deferText: (t) => (handed = t) })) as number[];
      expect(handed).toEqual(ids);
      expect((await db.kysely.selectFrom('text_pending').select('work_id').orderBy('work_id').execute()).map((r) => r.work_id)).toEqual(ids);
      expect((await textRows(db)).meta).toEqual([]);
      // The next start indexes what is noted, exactly as a rebuild would, and clears the notes.
      const search = await createSearchService(db, { rebuildTextIfEmpty: true });
      expect(search.size).toBe(2);
      const after = await textRows(db);
      expect(after.meta).toHaveLength(2);
      expect(await db.kysely.selectFrom('text_pending').selectAll().execute()).toEqual([]);
      await rebuildText(db);
      expect(await textRows(db)).toEqual(after);
      const found = await search.search(parseSearchParams(new URLSearchParams({ q: 'harbour glass' })), GUEST);
      expect(found.ids).toEqual([ids[1]]);
    } finally {
      await s.cleanup();
    }
  });

  it.runIf(kind === 'sqlite')('a new archive has 8 KB pages in both files; the checkpointer copies both logs into their files', async () => {
    const s = await makeStore(kind);
    try {
      const db = await s.open();
      const pragma = async (q: string) => Number(Object.values((await sql.raw(`pragma ${q}`).execute(db.kysely)).rows[0] as object)[0]);
      expect(await pragma('main.page_size')).toBe(8192);
      expect(await pragma('fts.page_size')).toBe(8192);
      const files = [db.describe, db.textFile as string];
      const before = files.map((f) => statSync(f).size);
      // Nothing else checkpoints: without the checkpointer the rows would stay in the logs.
      await sql.raw('pragma wal_autocheckpoint = 0').execute(db.kysely);
      const checkpointer = await startCheckpointer(db);
      expect(checkpointer).not.toBeNull();
      const text = 'lorem ipsum '.repeat(2_000);
      await sql`create table main.filler (x text)`.execute(db.kysely);
      for (let i = 0; i < 10; i++) {
        await db.kysely.transaction().execute(async (trx) => {
          for (let j = 0; j < 20; j++) {
            await sql`insert into main.filler (x) values (${text})`.execute(trx);
            await sql`insert into search_body (rowid, body) values (${1_000_000 + i * 20 + j}, ${text})`.execute(trx);
          }
        });
      }
      const grown = () => files.every((f, i) => statSync(f).size >= (before[i] as number) + 2_000_000);
      for (let t = 0; t < 100 && !grown(); t++) await new Promise((r) => setTimeout(r, 50));
      expect(files.map((f, i) => statSync(f).size - (before[i] as number)).every((d) => d >= 2_000_000)).toBe(true);
      await checkpointer?.stop();
      // An import with a checkpointer (as any import with a text writer has) gives the setting back.
      await sql.raw('pragma wal_autocheckpoint = 1000').execute(db.kysely);
      const r = await runLegacyImport(db, [dir], { archive: 'Batches', mapYaml: null, dryRun: false, parseWorkers: 1, textWriter: true });
      expect(r.imported).toBe(site.expected.length);
      expect(await pragma('wal_autocheckpoint')).toBe(1000);
    } finally {
      await s.cleanup();
    }
  });
  it.runIf(kind === 'sqlite')('the text writer thread writes the full-text file while the main connection reads it', async () => {
    const s = await makeStore(kind);
    try {
      const db = await s.open();
      const writer = await startTextWriter(db);
      expect(writer).not.toBeNull();
      let written: Promise<void> = Promise.resolve();
      const ids = (await saveWorks(db.kysely, db.dialect, works().map((input) => ({ input })), { deferText: (t) => (written = writer?.index(t) ?? written) })) as number[];
      await written;
      await writer?.close();
      const rows = await textRows(db);
      expect(rows.meta.map((r) => r.id)).toEqual(ids);
      await rebuildText(db);
      expect(await textRows(db)).toEqual(rows);
    } finally {
      await s.cleanup();
    }
  });

  it('a writer that fails leaves the import to index the text itself', async () => {
    const s = await makeStore(kind);
    try {
      const db = await s.open();
      const broken: TextWriter = { index: () => Promise.reject(new Error('disk full')), close: () => Promise.resolve() };
      const deferred = new DeferredText(db, broken);
      const ids = (await saveWorks(db.kysely, db.dialect, works().map((input) => ({ input })), deferred.options())) as number[];
      expect((await deferred.finish())?.message).toBe('disk full');
      expect(await db.kysely.selectFrom('text_pending').selectAll().execute()).toEqual([]);
      const rows = await textRows(db);
      await rebuildText(db);
      expect(await textRows(db)).toEqual(rows);
      expect(rows.meta.length + rows.chapters.length).toBeGreaterThanOrEqual(ids.length);
    } finally {
      await s.cleanup();
    }
  });
});

describe('a dry run with parsing workers', () => {
  it('prints the same records in the same order as without', async () => {
    const run = async (parseWorkers: number) => {
      const records: unknown[] = [];
      const report = await runLegacyImport(null, [dir], { archive: null, mapYaml: null, dryRun: true, parseWorkers, onRecord: (r) => records.push(r) });
      return { records, entries: report.entries };
    };
    const inline = await run(0);
    expect(inline.records).toHaveLength(site.expected.length);
    expect(await run(2)).toEqual(inline);
  });
});

describe('FolderGrouper', () => {
  const file = (rel: string): SourceFile => ({ rel, origin: rel, mtime: null, read: () => new Uint8Array() });
  const parsed = (title: string | null, author: string, part: { number: number; of: number | null } | null): ParsedWork =>
    ({ record: { title, creators: [author] }, chapters: [], endNotes: null, contacts: [], language: null, part, unplaced: [], problems: [] }) as unknown as ParsedWork;

  it('hands on the same works as grouping the whole folder, each as soon as it is settled', () => {
    const random = seededRandom(3);
    const rnd = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 300; round++) {
      const names = new Set<string>();
      const count = 1 + rnd(14);
      while (names.size < count) {
        const stem = ['story', 'tale', 'a', 'Night', 'zed'][rnd(5)] as string;
        const kind = rnd(4);
        names.add(kind === 0 ? `d/${stem}.txt` : kind === 1 ? `d/${stem}${1 + rnd(4)}.html` : kind === 2 ? `d/${stem}_part${1 + rnd(3)}.txt` : `d/${stem}${rnd(100)}x.txt`);
      }
      const files = [...names].sort((x, y) => x.localeCompare(y)).map(file);
      const failed = new Set(files.filter(() => rnd(10) === 0));
      const pf = new Map<SourceFile, ParsedFile>();
      for (const f of files) {
        const title = rnd(5) === 0 ? null : (['Sea', 'Sky', 'Sea '][rnd(3)] as string);
        const part = rnd(2) === 0 ? null : { number: 1 + rnd(3), of: rnd(2) === 0 ? null : 3 };
        pf.set(f, { src: f, bytes: new Uint8Array(), parsed: parsed(title, rnd(3) === 0 ? 'Bo' : 'Al', part) });
      }
      const whole = groupParts(files.filter((f) => !failed.has(f)).map((f) => pf.get(f) as ParsedFile)).map((u) => u.files.map((x) => x.src.rel).join('+'));
      const g = new FolderGrouper(files);
      const streamed: string[] = [];
      const take = (items: ReturnType<FolderGrouper['add']>) => {
        for (const it of items) if (it.kind === 'unit') streamed.push(it.unit.files.map((x) => x.src.rel).join('+'));
      };
      files.forEach((f, i) => take(g.add(i, failed.has(f) ? { failed: 'bad' } : [pf.get(f) as ParsedFile])));
      take(g.finish());
      expect([...streamed].sort(), files.map((f) => f.rel).join(' ')).toEqual([...whole].sort());
      // Only works holding a titled part file (which may join others by title) wait for the end.
      const heldToEnd = (u: string) => u.split('+').some((rel) => {
        const p = pf.get(files.find((f) => f.rel === rel) as SourceFile)!.parsed;
        return p.part !== null && p.record.title !== null;
      });
      const early = new FolderGrouper(files);
      const beforeEnd: string[] = [];
      files.forEach((f, i) => {
        for (const it of early.add(i, failed.has(f) ? { failed: 'bad' } : [pf.get(f) as ParsedFile])) if (it.kind === 'unit') beforeEnd.push(it.unit.files.map((x) => x.src.rel).join('+'));
      });
      for (const u of whole) if (!heldToEnd(u)) expect(beforeEnd, u).toContain(u);
      // …and what was handed on is not kept: only the titled part files waiting for the end are.
      const waiting = files.filter((f) => !failed.has(f) && pf.get(f)!.parsed.part !== null && pf.get(f)!.parsed.record.title !== null && !beforeEnd.some((u) => u.split('+').includes(f.rel)));
      expect(early.keptFiles(), files.map((f) => f.rel).join(' ')).toBe(waiting.length);
    }
  });
});
