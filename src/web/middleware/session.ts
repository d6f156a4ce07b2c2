import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { AppContext, AppEnv, WebServices } from '../context.js';
import { GUEST } from '../../accounts/viewer.js';
import { DEFAULT_PREFERENCES } from '../../accounts/preferences.js';
import type { ListingFilter, ListingPage } from '../../works/index.js';
import { randomToken, safeEqual } from '../../accounts/tokens.js';
import { SESSION_DAYS } from '../../accounts/sessions.js';
import { runWithState } from './request-state.js';
import type { RequestState } from './request-state.js';

export const SESSION_COOKIE = 'fanfold_session';
/** Guests' CSRF token (double-submit): sign-up, log-in and reset forms carry it too. */
export const GUEST_CSRF_COOKIE = 'fanfold_csrf';
export const CSRF_FIELD = '_csrf';

const secure = () => process.env.FANFOLD_SECURE_COOKIES === '1';

export function setSessionCookie(c: AppContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(), maxAge: SESSION_DAYS * 24 * 3600 });
}

export function clearSessionCookie(c: AppContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The client's address for rate limits: the socket's, or the first X-Forwarded-For hop when FANFOLD_TRUST_PROXY=1. */
export function clientIp(c: AppContext): string {
  if (process.env.FANFOLD_TRUST_PROXY === '1') {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/**
 * Resolves the session cookie into the Viewer (userId, roles, pseudIds), slides its expiry,
 * refuses any POST without the right CSRF token (403), applies the reader's mutes and default
 * sort to every listing of this request, and records reading history when it is on.
 */
export function sessionMiddleware(services: WebServices): MiddlewareHandler<AppEnv> {
  const accounts = services.works.accounts;
  return async (c, next) => {
    // Stylesheets and scripts need no session: no database work for them.
    if (c.req.method === 'GET' && c.req.path.startsWith('/static/')) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await accounts.session(token) : null;
    if (token && !session) clearSessionCookie(c);
    if (token && session?.renewed) setSessionCookie(c, token);

    let csrf = session?.csrfToken ?? getCookie(c, GUEST_CSRF_COOKIE) ?? '';
    if (!session && !/^[A-Za-z0-9_-]{40,50}$/.test(csrf)) {
      csrf = randomToken();
      setCookie(c, GUEST_CSRF_COOKIE, csrf, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure() });
    }

    if (c.req.method === 'POST' && !(await csrfOk(c, csrf))) {
      return c.text('Forbidden: this form has expired or did not come from this site (missing or wrong CSRF token). Go back, reload the page and try again.', 403);
    }

    const viewer = session?.viewer ?? GUEST;
    const prefs = session ? await accounts.preferences(session.user.id) : DEFAULT_PREFERENCES;
    c.set('viewer', viewer);
    if (session) {
      const mute = await accounts.resolveMutes(prefs);
      const works = services.works;
      c.set('services', {
        ...services,
        works: {
          ...works,
          list: (v: typeof viewer, f: ListingFilter, p: ListingPage) => works.list(v, { ...f, mute }, { ...p, sort: p.sort ?? prefs.sort }),
        },
      });
    }
    const state: RequestState = { user: session?.user ?? null, csrfToken: csrf, prefs };
    await runWithState(state, async () => {
      await next();
    });

    if (session && prefs.history && c.req.method === 'GET' && c.res.status === 200) {
      const m = /^\/works\/(\d{1,12})(?:\/chapters\/(\d{1,6}))?\/?$/.exec(new URL(c.req.url).pathname);
      if (m) await accounts.recordReading(session.user.id, Number(m[1]), m[2] ? Number(m[2]) : null).catch(() => undefined);
    }
  };
}

async function csrfOk(c: AppContext, expected: string): Promise<boolean> {
  if (expected === '') return false;
  const header = c.req.header('x-csrf-token');
  if (header) return safeEqual(header, expected);
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return false;
  try {
    const body = await c.req.parseBody();
    const sent = body[CSRF_FIELD];
    return typeof sent === 'string' && safeEqual(sent, expected);
  } catch {
    return false;
  }
}
