import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Db, StoreTarget } from '../db/connect.js';
import { openDb } from '../db/connect.js';
import { bundleWorker, startWorker } from '../worker-bundle.js';
import { MetaText } from './meta-text.js';
import type { MetaTextArrays } from './meta-text.js';
import { eachMetaText } from './text-index.js';
import { workTagLists } from './work-tags.js';

/**
 * The metadata's word index (meta-text.ts) built on a thread of its own, from its own
 * connection to the archive, while the index's build (engine.ts) reads the works on the main
 * thread: at a million works the two took 35–40 s and 15–23 s one after the other. The result
 * comes back as `MetaText.toArrays()`' typed arrays, moved (not copied) between the threads.
 *
 * Both builds read the same rows: every work's metadata row from the full-text tables
 * (`eachMetaText`) with its tags as ids (`workTagLists`), each tag's name tokenized once.
 * Works whose full-text rows are not written yet are the caller's (engine.ts reads them from
 * the works afterwards, as after a build on the main thread).
 */
export async function buildMetaText(db: Db): Promise<MetaText> {
  const names: string[] = [];
  for (const r of await db.kysely.selectFrom('tags').select(['id', 'name']).execute()) names[r.id] = r.name;
  // A deleted work whose metadata row is still there gets no tags' words, as on the main thread
  // (where it is not in the index).
  const deleted = new Set((await db.kysely.selectFrom('works').select('id').where('deleted_at', 'is not', null).execute()).map((r) => r.id));
  let tags = new Map<number, number[]>();
  const none: number[] = [];
  return MetaText.build(
    (add) =>
      eachMetaText(db, (id, cols) => add(id, cols, deleted.has(id) ? none : (tags.get(id) ?? none)), {
        tags: false,
        before: async (lo, hi) => {
          tags = await workTagLists(db, lo, hi);
        },
      }),
    { tagName: (t) => names[t] ?? '' },
  );
}

type Reply = { ok: true; arrays: MetaTextArrays; ms: number } | { ok: false; message: string };

/**
 * Starts building the word index on a worker thread; resolves once the thread runs, to the
 * build's `result` (which rejects with the worker's error), or to null when the archive cannot be
 * opened from another thread (a view without `target`) or no worker starts. Await the start
 * before a long synchronous stretch: bundling the worker (when a source file is newer than its
 * prebuilt bundle) waits on I/O, which a stretch of chained queries would hold up.
 */
export async function startMetaTextThread(db: Db): Promise<{ result: Promise<{ meta: MetaText; ms: number }> } | null> {
  if (!db.target) return null;
  const entry = await bundleWorker(import.meta.url, 'src/search/meta-text-worker.ts', 'meta-text').catch(() => null);
  if (!entry) return null;
  const worker = startWorker(entry.url, { fanfoldMetaText: db.target });
  if (!worker) {
    entry.cleanup();
    return null;
  }
  const reply = new Promise<Reply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the word index's thread stopped (exit code ${code})`)));
  });
  const result = (async () => {
    try {
      const r = await reply;
      if (!r.ok) throw new Error(`building the word index on its own thread: ${r.message}`);
      const meta = MetaText.fromArrays(r.arrays);
      if (!meta) throw new Error('building the word index on its own thread: its arrays came back malformed');
      return { meta, ms: r.ms };
    } finally {
      worker.removeAllListeners();
      await worker.terminate();
      entry.cleanup();
    }
  })();
  // Whoever started it may fail before asking for the result.
  result.catch(() => undefined);
  return { result };
}

// The worker: opens the archive (no migrations: the server's own connection ran them), builds,
// and hands the arrays over.
const target = !isMainThread && parentPort ? (workerData as { fanfoldMetaText?: StoreTarget } | null)?.fanfoldMetaText : undefined;
if (target && parentPort) {
  const port = parentPort;
  void (async () => {
    const t0 = performance.now();
    let db: Db | null = null;
    try {
      db = await openDb(target, { migrate: false });
      const arrays = (await buildMetaText(db)).toArrays();
      const buffers = new Set<ArrayBuffer>();
      for (const a of Object.values(arrays.arrays)) buffers.add(a.buffer as ArrayBuffer);
      const reply: Reply = { ok: true, arrays, ms: performance.now() - t0 };
      port.postMessage(reply, [...buffers]);
    } catch (e) {
      const reply: Reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
      port.postMessage(reply);
    } finally {
      await db?.close();
    }
  })();
}
