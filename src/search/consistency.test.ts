import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { GUEST } from '../accounts/viewer.js';
import type { Viewer } from '../accounts/viewer.js';
import { generateArchive } from '../../bench/generate.js';
import { archiveNames, randomRequests } from '../../bench/requests.js';
import { buildIndex } from './engine.js';
import type { SearchIndex } from './engine.js';
import { sqlBaseline } from './sql-baseline.js';
import { rebuildText } from './text-index.js';

const READER: Viewer = { userId: 3, roles: ['reader'], pseudIds: [] };

/** The fast path and the plain-SQL baseline must agree exactly: ids in order, totals, facets. */
describe.each(await availableKinds())('search engine = SQL baseline on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let index: SearchIndex;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    await generateArchive(db, { works: 2500, seed: 7, chapterWords: 60 });
    await rebuildText(db);
    index = await buildIndex(db);
  }, 240_000);
  afterAll(() => store.cleanup());

  it('returns identical results on random requests', async () => {
    const requests = randomRequests(await archiveNames(db), 150, 11);
    let nonEmpty = 0;
    for (const [i, req] of requests.entries()) {
      const viewer = i % 3 === 0 ? READER : GUEST;
      const mute = i % 7 === 0 ? { tagIds: [20], creatorKeys: ['legacy:3', 'pseud:2'] } : undefined;
      const fast = await index.search(req, viewer, { mute, snippets: false });
      const slow = await sqlBaseline(db, req, viewer, { mute, snippets: false });
      expect({ i, req, ...fast }).toEqual({ i, req, ...slow });
      if (fast.total > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(60);
  }, 240_000);
});
