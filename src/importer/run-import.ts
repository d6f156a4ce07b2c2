import { posix } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import type { Db } from '../db/connect.js';
import { ensureCollection } from '../works/save-work.js';
import { linkRelatedWithin } from '../works/link-related.js';
import { ImportMapSchema, decodeLegacyBytes, parseLegacyFile } from './parse/index.js';
import type { ImportMap, ImportRecord } from './parse/index.js';
import { EfictionMapSchema } from './efiction/index.js';
import type { EfictionMap } from './efiction/index.js';
import { EFICTION_DUMP, STORY_FILE, listSources } from './sources.js';
import type { SourceFile } from './sources.js';
import { readNavPage } from './nav-pages.js';
import type { IndexHint } from './nav-pages.js';
import { groupParts, mergeParts } from './group-parts.js';
import type { ParsedFile, WorkUnit } from './group-parts.js';
import { parsedToWorkInput, sha256 } from './to-work-input.js';
import type { ImportUnitProblem } from './to-work-input.js';
import { recountCommunity, storeImportedWork } from './store-import.js';
import { importEfictionDump } from './import-efiction.js';

export interface LegacyImportOptions {
  /** --archive NAME: the collection the works join (created with that title). */
  archive: string | null;
  /** --map FILE contents (YAML). */
  mapYaml: string | null;
  dryRun: boolean;
  /** Called with each work's import record (dry runs print these). */
  onRecord?: (record: ImportRecord) => void;
  onProgress?: (p: { files: number; totalFiles: number; bytes: number }) => void;
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
 * Every work is parsed, then written in its own transaction; one bad file is reported and
 * never stops the batch. Re-running the same import changes nothing; a changed file updates
 * its work. With `dryRun` nothing is written and each work's record goes to `onRecord`.
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

    // Index pages first: they give hints for the stories they list, and are not stories.
    const hints = new Map<string, IndexHint>();
    const navPages = new Set<string>();
    for (const f of files.filter((x) => /\.html?$/i.test(x.rel))) {
      const nav = readNavPage(decodeLegacyBytes(f.read(), f.rel).text, f.rel);
      for (const [target, h] of nav.hints) if (!hints.has(target)) hints.set(target, h);
      if (nav.navigation) navPages.add(f.rel);
    }

    // Story files, a folder at a time (memory stays bounded by the largest folder).
    const byDir = new Map<string, SourceFile[]>();
    for (const f of files) {
      if (!STORY_FILE.test(f.rel) || usedByDumps.has(f.rel)) continue;
      if (navPages.has(f.rel)) {
        record({ source: f.origin, status: 'skipped', workId: null, title: null, problems: [{ source: f.rel, line: null, field: null, message: 'navigation page (an index of links): used for titles and authors, not imported as a work' }] });
        doneFiles++;
        continue;
      }
      const dir = posix.dirname(f.rel);
      byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
    }
    for (const dirFiles of byDir.values()) {
      const parsed: ParsedFile[] = [];
      for (const f of dirFiles) {
        const bytes = f.read();
        report.bytes += bytes.length;
        try {
          const works = parseLegacyFile(bytes, f.rel, { map: maps.files });
          for (const p of works) parsed.push({ src: f, bytes, parsed: applyHints(p, hints.get(f.rel)) });
        } catch (e) {
          record({ source: f.origin, status: 'failed', workId: null, title: null, problems: [{ source: f.rel, line: null, field: null, message: `could not parse: ${(e as Error).message}` }] });
        }
      }
      for (const unit of groupParts(parsed)) {
        record(await importUnit(db, unit, { collection, importedAt, dryRun: o.dryRun, onRecord: o.onRecord }));
        doneFiles += unit.files.length;
        progress();
      }
    }
  }
  if (db && !o.dryRun && savedIds.length > 0) {
    await linkRelatedWithin(db.kysely, savedIds);
    await recountCommunity(db.kysely, savedIds);
  }
  return report;
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

async function importUnit(db: Db | null, unit: WorkUnit, ctx: UnitContext): Promise<ImportReportEntry> {
  const first = unit.files[0] as ParsedFile;
  const { parsed, chapterNotes } = mergeParts(unit);
  // A multi-file work keeps all its files, zipped (stored, not compressed: fast, and the
  // bytes inside stay exactly the originals), as its original bytes.
  const original = unit.files.length === 1 || ctx.dryRun ? first.bytes : zipSync(Object.fromEntries(unit.files.map((f) => [f.src.rel, f.bytes])), { level: 0, mtime: new Date('2000-01-01T00:00:00Z') });
  const sha = unit.files.length === 1 ? sha256(first.bytes) : sha256(strToU8(unit.files.map((f) => `${f.src.rel}:${sha256(f.bytes)}`).join('\n')));
  const { input, problems } = parsedToWorkInput(parsed, { rel: first.src.rel, original, sha, mtime: first.src.mtime, importedAt: ctx.importedAt }, { collection: ctx.collection });
  input.chapters = input.chapters.map((c, i) => ({ ...c, notes: chapterNotes[i]?.notes ?? null, endNotes: chapterNotes[i]?.endNotes ?? null }));
  if (unit.files.length > 1) problems.push({ source: first.src.rel, line: null, field: 'chapters', message: `joined ${unit.files.length} files as chapters: ${unit.files.map((f) => f.src.rel).join(', ')}` });
  ctx.onRecord?.(parsed.record);
  const base = { source: first.src.origin, title: input.title, problems };
  if (ctx.dryRun || !db) return { ...base, status: 'found', workId: null };
  try {
    const key = `${ctx.collection?.name ?? '-'}|${first.src.rel}`;
    const contacts = input.creators.flatMap((c) => (c.kind === 'legacy' ? parsed.contacts.filter((x) => x.includes('@')).map((contact) => ({ name: c.name, contact })) : []));
    const paths = unit.files.map((f) => f.src.rel);
    const { outcome, workId } = await storeImportedWork(db, key, sha, input, { paths, contacts });
    return { ...base, status: outcome, workId };
  } catch (e) {
    return { ...base, status: 'failed', workId: null, problems: [...problems, { source: first.src.rel, line: null, field: null, message: `could not store: ${(e as Error).message}` }] };
  }
}
