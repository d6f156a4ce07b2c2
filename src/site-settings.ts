import type { Kysely } from 'kysely';
import { z } from 'zod';
import { RATINGS } from './tags/tag-types.js';
import type { Rating } from './tags/tag-types.js';
import type { Database } from './db/schema.js';

/**
 * Site settings with their defaults. An archive's own values live in the `site_settings`
 * table (one JSON value per key) and are changed with `fanfold settings set KEY VALUE`.
 */
export const SiteSettingsSchema = z
  .object({
    name: z.string().min(1).default('Fanfold'),
    /** Ratings whose works show the adult notice first. */
    gatedRatings: z.array(z.enum(RATINGS)).default(['Not Rated', 'Mature', 'Explicit']),
    perPage: z.number().int().min(1).max(100).default(20),
  })
  .strict();

export type SiteSettings = z.infer<typeof SiteSettingsSchema>;
export type SettingKey = keyof SiteSettings;
export const DEFAULT_SETTINGS: SiteSettings = SiteSettingsSchema.parse({});
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

export class SettingsError extends Error {
  readonly code = 'bad_setting';
}

export function isGated(settings: SiteSettings, rating: Rating): boolean {
  return settings.gatedRatings.includes(rating);
}

/** The archive's settings: stored values over the defaults. A bad stored value is an error that names it. */
export async function loadSettings(db: Kysely<Database>): Promise<SiteSettings> {
  const rows = await db.selectFrom('site_settings').select(['key', 'value']).execute();
  const stored: Record<string, unknown> = {};
  for (const r of rows) {
    if (!(SETTING_KEYS as string[]).includes(r.key)) continue;
    stored[r.key] = JSON.parse(r.value);
  }
  const parsed = SiteSettingsSchema.safeParse(stored);
  if (!parsed.success) throw new SettingsError(`stored site settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * Parses a value typed on the command line for a key: lists are comma-separated
 * ("Mature,Explicit", or "" for none), numbers are numbers; validated like stored settings.
 */
export function parseSettingValue(key: string, raw: string): unknown {
  if (!(SETTING_KEYS as string[]).includes(key)) throw new SettingsError(`unknown setting "${key}" (known: ${SETTING_KEYS.join(', ')})`);
  const k = key as SettingKey;
  const value: unknown = Array.isArray(DEFAULT_SETTINGS[k])
    ? raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
    : typeof DEFAULT_SETTINGS[k] === 'number' ? Number(raw) : raw;
  const check = SiteSettingsSchema.shape[k].safeParse(value);
  if (!check.success) throw new SettingsError(`${key}: ${check.error.issues.map((i) => i.message).join('; ')}`);
  return check.data;
}

export async function saveSetting(db: Kysely<Database>, key: SettingKey, value: unknown): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('site_settings').where('key', '=', key).execute();
    await trx.insertInto('site_settings').values({ key, value: JSON.stringify(value) }).execute();
  });
}
