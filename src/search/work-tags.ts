import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/**
 * The tag ids of each work with an id in lo..hi, as stored (synonyms not resolved), read in
 * one grouped query: a million works' tags as 20,000-work ranges instead of one row per tag.
 * The index's build (engine.ts) and the metadata words' build on its own thread
 * (meta-text-worker.ts) both read them this way.
 */
export async function workTagLists(db: Db, lo: number, hi: number): Promise<Map<number, number[]>> {
  const agg = db.dialect.name === 'postgres' ? sql`string_agg(tag_id::text, ',')` : sql`group_concat(tag_id, ',')`;
  const rows = await sql<{ work_id: number; ids: string }>`select work_id, ${agg} as ids from work_tags where work_id >= ${lo} and work_id <= ${hi} group by work_id`.execute(db.kysely);
  const out = new Map<number, number[]>();
  for (const r of rows.rows) out.set(Number(r.work_id), r.ids.split(',').map(Number));
  return out;
}
