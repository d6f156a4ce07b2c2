import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Db } from '../db/connect.js';
import { cacheStatements } from '../db/connect.js';
import { DIALECTS } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { tuneTextConnection } from '../db/text-file.js';
import { writeWorksText } from '../search/text-index-batch.js';
import type { WorkText } from '../search/text-index-batch.js';
import { bundleWorker, workerExecArgv } from './worker-bundle.js';

/**
 * An import's full-text writer: a worker thread with its own connection to the archive's
 * full-text file (db/text-file.ts) that writes each stored batch's rows while the main thread
 * stores the next batch (SQLite writes one file at a time per connection; the two files are
 * written side by side). Batches are written in the order given, one transaction each.
 * The stored works stay noted in `text_pending` until their rows are written (see
 * `SaveWorksOptions.deferText`), so a crash in between loses nothing.
 */
export interface TextWriter {
  /** Resolves once the rows are committed; rejects with the writer's error. */
  write(ids: readonly number[], texts: readonly WorkText[]): Promise<void>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true } | { id: number; ok: false; message: string };

/** Starts a writer for this archive's full-text file; null when there is none (PostgreSQL) or no worker can start. */
export async function startTextWriter(db: Db): Promise<TextWriter | null> {
  if (!db.textFile) return null;
  const entry = await bundleWorker(import.meta.url, 'src/importer/text-writer.ts', 'text-writer').catch(() => null);
  if (!entry) return null;
  let worker: Worker;
  try {
    worker = new Worker(entry.url, { workerData: { fanfoldTextWriter: db.textFile }, execArgv: workerExecArgv() });
  } catch {
    try {
      worker = new Worker(entry.url, { workerData: { fanfoldTextWriter: db.textFile }, execArgv: [] });
    } catch {
      entry.cleanup();
      return null;
    }
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
    write: (ids, texts) =>
      new Promise<void>((resolve, reject) => {
        if (failed) return reject(failed);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, ids, texts });
      }),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
      entry.cleanup();
    },
  };
}

// The worker: one connection to the full-text file, one transaction per batch, in order.
const file = !isMainThread && parentPort ? (workerData as { fanfoldTextWriter?: string } | null)?.fanfoldTextWriter : undefined;
if (file !== undefined && parentPort) {
  const port = parentPort;
  const sqlite = new Sqlite(file);
  tuneTextConnection(sqlite);
  cacheStatements(sqlite);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const db: Db = { kysely, reader: kysely, dialect: DIALECTS.sqlite, describe: file, close: () => kysely.destroy() };
  let queue = Promise.resolve();
  port.on('message', (m: { id: number; ids: number[]; texts: WorkText[] }) => {
    queue = queue.then(async () => {
      let reply: Reply;
      try {
        await kysely.transaction().execute((trx) => writeWorksText({ ...db, kysely: trx }, m.ids, m.texts));
        reply = { id: m.id, ok: true };
      } catch (e) {
        reply = { id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      port.postMessage(reply);
    });
  });
}
