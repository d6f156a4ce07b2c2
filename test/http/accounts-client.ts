import type { createApp } from '../../src/web/app.js';

type App = ReturnType<typeof createApp>;

/**
 * A cookie-keeping client over `app.request()` (no socket), shaped like a browser: it reads
 * the CSRF token from the last page it fetched and sends it with forms unless told not to.
 */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: App, readonly ip = '10.0.0.1') {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), 'x-forwarded-for': this.ip, ...extra };
  }

  private keep(res: Response): void {
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq);
      const value = (pair ?? '').slice(eq + 1);
      if (value === '' || /max-age=0/i.test(sc)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<Response & { body_: string }> {
    const res = await this.app.request(path, { headers: this.headers() });
    this.keep(res);
    const body_ = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(body_);
    if (m?.[1]) this.csrf = m[1];
    return Object.assign(res, { body_ });
  }

  async post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: boolean } = {}): Promise<Response & { body_: string }> {
    if (this.csrf === '') await this.get('/login');
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await this.app.request(path, { method: 'POST', body, headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }) });
    this.keep(res);
    const body_ = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(body_);
    if (m?.[1]) this.csrf = m[1];
    return Object.assign(res, { body_ });
  }

  /** Signs up (and is then signed in); returns the account's default pseud id from the dashboard. */
  async signUp(name: string, password = 'correct horse battery', email = `${name}@example.org`): Promise<Response & { body_: string }> {
    await this.get('/signup');
    return this.post('/signup', { name, email, password, password_confirmation: password, accept_terms: '1', confirm_age: '1' });
  }

  async logIn(login: string, password = 'correct horse battery'): Promise<Response & { body_: string }> {
    await this.get('/login');
    return this.post('/login', { login, password });
  }
}

export const workFields = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  title: 'Posted Through The Web',
  rating: 'General Audiences',
  warnings: 'No Archive Warnings Apply',
  categories: 'Gen',
  fandoms: 'Web Fandom',
  relationships: '',
  characters: 'Ada Lark',
  freeforms: 'Fluff, Hurt/Comfort',
  summary: 'A summary.',
  notes: '',
  end_notes: '',
  language: 'en',
  expected_chapters: '2',
  chapter_title: 'Beginnings',
  chapter_body: '<p>First chapter text here.</p>',
  chapter_format: 'html',
  action: 'post',
  ...over,
});
