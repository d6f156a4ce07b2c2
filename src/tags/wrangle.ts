import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { WranglingError } from './errors.js';
import { FIXED_TYPES, mustGetTag } from './tag-rows.js';
import type { TagState } from './tag-rows.js';
import { applyPlan, emptyPlan } from './wrangle-log.js';
import type { Applied, ParentPair } from './wrangle-log.js';
import type { TagType } from './tag-types.js';

/**
 * The wrangling actions, each in the caller's transaction: build a plan from the current
 * state, apply and log it. They touch tags and tag_parents only — never work_tags — so
 * their cost is O(tags affected), whatever number of works carry them: filters read the
 * wrangling at query time (closure.ts) and follow at once.
 */

/** Which types may hang under a fandom (a "fandom parent"); same-type parents are meta tags. */
const FANDOM_CHILD_TYPES: ReadonlySet<TagType> = new Set<TagType>(['character', 'relationship', 'freeform']);

/** The canonical tag a tag stands for: itself when canonical, its merger when a synonym. */
export async function canonicalOf(trx: Kysely<Database>, id: number): Promise<TagState> {
  const t = await mustGetTag(trx, id);
  return t.merger_id === null ? t : mustGetTag(trx, t.merger_id);
}

/**
 * Makes `tagId` a synonym of `targetId` (or of the canonical tag `targetId` is a synonym of).
 * An unwrangled target becomes canonical; the tag's own synonyms follow it to the target and
 * its parent and child links move to the target. Merging into the current canonical again
 * changes nothing.
 */
export async function mergeTag(trx: Kysely<Database>, tagId: number, targetId: number, actor: string, how: { action?: string; note?: string } = {}): Promise<Applied | null> {
  const tag = await mustGetTag(trx, tagId);
  const target = await canonicalOf(trx, targetId);
  if (FIXED_TYPES.has(tag.type)) throw new WranglingError('fixed_tag', `${tag.type} tags are a fixed set and always canonical: "${tag.name}" cannot be merged`);
  if (tag.type !== target.type) throw new WranglingError('type_mismatch', `"${tag.name}" is a ${tag.type} tag and "${target.name}" a ${target.type} tag: only tags of one type merge`);
  if (tag.id === target.id) throw new WranglingError('same_tag', `"${tag.name}" cannot be a synonym of itself`);
  const plan = emptyPlan();
  plan.tags.set(target.id, { canonical: 1, merger_id: null });
  plan.tags.set(tag.id, { canonical: 0, merger_id: target.id });
  const synonyms = await trx.selectFrom('tags').select('id').where('merger_id', '=', tag.id).execute();
  for (const s of synonyms) plan.tags.set(s.id, { canonical: 0, merger_id: target.id });
  const links = await trx
    .selectFrom('tag_parents')
    .select(['parent_id', 'child_id'])
    .where((eb) => eb.or([eb('parent_id', '=', tag.id), eb('child_id', '=', tag.id)]))
    .execute();
  const moved = new Set<string>();
  for (const l of links) {
    plan.removeParents.push([l.parent_id, l.child_id]);
    const p = l.parent_id === tag.id ? target.id : l.parent_id;
    const c = l.child_id === tag.id ? target.id : l.child_id;
    if (p === c || moved.has(`${p}:${c}`)) continue;
    moved.add(`${p}:${c}`);
    plan.addParents.push([p, c]);
  }
  return applyPlan(trx, plan, { actor, action: how.action ?? 'merge', tagId: tag.id, targetId: target.id, note: how.note ?? null });
}

/** Makes a tag canonical; a synonym is split off its canonical tag first. */
export async function makeCanonical(trx: Kysely<Database>, tagId: number, actor: string): Promise<Applied | null> {
  const tag = await mustGetTag(trx, tagId);
  const plan = emptyPlan();
  plan.tags.set(tag.id, { canonical: 1, merger_id: null });
  return applyPlan(trx, plan, { actor, action: 'make-canonical', tagId: tag.id });
}

