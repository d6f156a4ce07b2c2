import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { CategorySchema, RatingSchema, RELATIONS, WarningSchema } from '../../works/model.js';
import { PostingError } from '../../works/posting.js';
import { ForbiddenError } from '../../accounts/errors.js';

/**
 * POST /api/v1/works: posting through the API, for tools and clients. The same service and
 * the same limits as the web form (summary 1,250 characters, notes 5,000, chapter 500,000,
 * 75 user-defined tags), the same permissions; signed in by the session cookie, with the
 * session's CSRF token in an `X-CSRF-Token` header (checked by the session middleware).
 */
const list = z.array(z.string().trim().min(1)).default([]);
const ApiWork = z
  .object({
    title: z.string().trim().min(1, 'a work needs a title'),
    rating: RatingSchema,
    warnings: z.array(WarningSchema).min(1, 'choose at least one archive warning'),
    categories: z.array(CategorySchema).default([]),
    fandoms: z.array(z.string().trim().min(1)).min(1, 'add at least one fandom'),
    relationships: list,
    characters: list,
    freeforms: list,
    summary: z.string().nullable().default(null),
    notes: z.string().nullable().default(null),
    endNotes: z.string().nullable().default(null),
    language: z.string().min(2).default('en'),
    restricted: z.boolean().default(false),
    expectedChapters: z.number().int().positive().nullable().default(null),
    series: z.object({ title: z.string().min(1), part: z.number().int().positive().nullable() }).strict().nullable().default(null),
    related: z.array(z.object({ relation: z.enum(RELATIONS), workId: z.number().int().positive() }).strict()).default([]),
    chapter: z
      .object({
        title: z.string().nullable().default(null),
        summary: z.string().nullable().default(null),
        notes: z.string().nullable().default(null),
        endNotes: z.string().nullable().default(null),
        body: z.string(),
        format: z.enum(['html', 'markdown']).default('html'),
      })
      .strict(),
    /** false keeps it a private draft. */
    post: z.boolean().default(true),
  })
  .strict();

export function apiPostingRoutes(app: Hono<AppEnv>): void {
  app.post('/api/v1/works', async (c) => {
    const viewer = c.get('viewer');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: { code: 'bad_json', message: 'the request body must be JSON' } }, 400);
    }
    const parsed = ApiWork.safeParse(body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return c.json({ error: { code: 'invalid_work', message: i ? `${i.path.join('.') || 'work'}: ${i.message}` : 'invalid work' } }, 400);
    }
    const w = parsed.data;
    try {
      const id = await c.get('services').works.posting.create(
        viewer,
        {
          title: w.title,
          pseudIds: viewer.pseudIds.slice(0, 1) as number[],
          coCreators: [],
          rating: w.rating,
          warnings: w.warnings,
          categories: w.categories,
          fandoms: w.fandoms,
          relationships: w.relationships,
          characters: w.characters,
          freeforms: w.freeforms,
          summary: w.summary,
          notes: w.notes,
          endNotes: w.endNotes,
          language: w.language,
          series: w.series,
          related: w.related.map((r) => ({ relation: r.relation, workId: r.workId, url: null, title: '' })),
          gifts: [],
          restricted: w.restricted,
          expectedChapters: w.expectedChapters,
        },
        w.chapter,
        w.post,
      );
      return c.json({ id, url: `/works/${id}`, posted: w.post }, 201);
    } catch (e) {
      if (e instanceof PostingError) return c.json({ error: { code: `invalid_${e.field}`, message: e.message } }, 400);
      if (e instanceof ForbiddenError) return c.json({ error: { code: e.code, message: e.message } }, viewer.userId === null ? 401 : 403);
      throw e;
    }
  });
}
