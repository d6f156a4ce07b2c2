import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { availableKinds, makeStore } from '../support/databases.js';
import type { TestStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import { workInput } from '../support/work-input.js';
import type { ArchiveServices } from '../../src/services.js';
import type { createApp } from '../../src/web/app.js';
import { createAdmin } from '../../src/accounts/account-store.js';
import { Client } from './accounts-client.js';

describe.each(await availableKinds())('wrangler pages on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let app: ReturnType<typeof createApp>;
  let services: ArchiveServices;
  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    ({ app, services } = await testApp(db));
    await services.works.save(workInput({ title: 'Canon Side', fandoms: ['Harbour Tales'], freeforms: ['Lighthouse Keeping'] }));
    await services.works.save(workInput({ title: 'Variant Side', fandoms: ['Harbour Tales'], freeforms: ['lighthouse-keeping au'] }));
    const canonical = await services.tags.pick('Lighthouse Keeping');
    await services.tags.makeCanonical(canonical?.id as number, 'setup');
  });
  afterAll(async () => {
    await services.stop();
    await store.cleanup();
  });

  it('a wrangler merges from the queue, filters follow at once, and the log undoes it; readers cannot', async () => {
    await createAdmin(db.kysely, 'wrangler1', null, 'correct horse battery');
    const w = new Client(app);
    await w.logIn('wrangler1');
    const queue = await w.get('/wrangling?fandom=Harbour%20Tales');
    expect(queue.status).toBe(200);
    expect(queue.body_).toContain('lighthouse-keeping au');
    const variant = await services.tags.pick('lighthouse-keeping au');
    const merged = await w.post('/wrangling/merge', { tag_id: String(variant?.id), canonical: 'Lighthouse Keeping' });
    expect(merged.status).toBe(303);
    const listing = await (await app.request('/tags/Lighthouse%20Keeping/works')).text();
    expect(listing).toContain('Canon Side');
    expect(listing).toContain('Variant Side');
    // The synonym's page now redirects to the canonical tag.
    expect((await app.request('/tags/lighthouse-keeping%20au/works')).status).toBe(301);
    const log = await w.get('/wrangling/log');
    expect(log.body_).toContain('wrangler1');
    const logId = /name="log_id" value="(\d+)"/.exec(log.body_)?.[1];
    expect((await w.post('/wrangling/undo', { log_id: logId as string })).status).toBe(303);
    expect(await (await app.request('/tags/Lighthouse%20Keeping/works')).text()).not.toContain('Variant Side');

    const reader = new Client(app, '10.0.0.7');
    await reader.signUp('justreading');
    expect((await reader.get('/wrangling')).status).toBe(403);
    await reader.get('/preferences');
    expect((await reader.post('/wrangling/merge', { tag_id: String(variant?.id), canonical: 'Lighthouse Keeping' })).status).toBe(403);
  });
});
