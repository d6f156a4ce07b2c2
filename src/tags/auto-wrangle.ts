import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findOrCreateTag, mustGetTag, relationshipTwins, tagStatus } from './tag-rows.js';
import type { TagState } from './tag-rows.js';
import type { FandomDictionary } from './dictionary.js';
import { mergeTag, setParent } from './wrangle.js';
import { expandRelationship } from './dictionary.js';
import { dictionariesFor } from './dictionary-read.js';
import { ChangeList } from './changes.js';

/** The actor of the automatic merges. */
export const SYSTEM_ACTOR = 'system';

/**
 * The only merges made without a wrangler, each logged as actor 'system' and undoable:
 * 1. order: a new "B/A" joins the "A/B" seen first (made canonical if it was unwrangled);
 *    "A & B" only ever joins "B & A", never "A/B";
 * 2. initials: with a dictionary of one of the work's fandoms, "W/S" joins the pairing of
 *    the full names when every initial stands for exactly one character (created canonical,
 *    under that fandom, if no tag has it yet). An ambiguous initial changes nothing: the tag
 *    stays unwrangled and the queue lists the candidate pairings as suggestions.
 * Only an unwrangled relationship tag is considered.
 */
export async function autoWrangleRelationship(trx: Kysely<Database>, tagOrId: number | TagState, fandomIds: readonly number[], out = new ChangeList(), cache?: WrangleCache): Promise<ChangeList> {
  const tag = typeof tagOrId === 'number' ? await mustGetTag(trx, tagOrId) : tagOrId;
  if (tag.type !== 'relationship' || tagStatus(tag) !== 'unwrangled') return out;

  const twin = (await relationshipTwins(trx, tag.name)).find((t) => t.id !== tag.id);
  if (twin) {
    const into = twin.merger_id ?? twin.id;
    const applied = await mergeTag(trx, tag.id, into, SYSTEM_ACTOR, { action: 'auto-merge', note: `order of "${tag.name}" and "${twin.name}"` });
    out.add(applied, `relationship "${tag.name}" is a synonym of the same pairing written in another order`);
    return out;
  }

  const dictKey = fandomIds.join(',');
  const dicts = cache?.dictionaries.get(dictKey) ?? (await dictionariesFor(trx, fandomIds));
  cache?.dictionaries.set(dictKey, dicts);
  const expansion = expandRelationship(tag.name, dicts);
  if (expansion.kind !== 'expanded') return out;
  const existing = (await relationshipTwins(trx, expansion.name)).find((t) => t.id !== tag.id);
  let into: number;
  if (existing) {
    into = existing.merger_id ?? existing.id;
  } else {
    const { tag: created } = await findOrCreateTag(trx, 'relationship', expansion.name);
    into = created.id;
    out.note(`created relationship tag "${created.name}"`, created.id);
  }
  const applied = await mergeTag(trx, tag.id, into, SYSTEM_ACTOR, { action: 'auto-merge', note: `initials "${tag.name}" → "${expansion.name}"` });
  out.add(applied, `relationship "${tag.name}" is a synonym of "${expansion.name}" (initials)`);
  if (!existing) {
    const fandom = await fandomForExpansion(trx, fandomIds);
    if (fandom !== null) out.add(await setParent(trx, fandom, into, SYSTEM_ACTOR), `relationship "${expansion.name}" belongs to its fandom`);
  }
  return out;
}

/**
 * What one transaction that creates many tags (an import's batch) may keep between calls: the
 * dictionaries of each set of fandoms, which nothing in such a transaction changes.
 */
export interface WrangleCache {
  dictionaries: Map<string, FandomDictionary[]>;
}

/** The first canonical fandom among these that has a dictionary. */
async function fandomForExpansion(trx: Kysely<Database>, fandomIds: readonly number[]): Promise<number | null> {
  for (const id of fandomIds) {
    const t = await mustGetTag(trx, id);
    const canonical = t.merger_id ?? t.id;
    const d = await trx.selectFrom('fandom_dictionaries').select('fandom_tag_id').where('fandom_tag_id', '=', canonical).executeTakeFirst();
    if (d) return canonical;
  }
  return null;
}

/** The fandoms (canonical where wrangled) of the works that carry this tag. */
export async function fandomsOfTag(db: Kysely<Database>, tagId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .select((eb) => eb.fn.coalesce('t.merger_id', 't.id').as('id'))
    .distinct()
    .where('t.type', '=', 'fandom')
    .where('wt.work_id', 'in', db.selectFrom('work_tags').select('work_id').where('tag_id', '=', tagId))
    .execute();
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
