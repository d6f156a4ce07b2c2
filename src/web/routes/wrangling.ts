import type { Hono } from 'hono';
import type { AppContext, AppEnv } from '../context.js';
import { page } from '../render.js';
import { assertCanWrangle } from '../../accounts/permissions.js';
import { WranglingError } from '../../tags/index.js';
import { requestState } from '../middleware/request-state.js';
import { logPage, queuePage } from '../views/wrangling.js';

/**
 * The wranglers' pages: the queue of unwrangled tags (per fandom, with counts and
 * suggestions), merge into a canonical tag, make canonical, set a fandom or meta tag, and the
 * log with undo. Every action is logged with who did it and takes effect on filters at once.
 */
const field = (f: Record<string, unknown>, k: string) => (typeof f[k] === 'string' ? (f[k] as string).trim() : '');
const actor = () => requestState().user?.name ?? 'unknown';

async function resolveId(c: AppContext, f: Record<string, unknown>, idField: string, nameField: string): Promise<number> {
  const id = Number(field(f, idField));
  if (Number.isInteger(id) && id > 0) return id;
  const name = field(f, nameField);
  const t = name ? await c.get('services').tags.pick(name) : null;
  if (!t) throw new WranglingError('tag_not_found', `There is no tag “${name}”.`);
  return t.id;
}

export function wranglingRoutes(app: Hono<AppEnv>): void {
  app.get('/wrangling', async (c) => {
    assertCanWrangle(c.get('viewer'));
    const fandom = c.req.query('fandom')?.trim() || null;
    const entries = await c.get('services').tags.queue({ ...(fandom ? { fandom } : {}), limit: 200 });
    const message = entries === null ? `There is no fandom “${fandom}”.` : (c.req.query('done') ?? null);
    return page(c, { title: 'Wrangling', noindex: true }, queuePage(entries ?? [], fandom, message), entries === null ? 404 : 200);
  });

  app.get('/wrangling/log', async (c) => {
    assertCanWrangle(c.get('viewer'));
    return page(c, { title: 'Wrangling log', noindex: true }, logPage(await c.get('services').tags.log({ limit: 200 }), c.req.query('done') ?? null));
  });

  const action = (path: string, run: (c: AppContext, f: Record<string, unknown>) => Promise<string>, back = '/wrangling') =>
    app.post(path, async (c) => {
      assertCanWrangle(c.get('viewer'));
      const f = await c.req.parseBody();
      let message: string;
      try {
        message = await run(c, f);
      } catch (e) {
        if (!(e instanceof WranglingError)) throw e;
        message = `Not done: ${e.message}`;
      }
      return c.redirect(`${back}?done=${encodeURIComponent(message)}`, 303);
    });

  action('/wrangling/merge', async (c, f) => {
    const tagId = await resolveId(c, f, 'tag_id', 'tag');
    const canonicalId = await resolveId(c, f, 'canonical_id', 'canonical');
    const r = await c.get('services').tags.merge(tagId, canonicalId, actor());
    return r ? 'Merged: filters now use the canonical tag.' : 'Nothing changed.';
  });
  action('/wrangling/canonical', async (c, f) => {
    const r = await c.get('services').tags.makeCanonical(await resolveId(c, f, 'tag_id', 'tag'), actor());
    return r ? 'The tag is canonical now.' : 'Nothing changed.';
  });
  action('/wrangling/parent', async (c, f) => {
    const child = await resolveId(c, f, 'child_id', 'child');
    const parent = await resolveId(c, f, 'parent_id', 'parent');
    const r = await c.get('services').tags.setParent(parent, child, actor());
    return r ? 'Parent set.' : 'Nothing changed.';
  });
  action(
    '/wrangling/undo',
    async (c, f) => {
      const r = await c.get('services').tags.undo(Number(field(f, 'log_id')), actor());
      return r ? 'Undone.' : 'Nothing changed.';
    },
    '/wrangling/log',
  );
}
