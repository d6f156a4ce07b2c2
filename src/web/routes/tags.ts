import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../context.js';
import { page } from '../render.js';
import { html } from '../html.js';
import { tagInfoPage } from '../views/tags.js';
import { tagFromUrlSegment, tagToUrlSegment } from '../../tags/tag-url.js';
import { TAG_TYPES } from '../../tags/tag-types.js';
import { notFound, rawSegment } from './browse.js';
import { searchPage } from './search.js';


const AutocompleteQuery = z
  .object({
    term: z.string().max(100).default(''),
    type: z.enum(TAG_TYPES).optional(),
  })
  .strict();

/** Same path, same query string: a synonym's URL moves to its canonical tag's for good. */
const redirectToCanonical = (c: AppContext, name: string, suffix: string) =>
  c.redirect(`/tags/${tagToUrlSegment(name)}${suffix}${new URL(c.req.url).search}`, 301);

/**
 * Tag pages: /tags/NAME (about the tag) and /tags/NAME/works (the works a filter on it finds:
 * the canonical tag with its synonyms and sub tags). A synonym's pages redirect to its
 * canonical tag's. /api/v1/tags/autocomplete suggests canonical tags first.
 */
export function tagRoutes(app: Hono<AppEnv>): void {
  app.get('/api/v1/tags/autocomplete', async (c) => {
    const parsed = AutocompleteQuery.safeParse(c.req.query());
    if (!parsed.success) {
      return c.json({ error: { code: 'bad_query', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') } }, 400);
    }
    const tags = c.get('services').tags;
    const results = await tags.autocomplete(parsed.data.term, parsed.data.type);
    c.header('Cache-Control', 'public, max-age=60');
    return c.json({ results });
  });

  app.get('/tags/:tag', async (c) => {
    const name = tagFromUrlSegment(rawSegment(c, 2));
    const { works, tags } = c.get('services');
    const info = await tags.tagInfo(name);
    if (!info) return notFound(c, `Tag “${name}” not found`, 'No work uses this tag yet.');
    if (info.status === 'synonym' && info.canonical) return redirectToCanonical(c, info.canonical.name, '');
    const res = await works.list(c.get('viewer'), { tagIds: info.filterIds }, { page: 1, perPage: 1 });
    return page(c, { title: info.name }, tagInfoPage(info, res.total));
  });

  app.get('/tags/:tag/works', async (c) => {
    const name = tagFromUrlSegment(rawSegment(c, 2));
    const { works, tags } = c.get('services');
    const found = await works.findTags(name);
    const first = found.find((t) => t.mergerId === null) ?? found[0];
    if (!first) return notFound(c, `Tag “${name}” not found`, 'No work uses this tag yet.');
    if (first.mergerId !== null) {
      const info = await tags.tagInfo(name);
      if (info?.canonical) return redirectToCanonical(c, info.canonical.name, '/works');
    }
    // The search engine filters on the canonical tag with its synonyms and sub tags.
    const link = html`<a class="tag" href="/tags/${tagToUrlSegment(first.name)}">${first.name}</a>`;
    return searchPage(c, { title: `${first.name} - Works`, what: link, fixed: { include: first.name } });
  });
}
