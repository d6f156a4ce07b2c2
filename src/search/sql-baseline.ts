import { sql } from 'kysely';
import type { Expression, RawBuilder, SqlBool } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Viewer } from '../accounts/viewer.js';
import { creatorKey } from '../accounts/creator-store.js';
import { listedWhere } from '../works/visibility.js';
import { tagKey } from '../tags/tag-key.js';
import type { SearchRequest } from './params.js';
import { hasText } from './query-language.js';
import { FACET_SIZE, FACET_TYPES, RANGE_COLUMNS, emptyFacets, legacyCode, makePlan, pseudCode } from './plan.js';
import type { FacetType, Plan, Resolver, SearchResult } from './plan.js';
import type { SearchOptions } from './engine.js';
import { textSnippets } from './text-index.js';
import { textHas, textScore } from './text-match.js';
import type { TextMatch } from './text-match.js';
import type { ParsedQuery } from './query-language.js';

/**
 * The same search in plain SQL: indexed joins on work_tags, synonyms and meta tags by
 * recursive queries over `tags` / `tag_parents`, facets by GROUP BY. It must return exactly
 * what the in-memory index returns (tests compare them on random requests); the benchmark
 * times both. The text part is shared: `text` is the engine's matcher (SearchIndex.matchText,
 * text-match.ts), so both see the same matches and scores; a text query without it is an error.
 */
