import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { workInput } from '../../test/support/work-input.js';
import { GUEST } from '../accounts/viewer.js';
import type { Viewer } from '../accounts/viewer.js';
import { createWorkService } from '../works/index.js';
import type { WorkInput } from '../works/model.js';
import { tagKey } from '../tags/tag-key.js';
import { apiWorksResponse, createSearchService, SearchIndex } from './index.js';
import type { SearchService } from './index.js';
import { parseSearchParams, SearchParamError } from './params.js';
import type { SearchMute, SearchResult } from './plan.js';
import { loadTagClosure } from './tag-closure.js';

const READER: Viewer = { userId: 9, roles: ['reader'], pseudIds: [] };
const body = (text: string) => [{ title: null, summary: null, notes: null, endNotes: null, body: `<p>${text}</p>` }];

/**
 * A small archive with known answers:
 *   W1 Dragon Winter   Alpha Saga + Alpha Saga (Movies) (not a crossover: one top-level fandom), G, Gen, Fluff
 *   W2 Quiet Garden    Alpha Saga (Movies) (a sub-fandom of Alpha Saga), T, MCD, F/M, "Fluffy" (a synonym of Fluff), Angst, in progress
 *   W3 Storm Letters   Beta Show + Alpha Saga: a crossover, M, GDoV, M/M, Angst, French
 *   W4 Restricted Tale Beta Show, restricted (signed-in readers only)
 *   W5 draft, W6 hidden, W8 deleted: never listed
 *   W7 Gamma One       Gamma Book, E, CNTW, F/F, Slow Burn
 */
const WORKS: Record<string, Partial<WorkInput>> = {
  W1: {
    title: 'Dragon Winter', creators: [{ kind: 'legacy', name: 'Ada Quill' }], summary: 'A tale of ice.', fandoms: ['Alpha Saga', 'Alpha Saga (Movies)'],
    rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], categories: ['Gen'], relationships: ['Ann/Bob'], characters: ['Ann', 'Bob'], freeforms: ['Fluff'],
    chapters: body('The silver river ran past the sleeping dragon.'), complete: true, stats: { hits: 100, kudos: 10, comments: 1, bookmarks: 2 },
    publishedAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-02-01T00:00:00.000Z', collections: ['winter-fest'],
  },
  W2: {
    title: 'Quiet Garden', creators: [{ kind: 'legacy', name: 'Bo Reed' }], summary: 'Flowers bloom.', fandoms: ['Alpha Saga (Movies)'],
    rating: 'Teen And Up Audiences', warnings: ['Major Character Death'], categories: ['F/M'], characters: ['Ann'], freeforms: ['Fluffy', 'Angst'],
    chapters: body('A quiet garden in winter, and nothing more to say about it at all.'), complete: false, stats: { hits: 40, kudos: 50, comments: 9, bookmarks: 1 },
    publishedAt: '2021-05-01T00:00:00.000Z', updatedAt: '2022-01-01T00:00:00.000Z',
  },
  W3: {
    title: 'Storm Letters', creators: [{ kind: 'legacy', name: 'ada quill' }], summary: 'Rain.', fandoms: ['Beta Show', 'Alpha Saga'], language: 'fr',
    rating: 'Mature', warnings: ['Graphic Depictions Of Violence'], categories: ['M/M'], characters: [], freeforms: ['Angst'],
    chapters: body('Letters about the storm and the silver moon.'), complete: true, stats: { hits: 300, kudos: 5, comments: 0, bookmarks: 7 },
    publishedAt: '2019-03-03T00:00:00.000Z', updatedAt: '2023-03-03T00:00:00.000Z',
  },
  W4: { title: 'Restricted Tale', creators: [{ kind: 'legacy', name: 'Cy Moss' }], fandoms: ['Beta Show'], freeforms: ['Fluff'], restricted: true, stats: { hits: 1, kudos: 100, comments: 0, bookmarks: 0 }, updatedAt: '2024-01-01T00:00:00.000Z' },
  W5: { title: 'Draft Dragon', fandoms: ['Gamma Book'], posted: false },
  W6: { title: 'Hidden Dragon', fandoms: ['Gamma Book'], hidden: true },
  W7: {
    title: 'Gamma One', creators: [{ kind: 'legacy', name: 'Bo Reed' }], summary: 'Slow.', fandoms: ['Gamma Book'], rating: 'Explicit',
    warnings: ['Creator Chose Not To Use Archive Warnings'], categories: ['F/F'], characters: ['Cleo'], freeforms: ['Slow Burn'],
    chapters: body('Slow burn romance, with a river of silver light.'), complete: true, stats: { hits: 70, kudos: 7, comments: 3, bookmarks: 3 },
    publishedAt: '2020-06-01T00:00:00.000Z', updatedAt: '2021-01-01T00:00:00.000Z',
  },
  W8: { title: 'Deleted Dragon', fandoms: ['Gamma Book'] },
};

