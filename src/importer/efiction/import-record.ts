import type { ArchiveWarning, Category, ImportRecord } from '../parse/record-schema.js';
import { countHtmlWords, htmlToText } from '../../works/word-count.js';
import type { EfictionWork } from './efiction-to-archive.js';

/**
 * The `--dry-run --json` view of one eFiction work, in the shared import-record shape
 * (/work/shared/import-record.md). `source` is the dump file; the story's own address stays
 * in the work's sourcePath.
 */
export function toImportRecord(work: EfictionWork, source: string = work.sourcePath ?? `efiction:story/${work.sourceId}`): ImportRecord {
  const chapters = work.chapters.map((c) => ({ title: c.title, words: countHtmlWords(c.body) }));
  const first = work.chapters[0];
  const start = first ? htmlToText(first.body).slice(0, 60) : '';
  return {
    source,
    title: work.title,
    creators: work.creators.map((c) => (c.kind === 'legacy' ? c.name : `pseud ${c.pseudId}`)),
    rating: work.rating,
    ratingText: work.ratingText,
    warnings: work.warnings as ArchiveWarning[],
    warningText: work.warningText,
    categories: work.categories as Category[],
    fandoms: work.fandoms,
    relationships: work.relationships,
    characters: work.characters,
    tags: work.freeforms,
    // The record is a plain-text view; the work keeps eFiction's HTML.
    summary: plain(work.summary),
    notes: plain(work.notes),
    spoilers: work.spoilers,
    disclaimer: work.disclaimer,
    series: work.series.map((s) => ({ title: s.title, part: s.part })),
    related: work.related.map((r) => ({ relation: r.relation, title: r.title })),
    archive: work.archive,
    chapters,
    words: chapters.reduce((n, c) => n + c.words, 0),
    complete: work.complete,
    published: work.publishedAt === '1970-01-01T00:00:00.000Z' ? null : work.publishedAt.slice(0, 10),
    bodyStart: start === '' ? null : start.trim(),
  };
}

function plain(html: string | null): string | null {
  if (html === null) return null;
  const text = htmlToText(html);
  return text === '' ? null : text;
}
