import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { availableKinds, makeStore } from '../../test/support/databases.js';
import type { TestStore } from '../../test/support/databases.js';
import { hitRateLimit } from './rate-limit.js';
import { RateLimitedError } from './errors.js';
import { createAccountService } from './service.js';
import { DEFAULT_PREFERENCES, PreferencesSchema } from './preferences.js';

describe.each(await availableKinds())('accounts store on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
  });
  afterAll(() => store.cleanup());

  it('rate-limit buckets count per window and reset after it', async () => {
    const t0 = new Date('2026-01-01T00:00:00.000Z');
    const limit = { max: 3, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) await hitRateLimit(db.kysely, 'test:a', limit, t0);
    await expect(hitRateLimit(db.kysely, 'test:a', limit, t0)).rejects.toBeInstanceOf(RateLimitedError);
    await hitRateLimit(db.kysely, 'test:b', limit, t0);
    // A new window starts counting from one again.
    const later = new Date(t0.getTime() + 61_000);
    await hitRateLimit(db.kysely, 'test:a', limit, later);
    await hitRateLimit(db.kysely, 'test:a', limit, later);
  });

  it('concurrent hits are all counted (one atomic upsert)', async () => {
    const t = new Date('2026-02-01T00:00:00.000Z');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => hitRateLimit(db.kysely, 'test:race', { max: 5, windowSeconds: 60 }, t)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5);
  });

  it('preferences round-trip, fall back to defaults on bad stored JSON, and resolve mutes to ids', async () => {
    const acc = createAccountService(db);
    const s = await acc.signUp({ name: 'prefs', email: 'prefs@example.org', password: 'a fine long password', acceptTerms: true, confirmAge: true, ip: 'x' });
    expect(await acc.preferences(s.userId)).toEqual(DEFAULT_PREFERENCES);
    const p = PreferencesSchema.parse({ theme: 'dark', mutedCreators: ['prefs'], mutedTags: ['Gen'] });
    await acc.savePreferences(s.userId, p);
    expect(await acc.preferences(s.userId)).toEqual(p);
    const mutes = await acc.resolveMutes(p);
    expect(mutes.pseudIds).toHaveLength(1);
    expect(mutes.tagIds).toHaveLength(1);
    await db.kysely.updateTable('preferences').set({ value: '{"theme":"neon"' }).where('user_id', '=', s.userId).execute();
    expect(await acc.preferences(s.userId)).toEqual(DEFAULT_PREFERENCES);
  });

  it('the first admin has every role; roles can be changed', async () => {
    const acc = createAccountService(db);
    await acc.createAdmin('rootadmin', 'root@example.org', 'a long admin passphrase');
    expect((await acc.findUser('rootadmin'))?.roles).toEqual(['reader', 'creator', 'wrangler', 'moderator', 'admin']);
    await acc.setRoles('rootadmin', ['reader', 'wrangler']);
    expect((await acc.findUser('ROOTADMIN'))?.roles).toEqual(['reader', 'wrangler']);
  });
});