export async function sqlBaseline(
  db: Db,
  req: SearchRequest,
  viewer: Viewer,
  opts: SearchOptions & { text?: (q: ParsedQuery, o: { scores?: boolean }) => Promise<TextMatch>; tagArrays?: string } = {},
): Promise<SearchResult> {
  const plan = await makePlan(req, sqlResolver(db), opts.mute);
  let text: TextMatch | null = null;
  if (plan.query !== null && hasText(plan.query)) {
    if (!opts.text) throw new Error('sqlBaseline: a text query needs the text matcher (opts.text)');
    text = await opts.text(plan.query, { scores: plan.sort === 'best_match' });
  }
  const empty = (): SearchResult => ({ total: 0, page: plan.page, perPage: plan.perPage, ids: [], facets: emptyFacets() });
  if (plan.require.some((r) => r.length === 0) || plan.collectionIds?.length === 0 || plan.creatorCodes?.length === 0) return empty();

  const k = db.kysely;
  const pg = db.dialect.name === 'postgres';
  const idIn = (ids: readonly number[]): RawBuilder<SqlBool> =>
    pg ? sql<SqlBool>`works.id = any(${[...ids]}::int[])` : sql<SqlBool>`works.id in (select value from json_each(${JSON.stringify([...ids])}))`;

  // PostgreSQL with `tagArrays` (a table made by `createTagArrays`): each work's tag ids in one
  // int[] column with a GIN index, the plain design the issue measured for reference.
  const arrays = pg && opts.tagArrays ? sql.table(opts.tagArrays) : null;
  const withTags = (raw: readonly number[]) => sql<SqlBool>`works.id in (select work_id from ${arrays} where tag_ids && ${[...raw]}::int[])`;
  let q = k.selectFrom('works').where((eb) => listedWhere(eb, viewer));
  for (const ids of plan.require) {
    const raw = await rawTagIds(db, ids);
    q = arrays
      ? q.where(withTags(raw))
      : q.where((eb) => eb.exists(eb.selectFrom('work_tags as wt').select('wt.work_id').whereRef('wt.work_id', '=', 'works.id').where('wt.tag_id', 'in', raw.length > 0 ? raw : [-1])));
  }
  if (plan.forbid.length > 0) {
    const raw = await rawTagIds(db, plan.forbid);
    if (raw.length > 0 && arrays) q = q.where((eb) => eb.not(withTags(raw) as Expression<SqlBool>));
    else if (raw.length > 0) q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('work_tags as wt').select('wt.work_id').whereRef('wt.work_id', '=', 'works.id').where('wt.tag_id', 'in', raw))));
  }
  if (plan.ratings) q = q.where('works.rating', 'in', plan.ratings);
  if (plan.complete !== null) q = q.where('works.complete', '=', plan.complete ? 1 : 0);
  for (const [field, r] of Object.entries(plan.ranges)) {
    const col = `works.${RANGE_COLUMNS[field as keyof typeof RANGE_COLUMNS]}` as const;
    if (r.min !== null) q = q.where(col, '>=', r.min);
    if (r.max !== null) q = q.where(col, '<=', r.max);
  }
  if (plan.posted.from !== null) q = q.where('works.published_at', '>=', plan.posted.from);
  if (plan.posted.until !== null) q = q.where('works.published_at', '<', plan.posted.until);
  if (plan.updated.from !== null) q = q.where('works.updated_at', '>=', plan.updated.from);
  if (plan.updated.until !== null) q = q.where('works.updated_at', '<', plan.updated.until);
  if (plan.language !== null) q = q.where('works.language', '=', plan.language);
  if (plan.collectionIds) {
    const ids = plan.collectionIds;
    q = q.where('works.id', 'in', k.selectFrom('collection_works').select('work_id').where('collection_id', 'in', ids));
  }
  const creatorWhere = (codes: readonly number[]) => {
    const pseuds = codes.filter((c) => c % 2 === 0).map((c) => c / 2);
    const legacy = codes.filter((c) => c % 2 === 1).map((c) => (c - 1) / 2);
    return k
      .selectFrom('creatorships')
      .select('work_id')
      .where((eb) => eb.or([eb('pseud_id', 'in', pseuds.length > 0 ? pseuds : [-1]), eb('legacy_author_id', 'in', legacy.length > 0 ? legacy : [-1])]));
  };
  if (plan.creatorCodes) q = q.where('works.id', 'in', creatorWhere(plan.creatorCodes));
  if (plan.muteCreatorCodes.length > 0) q = q.where('works.id', 'not in', creatorWhere(plan.muteCreatorCodes));
  if (plan.crossover !== 'include') {
    const crossoverIds = sql`(with recursive fc(tag_id, fid) as (
        select id, coalesce(merger_id, id) from tags where type = 'fandom'
        union select fc.tag_id, tp.parent_id from fc join tag_parents tp on tp.child_id = fc.fid),
      ff as (select fc.tag_id, fc.fid from fc join tags f on f.id = fc.fid and f.type = 'fandom'),
      tops as (select tag_id from ff group by tag_id having count(*) = 1 and min(fid) = tag_id)
      select wt.work_id from work_tags wt join ff on ff.tag_id = wt.tag_id join tops on tops.tag_id = ff.fid
      group by wt.work_id having count(distinct ff.fid) > 1)`;
    q = q.where(plan.crossover === 'only' ? sql<SqlBool>`works.id in ${crossoverIds}` : sql<SqlBool>`works.id not in ${crossoverIds}`);
  }
  if (text) {
    if (text.ids) q = q.where(idIn([...text.ids]));
    if (text.excluded.size > 0) q = q.where((eb) => eb.not(idIn([...text.excluded]) as Expression<SqlBool>));
  }

  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);
  const facets = total === 0 ? emptyFacets() : await sqlFacets(db, q.select('works.id'), arrays);

  const dir = plan.order === 'desc' ? sql.raw('desc') : sql.raw('asc');
  const collate = pg ? sql.raw(' collate "C"') : sql.raw('');
  let ids: number[] = [];
  const offset = (plan.page - 1) * plan.perPage;
  if (offset < total) {
    if (plan.sort === 'best_match') {
      const all = (await q.select('works.id').execute()).map((r) => r.id);
      const entries = text?.scores ? all.flatMap((id) => (textHas(text, id) ? [[id, textScore(text, id)] as const] : [])) : [];
      const scoreTable = pg
        ? sql`(select * from unnest(${entries.map((e) => e[0])}::int[], ${entries.map((e) => e[1])}::float8[]) as s(id, score))`
        : sql`(select json_extract(value, '$[0]') as id, json_extract(value, '$[1]') as score from json_each(${JSON.stringify(entries)}))`;
      const rows = await sql<{ id: number }>`select works.id from ${q.select('works.id')} as works left join ${scoreTable} as s on s.id = works.id
        order by coalesce(s.score, 0) ${dir}, works.id ${dir} limit ${plan.perPage} offset ${offset}`.execute(k);
      ids = rows.rows.map((r) => Number(r.id));
    } else {
      const key = orderExpression(plan, collate);
      const rows = await q.select('works.id').orderBy(key, plan.order).orderBy('works.id', plan.order).limit(plan.perPage).offset(offset).execute();
      ids = rows.map((r) => r.id);
    }
  }
  const result: SearchResult = { total, page: plan.page, perPage: plan.perPage, ids, facets };
  if (text !== null && plan.query !== null && opts.snippets !== false && ids.length > 0) result.snippets = await textSnippets(db, plan.query, ids);
  return result;
}

function orderExpression(plan: Plan, collate: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (plan.sort) {
    case 'updated': return sql`works.updated_at`;
    case 'posted': return sql`works.published_at`;
    case 'title': return sql`works.title${collate}`;
    case 'creator':
      return sql`coalesce((select coalesce(p.name, l.name) from creatorships c left join pseuds p on p.id = c.pseud_id
        left join legacy_authors l on l.id = c.legacy_author_id where c.work_id = works.id order by c.position limit 1), '')${collate}`;
    case 'words': return sql`works.words`;
    case 'hits': return sql`works.hits`;
    case 'kudos': return sql`works.kudos_count`;
    case 'comments': return sql`works.comments_count`;
    case 'bookmarks': return sql`works.bookmarks_count`;
    default: return sql`works.updated_at`;
  }
}

