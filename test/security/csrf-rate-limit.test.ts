import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableKinds, makeStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import type { TestStore } from '../support/databases.js';
import type { createApp } from '../../src/web/app.js';
import { Client, workFields } from '../http/accounts-client.js';

process.env.FANFOLD_TRUST_PROXY = '1';

describe.each(await availableKinds())('CSRF and rate limits on %s', (kind) => {
  let store: TestStore;
  let app: ReturnType<typeof createApp>;
  /** A second "process": its own connection and app over the same database. */
  let app2: ReturnType<typeof createApp>;
  let workId: number;
  let owner: Client;

  beforeAll(async () => {
    store = await makeStore(kind);
    app = (await testApp(await store.open())).app;
    app2 = (await testApp(await store.open())).app;
    owner = new Client(app, '10.9.0.1');
    await owner.signUp('csrfowner');
    await owner.get('/works/new');
    const r = await owner.post('/works/new', workFields({ expected_chapters: '?' }));
    workId = Number(/\/works\/(\d+)/.exec(r.headers.get('location') ?? '')?.[1]);
  });
  afterAll(() => store.cleanup());

  it('refuses every form post without the CSRF token, or with a wrong one (403), and changes nothing', async () => {
    const forms: [string, Record<string, string>][] = [
      ['/logout', {}],
      ['/logout-everywhere', {}],
      ['/account/email', { email: 'evil@example.org', password: 'correct horse battery' }],
      ['/account/password', { current: 'correct horse battery', password: 'attacker chose this' }],
      ['/account/pseuds', { name: 'Injected' }],
      ['/account/delete', { works: 'delete', password: 'correct horse battery' }],
      ['/works/new', workFields({ title: 'Forged' }) as Record<string, string>],
      [`/works/${workId}/edit`, workFields({ title: 'Forged Edit' }) as Record<string, string>],
      [`/works/${workId}/chapters/new`, { chapter_body: 'forged chapter' }],
      [`/works/${workId}/chapters/1/edit`, { chapter_body: 'forged edit' }],
      [`/works/${workId}/chapters/reorder`, { order_1: '1' }],
      [`/works/${workId}/delete`, {}],
      [`/works/${workId}/orphan`, {}],
      [`/works/${workId}/moderate`, { action: 'hide' }],
      ['/preferences', { showAdult: '1' }],
      ['/admin/settings', { signup: 'closed' }],
      ['/claim/abc', { pseud: '1' }],
    ];
    const other = new Client(app, '10.9.0.2');
    await other.signUp('csrfother');
    for (const [path, fields] of forms) {
      expect((await owner.post(path, fields, { csrf: false })).status, path).toBe(403);
      // Another account's valid token is not this session's token.
      const res = await owner.post(path, { ...fields, _csrf: other.csrf }, { csrf: false });
      expect(res.status, path).toBe(403);
    }
    // Guests too: log-in and sign-up forms carry a token tied to a cookie.
    const guest = new Client(app, '10.9.0.3');
    expect((await guest.post('/login', { login: 'csrfowner', password: 'correct horse battery' }, { csrf: false })).status).toBe(403);
    expect((await guest.post('/signup', { name: 'forged', email: 'f@example.org', password: 'correct horse battery', accept_terms: '1', confirm_age: '1' }, { csrf: false })).status).toBe(403);
    // Nothing changed.
    const page = await owner.get(`/works/${workId}`);
    expect(page.status).toBe(200);
    expect(page.body_).toContain('Posted Through The Web');
    expect((await owner.get('/account')).body_).toContain('Hi, csrfowner!');
    // With the token the same form works.
    expect((await owner.post('/account/pseuds', { name: 'Real Pseud' })).status).toBe(303);
  });

  it('limits login attempts per account, across addresses and processes (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const c = new Client(i % 2 === 0 ? app : app2, `10.8.${i}.1`);
      statuses.push((await c.logIn('csrfowner', 'wrong password guess')).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right password waits now.
    const late = new Client(app2, '10.8.99.1');
    const res = await late.logIn('csrfowner');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.body_).toContain('Too many attempts');
  });

  it('limits login attempts per address across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await new Client(i % 2 ? app : app2, '10.7.0.1').logIn(`nobody${i}`, 'whatever password')).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses[20]).toBe(429);
  });

  it('limits sign-ups per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await new Client(i % 2 ? app : app2, '10.6.0.1').signUp(`many${i}`)).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    // Another address is not affected.
    expect((await new Client(app, '10.6.0.2').signUp('elsewhere')).status).toBe(303);
  });

  it('limits password-reset requests per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const c = new Client(app, '10.5.0.1');
      await c.get('/password/forgot');
      statuses.push((await c.post('/password/forgot', { email: `x${i}@example.org` })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
