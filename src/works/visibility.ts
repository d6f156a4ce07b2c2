import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Viewer } from '../accounts/viewer.js';
import { isStaff } from '../accounts/viewer.js';

/**
 * THE visibility rule, implemented once. A work is publicly listed for a viewer when it is
 *   posted (not a draft, not an unvalidated import)
 *   and not hidden by a moderator
 *   and not deleted
 *   and not restricted — unless the viewer is signed in.
 * Listings, counts, the search index, feeds, downloads and the API all use `listedWhere`
 * (SQL) or `isListed` (in memory); both are generated from the same `RULE` table so they
 * cannot drift apart (a test checks them against each other on every flag combination).
 *
 * Opening a single work additionally lets its own creators, and staff, see drafts and
 * hidden works (`canOpen`); deleted works are gone for everyone.
 */
export interface VisibilityFlags {
  posted: boolean;
  hiddenAt: string | null;
  deletedAt: string | null;
  restricted: boolean;
}

type Clause = {
  /** In memory. */
  holds: (w: VisibilityFlags, v: Viewer) => boolean;
  /** In SQL, over the `works` table; null when the clause holds for every row for this viewer. */
  sql: (eb: ExpressionBuilder<Database, 'works'>, v: Viewer) => Expression<SqlBool> | null;
};

const RULE: Clause[] = [
  { holds: (w) => w.posted, sql: (eb) => eb('works.posted', '=', 1) },
  { holds: (w) => w.hiddenAt === null, sql: (eb) => eb('works.hidden_at', 'is', null) },
  { holds: (w) => w.deletedAt === null, sql: (eb) => eb('works.deleted_at', 'is', null) },
  {
    holds: (w, v) => !w.restricted || v.userId !== null,
    sql: (eb, v) => (v.userId !== null ? null : eb('works.restricted', '=', 0)),
  },
];

export function isListed(w: VisibilityFlags, v: Viewer): boolean {
  return RULE.every((c) => c.holds(w, v));
}

export function listedWhere(eb: ExpressionBuilder<Database, 'works'>, v: Viewer): Expression<SqlBool> {
  const parts = RULE.map((c) => c.sql(eb, v)).filter((e): e is Expression<SqlBool> => e !== null);
  return eb.and(parts);
}

/** Whether a viewer may open this work's page (also as a draft or hidden work). */
export function canOpen(w: VisibilityFlags & { creatorPseudIds: readonly number[] }, v: Viewer): boolean {
  if (w.deletedAt !== null) return false;
  if (isListed(w, v)) return true;
  const own = w.creatorPseudIds.some((id) => v.pseudIds.includes(id));
  return own || isStaff(v);
}
