import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Viewer } from '../accounts/viewer.js';
import { listedWhere } from '../works/visibility.js';
import { filtersOfTags } from './closure.js';
import type { TagType } from './tag-types.js';

/**
 * Works per filter tag of one type, for this viewer, the way filters count them: a work
 * tagged with a synonym counts under the canonical tag, a work in a sub-fandom also under the
 * parent fandom, each work once per tag. Synonyms are not listed; unwrangled tags count as
 * themselves. Most works first, then by name. (The home page's fandom list can use this in
 * place of counting tags as written.)
 */
export async function canonicalTagCounts(db: Kysely<Database>, viewer: Viewer, type: TagType = 'fandom'): Promise<{ name: string; count: number }[]> {
  const rows = await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .innerJoin('works', 'works.id', 'wt.work_id')
    .where('t.type', '=', type)
    .where((eb) => listedWhere(eb, viewer))
    .select(['wt.work_id', 'wt.tag_id'])
    .execute();
  const filters = await filtersOfTags(db, [...new Set(rows.map((r) => r.tag_id))]);
  const worksOf = new Map<number, Set<number>>();
  for (const r of rows) {
    for (const f of filters.get(r.tag_id) ?? [r.tag_id]) {
      let set = worksOf.get(f);
      if (!set) worksOf.set(f, (set = new Set()));
      set.add(r.work_id);
    }
  }
  const ids = [...worksOf.keys()];
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const t of await db.selectFrom('tags').select(['id', 'name']).where('id', 'in', ids.slice(i, i + 500)).execute()) names.set(t.id, t.name);
  }
  return ids
    .map((id) => ({ name: names.get(id) ?? String(id), count: worksOf.get(id)?.size ?? 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
