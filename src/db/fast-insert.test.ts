import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { insertRowReturningId, insertRows } from './fast-insert.js';

describe.each(await availableKinds())('insertRows on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
  });
  afterAll(() => store.cleanup());

  const row = (name: string, at: string) => ({ type: 'freeform', name, name_key: name.toLowerCase(), canonical: 0 as const, merger_id: null, created_at: at });

  it('writes what Kysely writes, with its SQL kept per shape, and returns new ids', async () => {
    const a = await insertRowReturningId(db.kysely, 'tags', row('Alpha', '2001-01-01'));
    const b = await insertRowReturningId(db.kysely, 'tags', row('Beta', '2002-02-02'));
    expect(b).toBeGreaterThan(a);
    await insertRows(db.kysely, 'tags', [row('Gamma', '2003-03-03'), row('Delta', '2004-04-04')]);
    await insertRows(db.kysely, 'tags', [row('Epsilon', '2005-05-05'), row('Zeta', '2006-06-06')]);
    // Rows of different columns go through Kysely as they are.
    await insertRows(db.kysely, 'tags', [row('Eta', '2007-07-07'), { type: 'freeform', name: 'Theta', name_key: 'theta', canonical: 1, created_at: '2008-08-08' }]);
    await insertRows(db.kysely, 'tags', []);
    await db.kysely.transaction().execute((trx) => insertRows(trx, 'tags', [row('Iota', '2009-09-09')]));
    const rows = await db.kysely.selectFrom('tags').select(['id', 'name', 'canonical', 'created_at']).where('type', '=', 'freeform').orderBy('id').execute();
    expect(rows.map((r) => [r.name, r.canonical, r.created_at])).toEqual([
      ['Alpha', 0, '2001-01-01'], ['Beta', 0, '2002-02-02'], ['Gamma', 0, '2003-03-03'], ['Delta', 0, '2004-04-04'], ['Epsilon', 0, '2005-05-05'], ['Zeta', 0, '2006-06-06'], ['Eta', 0, '2007-07-07'], ['Theta', 1, '2008-08-08'], ['Iota', 0, '2009-09-09'],
    ]);
    expect(rows[0]?.id).toBe(a);
    expect(rows[1]?.id).toBe(b);
  });
});
