import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Db } from '../src/db/connect.js';
import type { Database } from '../src/db/schema.js';
import { tagKey } from '../src/tags/tag-key.js';
import type { RATINGS} from '../src/tags/tag-types.js';
import { CATEGORIES, WARNINGS } from '../src/tags/tag-types.js';
import { seededRandom } from '../src/importer/prng.js';

/**
 * A synthetic archive shaped like AO3, written straight into the tables in batches (not through
 * saveWork): per 1,000,000 works 20,000 fandoms with Zipf popularity, relationships and
 * characters from each fandom's pool, up to 15 additional tags from a 500,000-tag long tail,
 * AO3-like rating / warning / category mix, log-normal word counts, heavy-tailed kudos and
 * hits, some crossovers, drafts, hidden, deleted and restricted works, synonyms and meta tags.
 * Deterministic for a given seed. `chapterWords` > 0 also writes chapter text.
 */
export interface GenerateOptions {
  works: number;
  seed?: number;
  /** Words of story text per work (0: no chapter rows). */
  chapterWords?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The project's seeded generator (src/importer/prng.ts), under this file's old name. */
export const rng = seededRandom;

/** Draws 0..n-1 with probability ∝ 1/(i+1)^s, by inverse transform over a precomputed table. */
function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / Math.pow(i + 1, s);
    cdf[i] = sum;
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SYLLABLES = ['ka', 'ri', 'mo', 'len', 'tha', 'vor', 'ei', 'sun', 'dra', 'mir', 'ost', 'el', 'an', 'qu', 'ze', 'bel', 'cor', 'fin', 'gal', 'hul', 'is', 'jor', 'kel', 'lum', 'nor', 'pel', 'ros', 'sil', 'tor', 'ul', 'van', 'wyn'];
const WORDS = ('the and of to a in was he she it that his her with as for had you not on at but be they by said one all from were we there what so up out if about who into when them more would then some no can time could like do only over how been now two little me after back down very before its through where way again first our much your than well these way long made after light heart night dragon river storm winter summer garden letter promise silver quiet morning library coffee tea rain ocean castle forest shadow ghost kiss dance secret song blood moon star fire glass train school war home family friend stranger').split(' ');

export async function generateArchive(db: Db, opts: GenerateOptions): Promise<{ works: number; tags: number }> {
  const rand = rng(opts.seed ?? 42);
  const k = db.kysely;
  const N = opts.works;
  const scale = N / 1_000_000;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const name = (parts: number) => Array.from({ length: parts }, () => pick(SYLLABLES)).join('').replace(/^./, (c) => c.toUpperCase());
  const now = '2025-01-01T00:00:00.000Z';

  const maxTag = Number((await k.selectFrom('tags').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);
  const fixed = new Map((await k.selectFrom('tags').select(['id', 'type', 'name']).execute()).map((t) => [`${t.type}:${t.name}`, t.id]));
  let nextTag = maxTag + 1;
  const tagRows: { id: number; type: string; name: string; name_key: string; canonical: 0 | 1; merger_id: number | null; created_at: string }[] = [];
  const seenKeys = new Set<string>();
  const nameOf = new Map<number, string>();
  const newTag = (type: string, base: string, merger: number | null = null): number => {
    let n = base;
    for (let i = 2; seenKeys.has(`${type}:${tagKey(n)}`); i++) n = `${base} ${i}`;
    seenKeys.add(`${type}:${tagKey(n)}`);
    const id = nextTag++;
    tagRows.push({ id, type, name: n, name_key: tagKey(n), canonical: merger === null ? 1 : 0, merger_id: merger, created_at: now });
    nameOf.set(id, n);
    return id;
  };

  // Fandoms: Zipf popularity; every 10th fandom is a sub-fandom of the one before (meta tags).
  const F = Math.max(12, Math.round(20_000 * scale));
  const fandoms: number[] = [];
  const parents: { parent_id: number; child_id: number }[] = [];
  const pools: { rels: number[]; chars: number[] }[] = [];
  for (let f = 0; f < F; f++) {
    const id = newTag('fandom', `${name(3)} (${pick(['TV', 'Anime', 'Video Game', 'Movies', 'Comics', 'Books'])})`);
    fandoms.push(id);
    if (f % 10 === 9) parents.push({ parent_id: fandoms[f - 1]!, child_id: id });
    const size = 4 + Math.floor(40 / Math.sqrt(f + 1));
    const chars = Array.from({ length: size }, () => newTag('character', `${name(2)} ${name(2)}`));
    const rels = Array.from({ length: Math.max(2, size >> 1) }, () => {
      const a = nameOf.get(pick(chars)) ?? name(2);
      const b = nameOf.get(pick(chars)) ?? name(2);
      return newTag('relationship', `${a}${rand() < 0.8 ? '/' : ' & '}${b}`);
    });
    // A synonym of one character, used on some works.
    chars.push(newTag('character', `${name(2)} Alias`, chars[0]!));
    pools.push({ rels, chars });
  }
  const fandomDraw = zipf(F, 1.0, rand);
  // The additional-tag long tail, with 3% synonyms and a few meta tags.
  const T = Math.max(200, Math.round(500_000 * scale));
  const freeforms: number[] = [];
  for (let i = 0; i < T; i++) {
    if (i > 10 && rand() < 0.03) freeforms.push(newTag('freeform', `${name(2)} ${pick(WORDS)}`, freeforms[Math.floor(rand() * 10)]!));
    else freeforms.push(newTag('freeform', `${pick(['Angst', 'Fluff', 'Hurt', 'Comfort', 'Slow Burn', 'Alternate Universe', 'Canon Divergence', 'Humor', 'Smut', 'Romance'])} ${name(2)}`));
    if (i >= 20 && i < 40) parents.push({ parent_id: freeforms[i - 20]!, child_id: freeforms[i]! });
  }
  const freeformDraw = zipf(T, 1.05, rand);

  const insertMany = async <T>(rows: T[], size: number, f: (trx: Kysely<Database>, b: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += size) await f(k, rows.slice(i, i + size));
  };
  await k.transaction().execute(async (trx) => {
    for (let i = 0; i < tagRows.length; i += 1000) await trx.insertInto('tags').values(tagRows.slice(i, i + 1000)).execute();
    if (parents.length > 0) await trx.insertInto('tag_parents').values(parents).execute();
  });

  // Creators: legacy authors, and a few accounts with pseuds.
  const A = Math.max(20, Math.round(N / 4));
  const legacy = Array.from({ length: A }, (_, i) => ({ id: i + 1, name: `${name(2)}${i}`, name_key: '', claimed_pseud_id: null, created_at: now }));
  for (const l of legacy) l.name_key = tagKey(l.name);
  const users = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `user${i}`, name_key: `user${i}`, email: null, password_hash: null, roles: 'creator', created_at: now }));
  const pseuds = users.map((u) => ({ id: u.id, user_id: u.id, name: `Pen${u.id}`, name_key: `pen${u.id}`, is_default: 1 as const, description: null, created_at: now }));
  const collections = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: `collection_${i}`, title: `Collection ${i}`, description: null, created_at: now }));
  await insertMany(legacy, 1000, (t, b) => t.insertInto('legacy_authors').values(b).execute());
  await k.insertInto('users').values(users).execute();
  await k.insertInto('pseuds').values(pseuds).execute();
  await k.insertInto('collections').values(collections).execute();

  const ratingDraw = (): (typeof RATINGS)[number] => {
    const x = rand();
    return x < 0.25 ? 'General Audiences' : x < 0.55 ? 'Teen And Up Audiences' : x < 0.7 ? 'Mature' : x < 0.9 ? 'Explicit' : 'Not Rated';
  };
  const warningDraw = (): string[] => {
    const x = rand();
    const first = x < 0.55 ? WARNINGS[3] : x < 0.85 ? WARNINGS[0] : x < 0.95 ? WARNINGS[1] : x < 0.98 ? WARNINGS[2] : x < 0.99 ? WARNINGS[4] : WARNINGS[5];
    return rand() < 0.1 && first !== WARNINGS[3] ? [first!, WARNINGS[2]] : [first!];
  };
  const categoryDraw = (): string[] => {
    const x = rand();
    const c = x < 0.45 ? 'M/M' : x < 0.65 ? 'F/M' : x < 0.85 ? 'Gen' : x < 0.93 ? 'F/F' : x < 0.97 ? 'Multi' : 'Other';
    return rand() < 0.1 ? [...new Set([c, pick(CATEGORIES)])] : [c];
  };
  const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const start = Date.parse('2009-11-01T00:00:00.000Z');
  const span = Date.parse('2024-12-31T00:00:00.000Z') - start;
  const languages = ['en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'zh', 'es', 'ru', 'fr', 'de'];
  // Story text: a Zipf-distributed vocabulary of 30,000 words whose head is WORDS (in order).
  const vocabulary = [...WORDS];
  for (const seen = new Set(WORDS); vocabulary.length < 30_000; ) {
    const w = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYLLABLES)).join('');
    if (!seen.has(w)) {
      seen.add(w);
      vocabulary.push(w);
    }
  }
  const wordDraw = zipf(vocabulary.length, 1.0, rand);
  const sentence = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += (i > 0 ? ' ' : '') + vocabulary[wordDraw()]!;
    return s;
  };

  const BATCH = 2000;
  const pg = db.dialect.name === 'postgres';
  for (let base = 0; base < N; base += BATCH) {
    const works: Record<string, unknown>[] = [];
    const wt: [number, number, number][] = [];
    const cr: [number, number, number | null, number | null][] = [];
    const cw: [number, number][] = [];
    const ch: Record<string, unknown>[] = [];
    for (let id = base + 1; id <= Math.min(N, base + BATCH); id++) {
      const rating = ratingDraw();
      const tags: number[] = [fixed.get(`rating:${rating}`)!];
      for (const w of warningDraw()) tags.push(fixed.get(`warning:${w}`)!);
      for (const c of categoryDraw()) tags.push(fixed.get(`category:${c}`)!);
      const f1 = fandomDraw();
      const fs = [f1];
      if (rand() < 0.08) fs.push(fandomDraw());
      for (const f of fs) {
        tags.push(fandoms[f]!);
        const pool = pools[f]!;
        for (let i = Math.floor(rand() * 3); i > 0; i--) tags.push(pick(pool.rels));
        for (let i = 1 + Math.floor(rand() * 5); i > 0; i--) tags.push(pick(pool.chars));
      }
      for (let i = Math.floor(rand() * 16); i > 0; i--) tags.push(freeforms[freeformDraw()]!);
      const uniq = [...new Set(tags)];
      uniq.forEach((t, i) => wt.push([id, t, i]));
      const published = start + Math.floor(rand() * span);
      const updated = Math.min(start + span, published + (rand() < 0.4 ? 0 : Math.floor(rand() * 2 * 365 * 86_400_000)));
      const kudos = Math.floor(Math.exp(2.5 + 1.6 * normal()));
      const words = Math.max(100, Math.round(Math.exp(Math.log(3000) + 1.3 * normal())));
      const chapters = words < 5000 ? 1 : 1 + Math.floor(rand() * Math.min(40, words / 3000));
      const x = rand();
      works.push({
        id,
        title: `${pick(WORDS)} ${pick(WORDS)} ${name(2)}`.replace(/^./, (c) => c.toUpperCase()),
        summary: sentence(10 + Math.floor(rand() * 30)),
        notes: rand() < 0.3 ? sentence(12) : null,
        end_notes: null, spoilers: null, disclaimer: null,
        language: pick(languages),
        rating, rating_text: null, warning_text: null,
        expected_chapters: rand() < 0.7 ? chapters : null,
        complete: rand() < 0.7 ? 1 : 0,
        posted: x < 0.02 ? 0 : 1,
        restricted: rand() < 0.1 ? 1 : 0,
        hidden_at: x > 0.997 ? now : null,
        hidden_reason: null,
        deleted_at: x > 0.994 && x <= 0.997 ? now : null,
        published_at: new Date(published).toISOString(),
        updated_at: new Date(updated).toISOString(),
        created_at: now,
        words, chapter_count: chapters,
        hits: Math.floor(kudos * (5 + rand() * 20)) + Math.floor(rand() * 50),
        kudos_count: kudos,
        comments_count: Math.floor(kudos * rand() * 0.2),
        bookmarks_count: Math.floor(kudos * rand() * 0.25),
        source_path: null, archive: null,
      });
      if (rand() < 0.1) cr.push([id, 0, 1 + Math.floor(rand() * pseuds.length), null]);
      else cr.push([id, 0, null, 1 + Math.floor(rand() * A)]);
      if (rand() < 0.05) cr.push([id, 1, null, 1 + Math.floor(rand() * A)]);
      if (rand() < 0.03) cw.push([1 + Math.floor(rand() * collections.length), id]);
      if (opts.chapterWords && opts.chapterWords > 0) {
        const parts = Math.max(1, Math.min(chapters, 8));
        for (let p = 0; p < parts; p++) {
          const n = Math.ceil(opts.chapterWords / parts);
          const paras: string[] = [];
          for (let i = 0; i < n; i += 80) paras.push(`<p>${sentence(Math.min(80, n - i))}.</p>`);
          ch.push({ work_id: id, position: p + 1, title: null, summary: null, notes: null, end_notes: null, body: paras.join(''), words: n });
        }
      }
    }
    await k.transaction().execute(async (trx) => {
      for (let i = 0; i < works.length; i += 500) await trx.insertInto('works').values(works.slice(i, i + 500) as never).execute();
      if (pg) {
        await sql`insert into work_tags(work_id, tag_id, position) select * from unnest(${wt.map((r) => r[0])}::int[], ${wt.map((r) => r[1])}::int[], ${wt.map((r) => r[2])}::int[])`.execute(trx);
      } else {
        for (let i = 0; i < wt.length; i += 3000) {
          await sql`insert into work_tags(work_id, tag_id, position) select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') from json_each(${JSON.stringify(wt.slice(i, i + 3000))})`.execute(trx);
        }
      }
      for (let i = 0; i < cr.length; i += 1000) {
        await trx.insertInto('creatorships').values(cr.slice(i, i + 1000).map(([work_id, position, pseud_id, legacy_author_id]) => ({ work_id, position, pseud_id, legacy_author_id }))).execute();
      }
      if (cw.length > 0) await trx.insertInto('collection_works').values(cw.map(([collection_id, work_id]) => ({ collection_id, work_id }))).execute();
      for (let i = 0; i < ch.length; i += 100) await trx.insertInto('chapters').values(ch.slice(i, i + 100) as never).execute();
    });
    opts.onProgress?.(Math.min(N, base + BATCH), N);
  }
  if (pg) {
    for (const t of ['works', 'tags', 'legacy_authors', 'users', 'pseuds', 'collections']) {
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), greatest((select max(id) from ${sql.table(t)}), 1))`.execute(k);
    }
    await sql`analyze`.execute(k);
  } else {
    await sql`analyze`.execute(k);
  }
  return { works: N, tags: tagRows.length };
}
