import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { parseLegacyFile } from './parse/index.js';
import type { ImportMap, ParsedWork } from './parse/index.js';
import { readNavFile } from './nav-pages.js';
import type { NavPageInfo } from './nav-pages.js';
import { prepareChapter } from '../works/prepare-chapter.js';
import { bundleWorker, startWorker } from '../worker-bundle.js';
import type { PreparedChapter } from '../works/prepare-chapter.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The CPU-bound half of an import — decoding, parsing, and making chapter bodies ready to
 * store (sanitize, count words, plain text for the full-text tables) — run on worker threads
 * while the main thread stores. Results come back in the order asked for. With `workers: 0`
 * the same functions run on the calling thread.
 */
export interface ParsedFileResult {
  /** The file's bytes (read by the worker when it was given a path) and their SHA-256. */
  bytes: Uint8Array;
  sha: string;
  /** Why the file could not be parsed; then `works` is empty. */
  error: string | null;
  works: ParsedWork[];
  /** Per work, its chapters through `prepareChapter` (empty arrays when not asked for). */
  prepared: PreparedChapter[][];
}

/** A file to work on: its bytes, or the path to read them from (the worker reads it then). */
export type FileInput = { bytes: Uint8Array } | { path: string };

export interface ParsePool {
  parse(rel: string, file: FileInput): Promise<ParsedFileResult>;
  close(): Promise<void>;
}

export type Job = { kind: 'nav' | 'parse'; rel: string; file: FileInput };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export interface PoolConfig {
  map: ImportMap;
  /** Also prepare chapter bodies for storing (not needed by dry runs). */
  prepare: boolean;
  /** With `prepare`: also their plain text for the full-text index (not when a text writer reads the works back). */
  plainText?: boolean;
}

const bytesOf = (file: FileInput): Uint8Array => ('bytes' in file ? file.bytes : readFileSync(file.path));

/** One job as a worker runs it (exported for bench/parse-only.ts). */
export function runJob(job: Job, cfg: PoolConfig): NavPageInfo | ParsedFileResult {
  const bytes = bytesOf(job.file);
  if (job.kind === 'nav') return readNavFile(bytes, job.rel);
  const sha = sha256(bytes);
  let works: ParsedWork[];
  try {
    works = parseLegacyFile(bytes, job.rel, { map: cfg.map, prepare: cfg.prepare, plainText: cfg.plainText !== false });
  } catch (e) {
    return { bytes, sha, error: e instanceof Error ? e.message : String(e), works: [], prepared: [] };
  }
  const prepared = works.map((w) => (cfg.prepare ? w.chapters.map((c) => c.prepared ?? prepareChapter(c.html, cfg.plainText !== false)) : []));
  // Once prepared, the raw chapter HTML is not needed (stored works use the prepared bodies;
  // records carry no bodies): not copied back to the main thread, nor the bodies twice.
  if (cfg.prepare) for (const w of works) w.chapters = w.chapters.map((c) => ({ title: c.title, html: '', words: c.words }));
  return { bytes, sha, error: null, works, prepared };
}

/**
 * How many parsing workers an import of this many story files gets by default, when `busy`
 * other threads (a text writer) besides the main thread share the machine's cores.
 */
export function defaultParseWorkers(storyFiles: number, busy = 0): number {
  // Starting a worker costs a few hundred milliseconds: small imports parse inline.
  if (storyFiles < 200) return 0;
  return Math.max(1, Math.min(2, availableParallelism() - busy));
}

export function createParsePool(cfg: PoolConfig, workers: number): ParsePool {
  if (workers <= 0) return inlinePool(cfg);
  return workerPool(cfg, workers);
}

