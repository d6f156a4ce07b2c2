import { posix } from 'node:path';
import { strToU8 } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { ensureCollection } from '../works/save-work.js';
import { linkRelatedWithin } from '../works/link-related.js';
import { ImportMapSchema } from './parse/index.js';
import type { ImportMap, ImportRecord } from './parse/index.js';
import { EfictionMapSchema } from './efiction/index.js';
import type { EfictionMap } from './efiction/index.js';
import { EFICTION_DUMP, STORY_FILE, listSources } from './sources.js';
import type { SourceFile } from './sources.js';
import { readNavFile } from './nav-pages.js';
import type { IndexHint, NavPageInfo } from './nav-pages.js';
import { FolderGrouper, mergeParts } from './group-parts.js';
import type { GroupedItem, ParsedFile, WorkUnit } from './group-parts.js';
import { parsedToWorkInput, sha256 } from './to-work-input.js';
import type { ImportUnitProblem } from './to-work-input.js';
import { STORE_BATCH, recountCommunity, storeImportedWorks } from './store-import.js';
import type { ImportedWork } from './store-import.js';
import { createParsePool, defaultParseWorkers } from './parse-pool.js';
import type { FileInput } from './parse-pool.js';
import { importEfictionDump } from './import-efiction.js';
import { startTextWriter } from './text-writer.js';
import { startCheckpointer } from './checkpointer.js';
import { storedZip } from './stored-zip.js';
import { DeferredText } from './deferred-text.js';
import { indexPendingText } from '../search/text-index-batch.js';

export interface LegacyImportOptions {
  /** --archive NAME: the collection the works join (created with that title). */
  archive: string | null;
  /** --map FILE contents (YAML). */
  mapYaml: string | null;
  dryRun: boolean;
  /** Called with each work's import record (dry runs print these). */
  onRecord?: (record: ImportRecord) => void;
  onProgress?: (p: { files: number; totalFiles: number; bytes: number }) => void;
  /** Parsing worker threads (default: two for large imports, none for small ones). */
  parseWorkers?: number;
  /**
   * SQLite: write the full-text index on a thread of its own while works are stored (default:
   * when there are parsing workers, i.e. for large imports).
   */
  textWriter?: boolean;
}

export interface ImportReportEntry {
  source: string;
  status: 'imported' | 'updated' | 'unchanged' | 'failed' | 'found' | 'skipped';
  workId: number | null;
  title: string | null;
  problems: ImportUnitProblem[];
}

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  found: number;
  bytes: number;
  entries: ImportReportEntry[];
}

export class ImportMapError extends Error {
  readonly code = 'bad_import_map';
}

/** A collection name for URLs from the --archive title: "Old Site 2001" → "old-site-2001". */
export function collectionSlug(title: string): string {
  const slug = title.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? 'imported' : slug;
}

function readMaps(yaml: string | null): { files: ImportMap; efiction: EfictionMap } {
  if (yaml === null) return { files: {}, efiction: {} };
  const raw: unknown = parseYaml(yaml) ?? {};
  const files = ImportMapSchema.safeParse(raw);
  const ef = EfictionMapSchema.safeParse(raw);
  if (!files.success && !ef.success) {
    const i = files.error.issues[0];
    throw new ImportMapError(`--map: ${i ? `${i.path.join('.') || 'map'}: ${i.message}` : 'not a valid mapping file'}`);
  }
  return { files: files.success ? files.data : {}, efiction: ef.success ? ef.data : {} };
}

/**
 * Imports legacy archives: story files, folders or zips of whole sites, and eFiction dumps.
 * Story files are parsed (and their chapters made ready to store) on worker threads, a window
 * of files ahead, and stored STORE_BATCH works per transaction with a savepoint each; one bad
 * file or work is reported and never stops the batch. Re-running the same import changes
 * nothing; a changed file updates its work. With `dryRun` nothing is written and each work's
 * record goes to `onRecord`.
 */
