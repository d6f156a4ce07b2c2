import { serve } from '@hono/node-server';
import { openDb } from '../db/connect.js';
import { createWorkService } from '../works/index.js';
import { createApp } from '../web/app.js';
import { loadSettings } from '../site-settings.js';
import { loadSamples } from '../samples/load-samples.js';
import type { StoreTarget } from '../db/connect.js';
import { say } from './target.js';

export interface ServeOptions {
  port: number;
  host: string;
  samples: boolean;
}

/** Serves the archive until SIGINT/SIGTERM. Loads the sample works on the first start of an empty archive. */
export async function serveCommand(target: StoreTarget, o: ServeOptions): Promise<number> {
  const db = await openDb(target);
  const works = createWorkService(db);
  if (o.samples && (await works.countAll()) === 0) {
    const ids = await loadSamples(db);
    say(`This archive was empty: loaded ${ids.length} sample works (start with --no-samples to skip).`);
  }
  const app = createApp({ works, settings: await loadSettings(db.kysely) });
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
  say(`Fanfold is serving ${db.describe} at http://${o.host === '0.0.0.0' ? 'localhost' : o.host}:${port}/ (Ctrl-C stops it)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  say('Stopping…');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
  return 0;
}
