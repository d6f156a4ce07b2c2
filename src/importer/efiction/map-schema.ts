import { z } from 'zod';
import { CATEGORIES } from '../../tags/tag-types.js';

const TagType = z.enum(['fandom', 'relationship', 'character', 'freeform']);

/**
 * Where one eFiction category goes. Besides the tag types, a category may become an AO3
 * category ("Slash" → M/M): give the AO3 term as a plain string, or type "category".
 * `type: "drop"` discards navigation-only categories ("Misc", "All Stories").
 */
const CategoryTarget = z.union([
  z.enum(CATEGORIES),
  z
    .object({
      type: z.union([TagType, z.literal('category'), z.literal('drop')]),
      name: z.string().optional(),
    })
    .strict(),
]);

/**
 * The eFiction part of a per-archive `--map` file. Keys are the legacy values as shown on the
 * old site (rating names, warning class names, category names, class or character names) and
 * match case-insensitively. It has the same four sections as the shared import map
 * (../parse/import-map.ts), so one `--map` file serves both; unknown sections are rejected
 * like there, so a typo in a section name is not silently ignored.
 */
export const EfictionMapSchema = z.strictObject({
  /** Rating name → canonical rating ("Pre-Teen": "General Audiences"). */
  ratings: z.record(z.string(), z.string()).optional(),
  /** Warning class name → AO3 archive warning, or any other text to keep it as an additional tag ("" drops it). */
  warnings: z.record(z.string(), z.string()).optional(),
  categories: z.record(z.string(), CategoryTarget).optional(),
  /** Genre/other class or character name → another tag type and/or name. */
  tags: z.record(z.string(), z.object({ type: TagType.optional(), name: z.string().optional() }).strict()).optional(),
});

export type EfictionMap = z.infer<typeof EfictionMapSchema>;
