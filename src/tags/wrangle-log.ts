import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { WranglingError } from './errors.js';
import { chunks } from './tag-rows.js';

/**
 * Every wrangling change is a Plan — the wrangling state a set of tags and parent links
 * should have — applied by `applyPlan`, which snapshots the touched rows before and after
 * and logs both. A plan that changes nothing writes nothing and logs nothing (this is what
 * makes bulk apply idempotent). Undo applies the logged "before" snapshot as a new plan,
 * after checking nothing touched has changed since.
 */
export interface TagWrangling {
  canonical: 0 | 1;
  merger_id: number | null;
}

export type ParentPair = readonly [parentId: number, childId: number];

export interface Plan {
  tags: Map<number, TagWrangling>;
  addParents: ParentPair[];
  removeParents: ParentPair[];
}

export const emptyPlan = (): Plan => ({ tags: new Map(), addParents: [], removeParents: [] });

export interface LogMeta {
  actor: string;
  action: string;
  tagId: number | null;
  targetId?: number | null;
  note?: string | null;
}

interface Snapshot {
  tags: { id: number; canonical: 0 | 1; merger_id: number | null }[];
  /** Every touched link, with whether it exists in this state. */
  parents: [number, number, 0 | 1][];
}

/** What one applied plan did: its log id and the tags whose filters may have changed. */
export interface Applied {
  logId: number;
  tagIds: number[];
}

const pairId = (p: ParentPair) => `${p[0]}:${p[1]}`;

async function snapshot(trx: Kysely<Database>, tagIds: readonly number[], pairs: readonly ParentPair[]): Promise<Snapshot> {
  const tags: Snapshot['tags'] = [];
  for (const part of chunks(tagIds)) {
    const rows = await trx.selectFrom('tags').select(['id', 'canonical', 'merger_id']).where('id', 'in', part).execute();
    tags.push(...rows.map((r) => ({ id: r.id, canonical: (r.canonical === 1 ? 1 : 0) as 0 | 1, merger_id: r.merger_id })));
  }
  tags.sort((a, b) => a.id - b.id);
  const parents: Snapshot['parents'] = [];
  for (const p of pairs) {
    const found = await trx.selectFrom('tag_parents').select('child_id').where('parent_id', '=', p[0]).where('child_id', '=', p[1]).executeTakeFirst();
    parents.push([p[0], p[1], found ? 1 : 0]);
  }
  return { tags, parents };
}

const sameState = (a: Snapshot, b: Snapshot) => JSON.stringify(a) === JSON.stringify(b);

/** Applies a plan in the caller's transaction; null when it changed nothing. */
export async function applyPlan(trx: Kysely<Database>, plan: Plan, meta: LogMeta): Promise<Applied | null> {
  const tagIds = [...plan.tags.keys()].sort((a, b) => a - b);
  const seen = new Set<string>();
  const pairs: ParentPair[] = [];
  for (const p of [...plan.removeParents, ...plan.addParents]) {
    if (seen.has(pairId(p))) continue;
    seen.add(pairId(p));
    pairs.push(p);
  }
  const before = await snapshot(trx, tagIds, pairs);
  const adding = new Set(plan.addParents.map(pairId));
  const wanted: Snapshot = {
    tags: tagIds.map((id) => ({ id, canonical: plan.tags.get(id)?.canonical ?? 0, merger_id: plan.tags.get(id)?.merger_id ?? null })),
    parents: pairs.map((p) => [p[0], p[1], adding.has(pairId(p)) ? 1 : 0]),
  };
  if (sameState(before, wanted)) return null;
  await checkInvariants(trx, plan, meta.action === 'undo' ? 'undo_conflict' : 'not_allowed');

  for (const t of wanted.tags) {
    const old = before.tags.find((b) => b.id === t.id);
    if (old && old.canonical === t.canonical && old.merger_id === t.merger_id) continue;
    await trx.updateTable('tags').set({ canonical: t.canonical, merger_id: t.merger_id }).where('id', '=', t.id).execute();
  }
  for (const [i, [parentId, childId, exists]] of wanted.parents.entries()) {
    if (before.parents[i]?.[2] === exists) continue;
    if (exists === 1) await trx.insertInto('tag_parents').values({ parent_id: parentId, child_id: childId }).execute();
    else await trx.deleteFrom('tag_parents').where('parent_id', '=', parentId).where('child_id', '=', childId).execute();
  }
  const row = await trx
    .insertInto('tag_wrangling_log')
    .values({
      at: new Date().toISOString(),
      actor: meta.actor,
      action: meta.action,
      tag_id: meta.tagId,
      target_id: meta.targetId ?? null,
      note: meta.note ?? null,
      before: JSON.stringify(before),
      after: JSON.stringify(wanted),
      undone_at: null,
      undone_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const touched = new Set<number>(tagIds);
  for (const [p, c] of pairs) {
    touched.add(p);
    touched.add(c);
  }
  return { logId: row.id, tagIds: [...touched].sort((a, b) => a - b) };
}

/**
 * Reverts one logged change: the touched tags and links go back to their logged "before"
 * state. Refused when any of them changed since (undo the later change first) or when the
 * entry was already undone. The undo is itself logged.
 */
export async function undoLogged(trx: Kysely<Database>, logId: number, actor: string): Promise<Applied | null> {
  const row = await trx.selectFrom('tag_wrangling_log').selectAll().where('id', '=', logId).executeTakeFirst();
  if (!row) throw new WranglingError('log_not_found', `no wrangling log entry ${logId}`);
  if (row.undone_at !== null) throw new WranglingError('already_undone', `log entry ${logId} was already undone (by entry ${row.undone_by ?? '?'})`);
  if (row.action === 'undo') throw new WranglingError('not_allowed', `log entry ${logId} is an undo; apply the change again instead`);
  const before = JSON.parse(row.before) as Snapshot;
  const after = JSON.parse(row.after) as Snapshot;
  const now = await snapshot(trx, after.tags.map((t) => t.id), after.parents.map(([p, c]) => [p, c] as const));
  if (!sameState(now, after)) {
    throw new WranglingError('undo_conflict', `the tags of log entry ${logId} changed since; undo the later changes first`);
  }
  const plan = emptyPlan();
  for (const t of before.tags) plan.tags.set(t.id, { canonical: t.canonical, merger_id: t.merger_id });
  for (const [p, c, exists] of before.parents) (exists === 1 ? plan.addParents : plan.removeParents).push([p, c]);
  const applied = await applyPlan(trx, plan, { actor, action: 'undo', tagId: row.tag_id, targetId: row.target_id, note: `undo of #${logId} (${row.action})` });
  await trx
    .updateTable('tag_wrangling_log')
    .set({ undone_at: new Date().toISOString(), undone_by: applied?.logId ?? null })
    .where('id', '=', logId)
    .execute();
  return applied;
}

export interface LogEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  tagId: number | null;
  targetId: number | null;
  note: string | null;
  undoneAt: string | null;
}

export async function readLog(db: Kysely<Database>, opts: { tagId?: number; limit?: number } = {}): Promise<LogEntry[]> {
  let q = db.selectFrom('tag_wrangling_log').select(['id', 'at', 'actor', 'action', 'tag_id', 'target_id', 'note', 'undone_at']);
  if (opts.tagId !== undefined) q = q.where((eb) => eb.or([eb('tag_id', '=', opts.tagId as number), eb('target_id', '=', opts.tagId as number)]));
  const rows = await q.orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
  return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, tagId: r.tag_id, targetId: r.target_id, note: r.note, undoneAt: r.undone_at }));
}

