import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { page } from '../render.js';
import { historyPage, preferencesPage } from '../views/accounts-pages.js';
import { PreferencesSchema } from '../../accounts/preferences.js';
import { requestState } from '../middleware/request-state.js';
import { accounts, form, signedInViewer, str } from './accounts.js';

const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export function preferenceRoutes(app: Hono<AppEnv>): void {
  app.get('/preferences', (c) => {
    signedInViewer(c);
    return page(c, { title: 'Preferences', noindex: true }, preferencesPage(requestState().prefs, c.req.query('saved') ? 'Your preferences were saved.' : null));
  });
  app.post('/preferences', async (c) => {
    const v = signedInViewer(c);
    const f = await form(c);
    const parsed = PreferencesSchema.safeParse({
      showAdult: str(f, 'showAdult') === '1',
      hideWarnings: str(f, 'hideWarnings') === '1',
      hideFreeforms: str(f, 'hideFreeforms') === '1',
      mutedTags: lines(str(f, 'mutedTags')),
      mutedFandoms: lines(str(f, 'mutedFandoms')),
      mutedCreators: lines(str(f, 'mutedCreators')),
      sort: str(f, 'sort') || undefined,
      fontSize: str(f, 'fontSize') || undefined,
      lineWidth: str(f, 'lineWidth') || undefined,
      theme: str(f, 'theme') || undefined,
      history: str(f, 'history') === '1',
    });
    if (!parsed.success) return page(c, { title: 'Preferences', noindex: true }, preferencesPage(requestState().prefs, `Not saved: ${parsed.error.issues[0]?.message ?? 'invalid value'}`), 400);
    await accounts(c).savePreferences(v.userId, parsed.data);
    return c.redirect('/preferences?saved=1', 303);
  });
  app.get('/history', async (c) => {
    const v = signedInViewer(c);
    return page(c, { title: 'History', noindex: true }, historyPage(await accounts(c).readingHistory(v.userId), requestState().prefs.history));
  });
}
