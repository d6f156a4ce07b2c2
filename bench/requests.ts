import { sql } from 'kysely';
import type { Db } from '../src/db/connect.js';
import { parseSearchParams, SORTS } from '../src/search/params.js';
import type { SearchRequest } from '../src/search/params.js';
import { CATEGORIES, RATINGS, WARNINGS } from '../src/tags/tag-types.js';
import { rng } from './generate.js';

/** Tag names of a generated archive, most used first, for building requests. */
export interface ArchiveNames {
  fandom: string[];
  relationship: string[];
  character: string[];
  freeform: string[];
  synonyms: string[];
  metaFandoms: string[];
  creators: string[];
  collections: string[];
}

export async function archiveNames(db: Db): Promise<ArchiveNames> {
  const k = db.kysely;
  const top = async (type: string, limit: number) =>
    (
      await sql<{ name: string }>`select t.name from tags t join work_tags wt on wt.tag_id = t.id where t.type = ${type} and t.merger_id is null
        group by t.id, t.name order by count(*) desc, t.id limit ${limit}`.execute(k)
    ).rows.map((r) => r.name);
  const [fandom, relationship, character, freeform] = await Promise.all([top('fandom', 400), top('relationship', 200), top('character', 200), top('freeform', 400)]);
  const synonyms = (await k.selectFrom('tags').select('name').where('merger_id', 'is not', null).orderBy('id').limit(50).execute()).map((r) => r.name);
  const metaFandoms = (
    await k.selectFrom('tag_parents as p').innerJoin('tags as t', 't.id', 'p.parent_id').select('t.name').where('t.type', '=', 'fandom').orderBy('t.id').limit(50).execute()
  ).map((r) => r.name);
  const creators = (
    await sql<{ name: string }>`select l.name from legacy_authors l join creatorships c on c.legacy_author_id = l.id group by l.id, l.name order by count(*) desc, l.id limit 30`.execute(k)
  ).rows.map((r) => r.name);
  const collections = (await k.selectFrom('collections').select('name').orderBy('id').execute()).map((r) => r.name);
  return { fandom, relationship, character, freeform, synonyms, metaFandoms, creators, collections };
}

const QUERY_WORDS = ['dragon', 'river', 'storm', 'winter', 'garden', 'letter', 'promise', 'silver', 'morning', 'library', 'coffee', 'tea', 'rain', 'ghost', 'secret'];

/** Random requests over every parameter, parsed from URL parameters like the web layer does. */
export function randomRequests(names: ArchiveNames, count: number, seed: number): SearchRequest[] {
  const rand = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const head = <T>(a: readonly T[], n: number): T => a[Math.floor(rand() * Math.min(n, a.length))]!;
  const out: SearchRequest[] = [];
  for (let i = 0; i < count; i++) {
    const p = new URLSearchParams();
    const maybe = (prob: number, f: () => void) => {
      if (rand() < prob) f();
    };
    maybe(0.5, () => p.append('fandom', head(names.fandom, 8)));
    maybe(0.08, () => p.append('fandom', pick(names.fandom)));
    maybe(0.15, () => p.append('relationship', head(names.relationship, 20)));
    maybe(0.15, () => p.append('character', head(names.character, 30)));
    maybe(0.15, () => p.append('freeform', head(names.freeform, 30)));
    maybe(0.2, () => p.append('include', rand() < 0.5 ? pick(names.synonyms) : pick(names.metaFandoms)));
    maybe(0.03, () => p.append('include', 'No Such Tag Anywhere'));
    maybe(0.25, () => p.append('exclude', [head(names.freeform, 15), head(names.character, 15)].join(',')));
    maybe(0.3, () => p.append('rating', [pick(RATINGS), pick(RATINGS)].join(',')));
    maybe(0.2, () => p.append('warning', pick(WARNINGS)));
    maybe(0.2, () => {
      p.append('category', pick(CATEGORIES));
      p.append('category', pick(CATEGORIES));
    });
    maybe(0.2, () => p.set('crossover', pick(['include', 'exclude', 'only'])));
    maybe(0.2, () => p.set('complete', pick(['true', 'false'])));
    maybe(0.2, () => {
      const lo = Math.floor(rand() * 5000);
      p.set('words_min', String(lo));
      p.set('words_max', String(lo + Math.floor(rand() * 20000)));
    });
    maybe(0.15, () => p.set('posted_after', `20${10 + Math.floor(rand() * 10)}-0${1 + Math.floor(rand() * 9)}-15`));
    maybe(0.15, () => p.set('updated_before', `20${14 + Math.floor(rand() * 10)}-0${1 + Math.floor(rand() * 9)}-01`));
    maybe(0.1, () => p.set('language', pick(['en', 'zh', 'fr'])));
    maybe(0.05, () => p.set('collection', pick(names.collections)));
    maybe(0.05, () => p.set('creator', pick(names.creators)));
    let text = false;
    maybe(0.3, () => {
      const parts: string[] = [pick(QUERY_WORDS)];
      maybe(0.3, () => parts.push(`"${pick(QUERY_WORDS)} ${pick(['and', 'of', 'the'])}"`));
      maybe(0.3, () => parts.push(`${pick(QUERY_WORDS)} OR ${pick(QUERY_WORDS)}`));
      maybe(0.3, () => parts.push(`-${pick(QUERY_WORDS)}`));
      maybe(0.2, () => parts.push(`title:${pick(QUERY_WORDS)}`));
      maybe(0.2, () => parts.push(`kudos>=${Math.floor(rand() * 50)}`));
      maybe(0.1, () => parts.push('sort:kudos'));
      p.set('q', parts.join(' '));
      text = true;
    });
    maybe(0.7, () => p.set('sort', pick(SORTS.filter((s) => text || s !== 'best_match'))));
    maybe(0.5, () => p.set('order', pick(['asc', 'desc'])));
    maybe(0.3, () => p.set('page', String(1 + Math.floor(rand() * 3))));
    maybe(0.5, () => p.set('per_page', pick(['5', '20', '50', '100'])));
    out.push(parseSearchParams(p));
  }
  return out;
}
