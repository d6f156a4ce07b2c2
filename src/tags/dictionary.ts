import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { tagKey } from './tag-key.js';
import { joinRelationship, parseRelationship } from './relationship-name.js';

/**
 * A fandom dictionary (samples/fandoms/*.yaml): the canonical fandom name, the other names
 * readers use, its parent (media) fandom, and its characters with full names, nicknames and
 * initials. Pure: parsing and expanding names; storing it is dictionary-store.ts.
 */
const CharacterSchema = z
  .object({
    name: z.string().trim().min(1),
    nicknames: z.array(z.string().trim().min(1)).default([]),
    initials: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export const DictionarySchema = z
  .object({
    fandom: z.string().trim().min(1),
    aliases: z.array(z.string().trim().min(1)).default([]),
    parent: z.string().trim().min(1).nullable().default(null),
    characters: z.array(CharacterSchema).default([]),
  })
  .strict();

export type FandomDictionary = z.infer<typeof DictionarySchema>;
export type DictionaryCharacter = z.infer<typeof CharacterSchema>;

export class DictionaryError extends Error {
  readonly code = 'bad_dictionary';
}

export function parseDictionary(yamlText: string): FandomDictionary {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (e) {
    throw new DictionaryError(`not YAML: ${(e as Error).message}`);
  }
  const r = DictionarySchema.safeParse(data);
  if (!r.success) throw new DictionaryError(r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; '));
  return r.data;
}

/**
 * The full names a written name can stand for: itself when it is a full name, else every
 * character whose nickname or initials it matches (by tag identity, so "w" = "W").
 */
export function characterCandidates(written: string, dicts: readonly FandomDictionary[]): string[] {
  const key = tagKey(written);
  const chars = dicts.flatMap((d) => d.characters);
  const exact = chars.filter((c) => tagKey(c.name) === key);
  if (exact.length > 0) return [...new Set(exact.map((c) => c.name))];
  const byKey = new Map<string, string>();
  for (const c of chars) {
    if ([...c.nicknames, ...c.initials].some((n) => tagKey(n) === key)) byKey.set(tagKey(c.name), c.name);
  }
  return [...byKey.values()];
}

export type Expansion =
  | { kind: 'none' }
  | { kind: 'expanded'; name: string }
  | { kind: 'ambiguous'; candidates: string[] };

/** At most this many candidate pairings are listed for an ambiguous name. */
const MAX_CANDIDATES = 24;

/**
 * Expands a relationship written with initials or nicknames ("W/S", "Izzy & Tam") to full
 * names, keeping the written order and kind. Every part must stand for exactly one character
 * to expand; when some part stands for several, the candidate pairings are returned instead
 * (never a guess); when some part stands for none, or nothing would change, it is 'none'.
 */
export function expandRelationship(name: string, dicts: readonly FandomDictionary[]): Expansion {
  const rel = parseRelationship(name);
  if (!rel || dicts.length === 0) return { kind: 'none' };
  const options = rel.parts.map((p) => characterCandidates(p, dicts));
  if (options.some((o) => o.length === 0)) return { kind: 'none' };
  if (options.every((o) => o.length === 1)) {
    const parts = options.map((o) => o[0] as string);
    if (parts.every((p, i) => tagKey(p) === tagKey(rel.parts[i] ?? ''))) return { kind: 'none' };
    return { kind: 'expanded', name: joinRelationship(rel.kind, parts) };
  }
  let combos: string[][] = [[]];
  for (const o of options) {
    combos = combos.flatMap((c) => o.filter((n) => !c.includes(n)).map((n) => [...c, n])).slice(0, MAX_CANDIDATES);
  }
  return { kind: 'ambiguous', candidates: combos.map((c) => joinRelationship(rel.kind, c)) };
}
