import type { Db } from '../db/connect.js';
import { latestChange } from '../works/changes.js';
import { SearchIndex } from './engine.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';

/**
 * Index snapshots let a server start serving a large archive in seconds: the index is written
 * to a file (beside the SQLite database) after a build and when the server stops, and read back
 * at the next start, which then replays the change log from the snapshot's position. A
 * snapshot is used only when it is of this archive: its change-log position still holds the
 * row it saw (same sequence number, same time), and at an unchanged position the works table
 * has the same count and highest id. Otherwise the index is built from the database as before.
 */
interface SnapshotMeta {
  seq: number;
  at: string | null;
  works: number;
  maxId: number;
}

/** Past this many changes since the snapshot, a build is quicker than replaying them one by one. */
const MAX_REPLAY = 20_000;

async function fingerprint(db: Db, seq: number): Promise<SnapshotMeta> {
  const k = db.kysely;
  const row = seq > 0 ? await k.selectFrom('change_log').select('at').where('seq', '=', seq).executeTakeFirst() : undefined;
  const w = await k.selectFrom('works').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('m')]).executeTakeFirstOrThrow();
  return { seq, at: row?.at ?? null, works: Number(w.n), maxId: Number(w.m ?? 0) };
}

function metaOf(header: Record<string, unknown>): SnapshotMeta | null {
  const m = header.meta as Partial<SnapshotMeta> | undefined;
  if (!m || typeof m.seq !== 'number' || typeof m.works !== 'number' || typeof m.maxId !== 'number') return null;
  return { seq: m.seq, at: typeof m.at === 'string' ? m.at : null, works: m.works, maxId: m.maxId };
}

/** The index in the snapshot file and its change-log position, when the snapshot is of this archive. */
export async function loadIndexSnapshot(db: Db, path: string): Promise<{ index: SearchIndex; seq: number } | null> {
  const data = readSnapshot(path);
  if (!data) return null;
  const meta = metaOf(data.header);
  if (!meta) return null;
  const latest = await latestChange(db.kysely);
  if (meta.seq > latest || latest - meta.seq > MAX_REPLAY) return null;
  const now = await fingerprint(db, meta.seq);
  if (now.at !== meta.at) return null;
  if (meta.seq === latest && (now.works !== meta.works || now.maxId !== meta.maxId)) return null;
  const index = SearchIndex.fromSnapshot(db, data);
  return index ? { index, seq: meta.seq } : null;
}

/** Writes the index as of change-log position `seq`; returns the file's size in bytes. */
export async function saveIndexSnapshot(db: Db, index: SearchIndex, path: string, seq: number): Promise<number> {
  const meta = await fingerprint(db, seq);
  return writeSnapshot(path, index.toSnapshot({ ...meta }));
}
