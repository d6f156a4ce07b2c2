import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { availableKinds, makeStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import type { TestStore } from '../support/databases.js';
import { workInput } from '../support/work-input.js';
import type { WorkService } from '../../src/works/index.js';
import type { createApp } from '../../src/web/app.js';
import { assertAdmin, assertCanEditWork, assertCanModerate, assertCanPost, assertCanWrangle } from '../../src/accounts/permissions.js';
import { ForbiddenError } from '../../src/accounts/errors.js';
import type { Viewer } from '../../src/accounts/viewer.js';
import { GUEST } from '../../src/accounts/viewer.js';
import { Client, workFields } from './accounts-client.js';

process.env.FANFOLD_TRUST_PROXY = '1';

describe('named permission checks', () => {
  const v = (roles: Viewer['roles'], pseudIds: number[] = [1]): Viewer => ({ userId: 1, roles, pseudIds });
  const denied = (fn: () => void, code: string) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(ForbiddenError);
      expect((e as ForbiddenError).status).toBe(403);
      expect((e as ForbiddenError).code).toBe(code);
      return;
    }
    throw new Error(`expected ${code}`);
  };
  it('each role does only its own actions', () => {
    denied(() => assertCanWrangle(GUEST), 'sign_in_required');
    denied(() => assertCanWrangle(v(['reader', 'creator'])), 'not_wrangler');
    denied(() => assertCanWrangle(v(['moderator'])), 'not_wrangler');
    expect(() => assertCanWrangle(v(['wrangler']))).not.toThrow();
    expect(() => assertCanWrangle(v(['admin']))).not.toThrow();
    denied(() => assertCanModerate(v(['wrangler'])), 'not_moderator');
    denied(() => assertCanModerate(v(['creator'])), 'not_moderator');
    expect(() => assertCanModerate(v(['moderator']))).not.toThrow();
    denied(() => assertAdmin(v(['moderator', 'wrangler'])), 'not_admin');
    expect(() => assertAdmin(v(['admin']))).not.toThrow();
    denied(() => assertCanPost(v(['reader'])), 'not_creator');
    expect(() => assertCanPost(v(['creator']))).not.toThrow();
    // Only a work's own creators edit it: not wranglers, moderators or admins.
    for (const roles of [['wrangler'], ['moderator'], ['admin'], ['creator']] as Viewer['roles'][]) {
      denied(() => assertCanEditWork(v(roles, [7]), { creatorPseudIds: [3] }), 'not_creator_of_work');
    }
    expect(() => assertCanEditWork(v(['creator'], [3, 4]), { creatorPseudIds: [4] })).not.toThrow();
    denied(() => assertCanEditWork(GUEST, { creatorPseudIds: [] }), 'sign_in_required');
  });
});

