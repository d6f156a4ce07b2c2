import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableKinds, makeStore } from '../support/databases.js';
import type { TestStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import type { ArchiveServices } from '../../src/services.js';
import type { createApp } from '../../src/web/app.js';
import { Client } from './accounts-client.js';

describe.each(await availableKinds())('posting through the API on %s', (kind) => {
  let store: TestStore;
  let app: ReturnType<typeof createApp>;
  let services: ArchiveServices;
  let me: Client;
  beforeAll(async () => {
    store = await makeStore(kind);
    ({ app, services } = await testApp(await store.open()));
    me = new Client(app);
    await me.signUp('apiwriter');
    await me.get('/works/new');
  });
  afterAll(async () => {
    await services.stop();
    await store.cleanup();
  });

  const postJson = (body: unknown, o: { csrf?: boolean; cookies?: boolean } = {}) =>
    app.request('/api/v1/works', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        ...(o.csrf === false ? {} : { 'x-csrf-token': me.csrf }),
        ...(o.cookies === false ? {} : { cookie: [...me.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }),
      },
    });
  const work = (over: Record<string, unknown> = {}) => ({
    title: 'Posted By API',
    rating: 'Teen And Up Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: ['API Fandom'],
    freeforms: ['Tooling'],
    summary: 'Through the front door, as JSON.',
    chapter: { body: 'A *small* story posted by a script.', format: 'markdown' },
    ...over,
  });

  it('posts a work with the same service, limits and permissions as the web form', async () => {
    const res = await postJson(work());
    expect(res.status).toBe(201);
    const { id, url } = (await res.json()) as { id: number; url: string };
    expect(url).toBe(`/works/${id}`);
    const w = await services.works.get(id);
    expect(w?.chapters[0]?.body).toBe('<p>A <em>small</em> story posted by a script.</p>');
    expect(w?.creators.map((c) => c.name)).toEqual(['apiwriter']);
    const found = (await (await app.request('/api/v1/works?q=script')).json()) as { total: number };
    expect(found.total).toBe(1);
  });

  it('answers bad input and the posting limits with 400 and a clear message', async () => {
    const long = await postJson(work({ summary: 'x'.repeat(1251) }));
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toContain('1,250');
    const tooMany = await postJson(work({ freeforms: Array.from({ length: 75 }, (_, i) => `T${i}`) }));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toContain('75');
    const bad = await postJson(work({ rating: 'PG-13' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.message).toMatch(/^rating: unknown rating "PG-13"/);
  });

  it('refuses posts without the session CSRF token or without a session', async () => {
    expect((await postJson(work(), { csrf: false })).status).toBe(403);
    const guest = await app.request('/api/v1/works', { method: 'POST', body: JSON.stringify(work()), headers: { 'content-type': 'application/json' } });
    expect(guest.status).toBe(403);
  });
});
