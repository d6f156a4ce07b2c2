import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { tagKey } from './tag-key.js';
import { FIXED_TYPES, findTagsAnyType, mustGetTag, tagStatus } from './tag-rows.js';
import type { TagState, TagStatus } from './tag-rows.js';
import { filterTagIds } from './closure.js';
import type { TagType } from './tag-types.js';

export interface TagRef {
  id: number;
  name: string;
  type: TagType;
}

/** What a tag page shows. For a synonym, `canonical` is where its page redirects. */
export interface TagInfo extends TagRef {
  status: TagStatus;
  /** The canonical tag: itself when canonical, its merger when a synonym, null when unwrangled. */
  canonical: TagRef | null;
  synonyms: TagRef[];
  /** Same-type parents (meta tags) and fandoms it belongs to. */
  parents: TagRef[];
  /** Same-type children (sub tags): their works count under this tag. */
  subTags: TagRef[];
  /** Other-type children: a fandom's characters, relationships and additional tags. */
  children: TagRef[];
  /** Canonical tags that appear most often on the same works. */
  related: TagRef[];
  /** The tag ids a filter on this tag matches (filterTagIds). */
  filterIds: number[];
}

/** Related tags are counted over at most this many of the tag's newest works. */
const RELATED_SAMPLE = 5000;

const ref = (t: { id: number; name: string; type: string }): TagRef => ({ id: t.id, name: t.name, type: t.type as TagType });
const byName = (a: TagRef, b: TagRef) => (tagKey(a.name) < tagKey(b.name) ? -1 : tagKey(a.name) > tagKey(b.name) ? 1 : a.id - b.id);

/**
 * The tag a page name means: of the tags with this identity (several types may share one),
 * a canonical or unwrangled one first, else the first synonym; `type` narrows it.
 */
export async function pickTag(db: Kysely<Database>, name: string, type?: TagType): Promise<TagState | null> {
  const all = (await findTagsAnyType(db, name)).filter((t) => type === undefined || t.type === type);
  return all.find((t) => t.merger_id === null) ?? all[0] ?? null;
}

export async function tagInfo(db: Kysely<Database>, name: string, type?: TagType, relatedLimit = 12): Promise<TagInfo | null> {
  const tag = await pickTag(db, name, type);
  if (!tag) return null;
  const status = tagStatus(tag);
  const canonical = status === 'canonical' ? ref(tag) : status === 'synonym' ? ref(await mustGetTag(db, tag.merger_id as number)) : null;
  const base = canonical?.id ?? tag.id;
  const synonyms = canonical ? (await db.selectFrom('tags').select(['id', 'name', 'type']).where('merger_id', '=', canonical.id).execute()).map(ref).sort(byName) : [];
  const parents = (
    await db.selectFrom('tag_parents as tp').innerJoin('tags as t', 't.id', 'tp.parent_id').select(['t.id', 't.name', 't.type']).where('tp.child_id', '=', base).execute()
  ).map(ref).sort(byName);
  const kids = (
    await db.selectFrom('tag_parents as tp').innerJoin('tags as t', 't.id', 'tp.child_id').select(['t.id', 't.name', 't.type']).where('tp.parent_id', '=', base).execute()
  ).map(ref).sort(byName);
  const filterIds = await filterTagIds(db, [tag.id]);
  const self = canonical ?? ref(tag);
  const related = filterIds.length === 0 ? [] : await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .select((eb) => [eb.fn.coalesce('t.merger_id', 't.id').as('cid'), eb.fn.count<number>('wt.work_id').distinct().as('n')])
    .where('t.type', 'not in', [...FIXED_TYPES])
    .where('t.id', 'not in', filterIds)
    .where((eb) => eb.or([eb('t.canonical', '=', 1), eb('t.merger_id', 'is not', null)]))
    // Among the tag's most recent works only, so a huge fandom's page stays cheap.
    .where('wt.work_id', 'in', db.selectFrom('work_tags').select('work_id').distinct().where('tag_id', 'in', filterIds).orderBy('work_id', 'desc').limit(RELATED_SAMPLE))
    .groupBy((eb) => eb.fn.coalesce('t.merger_id', 't.id'))
    .orderBy('n', 'desc')
    .orderBy('cid')
    .limit(relatedLimit)
    .execute();
  const relatedRefs: TagRef[] = [];
  for (const r of related) {
    if (Number(r.cid) === self.id) continue;
    relatedRefs.push(ref(await mustGetTag(db, Number(r.cid))));
  }
  return {
    ...ref(tag),
    status,
    canonical,
    synonyms,
    parents,
    subTags: kids.filter((k) => k.type === self.type),
    children: kids.filter((k) => k.type !== self.type),
    related: relatedRefs,
    filterIds,
  };
}

export interface AutocompleteResult {
  name: string;
  type: TagType;
  canonical: boolean;
  /** For a synonym, the canonical tag it stands for. */
  canonicalName: string | null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Tags whose name (or a word of it) starts with the term: canonical tags first, then
 * names starting with the term before names with a word starting with it, then by name.
 */
export async function autocomplete(db: Kysely<Database>, term: string, type?: TagType, limit = 10): Promise<AutocompleteResult[]> {
  const key = tagKey(term);
  if (key === '') return [];
  const p = likeEscape(key);
  let q = db
    .selectFrom('tags as t')
    .leftJoin('tags as m', 'm.id', 't.merger_id')
    .select(['t.id', 't.name', 't.name_key', 't.type', 't.canonical', 'm.name as merger_name'])
    // ESCAPE makes "%" and "_" in a term literal on both databases (SQLite has no default escape).
    .where((eb) => eb.or([`${p}%`, `% ${p}%`, `%/${p}%`].map((pattern) => sql<boolean>`${eb.ref('t.name_key')} like ${pattern} escape '\\'`)));
  if (type !== undefined) q = q.where('t.type', '=', type);
  const rows = await q.orderBy('t.canonical', 'desc').orderBy('t.name_key').limit(500).execute();
  const rank = (r: (typeof rows)[number]) => (r.canonical === 1 ? 0 : 2) + (r.name_key.startsWith(key) ? 0 : 1);
  return rows
    .sort((a, b) => rank(a) - rank(b) || (a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : a.id - b.id))
    .slice(0, limit)
    .map((r) => ({ name: r.name, type: r.type as TagType, canonical: r.canonical === 1, canonicalName: r.merger_name ?? null }));
}