export async function runLegacyImport(db: Db | null, inputs: string[], o: LegacyImportOptions): Promise<ImportReport> {
  const maps = readMaps(o.mapYaml);
  const collection = o.archive ? { name: collectionSlug(o.archive), title: o.archive } : null;
  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0, found: 0, bytes: 0, entries: [] };
  const importedAt = new Date().toISOString();
  if (db && collection && !o.dryRun) {
    await db.kysely.transaction().execute((trx) => ensureCollection(trx, collection.name, collection.title, `Works imported from ${collection.title}.`));
  }
  const savedIds: number[] = [];
  const sources = inputs.map((input) => ({ input, files: listSources(input) }));
  const totalFiles = sources.reduce((n, s) => n + s.files.length, 0);
  let doneFiles = 0;
  const progress = () => o.onProgress?.({ files: doneFiles, totalFiles, bytes: report.bytes });

  const record = (e: ImportReportEntry) => {
    report.entries.push(e);
    if (e.status === 'imported') report.imported++;
    else if (e.status === 'updated') report.updated++;
    else if (e.status === 'unchanged') report.unchanged++;
    else if (e.status === 'failed') report.failed++;
    else if (e.status === 'skipped') report.skipped++;
    else report.found++;
    if (e.workId !== null) savedIds.push(e.workId);
  };

  const storyFiles = sources.reduce((n, s) => n + s.files.filter((f) => STORY_FILE.test(f.rel)).length, 0);
  // Works stored by an earlier import that stopped before their text was indexed.
  if (db && !o.dryRun) await indexPendingText(db);
  // A large import on SQLite indexes the text on a writer thread (which reads the works back:
  // the parse then leaves out the chapters' plain text), and takes a core from the parsers.
  const large = db && !o.dryRun && (o.textWriter ?? defaultParseWorkers(storyFiles) > 0) ? db : null;
  // …and its write-ahead logs are checkpointed on a thread of their own (see checkpointer.ts).
  const checkpointer = large ? await startCheckpointer(large) : null;
  const writer = large ? await startTextWriter(large, { checkpoints: checkpointer === null }) : null;
  const deferred = db && writer ? new DeferredText(db, writer) : null;
  const parseWorkers = o.parseWorkers ?? defaultParseWorkers(storyFiles, writer ? 1 : 0);
  const pool = createParsePool({ map: maps.files, prepare: db !== null && !o.dryRun, plainText: writer === null }, parseWorkers);
  const unitCtx: UnitContext = { collection, importedAt, dryRun: o.dryRun || !db, onRecord: o.onRecord };
  // Works in file order, waiting to be stored a batch at a time; entries are recorded in
  // this order whatever the outcome.
  let queue: Queued[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    const toStore = batch.flatMap((q) => ('store' in q ? [q.store] : []));
    let results: Awaited<ReturnType<typeof storeImportedWorks>> = [];
    if (db && toStore.length > 0) {
      try {
        results = await storeImportedWorks(db, toStore, deferred?.options());
      } catch {
        // The batch as a whole failed (a commit, a lookup): each work on its own, so that
        // only the ones at fault are reported failed.
        results = [];
        for (const item of toStore) results.push(...(await storeImportedWorks(db, [item], deferred?.options()).catch((e: unknown) => [e instanceof Error ? e : new Error(String(e))])));
      }
      await deferred?.settle();
    }
    let at = 0;
    for (const q of batch) {
      if ('entry' in q) record(q.entry);
      else {
        const r = results[at++];
        if (r === undefined || r instanceof Error) {
          const message = r instanceof Error ? r.message : 'not stored';
          record({ ...q.base, status: 'failed', workId: null, problems: [...q.base.problems, { source: q.store.input.sourcePath ?? q.base.source, line: null, field: null, message: `could not store: ${message}` }] });
        } else record({ ...q.base, status: r.outcome, workId: r.workId });
      }
      doneFiles += q.files;
    }
    progress();
  };

  let restoreCheckpoints: (() => Promise<void>) | null = null;
  try {
    restoreCheckpoints = db && !o.dryRun ? await fewerCheckpoints(db, checkpointer !== null) : null;
    for (const { files } of sources) {
      // eFiction dumps (and the chapter files they read).
      const usedByDumps = new Set<string>();
      for (const f of files.filter((x) => EFICTION_DUMP.test(x.rel))) {
        const bytes = f.read();
        report.bytes += bytes.length;
        const entries = await importEfictionDump(db, f, files, { map: maps.efiction, collection, importedAt, dryRun: o.dryRun, onRecord: o.onRecord }, usedByDumps);
        for (const e of entries) record(e);
        doneFiles++;
        progress();
      }

      // Story files, a folder at a time (each folder's files in name order).
      const storyDirs = new Map<string, SourceFile[]>();
      for (const f of files) {
        if (!STORY_FILE.test(f.rel) || usedByDumps.has(f.rel)) continue;
        const dir = posix.dirname(f.rel);
        const list = storyDirs.get(dir);
        if (list) list.push(f);
        else storyDirs.set(dir, [f]);
      }
      for (const list of storyDirs.values()) list.sort((x, y) => x.rel.localeCompare(y.rel));
      const parseFile = (f: SourceFile) => pool.parse(f.rel, fileInput(f)).catch((e: Error) => ({ failed: e.message }) as const);
      // While this thread reads the index pages, the worker parses the first story files (the
      // results wait: a page read later may still be an index, and its hints are needed first).
      const early = new Map<SourceFile, ReturnType<typeof parseFile>>();
      for (const f of [...storyDirs.values()].flat().slice(0, PARSE_AHEAD_OF_NAV)) early.set(f, parseFile(f));

      // Index pages first: they give hints for the stories they list, and are not stories.
      // Read on this thread, which has nothing else to do yet (in a worker it took longer).
      const hints = new Map<string, IndexHint>();
      const navPages = new Set<string>();
      const htmlFiles = files.filter((x) => /\.html?$/i.test(x.rel));
      for (let i = 0; i < htmlFiles.length; i++) {
        const f = htmlFiles[i] as SourceFile;
        let nav: NavPageInfo | null = null;
        try {
          nav = readNavFile(f.read(), f.rel);
        } catch {
          // A page that cannot be read gives no hints; as a story file it is reported below.
        }
        if (nav) {
          for (const [target, h] of nav.hints) if (!hints.has(target)) hints.set(target, h);
          if (nav.navigation) navPages.add(f.rel);
        }
        // Lets the parse pool start and take its early jobs.
        if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
      }

      // Each work is stored as soon as its grouping is settled (see FolderGrouper), STORE_BATCH
      // works per transaction; the index pages are reported skipped.
      const byDir = new Map<string, SourceFile[]>();
      for (const [dir, list] of storyDirs) {
        const kept = list.filter((f) => {
          if (!navPages.has(f.rel)) return true;
          record({ source: f.origin, status: 'skipped', workId: null, title: null, problems: [{ source: f.rel, line: null, field: null, message: 'navigation page (an index of links): used for titles and authors, not imported as a work' }] });
          doneFiles++;
          return false;
        });
        if (kept.length > 0) byDir.set(dir, kept);
      }
      for (const dirFiles of byDir.values()) {
        const position = new Map(dirFiles.map((f, i) => [f, i]));
        const grouper = new FolderGrouper(dirFiles);
        const take = async (items: GroupedItem[]) => {
          for (const item of items) {
            if (item.kind === 'failed') {
              queue.push({ entry: { source: item.file.origin, status: 'failed', workId: null, title: null, problems: [{ source: item.file.rel, line: null, field: null, message: `could not parse: ${item.message}` }] }, files: 1 });
            } else queue.push(buildUnit(item.unit, unitCtx));
            if (queue.length >= STORE_BATCH) await flush();
          }
        };
        await inOrder(
          dirFiles,
          (f) => {
            const started = early.get(f);
            early.delete(f);
            return started ?? parseFile(f);
          },
          async (f, r) => {
            const i = position.get(f) as number;
            if ('failed' in r) return take(grouper.add(i, r));
            report.bytes += r.bytes.length;
            if (r.error !== null) return take(grouper.add(i, { failed: r.error }));
            await take(grouper.add(i, r.works.map((p, w) => ({ src: f, bytes: r.bytes, sha: r.sha, parsed: applyHints(p, hints.get(f.rel)), prepared: r.prepared[w] ?? [] }))));
          },
        );
        await take(grouper.finish());
      }
      await flush();
    }
    // Every work is stored: sequels and companions found in the import are linked, counts
    // recounted (while the text writer finishes its last batches).
    if (db && !o.dryRun && savedIds.length > 0) {
      await linkRelatedWithin(db.kysely, savedIds);
      await recountCommunity(db.kysely, savedIds);
    }
  } finally {
    await pool.close();
    // The text writer's last batches; what it could not write is indexed here instead.
    await deferred?.finish();
    await checkpointer?.stop();
    await restoreCheckpoints?.();
  }
  return report;
}

