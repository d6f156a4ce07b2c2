import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { chunks } from './tag-rows.js';

/**
 * What a tag means in filters, the one rule every listing, count and index uses:
 * - a canonical tag stands for itself, its synonyms, and all its sub tags (transitively,
 *   through same-type "meta" links in tag_parents) with their synonyms;
 * - a synonym stands for what its canonical tag stands for;
 * - an unwrangled tag stands for itself only.
 * Fandom → character/relationship/freeform links are "belongs to", not inheritance.
 * Read at query time from tags and tag_parents, so a wrangling change shows at once.
 */
export async function filterTagIds(db: Kysely<Database>, tagIds: readonly number[]): Promise<number[]> {
  const out = new Set<number>();
  const roots = new Set<number>();
  for (const part of chunks([...new Set(tagIds)])) {
    const rows = await db.selectFrom('tags').select(['id', 'canonical', 'merger_id']).where('id', 'in', part).execute();
    for (const r of rows) {
      if (r.merger_id !== null) roots.add(r.merger_id);
      else if (r.canonical === 1) roots.add(r.id);
      else out.add(r.id);
    }
  }
  const nodes = new Set(roots);
  let frontier = [...roots];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const part of chunks(frontier)) {
      const rows = await db
        .selectFrom('tag_parents as tp')
        .innerJoin('tags as p', 'p.id', 'tp.parent_id')
        .innerJoin('tags as c', 'c.id', 'tp.child_id')
        .select('tp.child_id')
        .where('tp.parent_id', 'in', part)
        .whereRef('p.type', '=', 'c.type')
        .execute();
      for (const r of rows) {
        if (nodes.has(r.child_id)) continue;
        nodes.add(r.child_id);
        next.push(r.child_id);
      }
    }
    frontier = next;
  }
  for (const n of nodes) out.add(n);
  for (const part of chunks([...nodes])) {
    const rows = await db.selectFrom('tags').select('id').where('merger_id', 'in', part).execute();
    for (const r of rows) out.add(r.id);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The whole archive's tag meaning in memory, for the search index:
 * - `filterIds.get(t)` = filterTagIds(db, [t]): the tags a filter on t matches;
 * - `filtersOf.get(t)`: the canonical filter tags a work carrying t counts under (its
 *   canonical tag and that tag's meta ancestors; [t] for an unwrangled tag) — the inverse view;
 * - `canonicalOf.get(t)`: t's canonical id, or t itself when unwrangled or canonical.
 * Every tag id is a key. One pass over tags and tag_parents: O(tags + links + closure size).
 */
export interface TagClosure {
  filterIds: Map<number, number[]>;
  filtersOf: Map<number, number[]>;
  canonicalOf: Map<number, number>;
}

export async function loadTagClosure(db: Kysely<Database>): Promise<TagClosure> {
  const tags = await db.selectFrom('tags').select(['id', 'type', 'canonical', 'merger_id']).orderBy('id').execute();
  const links = await db.selectFrom('tag_parents').select(['parent_id', 'child_id']).execute();
  const typeOf = new Map(tags.map((t) => [t.id, t.type]));
  const children = new Map<number, number[]>();
  const parents = new Map<number, number[]>();
  for (const l of links) {
    if (typeOf.get(l.parent_id) !== typeOf.get(l.child_id)) continue;
    children.set(l.parent_id, [...(children.get(l.parent_id) ?? []), l.child_id]);
    parents.set(l.child_id, [...(parents.get(l.child_id) ?? []), l.parent_id]);
  }
  const synonyms = new Map<number, number[]>();
  for (const t of tags) if (t.merger_id !== null) synonyms.set(t.merger_id, [...(synonyms.get(t.merger_id) ?? []), t.id]);

  const reach = (start: number, edges: Map<number, number[]>): number[] => {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      for (const n of edges.get(stack.pop() as number) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    return [...seen];
  };

  const filterIds = new Map<number, number[]>();
  const filtersOf = new Map<number, number[]>();
  const canonicalOf = new Map<number, number>();
  const expandCanonical = new Map<number, number[]>();
  const ancestorsOf = new Map<number, number[]>();
  for (const t of tags) {
    if (t.merger_id === null && t.canonical !== 1) {
      filterIds.set(t.id, [t.id]);
      filtersOf.set(t.id, [t.id]);
      canonicalOf.set(t.id, t.id);
      continue;
    }
    const root = t.merger_id ?? t.id;
    canonicalOf.set(t.id, root);
    let expanded = expandCanonical.get(root);
    if (!expanded) {
      const nodes = reach(root, children);
      expanded = [...new Set([...nodes, ...nodes.flatMap((n) => synonyms.get(n) ?? [])])].sort((a, b) => a - b);
      expandCanonical.set(root, expanded);
    }
    filterIds.set(t.id, expanded);
    let up = ancestorsOf.get(root);
    if (!up) {
      up = reach(root, parents).sort((a, b) => a - b);
      ancestorsOf.set(root, up);
    }
    filtersOf.set(t.id, up);
  }
  return { filterIds, filtersOf, canonicalOf };
}

/**
 * For each tag (every tag when `tagIds` is omitted): the sorted canonical filter tags a work
 * carrying it counts under — `loadTagClosure(db).filtersOf`, for just these tags. The same
 * signature as search's own `loadTagClosure(db, tagIds?)`, so it can replace it; unlike it,
 * only same-type (meta) links inherit: a character's fandom is not one of its filters.
 */
export async function filtersOfTags(db: Kysely<Database>, tagIds?: readonly number[]): Promise<Map<number, number[]>> {
  if (tagIds === undefined) return (await loadTagClosure(db)).filtersOf;
  const links = await db
    .selectFrom('tag_parents as tp')
    .innerJoin('tags as p', 'p.id', 'tp.parent_id')
    .innerJoin('tags as c', 'c.id', 'tp.child_id')
    .select(['tp.parent_id', 'tp.child_id'])
    .whereRef('p.type', '=', 'c.type')
    .execute();
  const parents = new Map<number, number[]>();
  for (const l of links) parents.set(l.child_id, [...(parents.get(l.child_id) ?? []), l.parent_id]);
  const out = new Map<number, number[]>();
  for (const part of chunks([...new Set(tagIds)])) {
    const rows = await db.selectFrom('tags').select(['id', 'canonical', 'merger_id']).where('id', 'in', part).execute();
    for (const r of rows) {
      if (r.merger_id === null && r.canonical !== 1) {
        out.set(r.id, [r.id]);
        continue;
      }
      const root = r.merger_id ?? r.id;
      const seen = new Set([root]);
      const stack = [root];
      while (stack.length > 0) {
        for (const p of parents.get(stack.pop() as number) ?? []) {
          if (!seen.has(p)) {
            seen.add(p);
            stack.push(p);
          }
        }
      }
      out.set(r.id, [...seen].sort((a, b) => a - b));
    }
  }
  return out;
}
