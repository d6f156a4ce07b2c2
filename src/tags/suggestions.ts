import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { characterCandidates, expandRelationship } from './dictionary.js';
import { dictionariesFor } from './dictionary-read.js';
import { fandomsOfTag } from './auto-wrangle.js';
import { mustGetTag, relationshipTwins } from './tag-rows.js';
import { parseRelationship } from './relationship-name.js';
import { tagKey } from './tag-key.js';
import type { TagState } from './tag-rows.js';
import { nameSimilarity } from './similarity.js';
import type { TagType } from './tag-types.js';

/**
 * Suggestions for an unwrangled tag: never applied by themselves, a wrangler picks one.
 * - 'initials': what a dictionary of the tag's fandoms says it stands for (all candidates
 *   when ambiguous, e.g. "T/C" in Vell: Corwin Hale and Celeste Marr are both "C");
 * - 'spelling': canonical tags of the same type with a similar name (edit distance, shared words);
 * - 'co-occurrence': canonical tags of the same type on the works that carry this tag.
 */
export interface Suggestion {
  /** The canonical tag to merge into; null when it does not exist yet (a dictionary pairing). */
  tagId: number | null;
  name: string;
  type: TagType;
  reason: 'initials' | 'spelling' | 'co-occurrence';
  /** 0..1; initials 1. */
  score: number;
}

const SPELLING_MIN = 0.6;
const PER_REASON = 5;

export async function suggestionsFor(db: Kysely<Database>, tagId: number, cache: Map<TagType, TagState[]> = new Map()): Promise<Suggestion[]> {
  const tag = await mustGetTag(db, tagId);
  const out: Suggestion[] = [];

  const fandoms = await fandomsOfTag(db, tag.id);
  const dicts = await dictionariesFor(db, fandoms.length > 0 ? fandoms : 'all');
  let written: string[] = [];
  if (tag.type === 'relationship') {
    const e = expandRelationship(tag.name, dicts);
    written = e.kind === 'expanded' ? [e.name] : e.kind === 'ambiguous' ? e.candidates : [];
  } else if (tag.type === 'character') {
    written = characterCandidates(tag.name, dicts).filter((n) => n !== tag.name);
  }
  for (const name of written) {
    const found = tag.type === 'relationship' ? (await relationshipTwins(db, name))[0] : (await db.selectFrom('tags').select(['id', 'merger_id']).where('type', '=', 'character').where('name', '=', name).executeTakeFirst());
    const id = found ? (found.merger_id ?? found.id) : null;
    const canonicalName = id === null ? name : (await mustGetTag(db, id)).name;
    out.push({ tagId: id, name: canonicalName, type: tag.type, reason: 'initials', score: 1 });
  }

  let canonicals = cache.get(tag.type);
  if (!canonicals) {
    const rows = await db.selectFrom('tags').select(['id', 'type', 'name', 'canonical', 'merger_id']).where('type', '=', tag.type).where('canonical', '=', 1).execute();
    canonicals = rows.map((r) => ({ id: r.id, type: r.type as TagType, name: r.name, canonical: 1 as const, merger_id: null }));
    cache.set(tag.type, canonicals);
  }
  const spelled = canonicals
    .filter((c) => c.id !== tag.id)
    .map((c) => ({ c, score: nameSimilarity(tag.name, c.name, SPELLING_MIN) }))
    .filter((x) => x.score >= SPELLING_MIN)
    .sort((a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name))
    .slice(0, PER_REASON);
  for (const { c, score } of spelled) out.push({ tagId: c.id, name: c.name, type: tag.type, reason: 'spelling', score: Math.round(score * 100) / 100 });

  const together = await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .select((eb) => [eb.fn.coalesce('t.merger_id', 't.id').as('cid'), eb.fn.count<number>('wt.work_id').distinct().as('n')])
    .where('t.type', '=', tag.type)
    .where('t.id', '!=', tag.id)
    .where((eb) => eb.or([eb('t.canonical', '=', 1), eb('t.merger_id', 'is not', null)]))
    .where('wt.work_id', 'in', db.selectFrom('work_tags').select('work_id').where('tag_id', '=', tag.id))
    .groupBy((eb) => eb.fn.coalesce('t.merger_id', 't.id'))
    .orderBy('n', 'desc')
    .limit(PER_REASON)
    .execute();
  const total = await db.selectFrom('work_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tag_id', '=', tag.id).executeTakeFirstOrThrow();
  for (const r of together) {
    const c = await mustGetTag(db, Number(r.cid));
    out.push({ tagId: c.id, name: c.name, type: tag.type, reason: 'co-occurrence', score: Math.round((Number(r.n) / Math.max(1, Number(total.n))) * 100) / 100 });
  }

  if (tag.type === 'relationship') out.push(...(await pairingsOfCharacters(db, tag.id)));

  const seen = new Set<string>();
  return out.filter((s) => {
    const k = `${s.reason}:${s.tagId ?? s.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * For a relationship nobody can read ("Spillow"): the canonical pairings made only of the
 * characters most often tagged on the same works ("Spike/Willow Rosenberg").
 */
async function pairingsOfCharacters(db: Kysely<Database>, tagId: number): Promise<Suggestion[]> {
  const worksOfTag = db.selectFrom('work_tags').select('work_id').where('tag_id', '=', tagId);
  const chars = await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .leftJoin('tags as m', 'm.id', 't.merger_id')
    .select((eb) => [eb.fn.coalesce('m.name', 't.name').as('name'), eb.fn.count<number>('wt.work_id').distinct().as('n')])
    .where('t.type', '=', 'character')
    .where('wt.work_id', 'in', worksOfTag)
    .groupBy((eb) => eb.fn.coalesce('m.name', 't.name'))
    .orderBy('n', 'desc')
    .limit(6)
    .execute();
  const names = new Set(chars.map((c) => tagKey(String(c.name))));
  if (names.size < 2) return [];
  const characterTags = db.selectFrom('work_tags as w').innerJoin('tags as ct', 'ct.id', 'w.tag_id').select('ct.id').where('ct.type', '=', 'character').where('w.work_id', 'in', worksOfTag);
  const worksWithTheseCharacters = db.selectFrom('work_tags').select('work_id').where('tag_id', 'in', characterTags);
  const rels = await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .innerJoin('tags as c', (j) => j.on((eb) => eb('c.id', '=', eb.fn.coalesce('t.merger_id', 't.id'))))
    .select(['c.id', 'c.name'])
    .distinct()
    .where('t.type', '=', 'relationship')
    .where('c.canonical', '=', 1)
    .where('wt.work_id', 'in', worksWithTheseCharacters)
    .limit(500)
    .execute();
  const out: Suggestion[] = [];
  for (const r of rels) {
    const parsed = parseRelationship(r.name);
    if (parsed && parsed.parts.every((p) => names.has(tagKey(p)))) {
      out.push({ tagId: r.id, name: r.name, type: 'relationship', reason: 'co-occurrence', score: 1 });
    }
  }
  return out.slice(0, 5);
}