/**
 * SQLite copies its write-ahead log into the database (a checkpoint) whenever the log passes
 * 1,000 pages, which a batch of works does on every commit. During an import the main
 * connection leaves that to the checkpointer thread when one runs (checkpointer.ts), else it
 * does so every 16,384 pages, so pages written by several batches are copied once; afterwards
 * the previous setting is back and the log is checkpointed. Returns the undo (null when
 * nothing was changed: PostgreSQL).
 */
async function fewerCheckpoints(db: Db, checkpointer: boolean): Promise<(() => Promise<void>) | null> {
  if (db.dialect.name !== 'sqlite') return null;
  const r = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely);
  const before = Number(r.rows[0]?.wal_autocheckpoint ?? 1000);
  if (before <= 0 || (!checkpointer && before >= 16_384)) return null;
  await sql.raw(`pragma wal_autocheckpoint = ${checkpointer ? 0 : 16_384}`).execute(db.kysely);
  return async () => {
    await sql.raw(`pragma wal_autocheckpoint = ${before}`).execute(db.kysely);
    await sql`pragma wal_checkpoint(passive)`.execute(db.kysely);
  };
}

/** Index pages fill in a title or author the story file itself does not state. */
function applyHints(p: ParsedFile['parsed'], hint: IndexHint | undefined): ParsedFile['parsed'] {
  if (!hint) return p;
  const record = { ...p.record };
  const problems = [...p.problems];
  if ((record.title === null || record.title === '') && hint.title) {
    record.title = hint.title;
    problems.push({ line: null, field: 'title', message: `title taken from the site's index page ${hint.from}` });
  }
  if (record.creators.length === 0 && hint.author) {
    record.creators = [hint.author];
    problems.push({ line: null, field: 'creators', message: `author taken from the site's index page ${hint.from}` });
  }
  return { ...p, record, problems };
}

