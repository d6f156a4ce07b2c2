import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { GUEST } from '../accounts/viewer.js';
import type { Viewer } from '../accounts/viewer.js';
import { generateArchive } from '../../bench/generate.js';
import { archiveNames, randomRequests } from '../../bench/requests.js';
import { buildIndex, SearchIndex } from './engine.js';
import { createTagService } from '../tags/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshot, writeSnapshot } from './snapshot.js';
import { parseSearchParams } from './params.js';
import { createTagArrays, sqlBaseline } from './sql-baseline.js';
import { rebuildText } from './text-index.js';

const READER: Viewer = { userId: 3, roles: ['reader'], pseudIds: [] };

/** The fast path and the plain-SQL baseline must agree exactly: ids in order, totals, facets. */
describe.each(await availableKinds())('search engine = SQL baseline on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let index: SearchIndex;
  let fewDense: SearchIndex;
  let sparse: SearchIndex;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    await generateArchive(db, { works: 2500, seed: 7, chapterWords: 60 });
    await rebuildText(db);
    index = await buildIndex(db);
    // The same archive with few densely counted tags: most facet types need their rare tags
    // counted; and with blocks of 64 docs, so that results holding whole blocks add block counts.
    fewDense = await SearchIndex.build(db, { denseTags: 60, blockShift: 6 });
    // Every result's facets counted sparsely (nothing cached), with rare tags to count too.
    sparse = await SearchIndex.build(db, { denseTags: 60, sparseFacetDocs: Infinity, cacheMinDocs: Infinity });
    // PostgreSQL: the baseline is also run on tag id arrays with a GIN index (as the benchmark does).
    if (kind === 'postgres') await createTagArrays(db, 'consistency_tag_arrays');
  }, 240_000);
  afterAll(() => store.cleanup());

  it('returns identical results on random requests', async () => {
    const requests = randomRequests(await archiveNames(db), 150, 11);
    let nonEmpty = 0;
    for (const [i, req] of requests.entries()) {
      const viewer = i % 3 === 0 ? READER : GUEST;
      const mute = i % 7 === 0 ? { tagIds: [20], creatorKeys: ['legacy:3', 'pseud:2'] } : undefined;
      const fast = await index.search(req, viewer, { mute, snippets: false });
      const slow = await sqlBaseline(db, req, viewer, { mute, snippets: false, text: (q, o) => index.matchText(q, o) });
      expect({ i, req, ...fast }).toEqual({ i, req, ...slow });
      expect({ i, req, ...(await fewDense.search(req, viewer, { mute, snippets: false })) }).toEqual({ i, req, ...slow });
      expect({ i, req, ...(await sparse.search(req, viewer, { mute, snippets: false })) }).toEqual({ i, req, ...slow });
      if (kind === 'postgres') {
        const gin = await sqlBaseline(db, req, viewer, { mute, snippets: false, text: (q, o) => index.matchText(q, o), tagArrays: 'consistency_tag_arrays' });
        expect({ i, req, ...gin }).toEqual({ i, req, ...slow });
      }
      if (fast.total > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(60);
  }, 240_000);

  it('pages a large best-match result the same way (the first pages of hundreds of matches)', async () => {
    let large = 0;
    for (const q of ['the', 'winter OR river', 'garden -the', 'title:the']) {
      for (const order of ['desc', 'asc']) {
        for (const page of ['1', '2', '7']) {
          const req = parseSearchParams(new URLSearchParams({ q, order, page, per_page: '5' }));
          const fast = await index.search(req, GUEST, { snippets: false });
          const slow = await sqlBaseline(db, req, GUEST, { snippets: false, text: (tq, o) => index.matchText(tq, o) });
          expect({ q, order, asked: page, ...fast }).toEqual({ q, order, asked: page, ...slow });
          if (fast.total > 200) large++;
        }
      }
    }
    expect(large).toBeGreaterThan(10);
  });
});

/**
 * The same agreement after works change and tags are wrangled, with the result cache keeping
 * every result: cached totals and facets are adjusted per changed work, a merge re-derives only
 * the works it touches, and compaction folds the changes back into the base lists.
 */
