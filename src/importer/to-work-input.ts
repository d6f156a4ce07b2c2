import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ParsedWork } from './parse/index.js';
import type { ImportRecord } from './parse/index.js';
import type { WorkInput } from '../works/model.js';
import { tagFieldsOf } from '../works/export-record.js';

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export interface ImportUnitProblem {
  source: string;
  line: number | null;
  field: string | null;
  message: string;
}

/** Where a work came from: what provenance and re-runs need. */
export interface SourceInfo {
  rel: string;
  original: Uint8Array;
  sha: string;
  mtime: Date | null;
  importedAt: string;
}

export interface ImportOptions {
  /** Collection the works join (--archive NAME); null for none. */
  collection: { name: string; title: string } | null;
}

/**
 * Turns one parsed legacy work into what the store writes. Imports are not limited the way
 * posting is: every field is kept whole. Missing essentials get visible stand-ins and a
 * problem report instead of a refusal (a title from the file name, "Anonymous").
 */
export function parsedToWorkInput(p: ParsedWork, src: SourceInfo, opts: ImportOptions): { input: WorkInput; problems: ImportUnitProblem[] } {
  const r = p.record;
  const problems: ImportUnitProblem[] = [
    ...p.problems.map((x) => ({ source: src.rel, line: x.line, field: x.field, message: x.message })),
    ...p.unplaced.map((u) => ({ source: src.rel, line: u.line, field: null, message: `header line not understood, kept in notes: ${u.text.slice(0, 120)}` })),
  ];
  let title = r.title;
  if (title === null || title.trim() === '') {
    title = posix.basename(src.rel).replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ');
    problems.push({ source: src.rel, line: null, field: 'title', message: `no title found; used the file name "${title}"` });
  }
  let creators = r.creators;
  if (creators.length === 0) {
    creators = ['Anonymous'];
    problems.push({ source: src.rel, line: null, field: 'creators', message: 'no author found; credited to "Anonymous"' });
  }
  const chapters = p.chapters.length > 0 ? p.chapters : [{ title: null, html: '', words: 0 }];
  const date = r.published ? `${r.published}T00:00:00.000Z` : (src.mtime ?? new Date(src.importedAt)).toISOString();
  const complete = completeness(r, p, chapters.length);
  return {
    input: {
      title,
      creators: creators.map((name) => ({ kind: 'legacy', name })),
      summary: r.summary,
      notes: r.notes,
      endNotes: p.endNotes,
      spoilers: r.spoilers,
      disclaimer: r.disclaimer,
      language: p.language ?? 'en',
      ...tagFieldsOf(r),
      chapters: chapters.map((c) => ({ title: c.title, summary: null, notes: null, endNotes: null, body: c.html })),
      expectedChapters: complete.expected,
      complete: complete.complete,
      posted: true,
      restricted: false,
      hidden: false,
      publishedAt: date,
      updatedAt: date,
      series: r.series,
      related: r.related.map((x) => ({ relation: x.relation, title: x.title, workId: null, url: null })),
      collections: opts.collection ? [opts.collection.name] : [],
      stats: { hits: 0, kudos: 0, comments: 0, bookmarks: 0 },
      sourcePath: src.rel,
      archive: r.archive,
      provenance: { archive: opts.collection?.title ?? r.archive, importedAt: src.importedAt, sha256: src.sha, original: src.original, contacts: p.contacts },
    },
    problems,
  };
}

/** A one-shot is complete; "(2/5)" with two parts present is not; a stated status wins. */
function completeness(r: ImportRecord, p: ParsedWork, chapters: number): { complete: boolean; expected: number | null } {
  const of = p.part?.of ?? null;
  if (r.complete === true) return { complete: true, expected: Math.max(chapters, of ?? chapters) };
  if (r.complete === false) return { complete: false, expected: of !== null && of >= chapters ? of : null };
  if (of !== null) return { complete: chapters >= of, expected: Math.max(of, chapters) };
  if (p.part !== null) return { complete: false, expected: null };
  return { complete: true, expected: chapters };
}
