import { z } from 'zod';

/**
 * The import record exactly as /work/shared/import-record.md defines it. `.strict()` so a
 * parser bug that adds a stray field fails loudly instead of leaking into `--json` output.
 */
export const RATINGS = ['Not Rated', 'General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'] as const;
export const RatingSchema = z.enum(RATINGS);
export type Rating = z.infer<typeof RatingSchema>;

export const ARCHIVE_WARNINGS = [
  'No Archive Warnings Apply',
  'Graphic Depictions Of Violence',
  'Major Character Death',
  'Rape/Non-Con',
  'Underage Sex',
  'Creator Chose Not To Use Archive Warnings',
] as const;

export const CATEGORIES = ['Gen', 'F/F', 'F/M', 'M/M', 'Multi', 'Other'] as const;

export const RELATIONS = ['companion', 'sequel', 'prequel', 'inspired by', 'translation'] as const;

export const ImportRecordSchema = z
  .object({
    source: z.string(),
    title: z.string().nullable(),
    creators: z.array(z.string()),
    rating: RatingSchema,
    ratingText: z.string().nullable(),
    warnings: z.array(z.enum(ARCHIVE_WARNINGS)),
    warningText: z.string().nullable(),
    categories: z.array(z.enum(CATEGORIES)),
    fandoms: z.array(z.string()),
    relationships: z.array(z.string()),
    characters: z.array(z.string()),
    tags: z.array(z.string()),
    summary: z.string().nullable(),
    notes: z.string().nullable(),
    spoilers: z.string().nullable(),
    disclaimer: z.string().nullable(),
    series: z.array(z.object({ title: z.string(), part: z.number().nullable() }).strict()),
    related: z.array(z.object({ relation: z.enum(RELATIONS), title: z.string() }).strict()),
    archive: z.string().nullable(),
    chapters: z.array(z.object({ title: z.string().nullable(), words: z.number().int().nonnegative() }).strict()),
    words: z.number().int().nonnegative(),
    complete: z.boolean().nullable(),
    published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    bodyStart: z.string().nullable(),
  })
  .strict();

export type ImportRecord = z.infer<typeof ImportRecordSchema>;
export type ArchiveWarning = (typeof ARCHIVE_WARNINGS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Relation = (typeof RELATIONS)[number];
