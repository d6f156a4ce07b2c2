import { dirname, join } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import type { Db } from '../db/connect.js';
import { TEXT_FILE } from '../db/text-file.js';
import { bundleWorker, startWorker } from '../worker-bundle.js';

/**
 * An import's checkpointer: a worker thread that copies the write-ahead logs of the archive's
 * two files (fanfold.db and the full-text file) into the files every quarter second, with
 * SQLite's PASSIVE checkpoint, which never waits for or blocks a writer. A checkpoint ends
 * with the file flushed to disk (fsync); done by the committing connection, as SQLite does by
 * default, that flush stalled the import's pipeline (the main thread stores, the parsers
 * wait on it) for up to half a second at a time. While it runs, the import's connections
 * leave checkpoints to it (`wal_autocheckpoint = 0`). Durability is unchanged: commits in WAL
 * mode with `synchronous = NORMAL` are not flushed either way.
 */
export interface Checkpointer {
  /** Stops the thread after a last checkpoint of both files. */
  stop(): Promise<void>;
}

const EVERY_MS = 250;

/** Starts one for this archive; null on PostgreSQL, or when no worker can start. */
export async function startCheckpointer(db: Db): Promise<Checkpointer | null> {
  if (db.dialect.name !== 'sqlite' || !db.textFile) return null;
  const entry = await bundleWorker(import.meta.url, 'src/importer/checkpointer.ts', 'checkpointer').catch(() => null);
  if (!entry) return null;
  const worker = startWorker(entry.url, { fanfoldCheckpointer: dirname(db.textFile) });
  if (!worker) {
    entry.cleanup();
    return null;
  }
  // It never holds the process open: an import that ends without stopping it loses nothing.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A failing checkpoint only means SQLite checkpoints on commit again (restored by the import).
  worker.on('error', () => undefined);
  return {
    stop: async () => {
      // Held open again until its last checkpoint is done.
      worker.ref();
      worker.postMessage('stop');
      await exited;
      entry.cleanup();
    },
  };
}

// The worker: its own connection to each file (no attaching, no migrations), a checkpoint of
// each every EVERY_MS, one last when told to stop.
const dataDir = !isMainThread && parentPort ? (workerData as { fanfoldCheckpointer?: string } | null)?.fanfoldCheckpointer : undefined;
if (dataDir !== undefined && parentPort) {
  const files = [join(dataDir, 'fanfold.db'), join(dataDir, TEXT_FILE)].map((f) => {
    const c = new Sqlite(f, { fileMustExist: true });
    c.pragma('busy_timeout = 1000');
    return c;
  });
  const checkpoint = () => {
    for (const c of files) c.pragma('wal_checkpoint(PASSIVE)');
  };
  const timer = setInterval(checkpoint, EVERY_MS);
  parentPort.on('message', () => {
    clearInterval(timer);
    checkpoint();
    for (const c of files) c.close();
    process.exit(0);
  });
}
