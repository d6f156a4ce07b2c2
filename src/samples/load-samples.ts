import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import { saveWork, ensureCollection } from '../works/save-work.js';
import { linkRelatedWithin } from '../works/link-related.js';
import { SAMPLES_DIR } from '../paths.js';
import { createTagService } from '../tags/index.js';
import { CategorySchema, RatingSchema, RELATIONS, WarningSchema } from '../works/model.js';

/** The bundled sample works (samples/works/*.yaml): original, tame text, marked as samples. */
export const SAMPLE_COLLECTION = { name: 'fanfold-samples', title: 'Fanfold Sample Works', description: 'Original sample works bundled with Fanfold so a new archive is not empty. Not real fan fiction: invented fandoms, written for the project.' };

const day = z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString()));

const SampleSchema = z
  .object({
    title: z.string().min(1),
    creators: z.array(z.string()).min(1),
    rating: RatingSchema,
    warnings: z.array(WarningSchema),
    categories: z.array(CategorySchema),
    fandoms: z.array(z.string()).min(1),
    relationships: z.array(z.string()),
    characters: z.array(z.string()),
    tags: z.array(z.string()),
    language: z.string(),
    summary: z.string().nullable(),
    notes: z.string().nullable(),
    endNotes: z.string().nullable(),
    series: z.array(z.object({ title: z.string(), part: z.number().int().nullable() })),
    related: z.array(z.object({ relation: z.enum(RELATIONS), title: z.string() })),
    complete: z.boolean(),
    expectedChapters: z.number().int().positive().nullable(),
    published: day,
    updated: day,
    chapters: z
      .array(z.object({ title: z.string().nullable(), summary: z.string().nullable(), notes: z.string().nullable(), endNotes: z.string().nullable(), text: z.string() }))
      .min(1),
  })
  .strict();

export function readSampleFiles(dir = join(SAMPLES_DIR, 'works')): { file: string; sample: z.infer<typeof SampleSchema> }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = SampleSchema.safeParse(parseYaml(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`samples/works/${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return { file, sample: parsed.data };
    });
}

const md = (s: string): string => marked.parse(s, { async: false });

/** Loads every sample work into the archive (the caller decides when: first start of an empty archive). */
export async function loadSamples(db: Db): Promise<number[]> {
  const ids: number[] = [];
  await db.kysely.transaction().execute((trx) => ensureCollection(trx, SAMPLE_COLLECTION.name, SAMPLE_COLLECTION.title, SAMPLE_COLLECTION.description));
  // Each sample fandom's dictionary (characters, nicknames, initials) first, so the works'
  // tags are wrangled against it as they are saved.
  const tags = createTagService(db);
  for (const file of readdirSync(join(SAMPLES_DIR, 'fandoms')).filter((f) => f.endsWith('.yaml')).sort()) {
    await tags.loadDictionary(readFileSync(join(SAMPLES_DIR, 'fandoms', file), 'utf8'), 'samples');
  }
  for (const { sample: s } of readSampleFiles()) {
    ids.push(
      await saveWork(db.kysely, db.dialect, {
        title: s.title,
        creators: s.creators.map((name) => ({ kind: 'legacy', name })),
        summary: s.summary,
        notes: s.notes,
        endNotes: s.endNotes,
        spoilers: null,
        disclaimer: null,
        language: s.language,
        rating: s.rating,
        ratingText: null,
        warnings: s.warnings,
        warningText: null,
        categories: s.categories,
        fandoms: s.fandoms,
        relationships: s.relationships,
        characters: s.characters,
        freeforms: s.tags,
        chapters: s.chapters.map((c) => ({ title: c.title, summary: c.summary, notes: c.notes, endNotes: c.endNotes, body: md(c.text) })),
        expectedChapters: s.expectedChapters,
        complete: s.complete,
        posted: true,
        restricted: false,
        hidden: false,
        publishedAt: s.published,
        updatedAt: s.updated,
        series: s.series,
        related: s.related.map((r) => ({ relation: r.relation, title: r.title, workId: null, url: null })),
        collections: [SAMPLE_COLLECTION.name],
        stats: { hits: 0, kudos: 0, comments: 0, bookmarks: 0 },
        sourcePath: null,
        archive: null,
        provenance: null,
      }),
    );
  }
  await linkRelatedWithin(db.kysely, ids);
  return ids;
}