/**
 * Before writing (so a refusal leaves nothing half-done, also inside a bulk transaction): after
 * the plan, every synonym must point at a canonical tag, and a tag that is not canonical must
 * have neither synonyms nor parent/sub links.
 */
async function checkInvariants(trx: Kysely<Database>, plan: Plan, code: 'undo_conflict' | 'not_allowed'): Promise<void> {
  const removed = new Set(plan.removeParents.map(pairId));
  const added = new Set(plan.addParents.map(pairId));
  const nameOf = async (id: number) => (await trx.selectFrom('tags').select('name').where('id', '=', id).executeTakeFirst())?.name ?? String(id);
  const isCanonicalAfter = async (id: number) => {
    const planned = plan.tags.get(id);
    if (planned) return planned.canonical === 1 && planned.merger_id === null;
    const row = await trx.selectFrom('tags').select(['canonical', 'merger_id']).where('id', '=', id).executeTakeFirst();
    return row !== undefined && row.canonical === 1 && row.merger_id === null;
  };
  const hint = code === 'undo_conflict' ? '; undo the later changes first' : '';
  for (const [id, t] of plan.tags) {
    if (t.merger_id !== null && !(await isCanonicalAfter(t.merger_id))) {
      throw new WranglingError(code, `"${await nameOf(id)}" would be a synonym of "${await nameOf(t.merger_id)}", which would not be canonical${hint}`);
    }
    if (t.canonical === 1 && t.merger_id === null) continue;
    const synonyms = await trx.selectFrom('tags').select('id').where('merger_id', '=', id).execute();
    const keeps = synonyms.some((s) => (plan.tags.has(s.id) ? plan.tags.get(s.id)?.merger_id : id) === id);
    const links = await trx.selectFrom('tag_parents').select(['parent_id', 'child_id']).where((eb) => eb.or([eb('parent_id', '=', id), eb('child_id', '=', id)])).execute();
    const linked = links.some((l) => !removed.has(pairId([l.parent_id, l.child_id]))) || plan.addParents.some(([p, c]) => p === id || c === id);
    if (keeps || linked) {
      throw new WranglingError(code, `"${await nameOf(id)}" would stop being canonical while it still has ${keeps ? 'synonyms' : 'parent or sub tags'}${hint}`);
    }
  }
  for (const p of plan.addParents) {
    if (!added.has(pairId(p))) continue;
    for (const id of p) {
      if (!(await isCanonicalAfter(id))) throw new WranglingError(code, `"${await nameOf(id)}" would have parent or sub tags without being canonical${hint}`);
    }
  }
}
