import type { Context } from 'hono';
import type { WorkService } from '../works/index.js';
import type { TagService } from '../tags/index.js';
import type { SearchService } from '../search/index.js';
import type { SiteSettings } from '../site-settings.js';
import type { Viewer } from '../accounts/viewer.js';

/** What every route may use: passed in once, in `createApp`, never imported as a singleton. */
export interface WebServices {
  works: WorkService;
  tags: TagService;
  search: SearchService;
  settings: SiteSettings;
}

export type AppEnv = { Variables: { viewer: Viewer; services: WebServices } };
export type AppContext = Context<AppEnv>;

export class HttpError extends Error {
  constructor(readonly status: 400 | 403 | 404, readonly code: string, message: string) {
    super(message);
  }
}

/** A positive page number from ?page=, 1 when missing; anything else is a 400. */
export function pageParam(c: AppContext): number {
  const raw = c.req.query('page');
  if (raw === undefined || raw === '') return 1;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw new HttpError(400, 'bad_page', `page must be a positive whole number, not "${raw}"`);
  return Number(raw);
}

export function idParam(raw: string | undefined, what: string): number {
  if (raw === undefined || !/^\d{1,12}$/.test(raw)) throw new HttpError(404, 'not_found', `${what} "${raw ?? ''}" not found`);
  return Number(raw);
}
