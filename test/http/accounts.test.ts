import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { availableKinds, makeStore } from '../support/databases.js';
import { testApp } from '../support/app.js';
import type { TestStore } from '../support/databases.js';
import { workInput } from '../support/work-input.js';
import type { WorkService } from '../../src/works/index.js';
import type { createApp } from '../../src/web/app.js';
import { Client, workFields } from './accounts-client.js';

process.env.FANFOLD_TRUST_PROXY = '1';

describe.each(await availableKinds())('accounts over HTTP on %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let works: WorkService;
  let app: ReturnType<typeof createApp>;
  let ipCounter = 0;
  const client = () => new Client(app, `10.1.0.${++ipCounter}`);

  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    ({ app, services: { works } } = await testApp(db));
  });
  afterAll(() => store.cleanup());

  it('signs up, shows the account in the header, logs out and in again', async () => {
    const c = client();
    const res = await c.signUp('quill');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?welcome=1');
    const cookie = res.headers.getSetCookie().find((s) => s.startsWith('fanfold_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const dash = await c.get('/account?welcome=1');
    expect(dash.body_).toContain('Hi, quill!');
    expect(dash.body_).toContain('Welcome!');
    expect((await c.post('/logout', {})).status).toBe(303);
    expect((await c.get('/account')).status).toBe(303);
    const bad = await c.logIn('quill', 'wrong password here');
    expect(bad.status).toBe(400);
    expect(bad.body_).toContain('doesn’t match our records');
    expect((await c.logIn('QUILL@example.org')).status).toBe(303);
    expect((await c.get('/account')).body_).toContain('Hi, quill!');
  });

  it('a guest sent to log in comes back to the page asked for (local paths only)', async () => {
    const c = client();
    const res = await c.get('/works/new');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fworks%2Fnew');
    const form = await c.get('/login?next=%2Fworks%2Fnew');
    expect(form.body_).toContain('name="next" value="/works/new"');
    expect((await c.post('/login', { login: 'quill', password: 'correct horse battery', next: '/works/new' })).headers.get('location')).toBe('/works/new');
    await c.post('/logout', {});
    await c.get('/login');
    expect((await c.post('/login', { login: 'quill', password: 'correct horse battery', next: '//evil.example/' })).headers.get('location')).toBe('/account');
  });

  it('refuses sign-ups without terms, age, a good password, or with a taken name', async () => {
    const c = client();
    await c.get('/signup');
    const base = { name: 'newbie', email: 'newbie@example.org', password: 'a long fine password', password_confirmation: 'a long fine password', accept_terms: '1', confirm_age: '1' };
    expect((await c.post('/signup', { ...base, accept_terms: '' })).body_).toContain('accept the Terms of Service');
    expect((await c.post('/signup', { ...base, confirm_age: '' })).body_).toContain('at least 13 years old');
    expect((await c.post('/signup', { ...base, password: 'short', password_confirmation: 'short' })).body_).toContain('at least 8 characters');
    expect((await c.post('/signup', { ...base, password: 'password123', password_confirmation: 'password123' })).body_).toContain('most commonly used');
    expect((await c.post('/signup', { ...base, password: 'qwertyuiop', password_confirmation: 'qwertyuiop' })).body_).toContain('most commonly used');
    expect((await client().signUp('quill')).body_).toContain('already taken');
  });

  it('sign-up by invitation code, and closed sign-up', async () => {
    const acc = works.accounts;
    await acc.setSetting('signup', 'invite');
    const c = client();
    expect((await c.signUp('invited')).body_).toContain('needs a valid invitation code');
    const [code] = await acc.createInvites(1, null);
    await c.get('/signup');
    const ok = await c.post('/signup', { name: 'invited', email: 'invited@example.org', password: 'correct horse battery', password_confirmation: 'correct horse battery', accept_terms: '1', confirm_age: '1', invite_code: code as string });
    expect(ok.status).toBe(303);
    const again = await client().post('/signup', { name: 'invited2', email: 'i2@example.org', password: 'correct horse battery', password_confirmation: 'correct horse battery', accept_terms: '1', confirm_age: '1', invite_code: code as string });
    expect(again.body_).toContain('needs a valid invitation code');
    await acc.setSetting('signup', 'closed');
    expect((await client().get('/signup')).body_).toContain('Sign-ups are closed');
    expect((await client().signUp('closedout')).body_).toContain('Sign-ups are closed');
    await acc.setSetting('signup', 'open');
  });

  it('resets a forgotten password by the emailed link (read from the outbox)', async () => {
    const c = client();
    await c.signUp('forgetful');
    await c.post('/logout', {});
    await c.get('/password/forgot');
    const sent = await c.post('/password/forgot', { email: 'forgetful@example.org' });
    expect(sent.body_).toContain('a link to reset its password is on its way');
    const mail = (await works.accounts.outboxUnchecked()).find((m) => m.to_address === 'forgetful@example.org');
    const link = /\/password\/reset\/[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0];
    expect(link).toBeDefined();
    expect((await c.get(link as string)).body_).toContain('Choose a new password');
    expect((await c.post(link as string, { password: 'a brand new secret' })).status).toBe(303);
    expect((await c.get(link as string)).body_).toContain('invalid or has expired');
    expect((await c.logIn('forgetful')).status).toBe(400);
    expect((await c.logIn('forgetful', 'a brand new secret')).status).toBe(303);
  });

  it('changes email and password; log out everywhere ends other sessions', async () => {
    const a = client();
    await a.signUp('mover');
    const b = client();
    await b.logIn('mover');
    expect((await b.get('/account')).body_).toContain('Hi, mover!');
    await a.get('/account');
    expect((await a.post('/account/email', { email: 'moved@example.org', password: 'wrong one' })).body_).toContain('current password is not correct');
    expect((await a.post('/account/email', { email: 'moved@example.org', password: 'correct horse battery' })).status).toBe(303);
    expect((await a.get('/account')).body_).toContain('moved@example.org');
    expect((await a.post('/account/password', { current: 'correct horse battery', password: 'another good passphrase' })).status).toBe(303);
    // The other browser was signed out by the password change; this one keeps a fresh session.
    expect((await b.get('/account')).status).toBe(303);
    expect((await a.get('/account')).body_).toContain('Hi, mover!');
    const c2 = client();
    await c2.logIn('moved@example.org', 'another good passphrase');
    await a.post('/logout-everywhere', {});
    expect((await c2.get('/account')).status).toBe(303);
    expect((await a.get('/account')).status).toBe(303);
  });

  it('manages pseuds: create, rename, make default; each has its page', async () => {
    const c = client();
    await c.signUp('penman');
    await c.get('/account');
    expect((await c.post('/account/pseuds', { name: 'Night Writer', description: 'After dark.' })).status).toBe(303);
    const pseuds = await works.accounts.pseuds((await works.accounts.findUser('penman'))?.id as number);
    const night = pseuds.find((p) => p.name === 'Night Writer');
    expect(night).toBeDefined();
    expect((await c.get('/users/penman/pseuds/Night%20Writer')).body_).toContain('After dark.');
    await c.post(`/account/pseuds/${night?.id}`, { action: 'rename', name: 'Dawn Writer', description: '' });
    expect((await c.get('/users/penman/pseuds/Dawn%20Writer')).status).toBe(200);
    await c.post(`/account/pseuds/${night?.id}`, { action: 'default' });
    const after = await works.accounts.pseuds((await works.accounts.findUser('penman'))?.id as number);
    expect(after.find((p) => p.is_default === 1)?.name).toBe('Dawn Writer');
  });

  it('deletes an account, orphaning or deleting its works as chosen', async () => {
    const c = client();
    await c.signUp('leaver');
    await c.get('/works/new');
    const r1 = await c.post('/works/new', workFields({ title: 'Leaver Keeps This' }));
    const id1 = Number(/\/works\/(\d+)/.exec(r1.headers.get('location') ?? '')?.[1]);
    await c.get('/account/delete');
    expect((await c.post('/account/delete', { works: 'orphan', password: 'nope nope nope' })).status).toBe(400);
    expect((await c.post('/account/delete', { works: 'orphan', password: 'correct horse battery' })).status).toBe(303);
    const w = await works.get(id1);
    expect(w?.deletedAt).toBeNull();
    expect(w?.creators.map((x) => x.name)).toEqual(['orphan_account']);
    expect(await works.accounts.findUser('leaver')).toBeUndefined();

    const d = client();
    await d.signUp('eraser');
    await d.get('/works/new');
    const r2 = await d.post('/works/new', workFields({ title: 'Eraser Removes This' }));
    const id2 = Number(/\/works\/(\d+)/.exec(r2.headers.get('location') ?? '')?.[1]);
    await d.get('/account/delete');
    await d.post('/account/delete', { works: 'delete', password: 'correct horse battery' });
    expect((await works.get(id2))?.deletedAt).not.toBeNull();
    expect((await client().get(`/works/${id2}`)).status).toBe(404);
  });

  it('claims a legacy author: by admin grant and by an emailed claim link; /creators/NAME redirects', async () => {
    const legacyId = await works.save(workInput({ title: 'Old Imported Story', creators: [{ kind: 'legacy', name: 'Old Quill' }] }));
    await works.save(workInput({ title: 'Another Old Story', creators: [{ kind: 'legacy', name: 'Old Quill' }] }));
    const author = await works.findLegacyAuthor('Old Quill');
    await db.kysely.insertInto('legacy_author_contacts').values({ legacy_author_id: author?.id as number, contact: 'oldquill@example.net', source: 'test' }).execute();

    await works.accounts.createAdmin('boss', 'boss@example.org', 'admin pass phrase');
    const admin = client();
    await admin.logIn('boss', 'admin pass phrase');
    await admin.get('/admin');
    const sent = await admin.post('/admin/claims', { legacy: 'Old Quill', action: 'send' });
    expect(sent.body_).toContain('Sent a claim link to 1 recorded address');
    expect(sent.body_).not.toContain('oldquill@example.net');
    const outbox = await admin.get('/admin/outbox');
    expect(outbox.body_).toContain('Claim your works as Old Quill');
    const mail = (await works.accounts.outboxUnchecked()).find((m) => m.to_address === 'oldquill@example.net');
    const link = /\/claim\/[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0] as string;

    const guest = client();
    expect((await guest.get(link)).body_).toContain('log in');
    const quill = client();
    await quill.signUp('oldquill');
    const form = await quill.get(link);
    expect(form.body_).toContain('Claim the works of Old Quill');
    const pseudId = /<option value="(\d+)"/.exec(form.body_)?.[1] as string;
    expect((await quill.post(link, { pseud: pseudId })).status).toBe(303);
    const w = await works.get(legacyId);
    expect(w?.creators).toEqual([{ name: 'oldquill', kind: 'pseud', url: '/users/oldquill/pseuds/oldquill' }]);
    expect(w?.publishedAt).toBe('2024-01-01T00:00:00.000Z');
    const redirect = await client().get('/creators/Old%20Quill');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/users/oldquill/pseuds/oldquill');
    expect((await quill.get('/account')).body_).toContain('Old Imported Story');

    // Admin grant.
    await works.save(workInput({ title: 'Granted Story', creators: [{ kind: 'legacy', name: 'Granted Name' }] }));
    await client().signUp('grantee');
    await admin.get('/admin');
    expect((await admin.post('/admin/claims', { legacy: 'Granted Name', account: 'grantee', action: 'grant' })).body_).toContain('Moved 1 work credit');
    expect((await client().get('/creators/Granted%20Name')).headers.get('location')).toBe('/users/grantee/pseuds/grantee');
    // Only admins: a normal account gets 403.
    await quill.get('/account');
    expect((await quill.post('/admin/claims', { legacy: 'Granted Name', account: 'oldquill', action: 'grant' })).status).toBe(403);
    expect((await quill.get('/admin/outbox')).status).toBe(403);
  });

  it('sessions expire and slide: the stored row holds only a hash of the cookie token', async () => {
    const c = client();
    await c.signUp('slider');
    const token = c.cookies.get('fanfold_session') as string;
    const rows = await db.kysely.selectFrom('sessions').selectAll().execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const user = await works.accounts.findUser('slider');
    const mine = rows.find((r) => r.user_id === user?.id);
    // Nearly expired: the next use renews it for 30 days.
    await db.kysely.updateTable('sessions').set({ expires_at: new Date(Date.now() + 60_000).toISOString() }).where('token_hash', '=', mine?.token_hash as string).execute();
    const res = await c.get('/account');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((s) => s.startsWith('fanfold_session='))).toBe(true);
    const renewed = await db.kysely.selectFrom('sessions').select('expires_at').where('token_hash', '=', mine?.token_hash as string).executeTakeFirstOrThrow();
    expect(new Date(renewed.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    // Expired: the cookie no longer signs in.
    await db.kysely.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('token_hash', '=', mine?.token_hash as string).execute();
    expect((await c.get('/account')).status).toBe(303);
  });
});
