import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/cli.js';
import type { RunningServer } from '../support/cli.js';
import { makeStore, postgresAvailable } from '../support/databases.js';
import type { TestStore } from '../support/databases.js';
import { Client, workFields } from '../http/accounts-client.js';
import type { createApp } from '../../src/web/app.js';

/** A cookie-keeping client over real HTTP to a running server. */
const overHttp = (base: string) =>
  ({ request: (path: string, init?: RequestInit) => fetch(base + path, { ...init, redirect: 'manual' }) }) as unknown as ReturnType<typeof createApp>;

const run = await postgresAvailable();

describe.runIf(run)('two server processes on one PostgreSQL database', () => {
  let store: TestStore;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    store = await makeStore('postgres');
    const env = { DATABASE_URL: store.target.databaseUrl as string };
    a = await startServer([], ['--no-samples'], env);
    b = await startServer([], ['--no-samples'], env);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await store?.cleanup();
  });

  it('a work posted through one is found through the other\'s search', async () => {
    const writer = new Client(overHttp(a.url), '127.0.0.1');
    const signed = await writer.signUp('twoservers');
    expect(signed.status, signed.body_.slice(0, 300)).toBe(303);
    const word = `zephyrine${Date.now() % 100000}`;
    await writer.get('/works/new');
    const posted = await writer.post('/works/new', workFields({ title: 'Across Processes', chapter_body: `<p>The ${word} lantern was lit in one process.</p>`, expected_chapters: '1' }));
    expect(posted.status).toBe(303);
    const id = Number(/\/works\/(\d+)/.exec(posted.headers.get('location') ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);

    // Server B never saw the request: its in-memory index learns of the work from the change
    // log (PostgreSQL NOTIFY wakes it; it also polls). Poll generously; the benchmark measures.
    const deadline = Date.now() + 20_000;
    let found: { total: number; works: { id: number; title: string; snippets?: string[] }[] } = { total: 0, works: [] };
    while (Date.now() < deadline) {
      found = (await (await fetch(`${b.url}/api/v1/works?q=${word}`)).json()) as typeof found;
      if (found.total > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(found.total).toBe(1);
    expect(found.works[0]).toMatchObject({ id, title: 'Across Processes' });
    expect(found.works[0]?.snippets?.join(' ')).toContain(`<mark>${word}</mark>`);
  });
});
