import type { Hono } from 'hono';
import type { AppContext, AppEnv } from '../context.js';
import { HttpError } from '../context.js';
import { page } from '../render.js';
import { layout } from '../views/layout.js';
import { errorPage } from '../views/pages.js';
import {
  adminPage, claimPage, dashboardPage, deleteAccountPage, forgotPage, logInPage, outboxPage, resetPage, signUpPage,
} from '../views/accounts-pages.js';
import { AccountError, ForbiddenError, RateLimitedError } from '../../accounts/errors.js';
import { assertAdmin, assertSignedIn } from '../../accounts/permissions.js';
import { SIGNUP_MODES } from '../../accounts/settings.js';
import { PostingError } from '../../works/posting.js';
import { clearSessionCookie, clientIp, SESSION_COOKIE, setSessionCookie } from '../middleware/session.js';
import { getCookie } from 'hono/cookie';
import { requestState } from '../middleware/request-state.js';

export type Form = Record<string, string | File | (string | File)[]>;

export async function form(c: AppContext): Promise<Form> {
  return c.req.parseBody({ all: true });
}

/** One text value of a form (the last if repeated), trimmed of nothing: passwords keep their spaces. */
export function str(f: Form, key: string): string {
  const v = f[key];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof one === 'string' ? one : '';
}

export function strs(f: Form, key: string): string[] {
  const v = f[key];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string');
}

export const accounts = (c: AppContext) => c.get('services').works.accounts;

/** Where links in emails point: FANFOLD_BASE_URL, or the address this request came to. */
export function baseUrl(c: AppContext): string {
  return process.env.FANFOLD_BASE_URL?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
}

export function signedInViewer(c: AppContext) {
  const v = c.get('viewer');
  assertSignedIn(v);
  return v;
}

/** The message a form shows for an expected failure; anything else is rethrown. */
export function formError(e: unknown): string {
  if (e instanceof AccountError || e instanceof PostingError) return e.message;
  throw e;
}

export async function tooMany(c: AppContext, e: RateLimitedError): Promise<Response> {
  c.header('Retry-After', String(e.retryAfterSeconds));
  return c.html(await layout({ title: 'Too many attempts', siteName: c.get('services').settings.name, noindex: true }, errorPage(429, e.message)), 429);
}

/** Only local paths are followed after logging in (no open redirects). */
function safeNext(next: string): string {
  return /^\/[^/\\]/.test(next) ? next : '/account';
}