describe.each(await availableKinds())('permissions over HTTP on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let works: WorkService;
  let app: ReturnType<typeof createApp>;
  let n = 0;
  const client = () => new Client(app, `10.2.0.${++n}`);
  let author: Client;
  let stranger: Client;
  let workId: number;
  let restrictedId: number;

  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    ({ app, services: { works } } = await testApp(db));
    author = client();
    await author.signUp('writer');
    await author.get('/works/new');
    workId = Number(/\/works\/(\d+)/.exec((await author.post('/works/new', workFields({ title: 'Writer Work', expected_chapters: '?' }))).headers.get('location') ?? '')?.[1]);
    await author.get('/works/new');
    restrictedId = Number(/\/works\/(\d+)/.exec((await author.post('/works/new', workFields({ title: 'Members Secret', restricted: '1', fandoms: 'Hidden Fandom', freeforms: 'Only Members' }))).headers.get('location') ?? '')?.[1]);
    stranger = client();
    await stranger.signUp('stranger');
    await works.accounts.createAdmin('chief', null, 'the head of it all');
    await works.accounts.createAdmin('wrangly', null, 'tag sorting passphrase');
    await works.accounts.setRoles('wrangly', ['reader', 'wrangler']);
    await works.accounts.createAdmin('moddy', null, 'hide things passphrase');
    await works.accounts.setRoles('moddy', ['reader', 'moderator']);
  });
  afterAll(() => store.cleanup());

  const editPaths = () => [
    [`/works/${workId}/edit`, workFields({ title: 'Hijacked' })],
    [`/works/${workId}/chapters/new`, { chapter_body: 'hijack' }],
    [`/works/${workId}/chapters/1/edit`, { chapter_body: 'hijack' }],
    [`/works/${workId}/chapters/reorder`, { order_1: '1' }],
    [`/works/${workId}/delete`, {}],
    [`/works/${workId}/orphan`, {}],
    [`/works/${workId}/post`, {}],
  ] as [string, Record<string, string>][];

  it('only the creators of a work edit, delete or orphan it; the page shows them the tools', async () => {
    const admin = client();
    await admin.logIn('chief', 'the head of it all');
    const wrangler = client();
    await wrangler.logIn('wrangly', 'tag sorting passphrase');
    const moderator = client();
    await moderator.logIn('moddy', 'hide things passphrase');
    for (const c of [stranger, admin, wrangler, moderator]) {
      await c.get('/account');
      for (const [path, fields] of editPaths()) {
        const getPath = path.replace(/\/post$/, '/preview').replace(/\/reorder$/, '/manage');
        expect((await c.get(getPath)).status, getPath).toBe(403);
        expect((await c.post(path, fields)).status, path).toBe(403);
      }
      expect((await c.get(`/works/${workId}`)).body_).not.toContain('Edit Work');
    }
    const guest = client();
    expect((await guest.get(`/works/${workId}/edit`)).status).toBe(303);
    expect((await guest.get('/works/new')).status).toBe(303);
    expect((await guest.post(`/works/${workId}/delete`, {})).status).toBe(403);
    const w = await works.get(workId);
    expect(w?.title).toBe('Writer Work');
    expect(w?.deletedAt).toBeNull();
    expect((await author.get(`/works/${workId}`)).body_).toContain('Edit Work');
    expect((await author.get(`/works/${workId}/edit`)).status).toBe(200);
  });

  it('a co-creator edits only after accepting the invitation', async () => {
    const co = client();
    await co.signUp('cowriter');
    await author.get(`/works/${workId}/edit`);
    const f = workFields({ title: 'Writer Work', co_creators: 'cowriter', expected_chapters: '?' });
    expect((await author.post(`/works/${workId}/edit`, f)).status).toBe(303);
    expect((await works.get(workId))?.creators.map((c) => c.name)).toEqual(['writer']);
    expect((await co.get(`/works/${workId}/edit`)).status).toBe(403);
    const dash = await co.get('/account');
    expect(dash.body_).toContain('Co-creator invitations');
    const inv = /action="(\/account\/invitations\/\d+\/\d+)"/.exec(dash.body_)?.[1] as string;
    expect((await co.post(inv, { answer: 'accept' })).status).toBe(303);
    expect((await works.get(workId))?.creators.map((c) => c.name)).toEqual(['writer', 'cowriter']);
    expect((await co.get(`/works/${workId}/edit`)).status).toBe(200);
  });

  it('moderators hide and restore works; wranglers and creators cannot; wrangling and admin pages refuse others', async () => {
    const moderator = client();
    await moderator.logIn('moddy', 'hide things passphrase');
    const wrangler = client();
    await wrangler.logIn('wrangly', 'tag sorting passphrase');
    await wrangler.get('/account');
    expect((await wrangler.post(`/works/${workId}/moderate`, { action: 'hide', reason: 'x' })).status).toBe(403);
    await author.get('/account');
    expect((await author.post(`/works/${workId}/moderate`, { action: 'hide', reason: 'x' })).status).toBe(403);
    expect((await works.get(workId))?.hiddenAt).toBeNull();
    expect((await moderator.get(`/works/${workId}`)).body_).toContain('Hide Work');
    expect((await wrangler.get(`/works/${workId}`)).body_).not.toContain('Hide Work');
    expect((await author.get(`/works/${workId}`)).body_).not.toContain('Hide Work');
    await moderator.get('/account');
    expect((await moderator.post(`/works/${workId}/moderate`, { action: 'hide', reason: 'spam check' })).status).toBe(303);
    expect((await works.get(workId))?.hiddenAt).not.toBeNull();
    expect((await client().get(`/works/${workId}`)).status).toBe(404);
    expect((await moderator.get(`/works/${workId}`)).status).toBe(200);
    expect((await moderator.post(`/works/${workId}/moderate`, { action: 'restore' })).status).toBe(303);
    expect((await works.get(workId))?.hiddenAt).toBeNull();
    for (const c of [moderator, wrangler, stranger]) {
      expect((await c.get('/admin')).status).toBe(403);
      expect((await c.get('/admin/outbox')).status).toBe(403);
    }
  });

  it('restricted works are hidden from guests on every page, listing and count, and shown to members', async () => {
    const guest = client();
    const page = await guest.get(`/works/${restrictedId}`);
    expect(page.status).toBe(403);
    expect(page.body_).not.toContain('Members Secret');
    for (const path of ['/', '/works', '/fandoms', '/tags/Hidden%20Fandom/works', '/tags/Only%20Members/works', '/users/writer/pseuds/writer', '/users/writer']) {
      const res = await guest.get(path);
      expect(res.body_, path).not.toContain('Members Secret');
      // (a tag's own page may name the tag; it must not list the work)
      if (!path.startsWith('/tags/')) expect(res.body_, path).not.toContain('Hidden Fandom');
    }
    const member = stranger;
    expect((await member.get(`/works/${restrictedId}`)).body_).toContain('Members Secret');
    expect((await member.get('/works')).body_).toContain('Members Secret');
    expect((await member.get('/fandoms')).body_).toContain('Hidden Fandom');
    expect((await member.get('/users/writer/pseuds/writer')).body_).toContain('Members Secret');
    // Counts: the listing heading counts only what the viewer may see.
    const guestCount = Number(/(\d+) Works? in/.exec((await guest.get('/users/writer/pseuds/writer')).body_)?.[1] ?? '0');
    const memberCount = Number(/(\d+) Works? in/.exec((await member.get('/users/writer/pseuds/writer')).body_)?.[1] ?? '0');
    expect(memberCount).toBe(guestCount + 1);
  });

  it('drafts are private to their creators until posted', async () => {
    await author.get('/works/new');
    const r = await author.post('/works/new', workFields({ title: 'Unposted Draft', action: 'draft' }));
    const id = Number(/\/works\/(\d+)/.exec(r.headers.get('location') ?? '')?.[1]);
    expect(r.headers.get('location')).toBe(`/works/${id}/preview`);
    expect((await author.get(`/works/${id}/preview`)).body_).toContain('This is a draft');
    expect((await author.get(`/works/${id}`)).status).toBe(200);
    expect((await stranger.get(`/works/${id}`)).status).toBe(404);
    expect((await stranger.get(`/works/${id}/preview`)).status).toBe(403);
    expect((await client().get(`/works/${id}`)).status).toBe(404);
    expect((await stranger.get('/works')).body_).not.toContain('Unposted Draft');
    await author.get(`/works/${id}/preview`);
    expect((await author.post(`/works/${id}/post`, {})).status).toBe(303);
    expect((await client().get(`/works/${id}`)).body_).toContain('Unposted Draft');
  });

  it('an imported (legacy) work cannot be edited by anyone until claimed', async () => {
    const id = await works.save(workInput({ title: 'Legacy Locked' }));
    const admin = client();
    await admin.logIn('chief', 'the head of it all');
    expect((await admin.get(`/works/${id}/edit`)).status).toBe(403);
  });
});
