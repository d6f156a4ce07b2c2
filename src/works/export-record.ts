import { z } from 'zod';
import { CategorySchema, RatingSchema, RELATIONS, WarningSchema, isoDateTime } from './model.js';
import type { Work, WorkInput, WorkTagFields } from './model.js';
import type { ImportRecord } from '../importer/parse/index.js';
import { htmlToText } from './word-count.js';

/**
 * One line of `fanfold export` (../shared/export-record.md): the import record plus the
 * fields that make a work definite. Keys are written in exactly this order, so two exports
 * of the same archive are byte-identical. Beyond the shared spec, `hidden` (a moderator's
 * hide) and `related[].workId` / `related[].url` are kept so a restore loses nothing.
 */
const nullableText = z.string().nullable();
const count = z.number().int().nonnegative();

export const ExportRecordSchema = z
  .object({
    format: z.literal(1, { error: 'format: only export format 1 is known' }),
    id: z.number().int().positive(),
    source: nullableText,
    title: z.string().trim().min(1, 'a work needs a title'),
    creators: z.array(z.string().trim().min(1)).min(1, 'a work needs at least one creator'),
    rating: RatingSchema,
    ratingText: nullableText,
    warnings: z.array(WarningSchema),
    warningText: nullableText,
    categories: z.array(CategorySchema),
    fandoms: z.array(z.string()),
    relationships: z.array(z.string()),
    characters: z.array(z.string()),
    tags: z.array(z.string()),
    summary: nullableText,
    notes: nullableText,
    endNotes: nullableText,
    spoilers: nullableText,
    disclaimer: nullableText,
    series: z.array(z.object({ title: z.string().min(1), part: z.number().int().nullable() }).strict()),
    related: z.array(
      z
        .object({
          relation: z.enum(RELATIONS),
          title: z.string(),
          workId: z.number().int().positive().nullable().default(null),
          url: z.string().nullable().default(null),
        })
        .strict(),
    ),
    archive: nullableText,
    language: z.string().min(1),
    restricted: z.boolean(),
    posted: z.boolean(),
    hidden: z.boolean().default(false),
    complete: z.boolean().nullable(),
    expectedChapters: z.number().int().positive().nullable(),
    published: isoDateTime,
    updated: isoDateTime,
    words: count,
    bodyStart: nullableText,
    chapters: z
      .array(
        z
          .object({
            position: z.number().int().positive(),
            title: nullableText,
            summary: nullableText,
            notes: nullableText,
            endNotes: nullableText,
            body: z.string(),
            words: count,
          })
          .strict(),
      )
      .min(1, 'a work needs at least one chapter'),
    stats: z.object({ hits: count, kudos: count, comments: count, bookmarks: count }).strict(),
    collections: z.array(z.string().min(1)),
    provenance: z
      .object({
        archive: nullableText,
        importedAt: isoDateTime,
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a hex SHA-256'),
        original: z.base64(),
        contacts: z.array(z.string()),
      })
      .strict()
      .nullable(),
  })
  .strict();

export type ExportRecord = z.infer<typeof ExportRecordSchema>;

/** The first 60 characters of the story text, whitespace collapsed (import-record.md). */
export function bodyStart(work: Pick<Work, 'chapters'>): string | null {
  const first = work.chapters[0];
  if (!first) return null;
  const text = htmlToText(first.body);
  return text === '' ? null : [...text].slice(0, 60).join('').trim();
}

export interface ProvenanceOut {
  archive: string | null;
  importedAt: string;
  sha256: string;
  original: Uint8Array;
  contacts: string[];
}

/** Builds the record with keys in the fixed order. */
export function toExportRecord(w: Work, provenance: ProvenanceOut | null): ExportRecord {
  return {
    format: 1,
    id: w.id,
    source: w.sourcePath,
    title: w.title,
    creators: w.creators.map((c) => c.name),
    rating: w.rating,
    ratingText: w.ratingText,
    warnings: w.warnings as ExportRecord['warnings'],
    warningText: w.warningText,
    categories: w.categories as ExportRecord['categories'],
    fandoms: w.fandoms,
    relationships: w.relationships,
    characters: w.characters,
    tags: w.freeforms,
    summary: w.summary,
    notes: w.notes,
    endNotes: w.endNotes,
    spoilers: w.spoilers,
    disclaimer: w.disclaimer,
    series: w.series.map((s) => ({ title: s.title, part: s.part })),
    related: w.related.map((r) => ({ relation: r.relation, title: r.title, workId: r.workId, url: r.url })),
    archive: w.archive,
    language: w.language,
    restricted: w.restricted,
    posted: w.posted,
    hidden: w.hiddenAt !== null,
    complete: w.complete,
    expectedChapters: w.expectedChapters,
    published: w.publishedAt,
    updated: w.updatedAt,
    words: w.words,
    bodyStart: bodyStart(w),
    chapters: w.chapters.map((c) => ({ position: c.position, title: c.title, summary: c.summary, notes: c.notes, endNotes: c.endNotes, body: c.body, words: c.words })),
    stats: { ...w.stats },
    collections: w.collections.map((c) => c.name),
    provenance: provenance && {
      archive: provenance.archive,
      importedAt: provenance.importedAt,
      sha256: provenance.sha256,
      original: Buffer.from(provenance.original).toString('base64'),
      contacts: provenance.contacts,
    },
  };
}

/**
 * The rating and tags of an import or export record as store fields (the records call
 * additional tags `tags`, the store `freeforms`).
 */
export function tagFieldsOf(r: Pick<ImportRecord, 'rating' | 'ratingText' | 'warnings' | 'warningText' | 'categories' | 'fandoms' | 'relationships' | 'characters' | 'tags'>): WorkTagFields {
  return {
    rating: r.rating,
    ratingText: r.ratingText,
    warnings: r.warnings,
    warningText: r.warningText,
    categories: r.categories,
    fandoms: r.fandoms,
    relationships: r.relationships,
    characters: r.characters,
    freeforms: r.tags,
  };
}

/** Turns a validated record back into a store input; creators resolve by name (see restore). */
export function fromExportRecord(r: ExportRecord, creators: WorkInput['creators']): WorkInput {
  return {
    id: r.id,
    title: r.title,
    creators,
    summary: r.summary,
    notes: r.notes,
    endNotes: r.endNotes,
    spoilers: r.spoilers,
    disclaimer: r.disclaimer,
    language: r.language,
    ...tagFieldsOf(r),
    chapters: [...r.chapters]
      .sort((a, b) => a.position - b.position)
      .map((c) => ({ title: c.title, summary: c.summary, notes: c.notes, endNotes: c.endNotes, body: c.body })),
    expectedChapters: r.expectedChapters,
    complete: r.complete ?? false,
    posted: r.posted,
    restricted: r.restricted,
    hidden: r.hidden,
    publishedAt: r.published,
    updatedAt: r.updated,
    series: r.series,
    related: r.related,
    collections: r.collections,
    stats: r.stats,
    sourcePath: r.source,
    archive: r.archive,
    provenance: r.provenance && {
      archive: r.provenance.archive,
      importedAt: r.provenance.importedAt,
      sha256: r.provenance.sha256,
      original: new Uint8Array(Buffer.from(r.provenance.original, 'base64')),
      contacts: r.provenance.contacts,
    },
  };
}
