import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FandomDictionary } from './dictionary.js';

/** The dictionaries of these fandoms (synonyms resolved to their canonical fandom). */
export async function dictionariesFor(db: Kysely<Database>, fandomIds: readonly number[] | 'all'): Promise<FandomDictionary[]> {
  let q = db
    .selectFrom('fandom_dictionaries as d')
    .innerJoin('tags as f', 'f.id', 'd.fandom_tag_id')
    .select(['d.fandom_tag_id', 'f.name', 'd.parent_name', 'd.aliases']);
  if (fandomIds !== 'all') {
    if (fandomIds.length === 0) return [];
    const ids = [...fandomIds];
    q = q.where((eb) =>
      eb.or([
        eb('d.fandom_tag_id', 'in', ids),
        eb('d.fandom_tag_id', 'in', db.selectFrom('tags').select('merger_id').where('id', 'in', ids).where('merger_id', 'is not', null).$narrowType<{ merger_id: number }>()),
      ]),
    );
  }
  const dicts = await q.orderBy('d.fandom_tag_id').execute();
  const out: FandomDictionary[] = [];
  for (const d of dicts) {
    const chars = await db.selectFrom('fandom_characters').select(['name', 'nicknames', 'initials']).where('fandom_tag_id', '=', d.fandom_tag_id).orderBy('position').execute();
    out.push({
      fandom: d.name,
      parent: d.parent_name,
      aliases: JSON.parse(d.aliases) as string[],
      characters: chars.map((c) => ({ name: c.name, nicknames: JSON.parse(c.nicknames) as string[], initials: JSON.parse(c.initials) as string[] })),
    });
  }
  return out;
}
