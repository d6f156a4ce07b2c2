import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { openDb } from '../db/connect.js';
import { createWorkService } from '../works/index.js';
import { createApp } from '../web/app.js';
import { createServices } from '../services.js';
import { loadSamples } from '../samples/load-samples.js';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';

export interface ServeOptions {
  port: number;
  host: string;
  samples: boolean;
  /** Web processes sharing the port (node:cluster); 1 serves from this process. */
  workers: number;
  /** The search index snapshot file (read at start, written at stop); null: always build. */
  indexFile?: string | null;
}

/**
 * `--workers N`: this process prepares the archive (migrations, samples) once, then forks N
 * web processes that share the port and the database; each has its own connections and
 * caches, and sessions and rate limits live in the database so any process can answer any
 * request. A worker that dies is replaced.
 */
async function servePrimary(target: StoreTarget, o: ServeOptions): Promise<number> {
  const db = await openDb(target);
  try {
    const works = createWorkService(db);
    if (o.samples && (await works.countAll()) === 0) {
      const ids = await loadSamples(db);
      say(`This archive was empty: loaded ${ids.length} sample works (start with --no-samples to skip).`);
    }
  } finally {
    await db.close();
  }
  let stopping = false;
  let listening = 0;
  let port = o.port;
  const fork = () => cluster.fork({ FANFOLD_WORKER: '1' });
  cluster.on('listening', (_w, address) => {
    port = address.port;
    if (++listening === o.workers) say(`Fanfold is serving with ${o.workers} workers at http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${port}/ (Ctrl-C stops it)`);
  });
  cluster.on('exit', (w, code) => {
    if (stopping) return;
    say(`worker ${w.process.pid} exited (${code}); starting another`);
    fork();
  });
  for (let i = 0; i < o.workers; i++) fork();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stopping = true;
  say('Stopping…');
  await Promise.all(
    Object.values(cluster.workers ?? {}).map(
      (w) =>
        new Promise<void>((resolve) => {
          if (!w) return resolve();
          w.once('exit', () => resolve());
          // Signal the process itself: cluster's worker.kill() first waits for every
          // keep-alive connection to close, which an idle browser may hold for minutes.
          w.process.kill('SIGTERM');
        }),
    ),
  );
  return 0;
}

/** Serves the archive until SIGINT/SIGTERM. Loads the sample works on the first start of an empty archive. */
export async function serveCommand(target: StoreTarget, o: ServeOptions): Promise<number> {
  if (o.workers > 1 && cluster.isPrimary) return servePrimary(target, o);
  const isWorker = cluster.isWorker;
  const db = await openDb(target);
  const works = createWorkService(db);
  if (!isWorker && o.samples && (await works.countAll()) === 0) {
    const ids = await loadSamples(db);
    say(`This archive was empty: loaded ${ids.length} sample works (start with --no-samples to skip).`);
  }
  const services = await createServices(db, { listenUrl: target.databaseUrl, snapshot: o.indexFile ?? undefined });
  if (!isWorker) {
    const o2 = services.search.origin;
    say(`Search index: ${o2.works.toLocaleString('en')} works ${o2.from === 'snapshot' ? `read from ${o.indexFile ?? 'its snapshot'}` : 'built from the database'} in ${(o2.ms / 1000).toFixed(1)} s`);
  }
  const app = createApp(services);
  const server = serve({ fetch: app.fetch, port: o.port, hostname: o.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (e: NodeJS.ErrnoException) => {
    await db.close();
    throw new Error(e.code === 'EADDRINUSE' ? `port ${o.port} is already in use: pick another with --port N` : e.message);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  if (!isWorker) say(`Fanfold is serving ${db.describe} at http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${port}/ (Ctrl-C stops it)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (!isWorker) say('Stopping…');
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Requests under way get a moment to finish; idle keep-alive connections do not hold the stop.
    const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
    http.closeIdleConnections?.();
    setTimeout(() => http.closeAllConnections?.(), 2000).unref();
  });
  await services.stop();
  await db.close();
  // A worker's IPC channel to the primary would keep it alive: leave the cluster.
  if (isWorker) cluster.worker?.disconnect();
  return 0;
}
