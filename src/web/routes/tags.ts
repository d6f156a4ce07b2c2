import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { page } from '../render.js';
import { html } from '../html.js';
import { tagPage } from '../views/pages.js';
import { tagFromUrlSegment, tagToUrlSegment } from '../../tags/tag-url.js';
import { listingPage, notFound, rawSegment } from './browse.js';

/** Tag pages: /tags/NAME (about the tag) and /tags/NAME/works (the works carrying it). */
export function tagRoutes(app: Hono<AppEnv>): void {
  app.get('/tags/:tag', async (c) => {
    const name = tagFromUrlSegment(rawSegment(c, 2));
    const tags = await c.get('services').works.findTags(name);
    const first = tags[0];
    if (!first) return notFound(c, `Tag “${name}” not found`, 'No work uses this tag yet.');
    const res = await c.get('services').works.list(c.get('viewer'), { tagIds: tags.map((t) => t.id) }, { page: 1, perPage: 1 });
    return page(c, { title: first.name }, tagPage(first.name, tags.map((t) => t.type), res.total));
  });

  app.get('/tags/:tag/works', async (c) => {
    const segment = rawSegment(c, 2);
    const name = tagFromUrlSegment(segment);
    const tags = await c.get('services').works.findTags(name);
    const first = tags[0];
    if (!first) return notFound(c, `Tag “${name}” not found`, 'No work uses this tag yet.');
    const link = html`<a class="tag" href="/tags/${tagToUrlSegment(first.name)}">${first.name}</a>`;
    return listingPage(c, `${first.name} - Works`, link, { tagIds: tags.map((t) => t.id) });
  });

}
