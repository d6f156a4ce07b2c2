import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { filterTagIds } from './closure.js';
import { findTag } from './tag-rows.js';
import type { TagState } from './tag-rows.js';
import { suggestionsFor } from './suggestions.js';
import type { Suggestion } from './suggestions.js';
import type { TagType } from './tag-types.js';

export interface QueueEntry {
  tagId: number;
  name: string;
  type: TagType;
  /** Works carrying the tag as written. */
  works: number;
  /** The fandoms of those works (canonical names where wrangled). */
  fandoms: string[];
  suggestions: Suggestion[];
}

/**
 * The wrangling queue: unwrangled tags (fixed types never are), most used first, optionally
 * only those on works in one fandom (the fandom with its sub-fandoms and synonyms).
 */
export async function wranglingQueue(db: Kysely<Database>, opts: { fandom?: string; limit?: number } = {}): Promise<QueueEntry[] | null> {
  let q = db
    .selectFrom('tags as t')
    .leftJoin('work_tags as wt', 'wt.tag_id', 't.id')
    .select((eb) => ['t.id', 't.name', 't.type', eb.fn.count<number>('wt.work_id').as('n')])
    .where('t.canonical', '=', 0)
    .where('t.merger_id', 'is', null)
    .where('t.type', 'not in', ['rating', 'warning', 'category']);
  if (opts.fandom !== undefined) {
    const fandom = await findTag(db, 'fandom', opts.fandom);
    if (!fandom) return null;
    const ids = await filterTagIds(db, [fandom.id]);
    q = q.where('t.id', 'in', db.selectFrom('work_tags').select('tag_id').where('work_id', 'in', db.selectFrom('work_tags').select('work_id').where('tag_id', 'in', ids)));
  }
  const rows = await q.groupBy(['t.id', 't.name', 't.type']).orderBy('n', 'desc').orderBy('t.name').limit(opts.limit ?? 100).execute();
  const cache = new Map<TagType, TagState[]>();
  const out: QueueEntry[] = [];
  for (const r of rows) {
    const fandoms = await db
      .selectFrom('work_tags as wt')
      .innerJoin('tags as t', 't.id', 'wt.tag_id')
      .leftJoin('tags as m', 'm.id', 't.merger_id')
      .select((eb) => eb.fn.coalesce('m.name', 't.name').as('name'))
      .distinct()
      .where('t.type', '=', 'fandom')
      .where('wt.work_id', 'in', db.selectFrom('work_tags').select('work_id').where('tag_id', '=', r.id))
      .execute();
    out.push({
      tagId: r.id,
      name: r.name,
      type: r.type as TagType,
      works: Number(r.n),
      fandoms: fandoms.map((f) => String(f.name)).sort(),
      suggestions: await suggestionsFor(db, r.id, cache),
    });
  }
  return out;
}