/** Makes a tag unwrangled again (neither canonical nor a synonym); its links and synonyms must go first. */
export async function makeUnwrangled(trx: Kysely<Database>, tagId: number, actor: string): Promise<Applied | null> {
  const tag = await mustGetTag(trx, tagId);
  if (FIXED_TYPES.has(tag.type)) throw new WranglingError('fixed_tag', `${tag.type} tags are always canonical`);
  const synonym = await trx.selectFrom('tags').select('id').where('merger_id', '=', tag.id).executeTakeFirst();
  const link = await trx.selectFrom('tag_parents').select('parent_id').where((eb) => eb.or([eb('parent_id', '=', tag.id), eb('child_id', '=', tag.id)])).executeTakeFirst();
  if (synonym || link) throw new WranglingError('not_allowed', `"${tag.name}" still has synonyms or parent/sub tags`);
  const plan = emptyPlan();
  plan.tags.set(tag.id, { canonical: 0, merger_id: null });
  return applyPlan(trx, plan, { actor, action: 'unwrangle', tagId: tag.id });
}

async function resolvePair(trx: Kysely<Database>, parentId: number, childId: number): Promise<[TagState, TagState]> {
  const parent = await canonicalOf(trx, parentId);
  const child = await canonicalOf(trx, childId);
  for (const t of [parent, child]) {
    if (t.canonical !== 1) throw new WranglingError('not_canonical', `"${t.name}" is unwrangled: make it canonical before giving it parents or sub tags`);
  }
  return [parent, child];
}

/**
 * Links a parent to a child. Same type: a meta tag (the child's works count under the
 * parent: a sub-fandom under its media fandom). A fandom over a character, relationship or
 * additional tag: the fandom it belongs to (no inheritance). Anything else is refused, as
 * is a meta link that would make a loop.
 */
export async function setParent(trx: Kysely<Database>, parentId: number, childId: number, actor: string): Promise<Applied | null> {
  const [parent, child] = await resolvePair(trx, parentId, childId);
  if (FIXED_TYPES.has(parent.type) || FIXED_TYPES.has(child.type)) throw new WranglingError('bad_parent', 'rating, warning and category tags have no parents or sub tags');
  if (parent.id === child.id) throw new WranglingError('cycle', `"${parent.name}" cannot be its own parent`);
  if (parent.type === child.type) {
    if (await isMetaDescendant(trx, child.id, parent.id)) throw new WranglingError('cycle', `"${parent.name}" is already a sub tag of "${child.name}"`);
  } else if (parent.type !== 'fandom' || !FANDOM_CHILD_TYPES.has(child.type)) {
    throw new WranglingError('bad_parent', `a ${parent.type} tag cannot be the parent of a ${child.type} tag`);
  }
  const plan = emptyPlan();
  plan.addParents.push([parent.id, child.id] as ParentPair);
  return applyPlan(trx, plan, { actor, action: 'set-parent', tagId: child.id, targetId: parent.id });
}

export async function removeParent(trx: Kysely<Database>, parentId: number, childId: number, actor: string): Promise<Applied | null> {
  const [parent, child] = await resolvePair(trx, parentId, childId);
  const plan = emptyPlan();
  plan.removeParents.push([parent.id, child.id] as ParentPair);
  return applyPlan(trx, plan, { actor, action: 'remove-parent', tagId: child.id, targetId: parent.id });
}

/** Is `id` below `ancestor` through same-type (meta) links? */
async function isMetaDescendant(trx: Kysely<Database>, ancestor: number, id: number): Promise<boolean> {
  let frontier = [ancestor];
  const seen = new Set(frontier);
  while (frontier.length > 0) {
    const rows = await trx
      .selectFrom('tag_parents as tp')
      .innerJoin('tags as p', 'p.id', 'tp.parent_id')
      .innerJoin('tags as c', 'c.id', 'tp.child_id')
      .select('tp.child_id')
      .where('tp.parent_id', 'in', frontier)
      .whereRef('p.type', '=', 'c.type')
      .execute();
    frontier = [];
    for (const r of rows) {
      if (r.child_id === id) return true;
      if (!seen.has(r.child_id)) {
        seen.add(r.child_id);
        frontier.push(r.child_id);
      }
    }
  }
  return false;
}

/**
 * For importers that know a hierarchy (eFiction sub-categories): makes both tags canonical
 * (synonyms stand for their canonical tag) and links parent over child, all logged under
 * `actor`, in the caller's transaction. A link between unwrangled tags would not count in
 * filters: only canonical tags have sub tags.
 */
export async function linkAsMetaTag(trx: Kysely<Database>, parentId: number, childId: number, actor: string): Promise<void> {
  for (const id of [parentId, childId]) {
    const t = await mustGetTag(trx, id);
    if (t.merger_id === null) await makeCanonical(trx, t.id, actor);
  }
  await setParent(trx, parentId, childId, actor);
}
