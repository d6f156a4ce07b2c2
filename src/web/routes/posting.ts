import type { Hono } from 'hono';
import type { AppContext, AppEnv } from '../context.js';
import { HttpError, idParam } from '../context.js';
import { page } from '../render.js';
import { workPage } from '../views/work.js';
import { html } from '../html.js';
import type { Html } from '../html.js';
import {
  chapterFormPage, confirmPage, EMPTY_CHAPTER, EMPTY_WORK, manageChaptersPage, moderatorTools, workFormPage, workToolbar,
} from '../views/posting-pages.js';
import type { ChapterFormValues, WorkFormValues } from '../views/posting-pages.js';
import { POSTING_SCRIPT } from '../views/posting-script.js';
import { RATINGS } from '../../tags/tag-types.js';
import type { Rating } from '../../tags/tag-types.js';
import { RELATIONS } from '../../works/model.js';
import type { Relation, Work } from '../../works/model.js';
import { PostingError } from '../../works/posting.js';
import type { ChapterForm, WorkForm } from '../../works/posting.js';
import type { Viewer } from '../../accounts/viewer.js';
import { accounts, form, formError, signedInViewer, str, strs } from './accounts.js';
import type { Form } from './accounts.js';

const list = (s: string) => s.split(',').map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean);
const opt = (s: string) => (s.trim() === '' ? null : s);

function workValues(f: Form): WorkFormValues {
  return {
    title: str(f, 'title'), pseudIds: strs(f, 'pseuds'), coCreators: str(f, 'co_creators'), rating: str(f, 'rating'), warnings: strs(f, 'warnings'),
    categories: strs(f, 'categories'), fandoms: str(f, 'fandoms'), relationships: str(f, 'relationships'), characters: str(f, 'characters'),
    freeforms: str(f, 'freeforms'), summary: str(f, 'summary'), notes: str(f, 'notes'), endNotes: str(f, 'end_notes'), language: str(f, 'language') || 'en',
    seriesExisting: str(f, 'series_existing'), seriesNew: str(f, 'series_new'), seriesPart: str(f, 'series_part'), related: str(f, 'related'),
    gifts: str(f, 'gifts'), restricted: str(f, 'restricted') === '1', expectedChapters: str(f, 'expected_chapters'),
  };
}

function chapterValues(f: Form): ChapterFormValues {
  return { title: str(f, 'chapter_title'), summary: str(f, 'chapter_summary'), notes: str(f, 'chapter_notes'), endNotes: str(f, 'chapter_end_notes'), body: str(f, 'chapter_body'), format: str(f, 'chapter_format') };
}

/** Typed strings → the posting service's WorkForm; a value that cannot be understood is a PostingError for the form. */
function parseWork(v: WorkFormValues): WorkForm {
  if (!(RATINGS as readonly string[]).includes(v.rating)) throw new PostingError('rating', 'Rating: please choose a rating.');
  const exp = v.expectedChapters.trim();
  if (exp !== '' && exp !== '?' && !/^\d{1,4}$/.test(exp)) throw new PostingError('expectedChapters', 'Expected chapters: a number, or ? when you do not know.');
  const part = v.seriesPart.trim();
  if (part !== '' && !/^\d{1,4}$/.test(part)) throw new PostingError('seriesPart', 'Part in series: a whole number.');
  const seriesTitle = v.seriesNew.trim() || v.seriesExisting.trim();
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v.language.trim())) throw new PostingError('language', 'Language: a language code such as en, fr or pt-BR.');
  const related = v.related.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line) => {
    const m = /^([a-z ]+?)\s*:\s*(.+)$/i.exec(line);
    const relation = m?.[1]?.toLowerCase() as Relation | undefined;
    if (!m || !relation || !(RELATIONS as readonly string[]).includes(relation)) throw new PostingError('related', `Related works: “${line}” should look like “sequel: 12”.`);
    const target = (m[2] ?? '').trim();
    const id = /^(?:\/works\/)?(\d{1,12})$/.exec(target)?.[1];
    if (id) return { relation, workId: Number(id), url: null, title: `Work ${id}` };
    if (!/^https?:\/\//.test(target)) throw new PostingError('related', `Related works: “${target}” is neither a work number nor an http(s) address.`);
    return { relation, workId: null, url: target, title: target };
  });
  return {
    title: v.title, pseudIds: v.pseudIds.map(Number).filter(Number.isInteger), coCreators: list(v.coCreators), rating: v.rating as Rating,
    warnings: v.warnings, categories: v.categories, fandoms: list(v.fandoms), relationships: list(v.relationships), characters: list(v.characters),
    freeforms: list(v.freeforms), summary: opt(v.summary), notes: opt(v.notes), endNotes: opt(v.endNotes), language: v.language.trim(),
    series: seriesTitle ? { title: seriesTitle, part: part === '' ? null : Number(part) } : null, related, gifts: list(v.gifts),
    restricted: v.restricted, expectedChapters: exp === '' || exp === '?' ? null : Number(exp),
  };
}

