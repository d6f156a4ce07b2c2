import type { Hono } from 'hono';
import { setCookie, getCookie } from 'hono/cookie';
import type { AppContext, AppEnv } from '../context.js';
import { idParam } from '../context.js';
import { page } from '../render.js';
import { adultNotice, chapterHeading, workPage } from '../views/work.js';
import type { SeriesNeighbours } from '../views/work.js';
import { notFoundPage, restrictedPage } from '../views/pages.js';
import { canOpen } from '../../works/visibility.js';
import { isGated } from '../../site-settings.js';
import type { Work } from '../../works/index.js';
import type { Viewer } from '../../accounts/viewer.js';
import { requestState } from '../middleware/request-state.js';
import { ownerTools } from './posting.js';

export const ADULT_COOKIE = 'fanfold_view_adult';

export function worksRoutes(app: Hono<AppEnv>): void {
  // Old links keep working: an imported file's original path redirects to its work, so an old
  // site's domain can be pointed at this archive.
  app.get('/archive-path/*', async (c) => {
    const url = new URL(c.req.url);
    const raw = url.pathname.slice('/archive-path/'.length) + url.search;
    let path = raw;
    try {
      path = decodeURIComponent(raw);
    } catch {
      // keep the raw path
    }
    const id = (await c.get('services').works.findByArchivePath(path)) ?? (await c.get('services').works.findByArchivePath(path.replace(/^\/+/, '')));
    if (id === null) return showMissing(c, `No imported work came from “${path}”`);
    return c.redirect(`/works/${id}`, 301);
  });

  app.get('/works/:id', (c) => showWork(c, c.req.query('view_full_work') === 'true' ? null : 1));
  app.get('/works/:id/chapters', (c) => c.redirect(`/works/${c.req.param('id')}/chapters/1`, 301));
  app.get('/works/:id/chapters/:n', (c) => {
    const n = c.req.param('n');
    if (!/^\d{1,6}$/.test(n)) return showMissing(c, 'Chapter not found');
    return showWork(c, Number(n));
  });
}

async function showMissing(c: AppContext, what: string): Promise<Response> {
  return page(c, { title: what, noindex: true }, notFoundPage(what), 404);
}

async function showWork(c: AppContext, chapter: number | null): Promise<Response> {
  const { works, settings } = c.get('services');
  const viewer = c.get('viewer');
  const id = idParam(c.req.param('id'), 'Work');
  const w = await works.get(id);
  if (!w || !canOpen(w, viewer)) {
    if (w && w.restricted && viewer.userId === null && canOpen(w, { ...viewer, userId: -1 })) {
      return page(c, { title: 'Registered users only', noindex: true }, restrictedPage(), 403);
    }
    return page(c, { title: 'Work not found', noindex: true }, notFoundPage(`Work ${id} not found`, 'It may have been deleted, or it may not be posted yet.'), 404);
  }
  // A single-chapter work is the same page whichever URL is used.
  const chapterPos = w.chapters.length <= 1 ? null : chapter;
  if (chapterPos !== null && (chapterPos < 1 || chapterPos > w.chapters.length)) {
    return page(c, { title: 'Chapter not found', noindex: true }, notFoundPage(`Chapter ${chapterPos} of “${w.title}” not found`, `This work has ${w.chapters.length} chapters.`), 404);
  }

  // The notice is skipped by the reader's preference, and for the work's own creators.
  const own = w.creatorPseudIds.some((p) => viewer.pseudIds.includes(p));
  if (isGated(settings, w.rating) && !adultConsent(c) && !requestState().prefs.showAdult && !own) {
    const url = new URL(c.req.url);
    url.searchParams.set('view_adult', 'true');
    return page(c, { title: `${w.title} – adult content notice`, noindex: true }, adultNotice(w, url.pathname + url.search));
  }
  if (c.req.query('view_adult') === 'true') {
    setCookie(c, ADULT_COOKIE, '1', { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 * 60 * 24 * 365 });
  }

  await works.recordHit(w.id);
  w.stats.hits += 1;
  const series = await seriesNeighbours(c, w, viewer);
  const shown = chapterPos === null ? null : w.chapters[chapterPos - 1];
  const title = shown && w.chapters.length > 1 ? `${w.title} - ${chapterHeading(shown, w.chapters.length)}` : w.title;
  return page(c, { title, description: w.summary?.slice(0, 200) }, workPage(w, chapterPos, series, ownerTools(w, viewer, c.req.query('posted') ? 'Work was successfully posted.' : null)));
}

/** ?view_adult=true on any /works/ID URL (AO3's convention), or Proceed remembered in a cookie. */
function adultConsent(c: AppContext): boolean {
  return c.req.query('view_adult') === 'true' || getCookie(c, ADULT_COOKIE) === '1';
}

async function seriesNeighbours(c: AppContext, w: Work, viewer: Viewer): Promise<SeriesNeighbours[]> {
  const { works } = c.get('services');
  return Promise.all(
    w.series.map(async (s) => {
      const entries = await works.seriesEntries(s.id, viewer);
      const i = entries.findIndex((e) => e.id === w.id);
      const at = (j: number) => {
        const e = entries[j];
        return e ? { id: e.id, title: e.title } : null;
      };
      return { id: s.id, title: s.title, part: s.part, prev: i > 0 ? at(i - 1) : null, next: i >= 0 ? at(i + 1) : null };
    }),
  );
}
