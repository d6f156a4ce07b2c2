import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { workInput } from '../../test/support/work-input.js';
import { createWorkService } from './index.js';
import type { WorkService } from './index.js';
import { GUEST } from '../accounts/viewer.js';
import type { Viewer } from '../accounts/viewer.js';
import { isListed } from './visibility.js';

const READER: Viewer = { userId: 7, roles: ['reader'], pseudIds: [] };

describe.each(await availableKinds())('works store on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let works: WorkService;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    works = createWorkService(db);
  });
  afterAll(() => store.cleanup());

  it('stores a whole work and reads it back', async () => {
    const id = await works.save(
      workInput({
        title: 'Round Trip',
        creators: [{ kind: 'legacy', name: 'Ada Quill' }, { kind: 'legacy', name: 'Bo Reed' }],
        rating: 'Mature',
        ratingText: 'R for language',
        warnings: ['Major Character Death'],
        categories: ['F/M', 'Gen'],
        fandoms: ['Fandom One', 'Fandom Two'],
        relationships: ['Ada Lark/Ben Moss'],
        characters: ['Ada Lark', 'Ben Moss'],
        freeforms: ['Angst', 'Hurt/Comfort'],
        chapters: [
          { title: 'Start', summary: 's1', notes: 'n1', endNotes: 'e1', body: '<p>Hello there, world.</p><script>alert(1)</script>' },
          { title: null, summary: null, notes: null, endNotes: null, body: '<p onclick="x()">Second <a href="https://example.org">link</a>.</p>' },
        ],
        expectedChapters: null,
        complete: false,
        series: [{ title: 'Round Series', part: 2 }],
        related: [{ relation: 'sequel', title: 'Some Other Story', workId: null, url: null }],
        collections: ['test-collection'],
        stats: { hits: 5, kudos: 4, comments: 3, bookmarks: 2 },
        provenance: { archive: 'Old Site', importedAt: '2024-03-01T00:00:00.000Z', sha256: 'a'.repeat(64), original: new Uint8Array([1, 2, 255]), contacts: ['ada@example.org'] },
      }),
    );
    const w = await works.get(id);
    expect(w).not.toBeNull();
    if (!w) return;
    expect(w.creators.map((c) => c.name)).toEqual(['Ada Quill', 'Bo Reed']);
    expect(w.creators[0]?.url).toBe('/creators/Ada%20Quill');
    expect(w.rating).toBe('Mature');
    expect(w.ratingText).toBe('R for language');
    expect(w.warnings).toEqual(['Major Character Death']);
    expect(w.categories).toEqual(['F/M', 'Gen']);
    expect(w.fandoms).toEqual(['Fandom One', 'Fandom Two']);
    expect(w.relationships).toEqual(['Ada Lark/Ben Moss']);
    expect(w.freeforms).toEqual(['Angst', 'Hurt/Comfort']);
    expect(w.chapters.map((c) => c.position)).toEqual([1, 2]);
    expect(w.chapters[0]?.body).toBe('<p>Hello there, world.</p>');
    expect(w.chapters[1]?.body).toBe('<p>Second <a href="https://example.org" rel="nofollow">link</a>.</p>');
    expect(w.chapters.map((c) => c.words)).toEqual([3, 2]);
    expect(w.words).toBe(5);
    expect(w.series).toMatchObject([{ title: 'Round Series', part: 2 }]);
    expect(w.related).toEqual([{ relation: 'sequel', title: 'Some Other Story', workId: null, url: null }]);
    expect(w.collections).toEqual([{ name: 'test-collection', title: 'test-collection' }]);
    expect(w.stats).toEqual({ hits: 5, kudos: 4, comments: 3, bookmarks: 2 });
    const p = await works.provenance(id);
    expect(p?.contacts).toEqual(['ada@example.org']);
    expect([...(p?.original ?? [])]).toEqual([1, 2, 255]);
  });

  it('keeps an explicit id and replaces the work stored under it (idempotent restore)', async () => {
    await works.save(workInput({ id: 500, title: 'First Version' }));
    await works.save(workInput({ id: 500, title: 'Second Version', freeforms: ['Only This'] }));
    const w = await works.get(500);
    expect(w?.title).toBe('Second Version');
    expect(w?.freeforms).toEqual(['Only This']);
    // New works continue after the highest id on every database.
    const next = await works.save(workInput({ title: 'After' }));
    expect(next).toBeGreaterThan(500);
  });

  it('writes nothing when any part of a work fails', async () => {
    const before = await works.countAll();
    // A creator pseud that does not exist fails after the work row, chapters and tags were
    // written in the same transaction: none of them may survive.
    await expect(
      works.save(workInput({ title: 'Broken', creators: [{ kind: 'pseud', pseudId: 999_999 }], freeforms: ['Only In The Broken Work'] })),
    ).rejects.toThrow();
    expect(await works.countAll()).toBe(before);
    expect(await works.findTags('Only In The Broken Work')).toEqual([]);
    await expect(works.save(workInput({ title: 'Bad Rating', rating: 'Bogus' as never }))).rejects.toThrow();
    expect(await works.countAll()).toBe(before);
  });

  it('gives tags one identity under NFKC and full case folding', async () => {
    const a = await works.save(workInput({ freeforms: ['Straße Café'] }));
    const b = await works.save(workInput({ freeforms: ['STRASSE CAFÉ'] }));
    const c = await works.save(workInput({ freeforms: ['ｓｔｒａｓｓｅ　café'] }));
    const tags = await works.findTags('strasse café');
    expect(tags).toHaveLength(1);
    // Works keep the spelling that created the tag; all three are found under it.
    const res = await works.list(GUEST, { tagIds: tags.map((t) => t.id) }, { page: 1, perPage: 10 });
    expect(res.ids.sort()).toEqual([a, b, c].sort());
  });

  it('applies one visibility rule in SQL and in memory, for guests and readers', async () => {
    const ids: { id: number; flags: { posted: boolean; hidden: boolean; restricted: boolean } }[] = [];
    for (const posted of [true, false]) {
      for (const hidden of [true, false]) {
        for (const restricted of [true, false]) {
          const id = await works.save(workInput({ title: 'Vis', posted, hidden, restricted, fandoms: ['Visibility Fandom'] }));
          ids.push({ id, flags: { posted, hidden, restricted } });
        }
      }
    }
    const tag = (await works.findTags('Visibility Fandom')).map((t) => t.id);
    for (const viewer of [GUEST, READER]) {
      const listed = await works.list(viewer, { tagIds: tag }, { page: 1, perPage: 100 });
      const expected = ids
        .filter(({ flags }) => isListed({ posted: flags.posted, hiddenAt: flags.hidden ? 'x' : null, deletedAt: null, restricted: flags.restricted }, viewer))
        .map((x) => x.id);
      expect(listed.ids.sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));
      expect(listed.total).toBe(expected.length);
    }
    // Guests see only posted, unhidden, unrestricted works; readers also restricted ones.
    expect((await works.list(GUEST, { tagIds: tag }, { page: 1, perPage: 100 })).total).toBe(1);
    expect((await works.list(READER, { tagIds: tag }, { page: 1, perPage: 100 })).total).toBe(2);
    const counts = await works.fandomCounts(GUEST);
    expect(counts.find((f) => f.name === 'Visibility Fandom')?.count).toBe(1);
  });

  it('pages through a listing without repeating or skipping works on ties', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await works.save(workInput({ title: `Tie ${i}`, fandoms: ['Tie Fandom'], updatedAt: '2024-05-05T00:00:00.000Z' })));
    const tag = (await works.findTags('Tie Fandom')).map((t) => t.id);
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await works.list(GUEST, { tagIds: tag }, { page, perPage: 3 });
      expect(res.total).toBe(7);
      seen.push(...res.ids);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(ids.sort((a, b) => a - b));
  });

  it('lists by creator, series (in order) and collection', async () => {
    const p2 = await works.save(workInput({ title: 'Part Two', creators: [{ kind: 'legacy', name: 'Series Writer' }], series: [{ title: 'Ordered', part: 2 }], collections: ['col-x'] }));
    const p1 = await works.save(workInput({ title: 'Part One', creators: [{ kind: 'legacy', name: 'Series Writer' }], series: [{ title: 'Ordered', part: 1 }] }));
    // Another writer's series of the same name stays apart.
    await works.save(workInput({ title: 'Other', creators: [{ kind: 'legacy', name: 'Someone Else' }], series: [{ title: 'Ordered', part: 1 }] }));
    const author = await works.findLegacyAuthor('series writer');
    expect(author?.name).toBe('Series Writer');
    const byAuthor = await works.list(GUEST, { legacyAuthorId: author?.id ?? -1 }, { page: 1, perPage: 10 });
    expect(byAuthor.ids.sort()).toEqual([p1, p2].sort());
    const w = await works.get(p1);
    const seriesId = w?.series[0]?.id ?? -1;
    const inSeries = await works.list(GUEST, { seriesId }, { page: 1, perPage: 10, sort: 'series' });
    expect(inSeries.ids).toEqual([p1, p2]);
    expect((await works.seriesEntries(seriesId, GUEST)).map((e) => e.id)).toEqual([p1, p2]);
    const col = await works.collection('col-x');
    const inCol = await works.list(GUEST, { collectionId: col?.id ?? -1 }, { page: 1, perPage: 10 });
    expect(inCol.ids).toEqual([p2]);
  });
});
