import type { Hono } from 'hono';
import type { AppContext, AppEnv } from '../context.js';
import { page } from '../render.js';
import { html } from '../html.js';
import type { Html } from '../html.js';
import { workList } from '../views/blurb.js';
import { pagination } from '../views/pagination.js';
import { filterForm, snippetList } from '../views/filters.js';
import { apiWorksResponse, parseSearchParams, QuerySyntaxError, SearchParamError, SORTS } from '../../search/index.js';
import type { SearchMute, SearchResult } from '../../search/index.js';
import { requestState } from '../middleware/request-state.js';
import { fmtNumber } from '../html.js';


/**
 * Every listing of works — /works, tag, fandom, collection, creator pages, the search box and
 * GET /api/v1/works — goes through the one search engine with the same parameters (the
 * issue's API table). A page fixes some parameters itself (`fixed`: a tag page's tag); the
 * reader's form adds the rest. Muted tags and creators of a signed-in reader are removed in
 * the engine, so counts stay right.
 */
export interface SearchPage {
  title: string;
  /** Shown in "1 - 20 of N Works in …". */
  what: Html | string;
  intro?: Html | '';
  fixed?: Record<string, string>;
}

/** Form fields left empty mean "not set" on HTML pages (the API itself is strict). */
function formParams(url: URL, fixed: Record<string, string>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (v.trim() !== '' && !(k in fixed)) out.append(k, v);
  for (const [k, v] of Object.entries(fixed)) out.append(k, v);
  return out;
}

async function muteFor(c: AppContext): Promise<SearchMute> {
  const { user, prefs } = requestState();
  if (!user) return {};
  const m = await c.get('services').works.accounts.resolveMutes(prefs);
  return { tagIds: m.tagIds, creatorKeys: [...m.pseudIds.map((id) => `pseud:${id}`), ...m.legacyAuthorIds.map((id) => `legacy:${id}`)] };
}

async function run(c: AppContext, params: URLSearchParams): Promise<SearchResult> {
  const { search, settings } = c.get('services');
  if (!params.has('per_page')) params.set('per_page', String(settings.perPage));
  // A signed-in reader's default sort, unless the page or a text query asks for another.
  const { user, prefs } = requestState();
  if (user && !params.has('sort') && !params.has('q') && (SORTS as readonly string[]).includes(prefs.sort)) {
    params.set('sort', prefs.sort);
    // Alphabetical sorts read A to Z.
    if (prefs.sort === 'title' && !params.has('order')) params.set('order', 'asc');
  }
  const req = parseSearchParams(params);
  return search.search(req, c.get('viewer'), { mute: await muteFor(c) });
}

function badRequest(e: unknown): { code: string; message: string } | null {
  if (e instanceof SearchParamError) return { code: e.code, message: e.message };
  if (e instanceof QuerySyntaxError) return { code: 'bad_query', message: e.message };
  return null;
}

export async function searchPage(c: AppContext, p: SearchPage): Promise<Response> {
  const url = new URL(c.req.url);
  const fixed = p.fixed ?? {};
  const params = formParams(url, fixed);
  let result: SearchResult;
  try {
    result = await run(c, params);
  } catch (e) {
    const bad = badRequest(e);
    if (!bad) throw e;
    return page(c, { title: p.title, noindex: true }, html`${p.intro ?? ''}<div class="notice error" role="alert"><h2>That search could not be run</h2><p>${bad.message}</p><p><a href="${url.pathname}">Start again</a></p></div>`, 400);
  }
  const blurbs = await c.get('services').works.blurbs(result.ids);
  const from = (result.page - 1) * result.perPage + 1;
  const heading = result.total === 0
    ? html`<h2 class="heading">0 Works in ${p.what}</h2>`
    : html`<h2 class="heading">${from} - ${from + blurbs.length - 1} of ${fmtNumber(result.total)} Works in ${p.what}</h2>`;
  const pager = pagination(url, result.page, result.perPage, result.total);
  const body = html`${p.intro ?? ''}<div class="listing-with-filters">
  <div class="listing">
    ${heading}
    ${pager}
    ${workList(blurbs, (w) => snippetList(result.snippets?.[w.id]))}
    ${pager}
  </div>
  ${filterForm(url.pathname, url.searchParams, result.facets, result.total, fixed)}
</div>`;
  return page(c, { title: p.title }, body);
}

export function searchRoutes(app: Hono<AppEnv>): void {
  app.get('/works', (c) => searchPage(c, { title: 'Works', what: 'the archive' }));
  app.get('/works/search', (c) => c.redirect(`/works${new URL(c.req.url).search}`, 301));

  app.get('/api/v1/works', async (c) => {
    const params = new URL(c.req.url).searchParams;
    try {
      const result = await run(c, new URLSearchParams(params));
      const blurbs = await c.get('services').works.blurbs(result.ids);
      return c.json(apiWorksResponse(result, blurbs));
    } catch (e) {
      const bad = badRequest(e);
      if (!bad) throw e;
      return c.json({ error: bad }, 400);
    }
  });
}