describe.each(await availableKinds())('search engine = SQL baseline after changes on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    await generateArchive(db, { works: 1500, seed: 5 });
  }, 240_000);
  afterAll(() => store.cleanup());

  it('keeps cached results, re-derived filters and compacted lists exact', async () => {
    let index = await SearchIndex.build(db, { cacheMinDocs: 1, denseTags: 60, blockShift: 6 });
    const requests = randomRequests(await archiveNames(db), 80, 3).filter((r) => r.q === null);
    const check = async (step: string) => {
      for (const [i, req] of requests.entries()) {
        const viewer = i % 3 === 0 ? READER : GUEST;
        const fast = await index.search(req, viewer, { snippets: false });
        const slow = await sqlBaseline(db, req, viewer, { snippets: false, text: (q, o) => index.matchText(q, o) });
        expect({ step, i, ...fast }).toEqual({ step, i, ...slow });
      }
    };
    await check('built');
    await check('cached');

    // Works change: ratings, completion, kudos, a tag moved, one hidden, one deleted.
    const k = db.kysely;
    const ids = (await k.selectFrom('works').select('id').where('deleted_at', 'is', null).orderBy('id').limit(60).execute()).map((r) => r.id);
    const freeforms = (await k.selectFrom('tags').select('id').where('type', '=', 'freeform').where('merger_id', 'is', null).orderBy('id').limit(5).execute()).map((r) => r.id);
    for (const [n, id] of ids.entries()) {
      await k.updateTable('works').set({ rating: n % 2 === 0 ? 'Explicit' : 'General Audiences', complete: n % 3 === 0 ? 1 : 0, kudos_count: 1000 + n, updated_at: `2031-01-${String((n % 28) + 1).padStart(2, '0')}T00:00:00.000Z` }).where('id', '=', id).execute();
      if (n % 4 === 0) {
        await k.deleteFrom('work_tags').where('work_id', '=', id).where('tag_id', 'in', freeforms).execute();
        await k.insertInto('work_tags').values({ work_id: id, tag_id: freeforms[n % freeforms.length]!, position: 99 }).execute();
      }
      if (n === 7) await k.updateTable('works').set({ hidden_at: '2031-02-01T00:00:00.000Z' }).where('id', '=', id).execute();
      if (n === 8) await k.updateTable('works').set({ deleted_at: '2031-02-01T00:00:00.000Z' }).where('id', '=', id).execute();
      await index.upsert(id);
    }
    await check('works changed');

    // Wrangling: a popular freeform merged into another, a fandom given a meta tag; then undone.
    const tags = createTagService(db);
    const popular = await k.selectFrom('work_tags as wt').innerJoin('tags as t', 't.id', 'wt.tag_id').select(['t.id', 't.type']).where('t.merger_id', 'is', null).where('t.type', 'in', ['freeform', 'fandom'])
      .groupBy(['t.id', 't.type']).orderBy((eb) => eb.fn.countAll(), 'desc').orderBy('t.id').execute();
    const [a, b] = popular.filter((t) => t.type === 'freeform');
    const [f, g] = popular.filter((t) => t.type === 'fandom');
    const merged = await tags.merge(a!.id, b!.id, 'tester');
    const linked = await tags.setParent(g!.id, f!.id, 'tester');
    const r = await index.retag();
    expect(r.docs).toBeGreaterThan(0);
    await check('wrangled');
    await tags.undo(linked!.logId, 'tester');
    await tags.undo(merged!.logId, 'tester');
    await index.retag();
    await check('undone');

    index.compact();
    await check('compacted');
    // A work deleted now leaves its block's counts (no override to fall back on).
    await k.updateTable('works').set({ deleted_at: '2031-03-01T00:00:00.000Z' }).where('id', '=', ids[30]!).execute();
    await index.upsert(ids[30]!);
    await check('deleted after compaction');

    // Written to a snapshot file and read back: the same answers, and it keeps following changes.
    const file = join(mkdtempSync(join(tmpdir(), 'fanfold-snapshot-')), 'index.bin');
    writeSnapshot(file, index.toSnapshot({ seq: 0 }));
    const data = readSnapshot(file);
    expect(data?.header.meta).toEqual({ seq: 0 });
    index = SearchIndex.fromSnapshot(db, data!, { cacheMinDocs: 1, denseTags: 60, blockShift: 6 })!;
    await check('from snapshot');
    for (const id of ids.slice(20, 40)) {
      await k.updateTable('works').set({ complete: 1, kudos_count: 7 }).where('id', '=', id).execute();
      await index.upsert(id);
    }
    await check('snapshot, then changed');
    expect(readSnapshot(join(tmpdir(), 'no-such-snapshot.bin'))).toBeNull();
    writeFileSync(file, 'not a snapshot');
    expect(readSnapshot(file)).toBeNull();
  }, 240_000);
});
