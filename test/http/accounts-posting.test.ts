import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableKinds, makeStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import type { TestStore } from '../support/databases.js';
import { workInput } from '../support/work-input.js';
import type { WorkService } from '../../src/works/index.js';
import type { createApp } from '../../src/web/app.js';
import { Client, workFields } from './accounts-client.js';

process.env.FANFOLD_TRUST_PROXY = '1';

describe.each(await availableKinds())('posting and preferences over HTTP on %s', (kind) => {
  let store: TestStore;
  let works: WorkService;
  let app: ReturnType<typeof createApp>;
  let me: Client;
  let n = 0;
  const client = () => new Client(app, `10.3.0.${++n}`);
  const idFrom = (r: Response) => Number(/\/works\/(\d+)/.exec(r.headers.get('location') ?? '')?.[1]);

  beforeAll(async () => {
    store = await makeStore(kind);
    const db = await store.open();
    ({ app, services: { works } } = await testApp(db));
    me = client();
    await me.signUp('poster');
  });
  afterAll(() => store.cleanup());

  it('posts a work with every field, Markdown chapters, series, related works and gifts', async () => {
    await me.get('/works/new');
    const first = idFrom(await me.post('/works/new', workFields({ title: 'First Of Series', series_new: 'The Long Road', series_part: '1' })));
    await me.get('/works/new');
    const r = await me.post('/works/new', workFields({
      title: 'Everything Filled In', rating: 'Teen And Up Audiences', warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
      categories: ['F/F', 'Multi'], fandoms: 'Fandom One, Fandom Two', relationships: 'Ada Lark/Bea Moss', characters: 'Ada Lark, Bea Moss',
      freeforms: 'Angst, Happy Ending', summary: 'Two lines\n\nof summary.', notes: 'Some notes.', end_notes: 'Thanks!', language: 'fr',
      series_existing: 'The Long Road', series_part: '2', related: `sequel: ${first}\ninspired by: https://example.org/story`, gifts: 'friend1, friend2',
      expected_chapters: '3', chapter_title: 'Opening', chapter_format: 'markdown', chapter_body: '# Heading\n\nSome **bold** text and a [link](https://example.org).\n\n<script>alert(1)</script>',
    }));
    const id = idFrom(r);
    const w = await works.get(id);
    expect(w).toMatchObject({
      title: 'Everything Filled In', rating: 'Teen And Up Audiences', warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
      categories: ['F/F', 'Multi'], fandoms: ['Fandom One', 'Fandom Two'], relationships: ['Ada Lark/Bea Moss'], characters: ['Ada Lark', 'Bea Moss'],
      freeforms: ['Angst', 'Happy Ending'], summary: 'Two lines\n\nof summary.', notes: 'Some notes.', endNotes: 'Thanks!', language: 'fr',
      expectedChapters: 3, complete: false, posted: true, restricted: false,
    });
    expect(w?.series.map((s) => [s.title, s.part])).toEqual([['The Long Road', 2]]);
    expect((await works.get(first))?.series[0]?.id).toBe(w?.series[0]?.id);
    expect(w?.related).toEqual([{ relation: 'sequel', title: `Work ${first}`, workId: first, url: null }, { relation: 'inspired by', title: 'https://example.org/story', workId: null, url: 'https://example.org/story' }]);
    expect(await works.posting.gifts(id)).toEqual(['friend1', 'friend2']);
    const body = w?.chapters[0]?.body ?? '';
    expect(body).toContain('<h1>Heading</h1>');
    expect(body).toContain('<strong>bold</strong>');
    expect(body).toContain('<a href="https://example.org" rel="nofollow">link</a>');
    expect(body).not.toContain('script');
    // The edit form comes back filled in.
    const edit = await me.get(`/works/${id}/edit`);
    expect(edit.body_).toContain('value="Fandom One, Fandom Two"');
    expect(edit.body_).toContain(`sequel: ${first}`);
  });

  it('refuses over-long fields and too many tags with clear messages, keeping what was typed', async () => {
    await me.get('/works/new');
    const long = await me.post('/works/new', workFields({ title: 'Too Long', summary: 'x'.repeat(1251) }));
    expect(long.status).toBe(400);
    expect(long.body_).toContain('Summary must be at most 1,250 characters long (it is 1,251).');
    expect(long.body_).toContain('value="Too Long"');
    expect((await me.post('/works/new', workFields({ notes: 'n'.repeat(5001) }))).body_).toContain('Notes must be at most 5,000 characters long');
    expect((await me.post('/works/new', workFields({ chapter_body: 'c'.repeat(500_001) }))).body_).toContain('Chapter text must be at most 500,000 characters long');
    const tags = Array.from({ length: 74 }, (_, i) => `Tag ${i}`).join(', ');
    expect((await me.post('/works/new', workFields({ freeforms: tags }))).body_).toContain('a work may have at most 75');
    expect((await me.post('/works/new', workFields({ fandoms: '' }))).body_).toContain('please add at least one fandom');
    expect((await me.post('/works/new', workFields({ chapter_body: '   ' }))).body_).toContain('a chapter needs some text');
    expect((await me.post('/works/new', workFields({ related: 'cousin: 3' }))).body_).toContain('should look like “sequel: 12”');
    // Exactly at the limits is fine.
    expect((await me.post('/works/new', workFields({ summary: 's'.repeat(1250), freeforms: Array.from({ length: 73 }, (_, i) => `T${i}`).join(', ') }))).status).toBe(303);
    // Imports are not limited.
    const imported = await works.save(workInput({ summary: 'y'.repeat(3000) }));
    expect((await works.get(imported))?.summary).toHaveLength(3000);
  });

  it('previews a draft, adds, edits, reorders and deletes chapters, then deletes the work', async () => {
    await me.get('/works/new');
    const r = await me.post('/works/new', workFields({ title: 'Chaptered', action: 'preview', expected_chapters: '?' }));
    const id = idFrom(r);
    const preview = await me.get(`/works/${id}/preview`);
    expect(preview.body_).toContain('Preview: this is how your work will look.');
    expect(preview.body_).toContain('First chapter text here.');
    await me.get(`/works/${id}/chapters/new`);
    expect((await me.post(`/works/${id}/chapters/new`, { chapter_title: 'Second', chapter_body: 'Second text.', chapter_format: 'markdown' })).headers.get('location')).toBe(`/works/${id}/chapters/2`);
    await me.post(`/works/${id}/chapters/new`, { chapter_title: 'Third', chapter_body: '<p>Third text.</p>', chapter_format: 'html' });
    await me.get(`/works/${id}/chapters/2/edit`);
    await me.post(`/works/${id}/chapters/2/edit`, { chapter_title: 'Second, Revised', chapter_body: 'Revised text.', chapter_format: 'markdown' });
    let w = await works.get(id);
    expect(w?.chapters.map((c) => c.title)).toEqual(['Beginnings', 'Second, Revised', 'Third']);
    expect(w?.chapters[1]?.body).toBe('<p>Revised text.</p>');
    await me.get(`/works/${id}/chapters/manage`);
    expect((await me.post(`/works/${id}/chapters/reorder`, { order_1: '1', order_2: '1', order_3: '3' })).body_).toContain('Give each chapter a different place');
    await me.post(`/works/${id}/chapters/reorder`, { order_1: '2', order_2: '3', order_3: '1' });
    w = await works.get(id);
    expect(w?.chapters.map((c) => c.title)).toEqual(['Third', 'Beginnings', 'Second, Revised']);
    await me.get(`/works/${id}/chapters/1/delete`);
    await me.post(`/works/${id}/chapters/1/delete`, {});
    w = await works.get(id);
    expect(w?.chapters.map((c) => c.title)).toEqual(['Beginnings', 'Second, Revised']);
    expect(w?.posted).toBe(false);
    await me.post(`/works/${id}/post`, {});
    expect((await client().get(`/works/${id}`)).status).toBe(200);
    expect((await me.get(`/works/${id}/delete`)).body_).toContain('Yes, Delete Work');
    await me.post(`/works/${id}/delete`, {});
    expect((await client().get(`/works/${id}`)).status).toBe(404);
    expect((await me.get(`/works/${id}`)).status).toBe(404);
  });

  it('orphans a work: the credit moves to orphan_account and the writer can no longer edit it', async () => {
    await me.get('/works/new');
    const id = idFrom(await me.post('/works/new', workFields({ title: 'To Be Orphaned' })));
    await me.get(`/works/${id}/orphan`);
    await me.post(`/works/${id}/orphan`, {});
    expect((await works.get(id))?.creators.map((c) => c.name)).toEqual(['orphan_account']);
    expect((await me.get(`/works/${id}/edit`)).status).toBe(403);
  });

  it('preferences: adult works without the notice, mutes, sort, reading view and history', async () => {
    await works.save(workInput({ title: 'Explicit Pref Test', rating: 'Explicit', fandoms: ['Pref Fandom'] }));
    const explicit = await works.save(workInput({ title: 'Muted By Tag', fandoms: ['Pref Fandom'], freeforms: ['Spiders'] }));
    await works.save(workInput({ title: 'Muted By Fandom', fandoms: ['Loud Fandom'] }));
    await works.save(workInput({ title: 'Muted By Creator', creators: [{ kind: 'legacy', name: 'Noisy Writer' }] }));
    const reader = client();
    await reader.signUp('prefreader');
    const list = await works.list({ userId: 1, roles: [], pseudIds: [] }, {}, { page: 1, perPage: 100 });
    const blurbs = await works.blurbs(list.ids);
    const adultId = blurbs.find((b) => b.title === 'Explicit Pref Test')?.id as number;
    expect((await reader.get(`/works/${adultId}`)).body_).toContain('This work could have adult content');
    let listing = await reader.get('/works');
    for (const t of ['Muted By Tag', 'Muted By Fandom', 'Muted By Creator']) expect(listing.body_).toContain(t);
    await reader.get('/preferences');
    expect((await reader.post('/preferences', {
      showAdult: '1', hideWarnings: '1', hideFreeforms: '1', mutedTags: 'spiders', mutedFandoms: 'Loud Fandom', mutedCreators: 'noisy writer',
      sort: 'title', fontSize: 'large', lineWidth: 'narrow', theme: 'sepia', history: '1',
    })).status).toBe(303);
    const work = await reader.get(`/works/${adultId}`);
    expect(work.body_).not.toContain('This work could have adult content');
    expect(work.body_).toContain('class="theme-sepia font-large width-narrow pref-hide-warnings pref-hide-freeforms"');
    listing = await reader.get('/works');
    for (const t of ['Muted By Tag', 'Muted By Fandom', 'Muted By Creator']) expect(listing.body_).not.toContain(t);
    // Hidden warnings wait behind a click (a <details>), not in the tag line.
    expect(listing.body_).toContain('<details class="warnings-reveal"><summary>Archive warnings hidden: show them</summary>');
    expect(listing.body_).not.toMatch(/<h5 class="visually-hidden">Tags<\/h5><ul class="tags commas"><li class="warnings">/);
    const titles = [...listing.body_.matchAll(/<h3 class="heading"><a href="\/works\/\d+">([^<]+)<\/a>/g)].map((m) => m[1] as string);
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Guests and other readers still see everything, with the notice.
    expect((await client().get('/works')).body_).toContain('Muted By Tag');
    expect((await client().get(`/works/${adultId}`)).body_).toContain('This work could have adult content');
    // History is kept while on, and cleared when turned off.
    await reader.get(`/works/${explicit}`);
    expect((await reader.get('/history')).body_).toContain('Muted By Tag');
    await reader.get('/preferences');
    await reader.post('/preferences', { theme: 'dark' });
    expect((await reader.get('/history')).body_).toContain('Reading history is off');
    await reader.get(`/works/${explicit}`);
    expect((await reader.get('/history')).body_).toContain('Nothing read yet');
  });
});