function inlinePool(cfg: PoolConfig): ParsePool {
  const run = <T>(job: Job): Promise<T> => {
    try {
      return Promise.resolve(runJob(job, cfg) as T);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  return {
    parse: (rel, file) => run<ParsedFileResult>({ kind: 'parse', rel, file }),
    close: () => Promise.resolve(),
  };
}

/**
 * This module is also the workers' entry (see worker-bundle.ts): in the bundle its start-up
 * code below finds itself in a parse worker. In the CLI bundle this module's top level only
 * runs when imported.
 */
const workerEntry = () => bundleWorker(import.meta.url, 'src/importer/parse-pool.ts', 'parse-worker');

function workerPool(cfg: PoolConfig, size: number): ParsePool {
  const pending = new Map<number, { job: Job; worker: Worker; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const load = new Map<Worker, number>();
  const workers: Worker[] = [];
  // A job whose worker died runs on this thread instead: a broken worker slows an import
  // down, it does not fail it.
  const inline = (p: { job: Job; resolve: (v: unknown) => void; reject: (e: Error) => void }) => {
    try {
      p.resolve(runJob(p.job, cfg));
    } catch (e) {
      p.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const retire = (w: Worker) => {
    const at = workers.indexOf(w);
    if (at === -1) return;
    workers.splice(at, 1);
    for (const [id, p] of pending) {
      if (p.worker !== w) continue;
      pending.delete(id);
      inline(p);
    }
    void w.terminate();
  };
  let cleanup = () => undefined as void;
  const start = (url: URL) => {
    for (let i = 0; i < size; i++) spawn(url);
  };
  const spawn = (url: URL) => {
    // A worker that cannot start is one fewer (none: everything parses on this thread).
    const w = startWorker(url, { fanfoldParseWorker: cfg });
    if (!w) return;
    w.on('message', (r: Reply) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      load.set(w, (load.get(w) ?? 1) - 1);
      // The bytes this thread sent are not sent back (see the worker's side): the same ones.
      if (r.ok && p.job.kind === 'parse' && 'bytes' in p.job.file) (r.value as ParsedFileResult).bytes = p.job.file.bytes;
      if (r.ok) p.resolve(r.value);
      else p.reject(new Error(r.message));
    });
    w.on('error', () => retire(w));
    w.on('exit', () => retire(w));
    load.set(w, 0);
    workers.push(w);
  };
  // Until the workers exist (or could not be started) jobs wait; without workers they run here.
  const ready = workerEntry().then(
    (entry) => {
      if (!entry) return;
      cleanup = entry.cleanup;
      start(entry.url);
    },
    () => undefined,
  );
  const send = <T>(job: Job): Promise<T> =>
    ready.then(() => new Promise<T>((resolve, reject) => {
      if (workers.length === 0) return inline({ job, resolve: resolve as (v: unknown) => void, reject });
      // The least busy worker; ties go to the first.
      let best = workers[0] as Worker;
      for (const w of workers) if ((load.get(w) ?? 0) < (load.get(best) ?? 0)) best = w;
      load.set(best, (load.get(best) ?? 0) + 1);
      const id = nextId++;
      pending.set(id, { job, worker: best, resolve: resolve as (v: unknown) => void, reject });
      best.postMessage({ id, job });
    }));
  return {
    parse: (rel, file) => send<ParsedFileResult>({ kind: 'parse', rel, file }),
    close: async () => {
      await ready;
      const all = [...workers];
      workers.length = 0;
      await Promise.all(all.map((w) => w.terminate()));
      cleanup();
    },
  };
}

const NO_BYTES = new Uint8Array(0);

if (!isMainThread && parentPort && (workerData as { fanfoldParseWorker?: PoolConfig } | null)?.fanfoldParseWorker) {
  const cfg = (workerData as { fanfoldParseWorker: PoolConfig }).fanfoldParseWorker;
  const port = parentPort;
  port.on('message', ({ id, job }: { id: number; job: Job }) => {
    let reply: Reply;
    const transfer: ArrayBuffer[] = [];
    try {
      const value = runJob(job, cfg);
      reply = { id, ok: true, value };
      // Bytes this worker read go back without a copy (when they own their whole buffer);
      // bytes the main thread sent (a zip's entries) it still has, so they do not go back at all.
      if ('bytes' in value && 'bytes' in job.file) value.bytes = NO_BYTES;
      else if ('bytes' in value) {
        const b = value.bytes;
        if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) transfer.push(b.buffer);
      }
    } catch (e) {
      reply = { id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply, transfer);
  });
}
