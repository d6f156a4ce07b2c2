import type { Hono } from 'hono';
import type { AppContext, AppEnv } from '../context.js';
import { idParam, pageParam } from '../context.js';
import { page } from '../render.js';
import { html } from '../html.js';
import {
  aboutPage, takedownPage, collectionsPage, fandomsPage, groupIntro, homePage, listingBody, notFoundPage,
} from '../views/pages.js';
import type { ListingFilter, ListingSort } from '../../works/index.js';
import type { Html } from '../html.js';
import { searchPage } from './search.js';
import { isStaff } from '../../accounts/viewer.js';
import { postForm } from '../views/accounts-forms.js';

/** Lists works for a filter with the standard listing page. */
export async function listingPage(c: AppContext, title: string, what: Html | string, filter: ListingFilter, intro: Html | '' = '', sort?: ListingSort): Promise<Response> {
  const { works, settings } = c.get('services');
  const pg = pageParam(c);
  const res = await works.list(c.get('viewer'), filter, { page: pg, perPage: settings.perPage, ...(sort ? { sort } : {}) });
  const list = { works: await works.blurbs(res.ids), total: res.total, page: pg, perPage: settings.perPage, url: new URL(c.req.url) };
  return page(c, { title }, listingBody(list, what, intro));
}

export const notFound = (c: AppContext, what: string, hint: string | Html = '') => page(c, { title: what, noindex: true }, notFoundPage(what, hint), 404);

/** The raw (still percent-encoded) path segment at `index`, so AO3's `*s*` escapes and `%` decode once. */
export function rawSegment(c: AppContext, index: number): string {
  return new URL(c.req.url).pathname.split('/')[index] ?? '';
}

export function browseRoutes(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const { works, settings } = c.get('services');
    const viewer = c.get('viewer');
    const [recent, fandoms] = await Promise.all([works.list(viewer, {}, { page: 1, perPage: 10 }), works.fandomCounts(viewer)]);
    return page(c, { title: 'Home', description: `${settings.name}: a fan fiction archive.` }, homePage(settings.name, await works.blurbs(recent.ids), fandoms, recent.total));
  });

  app.get('/fandoms', async (c) => page(c, { title: 'Fandoms' }, fandomsPage(await c.get('services').works.fandomCounts(c.get('viewer')))));
  app.get('/about', (c) => page(c, { title: 'About' }, aboutPage(c.get('services').settings.name)));
  app.get('/takedown', (c) => page(c, { title: 'Taking down an imported work' }, takedownPage(c.get('services').settings.name)));

  app.get('/creators/:name', async (c) => {
    const name = c.req.param('name');
    const author = await c.get('services').works.findLegacyAuthor(name);
    if (!author) return notFound(c, `Creator “${name}” not found`);
    const claimed = author.claimed_pseud_id === null ? null : await c.get('services').works.pseudPath(author.claimed_pseud_id);
    if (claimed) return c.redirect(claimed, 301);
    const staff = isStaff(c.get('viewer'));
    const done = c.req.query('taken_down') ?? c.req.query('restored');
    const intro = html`<h1>${author.name}</h1><p class="note">Works by ${author.name}, imported from an older archive. This author has not claimed them with an account. <a href="/takedown">Are you ${author.name}?</a></p>
${done ? html`<div class="flash" role="status"><p>${c.req.query('taken_down') ? `Took down ${done} works.` : `Restored ${done} works.`}</p></div>` : ''}
${staff ? postForm(`/creators/${encodeURIComponent(author.name)}/takedown`, html`<fieldset><legend>Moderator: take-down request</legend><label>Reason <input name="reason" value="take-down request from the author"></label> <button type="submit" name="action" value="takedown">Take down all of ${author.name}'s works</button> <button type="submit" name="action" value="restore">Restore them</button></fieldset>`, { cls: 'staff-tools' }) : ''}`;
    return searchPage(c, { title: `${author.name} - Works`, what: author.name, intro, fixed: { creator: author.name } });
  });

  app.get('/users/:user/pseuds/:pseud', async (c) => {
    const p = await c.get('services').works.findPseud(c.req.param('user'), c.req.param('pseud'));
    if (!p) return notFound(c, `Pseud “${c.req.param('pseud')}” not found`);
    const label = p.name === p.userName ? p.name : `${p.name} (${p.userName})`;
    const intro = html`<h1>${label}</h1>${p.description ? html`<p>${p.description}</p>` : ''}`;
    return searchPage(c, { title: `${label} - Works`, what: label, intro, fixed: { creator: p.name } });
  });

  app.get('/users/:user', async (c) => {
    const user = c.req.param('user');
    const p = await c.get('services').works.findPseud(user, user);
    if (!p) return notFound(c, `User “${user}” not found`);
    return c.redirect(`/users/${encodeURIComponent(p.userName)}/pseuds/${encodeURIComponent(p.name)}`, 302);
  });

  app.get('/series/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'Series');
    const s = await c.get('services').works.series(id);
    if (!s) return notFound(c, `Series ${id} not found`);
    const entries = await c.get('services').works.seriesEntries(id, c.get('viewer'));
    if (entries.length === 0) return notFound(c, `Series ${id} not found`);
    return listingPage(c, s.title, html`this series`, { seriesId: id }, groupIntro(s.title, s.summary), 'series');
  });

  app.get('/collections', async (c) => page(c, { title: 'Collections' }, collectionsPage(await c.get('services').works.collections())));
  const showCollection = async (c: AppContext) => {
    const name = c.req.param('name') ?? '';
    const col = await c.get('services').works.collection(name);
    if (!col) return notFound(c, `Collection “${name}” not found`);
    return searchPage(c, { title: col.title, what: col.title, intro: groupIntro(col.title, col.description), fixed: { collection: col.name } });
  };
  app.get('/collections/:name', showCollection);
  app.get('/collections/:name/works', showCollection);
}