export function accountRoutes(app: Hono<AppEnv>): void {
  app.get('/signup', async (c) => page(c, { title: 'Sign up', noindex: true }, signUpPage(await accounts(c).settings(), { name: '', email: '', inviteCode: c.req.query('invite') ?? '' }, null)));
  app.post('/signup', async (c) => {
    const f = await form(c);
    const values = { name: str(f, 'name'), email: str(f, 'email'), inviteCode: str(f, 'invite_code') };
    try {
      const s = await accounts(c).signUp({
        ...values, password: str(f, 'password'), passwordConfirmation: str(f, 'password_confirmation'),
        acceptTerms: str(f, 'accept_terms') === '1', confirmAge: str(f, 'confirm_age') === '1', ip: clientIp(c),
      });
      setSessionCookie(c, s.token);
      return c.redirect('/account?welcome=1', 303);
    } catch (e) {
      if (e instanceof RateLimitedError) return tooMany(c, e);
      return page(c, { title: 'Sign up', noindex: true }, signUpPage(await accounts(c).settings(), values, formError(e)), 400);
    }
  });

  app.get('/login', (c) => page(c, { title: 'Log in', noindex: true }, logInPage('', null, c.req.query('reset') ? 'Your password was changed. Please log in.' : null, c.req.query('next') ?? '')));
  app.post('/login', async (c) => {
    const f = await form(c);
    try {
      const s = await accounts(c).logIn(str(f, 'login'), str(f, 'password'), clientIp(c));
      setSessionCookie(c, s.token);
      return c.redirect(safeNext(str(f, 'next') || (c.req.query('next') ?? '')), 303);
    } catch (e) {
      if (e instanceof RateLimitedError) return tooMany(c, e);
      return page(c, { title: 'Log in', noindex: true }, logInPage(str(f, 'login'), formError(e), null, str(f, 'next')), 400);
    }
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await accounts(c).logOut(token);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });
  app.post('/logout-everywhere', async (c) => {
    const v = signedInViewer(c);
    await accounts(c).logOutEverywhere(v.userId);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  app.get('/password/forgot', (c) => page(c, { title: 'Forgotten password', noindex: true }, forgotPage(false, null)));
  app.post('/password/forgot', async (c) => {
    const f = await form(c);
    try {
      await accounts(c).requestPasswordReset(str(f, 'email'), baseUrl(c), clientIp(c));
    } catch (e) {
      if (e instanceof RateLimitedError) return tooMany(c, e);
      throw e;
    }
    return page(c, { title: 'Forgotten password', noindex: true }, forgotPage(true, null));
  });
  app.get('/password/reset/:token', async (c) => {
    const token = c.req.param('token');
    return page(c, { title: 'Reset password', noindex: true }, resetPage(token, await accounts(c).resetTokenValid(token), null));
  });
  app.post('/password/reset/:token', async (c) => {
    const token = c.req.param('token');
    const f = await form(c);
    try {
      await accounts(c).resetPassword(token, str(f, 'password'));
      return c.redirect('/login?reset=1', 303);
    } catch (e) {
      const msg = formError(e);
      return page(c, { title: 'Reset password', noindex: true }, resetPage(token, await accounts(c).resetTokenValid(token), msg), 400);
    }
  });

  const dashboard = async (c: AppContext, notice: string | null, error: string | null, status: 200 | 400 = 200) => {
    const v = signedInViewer(c);
    const user = requestState().user;
    if (!user) throw new ForbiddenError('sign_in_required', 'Please log in first.');
    const { posting } = c.get('services').works;
    const [pseuds, works, invitations] = await Promise.all([accounts(c).pseuds(v.userId), posting.mine(v), posting.invitations(v)]);
    return page(c, { title: user.name, noindex: true }, dashboardPage({ user, pseuds, works, invitations }, notice, error), status);
  };
  app.get('/account', (c) => {
    if (c.get('viewer').userId === null) return c.redirect('/login?next=/account', 303);
    return dashboard(c, c.req.query('welcome') ? 'Welcome! Your account is ready.' : c.req.query('done') ? 'Saved.' : null, null);
  });

  const accountAction = (path: string, run: (c: AppContext, f: Form, userId: number) => Promise<void | Response>) =>
    app.post(path, async (c) => {
      const v = signedInViewer(c);
      const f = await form(c);
      try {
        const r = await run(c, f, v.userId);
        return r ?? c.redirect('/account?done=1', 303);
      } catch (e) {
        return dashboard(c, null, formError(e), 400);
      }
    });

  accountAction('/account/email', async (c, f, userId) => accounts(c).changeEmail(userId, str(f, 'password'), str(f, 'email')));
  accountAction('/account/password', async (c, f, userId) => {
    const s = await accounts(c).changePassword(userId, str(f, 'current'), str(f, 'password'));
    setSessionCookie(c, s.token);
  });
  accountAction('/account/pseuds', async (c, f, userId) => {
    await accounts(c).createPseud(userId, str(f, 'name'), str(f, 'description'));
  });
  accountAction('/account/pseuds/:id', async (c, f, userId) => {
    const id = Number(c.req.param('id'));
    if (str(f, 'action') === 'default') await accounts(c).setDefaultPseud(userId, id);
    else await accounts(c).renamePseud(userId, id, str(f, 'name'), str(f, 'description'));
  });
  accountAction('/account/invitations/:work/:pseud', async (c, f) => {
    await c.get('services').works.posting.answerInvitation(c.get('viewer'), Number(c.req.param('work')), Number(c.req.param('pseud')), str(f, 'answer') === 'accept');
  });

  app.get('/account/delete', (c) => {
    signedInViewer(c);
    return page(c, { title: 'Delete account', noindex: true }, deleteAccountPage(null));
  });
  app.post('/account/delete', async (c) => {
    const v = signedInViewer(c);
    const f = await form(c);
    try {
      await accounts(c).deleteAccount(v.userId, str(f, 'password'), str(f, 'works') === 'delete' ? 'delete' : 'orphan');
    } catch (e) {
      return page(c, { title: 'Delete account', noindex: true }, deleteAccountPage(formError(e)), 400);
    }
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  // Claiming imported works by a link sent to the author's recorded email.
  const showClaim = async (c: AppContext, error: string | null, status: 200 | 400 = 200) => {
    const token = c.req.param('token') ?? '';
    const a = await accounts(c).claimLinkTarget(token);
    const v = c.get('viewer');
    const pseuds = v.userId === null ? null : await accounts(c).pseuds(v.userId);
    return page(c, { title: 'Claim works', noindex: true }, claimPage(token, a ? { name: a.name, claimed: a.claimed_pseud_id !== null } : null, pseuds, error), status);
  };
  app.get('/claim/:token', (c) => showClaim(c, null));
  app.post('/claim/:token', async (c) => {
    const v = signedInViewer(c);
    const f = await form(c);
    try {
      await accounts(c).claimWithLink(v, c.req.param('token'), Number(str(f, 'pseud')));
    } catch (e) {
      return showClaim(c, formError(e), 400);
    }
    return c.redirect('/account?done=1', 303);
  });

  // Administration.
  const admin = async (c: AppContext, notice: string | null, error: string | null, invites: string[] = [], status: 200 | 400 = 200) => {
    assertAdmin(c.get('viewer'));
    return page(c, { title: 'Administration', noindex: true }, adminPage(await accounts(c).settings(), notice, error, invites), status);
  };
  app.get('/admin', (c) => admin(c, null, null));
  app.get('/admin/outbox', async (c) => page(c, { title: 'Outbox', noindex: true }, outboxPage(await accounts(c).outbox(c.get('viewer')))));
  app.post('/admin/settings', async (c) => {
    assertAdmin(c.get('viewer'));
    const f = await form(c);
    const mode = str(f, 'signup');
    if (!(SIGNUP_MODES as readonly string[]).includes(mode)) throw new HttpError(400, 'bad_signup', 'unknown sign-up mode');
    try {
      await accounts(c).setSetting('signup', mode);
      await accounts(c).setSetting('minimumAge', str(f, 'minimumAge'));
      if (str(f, 'terms').trim() !== '') await accounts(c).setSetting('terms', str(f, 'terms'));
    } catch (e) {
      return admin(c, null, (e as Error).message, [], 400);
    }
    return admin(c, 'Settings saved.', null);
  });
  app.post('/admin/invites', async (c) => {
    const v = c.get('viewer');
    assertAdmin(v);
    const f = await form(c);
    const n = Math.min(50, Math.max(1, Number(str(f, 'count')) || 1));
    return admin(c, `${n} invitation code(s) created. Each works once, for 30 days.`, null, await accounts(c).createInvites(n, v.userId));
  });
  app.post('/admin/claims', async (c) => {
    const v = c.get('viewer');
    assertAdmin(v);
    const f = await form(c);
    const legacy = str(f, 'legacy');
    try {
      if (str(f, 'action') === 'send') {
        const n = await accounts(c).sendClaimLinks(v, legacy, baseUrl(c));
        return admin(c, n === 0 ? `No email address is recorded for “${legacy}”.` : `Sent a claim link to ${n} recorded address(es).`, null);
      }
      const p = await accounts(c).findPseudByLabel(str(f, 'account'));
      if (!p) return admin(c, null, `No account or pseud “${str(f, 'account')}”.`, [], 400);
      const n = await accounts(c).grantLegacyAuthor(v, legacy, p.id);
      return admin(c, `Moved ${n} work credit(s) of “${legacy}” to ${p.name} (${p.userName}).`, null);
    } catch (e) {
      return admin(c, null, formError(e), [], 400);
    }
  });
}
