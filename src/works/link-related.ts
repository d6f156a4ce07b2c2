import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { tagKey } from '../tags/tag-key.js';
import { chunks } from '../tags/tag-rows.js';

/**
 * Links "companion to X" / "sequel to X" mentions to the works they name when those works
 * are in the same batch (an import, the samples): the title is matched by identity (NFKC,
 * case-folded). Mentions of works outside the batch stay named external links.
 */
export async function linkRelatedWithin(db: Kysely<Database>, workIds: readonly number[]): Promise<number> {
  if (workIds.length === 0) return 0;
  // In slices: an import's ids outnumber the parameters a statement may have.
  const byTitle = new Map<string, number[]>();
  const open: { work_id: number; position: number; title: string }[] = [];
  for (const part of chunks(workIds)) {
    for (const w of await db.selectFrom('works').select(['id', 'title']).where('id', 'in', part).execute()) {
      const key = tagKey(w.title);
      const same = byTitle.get(key);
      if (same) same.push(w.id);
      else byTitle.set(key, [w.id]);
    }
    open.push(...(await db.selectFrom('related_works').select(['work_id', 'position', 'title']).where('work_id', 'in', part).where('target_work_id', 'is', null).execute()));
  }
  let linked = 0;
  for (const r of open) {
    const matches = (byTitle.get(tagKey(r.title)) ?? []).filter((id) => id !== r.work_id);
    const target = matches.length === 1 ? matches[0] : undefined;
    if (target === undefined) continue;
    await db.updateTable('related_works').set({ target_work_id: target }).where('work_id', '=', r.work_id).where('position', '=', r.position).execute();
    linked++;
  }
  return linked;
}
