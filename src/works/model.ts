import { z } from 'zod';
import { CATEGORIES, RATINGS, WARNINGS } from '../tags/tag-types.js';
import type { Rating } from '../tags/tag-types.js';

export const RELATIONS = ['companion', 'sequel', 'prequel', 'inspired by', 'translation'] as const;
export type Relation = (typeof RELATIONS)[number];

/** A creator of a work: an account's pseud, or a legacy author name no account has claimed yet. */
export type CreatorRef = { kind: 'pseud'; pseudId: number } | { kind: 'legacy'; name: string };

const isoDateTime = z.string().datetime({ offset: false, message: 'expected an ISO 8601 UTC date-time like 2024-05-01T12:00:00.000Z' });

export const ChapterInputSchema = z
  .object({
    title: z.string().nullable(),
    summary: z.string().nullable(),
    notes: z.string().nullable(),
    endNotes: z.string().nullable(),
    /** HTML; sanitized by the store before it is written. */
    body: z.string(),
  })
  .strict();
export type ChapterInput = z.infer<typeof ChapterInputSchema>;

/**
 * Everything the store needs to write one work, whichever way it arrived (posting form,
 * legacy import, export restore, samples). The store sanitizes bodies, counts words and
 * resolves tag, creator, series and collection names.
 */
/** A work's rating and tags as written, by type, with the legacy texts they were read from. */
export interface WorkTagFields {
  rating: Rating;
  ratingText: string | null;
  warnings: string[];
  warningText: string | null;
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
}

/** The texts around the story that every work carries, written or read back alike. */
export interface WorkTextFields extends WorkTagFields {
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  spoilers: string | null;
  disclaimer: string | null;
  language: string;
}

export interface WorkInput extends WorkTextFields {
  /** Keep this id (restore); otherwise a new one is assigned. */
  id?: number;
  title: string;
  creators: CreatorRef[];
  chapters: ChapterInput[];
  expectedChapters: number | null;
  complete: boolean;
  posted: boolean;
  restricted: boolean;
  hidden: boolean;
  publishedAt: string;
  updatedAt: string;
  series: { title: string; part: number | null }[];
  related: { relation: Relation; title: string; workId: number | null; url: string | null }[];
  collections: string[];
  stats: WorkStats;
  sourcePath: string | null;
  archive: string | null;
  provenance: ProvenanceInput | null;
}

export interface WorkStats {
  hits: number;
  kudos: number;
  comments: number;
  bookmarks: number;
}

export interface ProvenanceInput {
  archive: string | null;
  importedAt: string;
  sha256: string;
  original: Uint8Array;
  contacts: string[];
}

export interface Chapter {
  id: number;
  position: number;
  title: string | null;
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  body: string;
  words: number;
}

export interface CreatorView {
  name: string;
  kind: 'pseud' | 'legacy';
  /** The page for this creator (/users/U/pseuds/P or /creators/NAME). */
  url: string;
}

export interface TagView {
  id: number;
  type: string;
  name: string;
}

/** A work as read back: the full aggregate the work page and export need. */
export interface Work extends WorkTextFields {
  id: number;
  title: string;
  creators: CreatorView[];
  creatorPseudIds: number[];
  chapters: Chapter[];
  expectedChapters: number | null;
  complete: boolean;
  posted: boolean;
  restricted: boolean;
  hiddenAt: string | null;
  deletedAt: string | null;
  publishedAt: string;
  updatedAt: string;
  words: number;
  series: { id: number; title: string; part: number | null }[];
  related: { relation: Relation; title: string; workId: number | null; url: string | null }[];
  collections: { name: string; title: string }[];
  stats: WorkStats;
  sourcePath: string | null;
  archive: string | null;
}

/** The short form of a work in listings (AO3's "blurb"). */
export interface WorkBlurb {
  id: number;
  title: string;
  creators: CreatorView[];
  rating: Rating;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  summary: string | null;
  language: string;
  words: number;
  chapterCount: number;
  expectedChapters: number | null;
  complete: boolean;
  restricted: boolean;
  publishedAt: string;
  updatedAt: string;
  stats: WorkStats;
  series: { id: number; title: string; part: number | null }[];
}

export const RatingSchema = z.enum(RATINGS, {
  error: (i) => `unknown rating ${JSON.stringify(i.input)} (expected one of: ${RATINGS.join(', ')})`,
});
export const WarningSchema = z.enum(WARNINGS, {
  error: (i) => `unknown archive warning ${JSON.stringify(i.input)} (expected one of: ${WARNINGS.join(', ')})`,
});
export const CategorySchema = z.enum(CATEGORIES, {
  error: (i) => `unknown category ${JSON.stringify(i.input)} (expected one of: ${CATEGORIES.join(', ')})`,
});
export { isoDateTime };

export class WorkValidationError extends Error {
  readonly code = 'invalid_work';
}
