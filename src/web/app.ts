import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEnv, WebServices } from './context.js';
import { HttpError } from './context.js';
import { ForbiddenError } from '../accounts/errors.js';
import { sessionMiddleware } from './middleware/session.js';
import { accountRoutes } from './routes/accounts.js';
import { postingRoutes } from './routes/posting.js';
import { preferenceRoutes } from './routes/preferences.js';
import { page } from './render.js';
import { errorPage, notFoundPage } from './views/pages.js';
import { worksRoutes } from './routes/works.js';
import { browseRoutes } from './routes/browse.js';
import { tagRoutes } from './routes/tags.js';
import { searchRoutes } from './routes/search.js';
import { apiPostingRoutes } from './routes/api-posting.js';
import { wranglingRoutes } from './routes/wrangling.js';
import { importRoutes } from './routes/imports.js';
import { STATIC_DIR } from '../paths.js';

const STYLE = readFileSync(join(STATIC_DIR, 'style.css'), 'utf8');

/** The whole web application. Routes receive their services from here, nothing else. */
export function createApp(services: WebServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });

  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });
  // Session → viewer, CSRF check on every POST, the reader's mutes and sort (src/web/middleware/session.ts).
  app.use('*', sessionMiddleware(services));

  app.get('/static/style.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  // Before worksRoutes: /works/new and /works/:id/chapters/new must not be taken for ids.
  postingRoutes(app);
  accountRoutes(app);
  preferenceRoutes(app);
  searchRoutes(app);
  apiPostingRoutes(app);
  wranglingRoutes(app);
  importRoutes(app);
  worksRoutes(app);
  browseRoutes(app);
  tagRoutes(app);

  app.notFound((c) => page(c, { title: 'Page not found', noindex: true }, notFoundPage('Page not found'), 404));
  app.onError((err, c) => {
    if (err instanceof ForbiddenError) {
      if (c.get('viewer')?.userId === null && err.code === 'sign_in_required' && c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
      return page(c, { title: 'Forbidden', noindex: true }, errorPage(403, err.message), 403);
    }
    if (err instanceof HttpError) {
      return page(c, { title: err.message, noindex: true }, err.status === 404 ? notFoundPage(err.message) : errorPage(err.status, err.message), err.status);
    }
    console.error(err);
    return c.text('Internal error: the archive could not answer this request. It has been logged.', 500);
  });
  return app;
}
