import { z } from 'zod';
import { RATINGS } from './tags/tag-types.js';
import type { Rating } from './tags/tag-types.js';

/** Site settings with their defaults. Stored overrides live in the `site_settings` table (later issues add an admin page). */
export const SiteSettingsSchema = z
  .object({
    name: z.string().default('Fanfold'),
    /** Ratings whose works show the adult notice first. */
    gatedRatings: z.array(z.enum(RATINGS)).default(['Not Rated', 'Mature', 'Explicit']),
    perPage: z.number().int().min(1).max(100).default(20),
  })
  .strict();

export type SiteSettings = z.infer<typeof SiteSettingsSchema>;
export const DEFAULT_SETTINGS: SiteSettings = SiteSettingsSchema.parse({});

export function isGated(settings: SiteSettings, rating: Rating): boolean {
  return settings.gatedRatings.includes(rating);
}