function parseChapter(v: ChapterFormValues): ChapterForm {
  return { title: opt(v.title), summary: opt(v.summary), notes: opt(v.notes), endNotes: opt(v.endNotes), body: v.body, format: v.format === 'markdown' ? 'markdown' : 'html' };
}

function valuesOf(w: Work, viewer: Viewer, gifts: string[]): WorkFormValues {
  const s = w.series[0];
  return {
    title: w.title, pseudIds: w.creatorPseudIds.filter((id) => viewer.pseudIds.includes(id)).map(String), coCreators: '', rating: w.rating,
    warnings: w.warnings, categories: w.categories, fandoms: w.fandoms.join(', '), relationships: w.relationships.join(', '), characters: w.characters.join(', '),
    freeforms: w.freeforms.join(', '), summary: w.summary ?? '', notes: w.notes ?? '', endNotes: w.endNotes ?? '', language: w.language,
    seriesExisting: s?.title ?? '', seriesNew: '', seriesPart: s?.part === null || s === undefined ? '' : String(s.part),
    related: w.related.map((r) => `${r.relation}: ${r.workId ?? r.url ?? ''}`).join('\n'), gifts: gifts.join(', '), restricted: w.restricted,
    expectedChapters: w.expectedChapters === null ? '?' : String(w.expectedChapters),
  };
}

function chapterValuesOf(c: Work['chapters'][number]): ChapterFormValues {
  return { title: c.title ?? '', summary: c.summary ?? '', notes: c.notes ?? '', endNotes: c.endNotes ?? '', body: c.body, format: 'html' };
}

const posting = (c: AppContext) => c.get('services').works.posting;

/** The owner's tools shown above a work they created (works.ts passes it as the page notice). */
export function ownerTools(w: Work, viewer: Viewer, notice: string | null = null): Html | '' {
  const own = w.creatorPseudIds.some((id) => viewer.pseudIds.includes(id)) ? workToolbar(w, notice) : '';
  const mod = viewer.roles.includes('moderator') || viewer.roles.includes('admin') ? moderatorTools(w) : '';
  // Admins can fetch an imported work's source file(s) exactly as they were imported.
  const original = viewer.roles.includes('admin') && w.sourcePath !== null ? html`<p class="staff-tools"><a href="/works/${w.id}/original">Download the imported original</a></p>` : '';
  return own === '' && mod === '' && original === '' ? '' : html`${own}${mod}${original}`;
}

