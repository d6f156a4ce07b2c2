import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FandomDictionary } from './dictionary.js';
import { findOrCreateTag, tagStatus } from './tag-rows.js';
import { makeCanonical, mergeTag, setParent } from './wrangle.js';
import { filterTagIds } from './closure.js';
import { ChangeList } from './changes.js';
import { autoWrangleRelationship, fandomsOfTag } from './auto-wrangle.js';

/**
 * Stores a fandom dictionary and wrangles what it names: the fandom canonical (under its
 * parent fandom, a meta tag), its aliases as synonyms, its characters canonical with the
 * fandom as their parent. A tag a wrangler already put elsewhere is left alone and reported.
 * Then unwrangled relationships on the fandom's works are expanded where the dictionary makes
 * them unambiguous. Loading the same dictionary twice changes nothing.
 */
export async function storeDictionary(trx: Kysely<Database>, dict: FandomDictionary, actor: string, out = new ChangeList()): Promise<ChangeList> {
  const fandom = await ensureCanonical(trx, 'fandom', dict.fandom, actor, out);
  if (dict.parent !== null) {
    const parent = await ensureCanonical(trx, 'fandom', dict.parent, actor, out);
    out.add(await setParent(trx, parent.id, fandom.id, actor), `fandom "${dict.fandom}" is a sub tag of "${dict.parent}"`);
  }
  for (const alias of dict.aliases) {
    const { tag, created } = await findOrCreateTag(trx, 'fandom', alias);
    if (created) out.note(`created fandom tag "${tag.name}"`, tag.id);
    if (tag.id === fandom.id || tag.merger_id === fandom.id) continue;
    if (tagStatus(tag) !== 'unwrangled') {
      out.note(`left fandom "${tag.name}" as it is (already ${tagStatus(tag)}${tag.merger_id !== null ? ' of another tag' : ''})`);
      continue;
    }
    out.add(await mergeTag(trx, tag.id, fandom.id, actor), `fandom "${tag.name}" is a synonym of "${dict.fandom}"`);
  }
  for (const c of dict.characters) {
    const { tag, created } = await findOrCreateTag(trx, 'character', c.name);
    if (created) out.note(`created character tag "${tag.name}"`, tag.id);
    if (tag.merger_id !== null) {
      out.note(`left character "${tag.name}" as it is (a synonym of another tag)`);
      continue;
    }
    out.add(await makeCanonical(trx, tag.id, actor), `character "${tag.name}" is canonical`);
    out.add(await setParent(trx, fandom.id, tag.id, actor), `character "${tag.name}" belongs to "${dict.fandom}"`);
  }

  const stored = await trx.selectFrom('fandom_dictionaries').select(['parent_name', 'aliases']).where('fandom_tag_id', '=', fandom.id).executeTakeFirst();
  const chars = await trx.selectFrom('fandom_characters').select(['name', 'nicknames', 'initials']).where('fandom_tag_id', '=', fandom.id).orderBy('position').execute();
  const storedForm = stored ? JSON.stringify({ p: stored.parent_name, a: JSON.parse(stored.aliases), c: chars.map((r) => [r.name, JSON.parse(r.nicknames), JSON.parse(r.initials)]) }) : null;
  const newForm = JSON.stringify({ p: dict.parent, a: dict.aliases, c: dict.characters.map((c) => [c.name, c.nicknames, c.initials]) });
  if (storedForm !== newForm) {
    await trx.deleteFrom('fandom_characters').where('fandom_tag_id', '=', fandom.id).execute();
    await trx.deleteFrom('fandom_dictionaries').where('fandom_tag_id', '=', fandom.id).execute();
    await trx.insertInto('fandom_dictionaries').values({ fandom_tag_id: fandom.id, parent_name: dict.parent, aliases: JSON.stringify(dict.aliases), loaded_at: new Date().toISOString() }).execute();
    if (dict.characters.length > 0) {
      await trx
        .insertInto('fandom_characters')
        .values(dict.characters.map((c, i) => ({ fandom_tag_id: fandom.id, position: i, name: c.name, nicknames: JSON.stringify(c.nicknames), initials: JSON.stringify(c.initials) })))
        .execute();
    }
    out.note(`stored the dictionary of "${dict.fandom}" (${dict.characters.length} characters)`, fandom.id);
  }

  const inFandom = await filterTagIds(trx, [fandom.id]);
  const rels = await trx
    .selectFrom('tags as t')
    .select(['t.id'])
    .distinct()
    .where('t.type', '=', 'relationship')
    .where('t.canonical', '=', 0)
    .where('t.merger_id', 'is', null)
    .where('t.id', 'in', trx.selectFrom('work_tags as wt').select('wt.tag_id').where('wt.work_id', 'in', trx.selectFrom('work_tags').select('work_id').where('tag_id', 'in', inFandom)))
    .orderBy('t.id')
    .execute();
  for (const r of rels) await autoWrangleRelationship(trx, r.id, await fandomsOfTag(trx, r.id), out);
  return out;
}

async function ensureCanonical(trx: Kysely<Database>, type: 'fandom' | 'character', name: string, actor: string, out: ChangeList) {
  const { tag, created } = await findOrCreateTag(trx, type, name);
  if (created) out.note(`created ${type} tag "${tag.name}"`, tag.id);
  out.add(await makeCanonical(trx, tag.id, actor), `${type} "${tag.name}" is canonical`);
  return tag;
}
