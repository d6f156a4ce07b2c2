import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { workInput } from '../../test/support/work-input.js';
import { createWorkService } from './index.js';
import { linkRelatedWithin } from './link-related.js';

describe.each(await availableKinds())('linkRelatedWithin on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
  });
  afterAll(() => store.cleanup());

  it('links a sequel to the work it names among more ids than a statement may hold', async () => {
    const works = createWorkService(db);
    const first = await works.save(workInput({ title: 'The Short Day' }));
    const second = await works.save(workInput({ title: 'The Long Night', related: [{ relation: 'sequel', workId: null, title: 'the short day', url: null }] }));
    // An import's ids: these two among 70,000 (past SQLite's 32,766 and PostgreSQL's 65,535 parameters).
    const ids = [...Array.from({ length: 70_000 }, (_, i) => first + second + 10 + i), second, first];
    expect(await linkRelatedWithin(db.kysely, ids)).toBe(1);
    expect((await works.get(second))?.related).toMatchObject([{ workId: first }]);
  });
});
