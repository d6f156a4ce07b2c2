import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const TagTarget = z
  .object({
    type: z.enum(['fandom', 'relationship', 'character', 'freeform']).optional(),
    name: z.string().optional(),
  })
  .strict();

export interface ImportMap {
  ratings?: Record<string, string>;
  warnings?: Record<string, string>;
  categories?: Record<string, string>;
  tags?: Record<string, { type?: 'fandom' | 'relationship' | 'character' | 'freeform'; name?: string }>;
}

/**
 * A per-archive `--map FILE.yaml`: overrides for values the built-in rules read wrongly on
 * one particular old site (its own rating codes, its own warning words...). Keys are matched
 * case-insensitively against the legacy value as written.
 */
export const ImportMapSchema: z.ZodType<ImportMap> = z
  .object({
    ratings: z.record(z.string(), z.string()).optional(),
    warnings: z.record(z.string(), z.string()).optional(),
    categories: z.record(z.string(), z.string()).optional(),
    tags: z.record(z.string(), TagTarget).optional(),
  })
  .strict();


/** Parses and validates map YAML; throws a ZodError naming the bad key on invalid input. */
export function parseImportMap(yamlText: string): ImportMap {
  const data: unknown = parseYaml(yamlText) ?? {};
  return ImportMapSchema.parse(data);
}

/** Case- and whitespace-insensitive lookup, since map authors copy values by eye. */
export function lookupMap<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  if (!table) return undefined;
  const want = normKey(key);
  for (const [k, v] of Object.entries(table)) if (normKey(k) === want) return v;
  return undefined;
}

function normKey(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();
}
