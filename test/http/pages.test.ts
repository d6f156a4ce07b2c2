import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { availableKinds, makeStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import { createWorkService } from '../../src/works/index.js';
import type { ArchiveServices } from '../../src/services.js';
import type { TestStore } from '../support/databases.js';
import { workInput } from '../support/work-input.js';
import { loadSamples } from '../../src/samples/load-samples.js';
import type { WorkService } from '../../src/works/index.js';
import { createApp } from '../../src/web/app.js';
import { DEFAULT_SETTINGS } from '../../src/site-settings.js';
import { tagWorksPath } from '../../src/tags/tag-url.js';

describe.each(await availableKinds())('archive pages on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let works: WorkService;
  let app: ReturnType<typeof createApp>;
  let services: ArchiveServices;
  const ids: Record<string, number> = {};
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  const text = async (path: string, headers: Record<string, string> = {}) => (await get(path, headers)).text();

  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    await loadSamples(db);
    works = createWorkService(db);
    for (const [title, over] of Object.entries({
      'Secret Draft': { posted: false },
      'Members Only': { restricted: true },
      'Taken Down': { hidden: true },
      '<script>alert("x")</script> & Co': {},
    })) {
      ids[title] = await works.save(workInput({ title, fandoms: ['Edge Fandom'], ...over }));
    }
    // An account with a second pseud, as the accounts capability will create them.
    const now = new Date().toISOString();
    const user = await db.kysely.insertInto('users').values({ name: 'inkwell', name_key: 'inkwell', email: null, password_hash: null, roles: 'creator', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const pseud = await db.kysely.insertInto('pseuds').values({ user_id: user.id, name: 'Night Owl', name_key: 'night owl', is_default: 0, description: 'Writes at night.', created_at: now }).returning('id').executeTakeFirstOrThrow();
    await db.kysely.insertInto('pseuds').values({ user_id: user.id, name: 'inkwell', name_key: 'inkwell', is_default: 1, description: null, created_at: now }).execute();
    ids['Owl Work'] = await works.save(workInput({ title: 'Owl Work', creators: [{ kind: 'pseud', pseudId: pseud.id }], fandoms: ['Owl Fandom'] }));
    const all = await works.list({ userId: 1, roles: ['admin'], pseudIds: [] }, {}, { page: 1, perPage: 100 });
    for (const b of await works.blurbs(all.ids)) ids[b.title] ??= b.id;
    ({ app, services } = await testApp(db));
  });
  afterAll(() => store.cleanup());

  it('home lists recent sample works and the fandoms with counts', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('Recently updated works');
    expect(body).toContain('A Map of Somewhere Else');
    expect(body).toMatch(/The Cartographers of Vell \(Novels\)<\/a> \(6\)/);
    expect(body).toContain('Orbital Greenhouse 9 (TV)');
    // Hidden, draft and restricted works are not counted for guests: Edge Fandom has 1 listed work.
    expect(body).toMatch(/Edge Fandom<\/a> \(1\)/);
  });

  it('escapes titles and tags instead of running them', async () => {
    const body = await text('/works');
    expect(body).not.toContain('<script>alert');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });

  it('shows a general work with its full metadata, no notice', async () => {
    const id = ids['The Ink Remembers'] as number;
    const body = await text(`/works/${id}`);
    expect(body).not.toContain('could have adult content');
    for (const label of ['Rating:', 'Archive Warning:', 'Category:', 'Fandom:', 'Characters:', 'Additional Tags:', 'Language:', 'Stats:', 'Published:', 'Words:', 'Chapters:', 'Hits:']) {
      expect(body).toContain(label);
    }
    expect(body).toContain('General Audiences');
    expect(body).toContain('Part 1 of <a href="/series/');
    expect(body).toContain('Summary:');
  });

  it('gates Mature works behind the adult notice; Proceed shows chapter 1 and is remembered', async () => {
    const id = ids['True North Is a Direction, Not a Place'] as number;
    const notice = await get(`/works/${id}`);
    expect(notice.status).toBe(200);
    const html = await notice.text();
    expect(html).toContain('This work could have adult content');
    expect(html).toContain(`href="/works/${id}?view_adult=true"`);
    expect(html).not.toContain('Chapter 1: ');

    const proceed = await get(`/works/${id}?view_adult=true`);
    const cookie = proceed.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/fanfold_view_adult=1/);
    expect(cookie).toMatch(/HttpOnly/);
    const work = await proceed.text();
    expect(work).toContain('Chapter 1: ');
    expect(work).toContain(`href="/works/${id}/chapters/2"`);

    // The browser remembers: another gated work opens without the notice.
    const other = ids['Night Cycle'] as number;
    expect(await text(`/works/${other}`, { cookie: 'fanfold_view_adult=1' })).not.toContain('could have adult content');
    expect(await text(`/works/${other}/chapters/2`)).toContain('could have adult content');
  });

  it('gates whichever ratings the site setting names', async () => {
    const open = createApp({ ...services, settings: { ...DEFAULT_SETTINGS, gatedRatings: [] } });
    const strict = createApp({ ...services, settings: { ...DEFAULT_SETTINGS, gatedRatings: ['General Audiences'] } });
    expect(await (await open.request(`/works/${ids['Night Cycle']}`)).text()).not.toContain('could have adult content');
    expect(await (await strict.request(`/works/${ids['The Ink Remembers']}`)).text()).toContain('could have adult content');
  });

  it('navigates chapters and shows the entire work', async () => {
    const id = ids['True North Is a Direction, Not a Place'] as number;
    const c2 = await text(`/works/${id}/chapters/2?view_adult=true`);
    expect(c2).toContain('Chapter 2');
    expect(c2).toContain(`rel="prev" href="/works/${id}/chapters/1"`);
    expect(c2).toContain(`rel="next" href="/works/${id}/chapters/3"`);
    const c3 = await text(`/works/${id}/chapters/3?view_adult=true`);
    expect(c3).not.toContain('Next Chapter');
    const full = await text(`/works/${id}?view_full_work=true&view_adult=true`);
    for (const n of [1, 2, 3]) expect(full).toContain(`id="chapter-${n}"`);
    const missing = await get(`/works/${id}/chapters/9?view_adult=true`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('This work has 3 chapters');
  });

  it('lists the works carrying a tag, with AO3 escapes in tag URLs', async () => {
    const res = await get(tagWorksPath('Kestrel Ashdown/Brannoch Dey'));
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('The Long Road to Cinderhold');
    expect(body).toMatch(/of \d+ Works in/);
    const fandom = await text(tagWorksPath('The Cartographers of Vell (Novels)'));
    expect(fandom).toContain('1 - 6 of 6 Works in');
    const caseFolded = await get('/tags/the%20cartographers%20of%20vell%20(novels)/works');
    expect(await caseFolded.text()).toContain('1 - 6 of 6 Works in');
    expect((await get('/tags/No%20Such%20Tag/works')).status).toBe(404);
    const tagInfo = await text('/tags/Fluff');
    expect(tagInfo).toContain('Additional Tag');
  });

  it('serves creator, series, collection and fandom pages', async () => {
    const creator = await text('/creators/Saffron%20Wick');
    expect(creator).toContain('1 - 4 of 4 Works in Saffron Wick');
    const seriesId = (await works.get(ids['Contour Lines'] as number))?.series[0]?.id;
    const series = await text(`/series/${seriesId}`);
    const order = ['The Ink Remembers', 'Contour Lines', 'True North Is a Direction, Not a Place'].map((t) => series.indexOf(t));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > (order[k - 1] as number)))).toBe(true);
    const collection = await text('/collections/fanfold-samples');
    expect(collection).toContain('Fanfold Sample Works');
    expect(collection).toContain('of 14 Works in');
    expect(await text('/collections')).toContain('/collections/fanfold-samples');
    expect(await text('/fandoms')).toContain('Emberfall: Hollow Crown (Video Game)');
    expect((await get('/creators/Nobody%20Here')).status).toBe(404);
    expect((await get('/series/99999')).status).toBe(404);
    expect((await get('/collections/nope')).status).toBe(404);
  });

  it('serves pseud pages of accounts', async () => {
    const body = await text('/users/inkwell/pseuds/Night%20Owl');
    expect(body).toContain('Night Owl (inkwell)');
    expect(body).toContain('Owl Work');
    const work = await text(`/works/${ids['Owl Work']}`);
    expect(work).toContain('href="/users/inkwell/pseuds/Night%20Owl"');
    const user = await get('/users/inkwell');
    expect(user.status).toBe(302);
    expect(user.headers.get('location')).toBe('/users/inkwell/pseuds/inkwell');
    expect((await get('/users/inkwell/pseuds/nobody')).status).toBe(404);
  });

  it('links companion and sequel works, and series neighbours', async () => {
    const companion = await text(`/works/${ids['Ground Crew']}`);
    expect(companion).toContain(`A companion piece to <a href="/works/${ids['Altitude Sickness']}">Altitude Sickness</a>`);
    const part2 = await text(`/works/${ids['Contour Lines']}/chapters/2`);
    expect(part2).toContain(`<a href="/works/${ids['The Ink Remembers']}" rel="prev">← Previous Work</a>`);
    expect(part2).toContain(`<a href="/works/${ids['True North Is a Direction, Not a Place']}" rel="next">Next Work →</a>`);
  });

  it('applies the visibility rule to single works', async () => {
    expect((await get(`/works/${ids['Secret Draft']}`)).status).toBe(404);
    expect((await get(`/works/${ids['Taken Down']}`)).status).toBe(404);
    const restricted = await get(`/works/${ids['Members Only']}`);
    expect(restricted.status).toBe(403);
    const body = await restricted.text();
    expect(body).toContain('only available to registered users');
    expect(body).not.toContain('Members Only');
    const listing = await text(tagWorksPath('Edge Fandom'));
    expect(listing).toContain('1 - 1 of 1 Works');
    for (const t of ['Secret Draft', 'Members Only', 'Taken Down']) expect(listing).not.toContain(t);
  });

  it('paginates listings and rejects bad page numbers', async () => {
    const small = createApp({ ...services, settings: { ...DEFAULT_SETTINGS, perPage: 5 } });
    const p1 = await (await small.request('/works')).text();
    expect(p1).toContain('1 - 5 of 16 Works in');
    expect(p1).toContain('href="/works?page=2"');
    const p4 = await (await small.request('/works?page=4')).text();
    expect(p4).toContain('16 - 16 of 16 Works in');
    expect(p4).toContain('rel="prev" href="/works?page=3"');
    expect((await small.request('/works?page=abc')).status).toBe(400);
  });

  it('answers unknown pages with a helpful 404', async () => {
    for (const path of ['/works/999999', '/works/abc', '/no/such/page']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toContain('Error 404');
      expect(body).toContain('href="/works"');
    }
  });

  it('counts hits when a work is read', async () => {
    const id = ids['Ground Crew'] as number;
    const before = (await works.get(id))?.stats.hits ?? 0;
    await get(`/works/${id}`);
    expect((await works.get(id))?.stats.hits).toBe(before + 1);
  });
});