describe.each(await availableKinds())('search on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let search: SearchService;
  const id: Record<string, number> = {};
  const name = new Map<number, string>();

  const run = async (qs: string, viewer: Viewer = GUEST, mute?: SearchMute): Promise<SearchResult> => {
    const req = parseSearchParams(new URLSearchParams(qs));
    const fast = await search.search(req, viewer, { mute });
    const slow = await search.baseline(req, viewer, { mute });
    // Every known answer is also checked against the plain-SQL baseline.
    expect(fast).toEqual(slow);
    return fast;
  };
  const names = (r: SearchResult) => r.ids.map((i) => name.get(i));
  const tagId = async (n: string) => (await db.kysely.selectFrom('tags').select('id').where('name_key', '=', tagKey(n)).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    const works = createWorkService(db);
    for (const [key, over] of Object.entries(WORKS)) {
      id[key] = await works.save(workInput({ characters: [], ...over }));
      name.set(id[key], key);
    }
    const k = db.kysely;
    await k.updateTable('works').set({ deleted_at: '2024-06-01T00:00:00.000Z' }).where('id', '=', id.W8!).execute();
    // Wrangling, as the tags capability would store it.
    await k.updateTable('tags').set({ merger_id: await tagId('Fluff') }).where('id', '=', await tagId('Fluffy')).execute();
    await k.updateTable('tags').set({ canonical: 1 }).where('id', '=', await tagId('Alpha Saga')).execute();
    await k.insertInto('tag_parents').values({ parent_id: await tagId('Alpha Saga'), child_id: await tagId('Alpha Saga (Movies)') }).execute();
    search = await createSearchService(db, { rebuildTextIfEmpty: true });
  });
  afterAll(() => store.cleanup());

  it('lists what the visibility rule lists, newest update first', async () => {
    const guest = await run('');
    expect(guest.total).toBe(4);
    expect(names(guest)).toEqual(['W3', 'W2', 'W7', 'W1']);
    const reader = await run('', READER);
    expect(reader.total).toBe(5);
    expect(names(reader)).toEqual(['W4', 'W3', 'W2', 'W7', 'W1']);
  });

  it('keeps restricted works out of guests’ counts and facets', async () => {
    const guest = await run('freeform=Fluff');
    expect(guest.total).toBe(2);
    expect(guest.facets.fandom).toEqual([{ tag: 'Alpha Saga', count: 2 }, { tag: 'Alpha Saga (Movies)', count: 2 }]);
    const reader = await run('freeform=Fluff', READER);
    expect(reader.total).toBe(3);
    expect(reader.facets.freeform).toEqual([{ tag: 'Fluff', count: 3 }, { tag: 'Angst', count: 1 }]);
    expect(reader.facets.fandom).toContainEqual({ tag: 'Beta Show', count: 1 });
  });

  it('filters by fandom with meta-tag inheritance, and by synonyms', async () => {
    expect(names(await run('fandom=Alpha Saga&sort=title&order=asc'))).toEqual(['W1', 'W2', 'W3']);
    expect(names(await run('fandom=alpha saga (movies)&sort=title&order=asc'))).toEqual(['W1', 'W2']);
    expect(names(await run('include=Fluffy&sort=title&order=asc'))).toEqual(['W1', 'W2']);
    expect(names(await run('freeform=Fluff&freeform=Angst'))).toEqual(['W2']);
    expect(names(await run('relationship=Ann/Bob'))).toEqual(['W1']);
    expect(names(await run('character=Ann&sort=title&order=asc'))).toEqual(['W1', 'W2']);
    expect((await run('include=No Such Tag')).total).toBe(0);
    expect((await run('fandom=Fluff')).total).toBe(0); // a name of another type
  });

  it('excludes tags, and mutes tags, fandoms and creators', async () => {
    expect(names(await run('exclude=Angst&sort=title&order=asc'))).toEqual(['W1', 'W7']);
    expect(names(await run('exclude=Fluffy,Gamma Book'))).toEqual(['W3']);
    expect(names(await run('sort=title&order=asc', GUEST, { tagIds: [await tagId('Angst')] }))).toEqual(['W1', 'W7']);
    expect(names(await run('sort=title&order=asc', GUEST, { fandomIds: [await tagId('Alpha Saga')] }))).toEqual(['W7']);
    const ada = await db.kysely.selectFrom('legacy_authors').select('id').where('name_key', '=', 'ada quill').executeTakeFirstOrThrow();
    const muted = await run('sort=title&order=asc', GUEST, { creatorKeys: [`legacy:${ada.id}`] });
    expect(names(muted)).toEqual(['W7', 'W2']);
    expect(muted.facets.rating).toEqual([{ tag: 'Explicit', count: 1 }, { tag: 'Teen And Up Audiences', count: 1 }]);
  });

  it('filters by rating, warning and category (any of several)', async () => {
    expect(names(await run('rating=General Audiences,Teen And Up Audiences&sort=title&order=asc'))).toEqual(['W1', 'W2']);
    expect(names(await run('warning=Major Character Death'))).toEqual(['W2']);
    expect(names(await run('category=F/M&category=F/F&sort=title&order=asc'))).toEqual(['W7', 'W2']);
  });

  it('filters crossovers: one top-level fandom is not a crossover', async () => {
    expect(names(await run('crossover=only'))).toEqual(['W3']);
    expect(names(await run('crossover=exclude&sort=title&order=asc'))).toEqual(['W1', 'W7', 'W2']);
  });

  it('filters by completion, words, dates, language, collection and creator', async () => {
    expect(names(await run('complete=false'))).toEqual(['W2']);
    expect(names(await run('complete=true&sort=title&order=asc'))).toEqual(['W1', 'W7', 'W3']);
    expect(names(await run('words_min=9&words_max=9'))).toEqual(['W7']);
    expect(names(await run('words_min=10&sort=words'))).toEqual(['W2']);
    expect(names(await run('posted_after=2020-01-01&sort=posted&order=asc'))).toEqual(['W1', 'W7', 'W2']);
    expect(names(await run('posted_before=2020-01-01&sort=posted&order=asc'))).toEqual(['W3', 'W1']);
    expect(names(await run('updated_after=2021-01-02&updated_before=2022-01-01'))).toEqual(['W2']);
    expect(names(await run('language=fr'))).toEqual(['W3']);
    expect(names(await run('collection=winter-fest'))).toEqual(['W1']);
    expect((await run('collection=nope')).total).toBe(0);
    expect(names(await run('creator=ADA QUILL&sort=title&order=asc'))).toEqual(['W1', 'W3']);
    expect((await run('creator=Nobody')).total).toBe(0);
  });

  it('sorts by every key, both ways, ties broken by id', async () => {
    expect(names(await run('sort=kudos'))).toEqual(['W2', 'W1', 'W7', 'W3']);
    expect(names(await run('sort=kudos&order=asc'))).toEqual(['W3', 'W7', 'W1', 'W2']);
    expect(names(await run('sort=hits'))).toEqual(['W3', 'W1', 'W7', 'W2']);
    expect(names(await run('sort=comments'))).toEqual(['W2', 'W7', 'W1', 'W3']);
    expect(names(await run('sort=bookmarks'))).toEqual(['W3', 'W7', 'W1', 'W2']);
    expect(names(await run('sort=words'))).toEqual(['W2', 'W7', 'W3', 'W1']);
    expect(names(await run('sort=posted'))).toEqual(['W2', 'W7', 'W1', 'W3']);
    expect(names(await run('sort=updated&order=asc'))).toEqual(['W1', 'W7', 'W2', 'W3']);
    expect(names(await run('sort=title&order=asc'))).toEqual(['W1', 'W7', 'W2', 'W3']);
    // Ada Quill wrote W1 and W3 (same identity, two spellings), Bo Reed W2 and W7: ties by id.
    expect(names(await run('sort=creator&order=asc'))).toEqual(['W1', 'W3', 'W2', 'W7']);
    expect(names(await run('sort=creator'))).toEqual(['W7', 'W2', 'W3', 'W1']);
  });

  it('pages without repeating or skipping', async () => {
    const p1 = await run('per_page=3');
    const p2 = await run('per_page=3&page=2');
    expect(p1).toMatchObject({ total: 4, page: 1, perPage: 3 });
    expect([...names(p1), ...names(p2)]).toEqual(['W3', 'W2', 'W7', 'W1']);
    expect((await run('per_page=3&page=3')).ids).toEqual([]);
  });

  it('counts the top tags of each type over the whole result set', async () => {
    const r = await run('fandom=Alpha Saga&per_page=1');
    expect(r.total).toBe(3);
    expect(r.facets).toEqual({
      rating: [{ tag: 'General Audiences', count: 1 }, { tag: 'Mature', count: 1 }, { tag: 'Teen And Up Audiences', count: 1 }],
      warning: [{ tag: 'Graphic Depictions Of Violence', count: 1 }, { tag: 'Major Character Death', count: 1 }, { tag: 'No Archive Warnings Apply', count: 1 }],
      category: [{ tag: 'F/M', count: 1 }, { tag: 'Gen', count: 1 }, { tag: 'M/M', count: 1 }],
      fandom: [{ tag: 'Alpha Saga', count: 3 }, { tag: 'Alpha Saga (Movies)', count: 2 }, { tag: 'Beta Show', count: 1 }],
      relationship: [{ tag: 'Ann/Bob', count: 1 }],
      character: [{ tag: 'Ann', count: 2 }, { tag: 'Bob', count: 1 }],
      // "Fluffy" counts as its canonical "Fluff".
      freeform: [{ tag: 'Angst', count: 2 }, { tag: 'Fluff', count: 2 }],
    });
  });

  it('searches story text, titles, summaries, creators and tags, with snippets', async () => {
    const dragon = await run('q=dragon');
    expect(names(dragon)).toEqual(['W1']);
    const phrase = await run('q="silver river"');
    expect(names(phrase)).toEqual(['W1']);
    expect(phrase.snippets?.[id.W1!]?.[0]).toMatch(/<mark>silver/);
    expect(phrase.snippets?.[id.W1!]?.[0]).toContain('river');
    expect(names(await run('q=silver -river'))).toEqual(['W3']);
    expect(names(await run('q=garden OR storm&sort=title&order=asc'))).toEqual(['W2', 'W3']);
    expect(names(await run('q=title:garden'))).toEqual(['W2']);
    expect(names(await run('q=summary:flowers'))).toEqual(['W2']);
    expect((await run('q=summary:garden')).total).toBe(0);
    expect(names(await run('q=creator:reed&sort=title&order=asc'))).toEqual(['W7', 'W2']);
    expect(names(await run('q=tag:angst&sort=title&order=asc'))).toEqual(['W2', 'W3']);
    expect(names(await run('q=silver&complete=true&sort=title&order=asc'))).toEqual(['W1', 'W7', 'W3']);
    expect((await run('q=silver complete:true')).total).toBe(0); // an unknown prefix is plain text
    const combined = await run('q=silver&fandom=Alpha Saga&rating=Mature');
    expect(names(combined)).toEqual(['W3']);
    expect(combined.facets.fandom).toEqual([{ tag: 'Alpha Saga', count: 1 }, { tag: 'Beta Show', count: 1 }]);
  });

  it('shapes the API response from a result and its blurbs', async () => {
    const r = await run('q="silver river"');
    const body = apiWorksResponse(r, await createWorkService(db).blurbs(r.ids));
    expect(body).toMatchObject({ total: 1, page: 1, per_page: 20, facets: r.facets });
    expect(body.works[0]).toMatchObject({
      id: id.W1, title: 'Dragon Winter', creators: [{ name: 'Ada Quill', url: '/creators/Ada%20Quill' }], rating: 'General Audiences',
      fandoms: ['Alpha Saga', 'Alpha Saga (Movies)'], tags: ['Fluff'], chapters: { posted: 1, expected: 1 }, complete: true,
      stats: { hits: 100, kudos: 10, comments: 1, bookmarks: 2 }, url: `/works/${id.W1}`, published: '2020-01-01T00:00:00.000Z',
    });
    expect(body.works[0]?.snippets?.[0]).toMatch(/<mark>silver/);
  });

  it('takes ranges and a sort from the query', async () => {
    expect(names(await run('q=kudos>=10&sort=title&order=asc'))).toEqual(['W1', 'W2']);
    expect(names(await run('q=hits<50 comments>5'))).toEqual(['W2']);
    expect(names(await run('q=sort:kudos'))).toEqual(['W2', 'W1', 'W7', 'W3']);
    // The sort parameter wins over the query's.
    expect(names(await run('q=sort:kudos&sort=hits'))).toEqual(['W3', 'W1', 'W7', 'W2']);
  });

  it('rejects a malformed query with a clear error', async () => {
    const err = await search.search(parseSearchParams(new URLSearchParams('q="open')), GUEST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SearchParamError);
    expect((err as SearchParamError).code).toBe('query_syntax');
  });

  it('shows a newly saved work after workChanged, and drops a deleted one', async () => {
    const works = createWorkService(db);
    // Text matches are cached per query: a change to any work must drop them.
    expect((await run('q=comet')).total).toBe(0);
    expect((await run('q=comet&page=2')).total).toBe(0);
    const fresh = await works.save(workInput({ title: 'Fresh Comet', fandoms: ['New Fandom'], freeforms: ['Brand New Tag'], creators: [{ kind: 'legacy', name: 'New Writer' }], chapters: body('A comet over the silver river.'), updatedAt: '2025-01-01T00:00:00.000Z' }));
    await search.workChanged(fresh);
    const deadline = Date.now() + 5000;
    let found: SearchResult | null = null;
    while (Date.now() < deadline) {
      found = await run('freeform=Brand New Tag');
      if (found.total > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(found?.ids).toEqual([fresh]);
    expect((await run('')).ids[0]).toBe(fresh);
    expect((await run('creator=new writer')).ids).toEqual([fresh]);
    expect((await run('q=comet')).ids).toEqual([fresh]);
    expect((await run('q="silver river"&sort=title&order=asc')).ids).toEqual([id.W1, fresh]);
    // Edited: loses its tag, becomes restricted.
    await works.save(workInput({ id: fresh, title: 'Fresh Comet', fandoms: ['New Fandom'], freeforms: [], restricted: true, creators: [{ kind: 'legacy', name: 'New Writer' }] }));
    await search.workChanged(fresh);
    expect((await run('freeform=Brand New Tag')).total).toBe(0);
    expect((await run('q=silver', READER)).ids).not.toContain(fresh); // its story text was replaced
    expect((await run('fandom=New Fandom', READER)).ids).toEqual([fresh]);
    expect((await run('fandom=New Fandom')).total).toBe(0);
    await db.kysely.updateTable('works').set({ deleted_at: '2025-02-01T00:00:00.000Z' }).where('id', '=', fresh).execute();
    await search.workChanged(fresh);
    expect((await run('fandom=New Fandom', READER)).total).toBe(0);
  });

  it('finds accented, compatibility and CJK text', async () => {
    const works = createWorkService(db);
    const w = await works.save(workInput({ title: 'Ｗｉｄｅ Title', fandoms: ['Unicode Fandom'], chapters: body('Café au lait and the ﬁnal bow at 東京タワー.') }));
    await search.workChanged(w);
    expect((await run('q=café')).ids).toEqual([w]);
    expect((await run('q=final')).ids).toEqual([w]);
    expect((await run('q=東京タワー')).ids).toEqual([w]);
    expect((await run('q=title:wide')).ids).toEqual([w]);
    // A query of nothing but marks or punctuation asks for no text: the plain listing.
    expect((await run('q=\u0301 !!')).total).toBe((await run('')).total);
  });

  it('ranks metadata matches by column weight and count, and matches metadata phrases only when adjacent', async () => {
    const works = createWorkService(db);
    const save = async (over: Parameters<typeof workInput>[0]) => {
      const w = await works.save(workInput({ fandoms: ['Ranking Fandom'], chapters: body('Nothing to see.'), ...over }));
      await search.workChanged(w);
      return w;
    };
    const inNotes = await save({ title: 'Plain One', summary: 'A story.', notes: 'Written under a juniper tree.' });
    const inSummary = await save({ title: 'Plain Two', summary: 'A juniper story.' });
    const inTitle = await save({ title: 'Juniper', summary: 'A story.' });
    const inTitleTwice = await save({ title: 'Juniper', summary: 'A juniper story.' });
    const ranked = await run('q=juniper&fandom=Ranking Fandom');
    expect(ranked.ids).toEqual([inTitleTwice, inTitle, inSummary, inNotes]);
    // Accents fold in the metadata as in the story text.
    const accented = await save({ title: 'Crème Brûlée Days', summary: 'Dessert.' });
    expect((await run('q=creme brulee')).ids).toEqual([accented]);
    expect((await run('q=title:"crème brûlée"')).ids).toEqual([accented]);
    // A phrase's words must be next to each other, in that order.
    const apart = await save({ title: 'Harbour Lights', summary: 'A quiet evening at the old harbour.' });
    const together = await save({ title: 'Quiet Harbour', summary: 'Gulls.' });
    expect((await run('q="quiet harbour"&sort=title&order=asc')).ids).toEqual([together]);
    expect((await run('q=quiet harbour&sort=title&order=asc')).ids).toEqual([apart, together]);
    // Edited, the old words stop matching and the new ones match.
    await db.kysely.updateTable('works').set({ notes: null, summary: 'Now about cedar.' }).where('id', '=', inNotes).execute();
    await search.workChanged(inNotes);
    expect((await run('q=juniper&fandom=Ranking Fandom')).ids).toEqual([inTitleTwice, inTitle, inSummary]);
    expect((await run('q=cedar')).ids).toEqual([inNotes]);
  });

  it('builds the metadata word index on a thread of its own exactly as on the main thread', async () => {
    const here = await SearchIndex.build(db, { wordsThread: 'main' });
    const there = await SearchIndex.build(db, { wordsThread: 'worker' });
    expect(here.metaBuild?.thread).toBe('main');
    expect(there.metaBuild?.thread).toBe('worker');
    expect(here.wordIndex.stats.postings).toBeGreaterThan(20);
    expect(there.wordIndex.toArrays()).toEqual(here.wordIndex.toArrays());
    const req = parseSearchParams(new URLSearchParams('q=dragon OR fluff&sort=best_match'));
    expect((await there.search(req, GUEST)).ids).toEqual((await here.search(req, GUEST)).ids);
  });

  it('computes the filter closure of tags: canonical plus ancestors', async () => {
    const closure = await loadTagClosure(db.kysely, [await tagId('Fluffy'), await tagId('Alpha Saga (Movies)')]);
    expect(closure.get(await tagId('Fluffy'))).toEqual([await tagId('Fluff')]);
    expect(closure.get(await tagId('Alpha Saga (Movies)'))).toEqual([await tagId('Alpha Saga'), await tagId('Alpha Saga (Movies)')].sort((a, b) => a - b));
  });
});