export function postingRoutes(app: Hono<AppEnv>): void {
  app.get('/static/posting.js', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(POSTING_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });

  const workForm = async (c: AppContext, o: { mode: 'new' | 'edit'; workId?: number; values: WorkFormValues; chapter?: ChapterFormValues; error: string | null }) => {
    const v = signedInViewer(c);
    const [pseuds, series] = await Promise.all([accounts(c).pseuds(v.userId), posting(c).mySeries(v)]);
    return page(c, { title: o.mode === 'new' ? 'Post New Work' : 'Edit Work', noindex: true }, workFormPage({ ...o, pseuds, series }), o.error ? 400 : 200);
  };

  app.get('/works/new', (c) => workForm(c, { mode: 'new', values: EMPTY_WORK, chapter: EMPTY_CHAPTER, error: null }));
  app.post('/works/new', async (c) => {
    const v = signedInViewer(c);
    const f = await form(c);
    const values = workValues(f);
    const chapter = chapterValues(f);
    const action = str(f, 'action');
    try {
      const id = await posting(c).create(v, parseWork(values), parseChapter(chapter), action === 'post');
      return c.redirect(action === 'post' ? `/works/${id}?posted=1` : `/works/${id}/preview`, 303);
    } catch (e) {
      return workForm(c, { mode: 'new', values, chapter, error: formError(e) });
    }
  });

  const editable = async (c: AppContext) => posting(c).editable(c.get('viewer'), idParam(c.req.param('id'), 'Work'));

  app.get('/works/:id/preview', async (c) => {
    const w = await editable(c);
    return page(c, { title: `Preview: ${w.title}`, noindex: true }, workPage(w, null, [], workToolbar(w, w.posted ? null : 'Preview: this is how your work will look.')));
  });
  app.post('/works/:id/post', async (c) => {
    const w = await editable(c);
    await posting(c).post(c.get('viewer'), w.id);
    return c.redirect(`/works/${w.id}?posted=1`, 303);
  });

  app.get('/works/:id/edit', async (c) => {
    const w = await editable(c);
    return workForm(c, { mode: 'edit', workId: w.id, values: valuesOf(w, c.get('viewer'), await posting(c).gifts(w.id)), error: null });
  });
  app.post('/works/:id/edit', async (c) => {
    const w = await editable(c);
    const values = workValues(await form(c));
    try {
      await posting(c).update(c.get('viewer'), w.id, parseWork(values));
      return c.redirect(w.posted ? `/works/${w.id}` : `/works/${w.id}/preview`, 303);
    } catch (e) {
      return workForm(c, { mode: 'edit', workId: w.id, values, error: formError(e) });
    }
  });

  app.get('/works/:id/chapters/new', async (c) => {
    const w = await editable(c);
    return page(c, { title: `New chapter: ${w.title}`, noindex: true }, chapterFormPage(w.id, w.title, EMPTY_CHAPTER, null, null));
  });
  app.post('/works/:id/chapters/new', async (c) => {
    const w = await editable(c);
    const values = chapterValues(await form(c));
    try {
      const n = await posting(c).addChapter(c.get('viewer'), w.id, parseChapter(values));
      return c.redirect(`/works/${w.id}/chapters/${n}`, 303);
    } catch (e) {
      return page(c, { title: `New chapter: ${w.title}`, noindex: true }, chapterFormPage(w.id, w.title, values, null, formError(e)), 400);
    }
  });

  app.get('/works/:id/chapters/manage', async (c) => {
    const w = await editable(c);
    return page(c, { title: `Manage chapters: ${w.title}`, noindex: true }, manageChaptersPage(w, null));
  });
  app.post('/works/:id/chapters/reorder', async (c) => {
    const w = await editable(c);
    const f = await form(c);
    // order_N = new place of chapter N → the chapters listed by new place.
    const places = w.chapters.map((ch) => ({ from: ch.position, to: Number(str(f, `order_${ch.position}`)) }));
    const order = [...places].sort((a, b) => a.to - b.to || a.from - b.from).map((p) => p.from);
    try {
      if (new Set(places.map((p) => p.to)).size !== places.length || places.some((p) => !Number.isInteger(p.to) || p.to < 1 || p.to > places.length)) {
        throw new PostingError('order', `Give each chapter a different place from 1 to ${places.length}.`);
      }
      await posting(c).reorderChapters(c.get('viewer'), w.id, order);
      return c.redirect(`/works/${w.id}/chapters/manage`, 303);
    } catch (e) {
      return page(c, { title: `Manage chapters: ${w.title}`, noindex: true }, manageChaptersPage(w, formError(e)), 400);
    }
  });

  const chapterPos = (c: AppContext, w: Work) => {
    const n = Number(c.req.param('n'));
    if (!Number.isInteger(n) || n < 1 || n > w.chapters.length) throw new HttpError(404, 'not_found', `Chapter ${c.req.param('n')} not found`);
    return n;
  };
  app.get('/works/:id/chapters/:n/edit', async (c) => {
    const w = await editable(c);
    const n = chapterPos(c, w);
    return page(c, { title: `Edit chapter ${n}: ${w.title}`, noindex: true }, chapterFormPage(w.id, w.title, chapterValuesOf(w.chapters[n - 1] as Work['chapters'][number]), n, null));
  });
  app.post('/works/:id/chapters/:n/edit', async (c) => {
    const w = await editable(c);
    const n = chapterPos(c, w);
    const values = chapterValues(await form(c));
    try {
      await posting(c).updateChapter(c.get('viewer'), w.id, n, parseChapter(values));
      return c.redirect(`/works/${w.id}/chapters/${n}`, 303);
    } catch (e) {
      return page(c, { title: `Edit chapter ${n}: ${w.title}`, noindex: true }, chapterFormPage(w.id, w.title, values, n, formError(e)), 400);
    }
  });
  app.get('/works/:id/chapters/:n/delete', async (c) => {
    const w = await editable(c);
    const n = chapterPos(c, w);
    return page(c, { title: 'Delete chapter', noindex: true }, confirmPage(`Delete chapter ${n} of “${w.title}”?`, 'The chapter text is removed for good.', `/works/${w.id}/chapters/${n}/delete`, 'Yes, Delete Chapter', `/works/${w.id}/chapters/manage`));
  });
  app.post('/works/:id/chapters/:n/delete', async (c) => {
    const w = await editable(c);
    const n = chapterPos(c, w);
    try {
      await posting(c).deleteChapter(c.get('viewer'), w.id, n);
    } catch (e) {
      return page(c, { title: `Manage chapters: ${w.title}`, noindex: true }, manageChaptersPage(w, formError(e)), 400);
    }
    return c.redirect(`/works/${w.id}/chapters/manage`, 303);
  });

  app.get('/works/:id/delete', async (c) => {
    const w = await editable(c);
    return page(c, { title: 'Delete work', noindex: true }, confirmPage(`Delete “${w.title}”?`, 'The work, its chapters, comments and kudos will no longer be shown to anyone. This cannot be undone.', `/works/${w.id}/delete`, 'Yes, Delete Work', `/works/${w.id}`));
  });
  app.post('/works/:id/delete', async (c) => {
    const w = await editable(c);
    await posting(c).remove(c.get('viewer'), w.id);
    return c.redirect('/account?done=1', 303);
  });
  app.get('/works/:id/orphan', async (c) => {
    const w = await editable(c);
    return page(c, { title: 'Orphan work', noindex: true }, confirmPage(`Orphan “${w.title}”?`, 'The work stays on the archive but your name is removed from it and replaced by orphan_account. You will not be able to edit it any more. This cannot be undone.', `/works/${w.id}/orphan`, 'Yes, Orphan Work', `/works/${w.id}`));
  });
  app.post('/works/:id/orphan', async (c) => {
    const w = await editable(c);
    await posting(c).orphan(c.get('viewer'), w.id);
    return c.redirect(`/works/${w.id}`, 303);
  });

  // A moderator's hide / restore (not a creator's delete): 403 for everyone else.
  app.post('/works/:id/moderate', async (c) => {
    const id = idParam(c.req.param('id'), 'Work');
    const f = await form(c);
    await posting(c).moderate(c.get('viewer'), id, str(f, 'action') !== 'restore', str(f, 'reason'));
    return c.redirect(`/works/${id}`, 303);
  });
}
