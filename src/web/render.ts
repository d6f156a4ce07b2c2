import type { AppContext } from './context.js';
import type { Html } from './html.js';
import { layout } from './views/layout.js';
import type { PageMeta } from './views/layout.js';

/** Renders a full page with the site layout. */
export async function page(c: AppContext, meta: Omit<PageMeta, 'siteName'>, body: Html, status: 200 | 400 | 403 | 404 = 200): Promise<Response> {
  const s = c.get('services').settings;
  return c.html(await layout({ ...meta, siteName: s.name }, body), status);
}