interface UnitContext {
  collection: { name: string; title: string } | null;
  importedAt: string;
  dryRun: boolean;
  onRecord?: (r: ImportRecord) => void;
}

/** A file's bytes for the parsing pool: its path when it is on disk (the worker reads it). */
const fileInput = (f: SourceFile): FileInput => (f.path !== undefined ? { path: f.path } : { bytes: f.read() });

/** A work (or a file that failed) in the store queue. */
type Queued =
  | { entry: ImportReportEntry; files: number }
  | { base: { source: string; title: string; problems: ImportUnitProblem[] }; store: ImportedWork; files: number };

/**
 * Everything about one work except storing it: its WorkInput with the chapters the workers
 * prepared, its source key and digest, its original bytes, its problems. A dry run's record
 * goes to `onRecord` here, in work order.
 */
function buildUnit(unit: WorkUnit, ctx: UnitContext): Queued {
  const first = unit.files[0] as ParsedFile;
  const { parsed, chapterNotes } = mergeParts(unit);
  // A multi-file work keeps all its files, zipped (stored, not compressed: fast, and the
  // bytes inside stay exactly the originals), as its original bytes.
  const original = unit.files.length === 1 || ctx.dryRun ? first.bytes : storedZip(Object.fromEntries(unit.files.map((f) => [f.src.rel, f.bytes])), new Date('2000-01-01T00:00:00Z'));
  const sha = unit.files.length === 1 ? (first.sha ?? sha256(first.bytes)) : sha256(strToU8(unit.files.map((f) => `${f.src.rel}:${f.sha ?? sha256(f.bytes)}`).join('\n')));
  const { input, problems } = parsedToWorkInput(parsed, { rel: first.src.rel, original, sha, mtime: first.src.mtime, importedAt: ctx.importedAt }, { collection: ctx.collection });
  input.chapters = input.chapters.map((c, i) => ({ ...c, notes: chapterNotes[i]?.notes ?? null, endNotes: chapterNotes[i]?.endNotes ?? null }));
  if (unit.files.length > 1) problems.push({ source: first.src.rel, line: null, field: 'chapters', message: `joined ${unit.files.length} files as chapters: ${unit.files.map((f) => f.src.rel).join(', ')}` });
  ctx.onRecord?.(parsed.record);
  const base = { source: first.src.origin, title: input.title, problems };
  if (ctx.dryRun) return { entry: { ...base, status: 'found', workId: null }, files: unit.files.length };
  const key = `${ctx.collection?.name ?? '-'}|${first.src.rel}`;
  const contacts = input.creators.flatMap((c) => (c.kind === 'legacy' ? parsed.contacts.filter((x) => x.includes('@')).map((contact) => ({ name: c.name, contact })) : []));
  const paths = unit.files.map((f) => f.src.rel);
  // The chapters the workers prepared, when every file's were (a work with no chapters gets
  // an empty stand-in chapter from parsedToWorkInput, prepared on store).
  const prepared = unit.files.flatMap((f) => f.prepared ?? []);
  const ready = prepared.length === input.chapters.length && unit.files.every((f) => f.prepared !== undefined && f.prepared.length === f.parsed.chapters.length);
  return { base, store: { sourceKey: key, sha, input, ...(ready ? { prepared } : {}), paths, contacts }, files: unit.files.length };
}

/** Story files the worker parses while the main thread reads the index pages (a few MB of results). */
const PARSE_AHEAD_OF_NAV = 256;

/**
 * Runs `start` for each item with a bounded window ahead, and `use` on the results strictly in
 * item order. The window keeps the workers busy while the main thread stores a batch (~100 ms
 * for 50 works; a worker parses a 25 KB file in a few ms) and bounds memory (~150 KB a file).
 */
async function inOrder<T, R>(items: readonly T[], start: (item: T) => Promise<R>, use: (item: T, result: R) => void | Promise<void>, ahead = 128): Promise<void> {
  const inflight: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && inflight.length < ahead) inflight.push(start(items[next++] as T));
  };
  fill();
  for (let i = 0; i < items.length; i++) {
    const result = await (inflight.shift() as Promise<R>);
    fill();
    await use(items[i] as T, result);
  }
}
