import type { Hono } from 'hono';
import { posix } from 'node:path';
import type { AppEnv } from '../context.js';
import { idParam } from '../context.js';
import { assertAdmin, assertCanModerate } from '../../accounts/permissions.js';
import { notFound } from './browse.js';

/**
 * Staff tools for imported works: an admin downloads the original bytes of an imported
 * work's source file(s); a moderator takes down every work of an imported author at once (an
 * author's request, see /takedown) or restores them.
 */
export function importRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id/original', async (c) => {
    assertAdmin(c.get('viewer'));
    const id = idParam(c.req.param('id'), 'Work');
    const p = await c.get('services').works.provenance(id);
    if (!p) return notFound(c, `Work ${id} has no imported original`, 'It was posted here, not imported.');
    const w = await c.get('services').works.get(id);
    const zipped = p.original[0] === 0x50 && p.original[1] === 0x4b && p.original[2] === 0x03 && p.original[3] === 0x04;
    const base = w?.sourcePath ? posix.basename(w.sourcePath.split('#')[0] ?? '') : `work-${id}`;
    const name = (zipped ? `${base.replace(/\.[^.]+$/, '')}-parts.zip` : base).replace(/[^\w.-]+/g, '_') || `work-${id}`;
    return c.body(Buffer.from(p.original), 200, {
      'Content-Type': zipped ? 'application/zip' : 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-Content-SHA256': p.sha256,
    });
  });

  app.post('/creators/:name/takedown', async (c) => {
    assertCanModerate(c.get('viewer'));
    const name = c.req.param('name');
    const form = await c.req.parseBody();
    const restore = form.action === 'restore';
    const reason = typeof form.reason === 'string' && form.reason.trim() !== '' ? form.reason.trim() : 'take-down request from the author';
    const ids = await c.get('services').works.takeDown({ legacyAuthor: name }, reason, restore);
    if (ids.length === 0) return notFound(c, `No imported author “${name}” with works`);
    return c.redirect(`/creators/${encodeURIComponent(name)}?${restore ? 'restored' : 'taken_down'}=${ids.length}`, 303);
  });
}
