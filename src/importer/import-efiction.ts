import { posix } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/connect.js';
import type { ImportRecord } from './parse/index.js';
import { readEfictionArchive, toImportRecord } from './efiction/index.js';
import type { EfictionArchive, EfictionMap } from './efiction/index.js';
import type { SourceFile } from './sources.js';
import { sha256 } from './to-work-input.js';
import { storeImportedWork } from './store-import.js';
import type { ImportReportEntry } from './run-import.js';
import { ensureTags } from '../tags/tag-store.js';
import { linkAsMetaTag } from '../tags/index.js';
import { htmlFragmentToText } from '../works/sanitize.js';

interface EfictionContext {
  map: EfictionMap;
  collection: { name: string; title: string } | null;
  importedAt: string;
  dryRun: boolean;
  onRecord?: (r: ImportRecord) => void;
}

/**
 * Imports one eFiction dump: every story becomes a work (unvalidated ones stay unpublished
 * drafts), reviews become comments and favourites bookmarks, sub-categories are linked to
 * their parent fandoms, authors' emails are kept privately for claims. Chapter files
 * (`stories/<uid>/<chapid>`) are read from beside the dump.
 */
export async function importEfictionDump(db: Db | null, dump: SourceFile, all: SourceFile[], ctx: EfictionContext, used: Set<string>): Promise<ImportReportEntry[]> {
  const dir = posix.dirname(dump.rel);
  const byRel = new Map(all.map((f) => [f.rel, f]));
  // eFiction's chapter store (`stories/<uid>/<chapid>`) belongs to the dump, including files of
  // chapters it does not import (unvalidated ones): none of them is a story of its own.
  const storeDir = `${dir === '.' ? '' : `${dir}/`}stories/`;
  for (const f of all) if (f.rel.startsWith(storeDir) && /^\d+\/\d+(\.txt)?$/.test(f.rel.slice(storeDir.length))) used.add(f.rel);
  // Chapter files the dump reads are part of its works, not stories of their own.
  const readFile = (rel: string) => {
    const f = byRel.get(posix.normalize(posix.join(dir === '.' ? '' : dir, rel)));
    if (!f) return null;
    used.add(f.rel);
    return f.read();
  };
  let archive: EfictionArchive;
  try {
    archive = readEfictionArchive(dump.read(), { readFile, map: ctx.map });
  } catch (e) {
    return [{ source: dump.origin, status: 'failed', workId: null, title: null, problems: [{ source: dump.rel, line: null, field: null, message: `could not read the eFiction dump: ${(e as Error).message}` }] }];
  }
  const siteProblems = archive.problems.filter((p) => p.sid === null).map((p) => ({ source: dump.rel, line: null, field: null, message: p.message }));
  const entries: ImportReportEntry[] = [];
  const idBySid = new Map<number, number>();
  const emails = new Map(archive.authors.map((a) => [a.penname, a.email]));
  for (const w of archive.works) {
    const source = `${dump.rel}#story/${w.sourceId}`;
    const problems = w.problems.map((p) => ({ source, line: null, field: null, message: p.message }));
    ctx.onRecord?.(toImportRecord(w, source));
    if (ctx.dryRun || !db) {
      entries.push({ source, status: 'found', workId: null, title: w.title, problems });
      continue;
    }
    const { sourceId: _sid, contacts, problems: _p, ...input } = w;
    // The dump is one file for thousands of stories: each work keeps its own story's data, as
    // read from the dump, as its original bytes.
    const original = new TextEncoder().encode(JSON.stringify({ dump: dump.rel, story: w.sourceId, work: input }, null, 1));
    const sha = sha256(original);
    try {
      const { outcome, workId } = await storeImportedWork(
        db,
        `${ctx.collection?.name ?? '-'}|${source}`,
        sha,
        {
          ...input,
          // eFiction kept summaries and notes as HTML; the archive keeps them as text.
          summary: input.summary === null ? null : htmlFragmentToText(input.summary),
          notes: input.notes === null ? null : htmlFragmentToText(input.notes),
          endNotes: input.endNotes === null ? null : htmlFragmentToText(input.endNotes),
          sourcePath: source,
          collections: ctx.collection ? [...new Set([...input.collections, ctx.collection.name])] : input.collections,
          provenance: { archive: ctx.collection?.title ?? archive.siteName, importedAt: ctx.importedAt, sha256: sha, original, contacts },
        },
        {
          paths: [`viewstory.php?sid=${w.sourceId}`],
          contacts: input.creators.flatMap((c) => {
            const email = c.kind === 'legacy' ? emails.get(c.name) : null;
            return c.kind === 'legacy' && email ? [{ name: c.name, contact: email }] : [];
          }),
        },
      );
      idBySid.set(w.sourceId, workId);
      entries.push({ source, status: outcome, workId, title: w.title, problems });
    } catch (e) {
      entries.push({ source, status: 'failed', workId: null, title: w.title, problems: [...problems, { source, line: null, field: null, message: `could not store: ${(e as Error).message}` }] });
    }
  }
  if (db && !ctx.dryRun) {
    await db.kysely.transaction().execute(async (trx) => {
      await storeCommunity(trx, archive, idBySid, `${ctx.collection?.name ?? '-'}|${dump.rel}`);
      await linkFandomParents(trx, archive.fandomParents);
    });
  }
  if (siteProblems.length > 0) entries.push({ source: dump.origin, status: 'skipped', workId: null, title: null, problems: siteProblems });
  return entries;
}

/** Reviews → comments, favourites → bookmarks; keyed by source so re-runs add nothing twice. */
async function storeCommunity(trx: Kysely<Database>, a: EfictionArchive, idBySid: Map<number, number>, key: string): Promise<void> {
  for (const [i, c] of a.comments.entries()) {
    const workId = idBySid.get(c.workSourceId);
    if (workId === undefined) continue;
    const source_key = `${key}#review/${i}/${c.workSourceId}`;
    const exists = await trx.selectFrom('comments').select('id').where('source_key', '=', source_key).executeTakeFirst();
    if (exists) continue;
    await trx
      .insertInto('comments')
      .values({ work_id: workId, chapter_position: c.chapterPosition, parent_id: null, pseud_id: null, author_name: c.reviewerName, body: c.text, created_at: c.date ?? new Date(0).toISOString(), source_key })
      .execute();
  }
  for (const [i, b] of a.bookmarks.entries()) {
    const workId = idBySid.get(b.workSourceId);
    if (workId === undefined) continue;
    const source_key = `${key}#favourite/${i}/${b.uid}/${b.workSourceId}`;
    const exists = await trx.selectFrom('bookmarks').select('id').where('source_key', '=', source_key).executeTakeFirst();
    if (exists) continue;
    await trx
      .insertInto('bookmarks')
      .values({ work_id: workId, user_id: null, legacy_name: b.penname, notes: b.notes, private: 0, created_at: new Date(0).toISOString(), source_key })
      .execute();
  }
}

/**
 * eFiction sub-categories become sub-fandoms of their parent category's fandom: both made
 * canonical and linked as meta tag / sub tag (logged as the import), so a work in the
 * sub-fandom is found under its parent fandom too.
 */
async function linkFandomParents(trx: Kysely<Database>, links: { child: string; parent: string }[]): Promise<void> {
  for (const l of links) {
    const [child] = await ensureTags(trx, 'fandom', [l.child]);
    const [parent] = await ensureTags(trx, 'fandom', [l.parent]);
    if (child === undefined || parent === undefined || child === parent) continue;
    await linkAsMetaTag(trx, parent, child, 'import');
  }
}
