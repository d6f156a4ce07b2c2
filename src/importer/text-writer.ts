import { sql } from 'kysely';
import { dirname } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Db } from '../db/connect.js';
import { openDb } from '../db/connect.js';
import { indexWorksText } from '../search/text-index-batch.js';
import { bundleWorker, startWorker } from '../worker-bundle.js';

/**
 * An import's full-text writer: a worker thread with its own connection to the archive that
 * indexes each stored batch's works — reads them back, makes their text, writes their rows to
 * the full-text file (db/text-file.ts) — while the main thread stores the next batch. SQLite
 * lets one connection at a time write a file, and the two files are written side by side; the
 * main thread hands over only ids. Batches are indexed in the order given, one transaction
 * each, from the works as committed. The stored works stay noted in `text_pending` until
 * their rows are written (see `SaveWorksOptions.deferText`), so a crash in between loses nothing.
 */
export interface TextWriter {
  /** Resolves once the works' rows are committed; rejects with the writer's error. */
  index(ids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true } | { id: number; ok: false; message: string };

/** Starts a writer for this archive; null when it has no full-text file (PostgreSQL) or no worker can start. */
export async function startTextWriter(db: Db, o: { checkpoints?: boolean } = {}): Promise<TextWriter | null> {
  if (!db.textFile) return null;
  const entry = await bundleWorker(import.meta.url, 'src/importer/text-writer.ts', 'text-writer').catch(() => null);
  if (!entry) return null;
  const data = { fanfoldTextWriter: dirname(db.textFile), checkpoints: o.checkpoints !== false };
  const worker = startWorker(entry.url, data);
  if (!worker) {
    entry.cleanup();
    return null;
  }
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let failed: Error | null = null;
  const fail = (e: Error) => {
    failed ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) p.resolve();
    else p.reject(new Error(r.message));
  });
  worker.on('error', (e) => fail(e));
  worker.on('exit', () => fail(new Error('the full-text writer stopped')));
  let nextId = 1;
  return {
    index: (ids) =>
      new Promise<void>((resolve, reject) => {
        if (failed) return reject(failed);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, ids });
      }),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
      entry.cleanup();
    },
  };
}

// The worker: its own connection to the archive (no migrations: the import's own opened it),
// one transaction per batch, in order. Only the full-text file is written; with a checkpointer
// running (checkpointer.ts), its log is left to it.
const setup = !isMainThread && parentPort ? (workerData as { fanfoldTextWriter?: string; checkpoints?: boolean } | null) : null;
if (setup?.fanfoldTextWriter !== undefined && parentPort) {
  const port = parentPort;
  const opened = openDb({ dataDir: setup.fanfoldTextWriter }, { migrate: false }).then(async (db) => {
    if (setup.checkpoints === false) await sql.raw('pragma wal_autocheckpoint = 0').execute(db.kysely);
    return db;
  });
  let queue = Promise.resolve();
  port.on('message', (m: { id: number; ids: number[] }) => {
    queue = queue.then(async () => {
      let reply: Reply;
      try {
        const db = await opened;
        await db.kysely.transaction().execute((trx) => indexWorksText({ ...db, kysely: trx }, m.ids));
        reply = { id: m.id, ok: true };
      } catch (e) {
        reply = { id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      port.postMessage(reply);
    });
  });
}