/** Facet counts by GROUP BY over the result's tags and their filter ids (synonyms, meta tags). */
async function sqlFacets(db: Db, idsQuery: { compile: unknown }, arrays: RawBuilder<unknown> | null): Promise<Record<FacetType, { tag: string; count: number }[]>> {
  const collate = db.dialect.name === 'postgres' ? sql.raw(' collate "C"') : sql.raw('');
  // The result's (work, tag) rows: from work_tags, or unnested from the tag id arrays.
  const tagRows = arrays ? sql`(select a.work_id, u.tag_id from ${arrays} a cross join unnest(a.tag_ids) as u(tag_id))` : sql`work_tags`;
  const rows = await sql<{ type: string; name: string; n: number }>`with recursive res as ${idsQuery as RawBuilder<unknown>},
      rt as (select distinct wt.tag_id as id from ${tagRows} wt join res on res.id = wt.work_id),
      cl(tag_id, fid) as (select t.id, coalesce(t.merger_id, t.id) from tags t join rt on rt.id = t.id
        union select cl.tag_id, tp.parent_id from cl join tag_parents tp on tp.child_id = cl.fid),
      counts as (select cl.fid, count(distinct wt.work_id) as n from res join ${tagRows} wt on wt.work_id = res.id join cl on cl.tag_id = wt.tag_id group by cl.fid),
      ranked as (select f.type, f.name, c.n, row_number() over (partition by f.type order by c.n desc, f.name${collate}, f.id) as r from counts c join tags f on f.id = c.fid)
    select type, name, n from ranked where r <= ${FACET_SIZE} order by type, r`.execute(db.kysely);
  const out = emptyFacets();
  for (const r of rows.rows) {
    if ((FACET_TYPES as readonly string[]).includes(r.type)) out[r.type as FacetType].push({ tag: r.name, count: Number(r.n) });
  }
  return out;
}

/**
 * PostgreSQL: (re)makes `table` (work_id, tag_ids int[]) from work_tags, with a GIN index on
 * the arrays, for `sqlBaseline`'s `tagArrays` (benchmarks and tests; not kept in step with saves).
 */
export async function createTagArrays(db: Db, table: string): Promise<void> {
  const k = db.kysely;
  const t = sql.table(table);
  await sql`drop table if exists ${t}`.execute(k);
  await sql`create table ${t} as select work_id, array_agg(tag_id order by tag_id) as tag_ids from work_tags group by work_id`.execute(k);
  await sql`alter table ${t} add primary key (work_id)`.execute(k);
  await sql`create index ${sql.id(`${table}_gin`)} on ${t} using gin (tag_ids)`.execute(k);
  await sql`analyze ${t}`.execute(k);
}

/** Raw tag ids that count as any of these filter ids: their synonyms and every descendant's. */
async function rawTagIds(db: Db, filterIds: readonly number[]): Promise<number[]> {
  if (filterIds.length === 0) return [];
  const rows = await sql<{ id: number }>`with recursive d(id) as (
      select id from tags where id in (${sql.join([...filterIds])})
      union select tp.child_id from tag_parents tp join d on tp.parent_id = d.id)
    select id from tags where merger_id is null and id in (select id from d)
    union select id from tags where merger_id in (select id from d)`.execute(db.kysely);
  return rows.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

function sqlResolver(db: Db): Resolver {
  const k = db.kysely;
  return {
    async canonicalTags(name, type) {
      let q = k.selectFrom('tags').select(['id', 'merger_id']).where('name_key', '=', tagKey(name));
      if (type !== null) q = q.where('type', '=', type);
      return (await q.execute()).map((r) => r.merger_id ?? r.id);
    },
    async canonicalOf(id) {
      const r = await k.selectFrom('tags').select(['id', 'merger_id']).where('id', '=', id).executeTakeFirst();
      return r?.merger_id ?? id;
    },
    async collectionIds(name) {
      return (await k.selectFrom('collections').select('id').where('name', '=', name).execute()).map((r) => r.id);
    },
    async creatorCodes(name) {
      const key = creatorKey(name);
      const [p, l] = await Promise.all([
        k.selectFrom('pseuds').select('id').where('name_key', '=', key).execute(),
        k.selectFrom('legacy_authors').select('id').where('name_key', '=', key).execute(),
      ]);
      return [...p.map((r) => pseudCode(r.id)), ...l.map((r) => legacyCode(r.id))];
    },
  };
}
