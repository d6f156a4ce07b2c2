import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * The ids a tag counts as when filtering: its canonical tag (`merger_id` when it is a synonym,
 * else itself) plus every ancestor of that canonical tag through `tag_parents` (transitive).
 * A work tagged "Sherlock (TV)" is found under "Sherlock Holmes & Related Fandoms"; a work
 * tagged with a synonym is found under the canonical tag.
 *
 * The only place search reads wrangling tables. Returns sorted, distinct ids per requested
 * tag. Without `tagIds` it returns the entries of every tag that counts as more than itself
 * (synonyms and tags with parents): any other tag counts as just itself. That form reads only
 * the synonyms and the links, so a wrangling change is re-read in a fraction of a second even
 * on an archive with hundreds of thousands of tags.
 */
export async function loadTagClosure(db: Kysely<Database>, tagIds?: readonly number[]): Promise<Map<number, number[]>> {
  const parentRows = await db.selectFrom('tag_parents').select(['parent_id', 'child_id']).execute();
  const parents = new Map<number, number[]>();
  for (const r of parentRows) {
    const list = parents.get(r.child_id);
    if (list) list.push(r.parent_id);
    else parents.set(r.child_id, [r.parent_id]);
  }
  const mergers = new Map<number, number>();
  const wanted = tagIds === undefined ? null : [...new Set(tagIds)];
  const chunks = wanted === null ? [null] : Array.from({ length: Math.ceil(wanted.length / 5000) }, (_, i) => wanted.slice(i * 5000, i * 5000 + 5000));
  for (const chunk of chunks) {
    let q = db.selectFrom('tags').select(['id', 'merger_id']).where('merger_id', 'is not', null);
    if (chunk !== null) q = q.where('id', 'in', chunk.length > 0 ? chunk : [-1]);
    for (const r of await q.execute()) mergers.set(r.id, r.merger_id as number);
  }
  const ancestors = new Map<number, number[]>();
  const up = (id: number, seen: Set<number>): number[] => {
    const known = ancestors.get(id);
    if (known) return known;
    const out = new Set<number>([id]);
    seen.add(id);
    for (const p of parents.get(id) ?? []) {
      if (seen.has(p)) continue; // a cycle in bad data must not hang the index
      for (const a of up(p, seen)) out.add(a);
    }
    seen.delete(id);
    const list = [...out].sort((a, b) => a - b);
    ancestors.set(id, list);
    return list;
  };
  const result = new Map<number, number[]>();
  const all = wanted ?? [...new Set([...mergers.keys(), ...parents.keys()])];
  for (const id of all) {
    const canonical = mergers.get(id) ?? id;
    result.set(id, up(canonical, new Set()));
  }
  return result;
}
