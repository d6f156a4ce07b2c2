import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { creatorKey } from './creator-store.js';
import { tagKey } from '../tags/tag-key.js';

export const SORTS = ['updated', 'posted', 'title', 'words', 'hits', 'kudos'] as const;
export const FONT_SIZES = ['small', 'medium', 'large', 'x-large'] as const;
export const LINE_WIDTHS = ['narrow', 'medium', 'wide'] as const;
export const THEMES = ['light', 'dark', 'sepia'] as const;

const names = z.array(z.string().trim().min(1).max(200)).max(500).default([]);

/** A reader's preferences, stored as one JSON document; unknown or broken values fall back to defaults. */
export const PreferencesSchema = z.object({
  /** Open works rated behind the adult notice directly. */
  showAdult: z.boolean().default(false),
  /** Archive warnings in listings stay hidden until clicked. */
  hideWarnings: z.boolean().default(false),
  /** Additional tags are not shown in listings. */
  hideFreeforms: z.boolean().default(false),
  mutedTags: names,
  mutedFandoms: names,
  mutedCreators: names,
  sort: z.enum(SORTS).default('updated'),
  fontSize: z.enum(FONT_SIZES).default('medium'),
  lineWidth: z.enum(LINE_WIDTHS).default('medium'),
  theme: z.enum(THEMES).default('light'),
  history: z.boolean().default(true),
});
export type Preferences = z.infer<typeof PreferencesSchema>;
export const DEFAULT_PREFERENCES: Preferences = PreferencesSchema.parse({});

/** What listings leave out for this reader (ids, resolved from the names the reader typed). */
export interface MuteList {
  tagIds: number[];
  pseudIds: number[];
  legacyAuthorIds: number[];
}

export async function getPreferences(db: Kysely<Database>, userId: number): Promise<Preferences> {
  const row = await db.selectFrom('preferences').select('value').where('user_id', '=', userId).executeTakeFirst();
  if (!row) return DEFAULT_PREFERENCES;
  try {
    const parsed = PreferencesSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

export async function savePreferences(db: Kysely<Database>, userId: number, prefs: Preferences): Promise<void> {
  const value = JSON.stringify(PreferencesSchema.parse(prefs));
  const now = new Date().toISOString();
  await db
    .insertInto('preferences')
    .values({ user_id: userId, value, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ value, updated_at: now }))
    .execute();
  if (!prefs.history) await db.deleteFrom('reading_history').where('user_id', '=', userId).execute();
}

/**
 * Muted names → ids. A muted tag also mutes its synonyms (tags merged into it); a muted
 * creator name mutes a legacy author of that name and every pseud of an account of that name
 * as well as pseuds of that name.
 */
export async function resolveMutes(db: Kysely<Database>, prefs: Preferences): Promise<MuteList> {
  const out: MuteList = { tagIds: [], pseudIds: [], legacyAuthorIds: [] };
  const tagKeys = [...prefs.mutedTags, ...prefs.mutedFandoms].map(tagKey);
  if (tagKeys.length > 0) {
    const tags = await db.selectFrom('tags').select('id').where('name_key', 'in', tagKeys).execute();
    const ids = tags.map((t) => t.id);
    if (ids.length > 0) {
      const syn = await db.selectFrom('tags').select('id').where('merger_id', 'in', ids).execute();
      out.tagIds = [...new Set([...ids, ...syn.map((t) => t.id)])];
    }
  }
  const creatorKeys = prefs.mutedCreators.map(creatorKey);
  if (creatorKeys.length > 0) {
    const pseuds = await db
      .selectFrom('pseuds as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select('p.id')
      .where((eb) => eb.or([eb('p.name_key', 'in', creatorKeys), eb('u.name_key', 'in', creatorKeys)]))
      .execute();
    out.pseudIds = pseuds.map((p) => p.id);
    const legacy = await db.selectFrom('legacy_authors').select('id').where('name_key', 'in', creatorKeys).execute();
    out.legacyAuthorIds = legacy.map((l) => l.id);
  }
  return out;
}

export async function recordReading(db: Kysely<Database>, userId: number, workId: number, chapter: number | null): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('reading_history')
    .values({ user_id: userId, work_id: workId, chapter_position: chapter, viewed_at: now, views: 1 })
    .onConflict((oc) =>
      oc.columns(['user_id', 'work_id']).doUpdateSet((eb) => ({ chapter_position: chapter, viewed_at: now, views: eb('reading_history.views', '+', 1) })),
    )
    .execute();
}

export async function readingHistory(db: Kysely<Database>, userId: number, limit = 100) {
  return db
    .selectFrom('reading_history as h')
    .innerJoin('works as w', 'w.id', 'h.work_id')
    .select(['h.work_id', 'w.title', 'h.chapter_position', 'h.viewed_at', 'h.views'])
    .where('h.user_id', '=', userId)
    .where('w.deleted_at', 'is', null)
    .orderBy('h.viewed_at', 'desc')
    .limit(limit)
    .execute();
}
