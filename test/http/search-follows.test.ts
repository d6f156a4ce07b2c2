import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableKinds, makeStore } from '../support/databases.js';
import type { TestStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import type { ArchiveServices } from '../../src/services.js';
import type { createApp } from '../../src/web/app.js';
import { Client, workFields } from './accounts-client.js';

/**
 * The search index must follow every change readers can see: posting, editing, hiding,
 * deleting, orphaning. Each goes through the change log; the test polls the public API.
 */
describe.each(await availableKinds())('search follows every change on %s', (kind) => {
  let store: TestStore;
  let app: ReturnType<typeof createApp>;
  let services: ArchiveServices;
  beforeAll(async () => {
    store = await makeStore(kind);
    ({ app, services } = await testApp(await store.open()));
  });
  afterAll(async () => {
    await services.stop();
    await store.cleanup();
  });

  const total = async (q: string) => ((await (await app.request(`/api/v1/works?q=${encodeURIComponent(q)}`)).json()) as { total: number }).total;
  const eventually = async (q: string, want: number) => {
    const deadline = Date.now() + 10_000;
    let n = -1;
    while (Date.now() < deadline) {
      n = await total(q);
      if (n === want) return n;
      await new Promise((r) => setTimeout(r, 50));
    }
    return n;
  };

  it('finds a posted work, and stops finding it when it is hidden or deleted', async () => {
    const me = new Client(app);
    await me.signUp('searchfollower');
    await me.get('/works/new');
    const posted = await me.post('/works/new', workFields({ title: 'Follow Me', chapter_body: '<p>A marmalade comet crossed the harbour.</p>', expected_chapters: '1' }));
    expect(posted.status).toBe(303);
    const id = Number(/\/works\/(\d+)/.exec(posted.headers.get('location') ?? '')?.[1]);
    expect(await eventually('marmalade', 1)).toBe(1);

    // An edit of the chapter text is searchable at once.
    await me.get(`/works/${id}/chapters/1/edit`);
    await me.post(`/works/${id}/chapters/1/edit`, { chapter_title: '', chapter_body: 'A quince comet crossed the harbour.', chapter_format: 'markdown' });
    expect(await eventually('quince', 1)).toBe(1);
    expect(await eventually('marmalade', 0)).toBe(0);

    // A moderator's hide takes it out of search for everyone.
    await services.works.posting.moderate({ userId: 0, roles: ['moderator'], pseudIds: [] }, id, true, 'test');
    expect(await eventually('quince', 0)).toBe(0);
    await services.works.posting.moderate({ userId: 0, roles: ['moderator'], pseudIds: [] }, id, false, '');
    expect(await eventually('quince', 1)).toBe(1);

    // The creator's delete removes it.
    await me.get(`/works/${id}/delete`);
    const del = await me.post(`/works/${id}/delete`, {});
    expect(del.status).toBe(303);
    expect(await eventually('quince', 0)).toBe(0);
  });
});
