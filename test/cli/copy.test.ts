import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connect.js';
import { copyArchive } from '../../src/db/copy.js';
import { loadSamples } from '../../src/samples/load-samples.js';
import { runLegacyImport } from '../../src/importer/run-import.js';
import { createWorkService } from '../../src/works/index.js';
import { runCli } from '../support/cli.js';
import { makeStore, postgresAvailable } from '../support/databases.js';
import type { TestStore } from '../support/databases.js';

const dir = mkdtempSync(join(tmpdir(), 'fanfold-copy-'));
const A = join(dir, 'a');
let pg: TestStore | null = null;

beforeAll(async () => {
  const db = await openDb({ dataDir: A });
  await loadSamples(db);
  // Imported works bring provenance blobs, comments, bookmarks, sub-fandom links and contacts.
  await runLegacyImport(db, ['test/fixtures/efiction/small-site', 'test/fixtures/legacy/usenet'], { archive: 'Copy Test', mapYaml: null, dryRun: false });
  const works = createWorkService(db);
  await works.takeDown({ workId: 2 }, 'test');
  await db.close();
  if (await postgresAvailable()) pg = await makeStore('postgres');
});
afterAll(async () => {
  await pg?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('fanfold copy', () => {
  it('SQLite → PostgreSQL → SQLite ends with identical exports, verified per table', async () => {
    if (!pg) return;
    const url = pg.target.databaseUrl as string;
    const B = join(dir, 'b');
    const there = await runCli(['copy', '--from', A, '--to', url]);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stderr).toMatch(/works\s+\d+\s+\d+\s+same/);
    expect(there.stderr).not.toContain('DIFFERENT');
    const back = await runCli(['copy', '--from', url, '--to', B]);
    expect(back.code, back.stderr).toBe(0);
    const [ea, epg, eb] = await Promise.all([runCli(['--data', A, 'export']), runCli(['--database', url, 'export']), runCli(['--data', B, 'export'])]);
    expect(ea.stdout.length).toBeGreaterThan(1000);
    expect(epg.stdout).toBe(ea.stdout);
    expect(eb.stdout).toBe(ea.stdout);
    // New works continue after the copied ids on PostgreSQL.
    const db = await openDb(pg.target);
    const works = createWorkService(db);
    const max = Number((await db.kysely.selectFrom('works').select((eb2) => eb2.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    const id = await works.save({ ...(await import('../support/work-input.js')).workInput() });
    expect(id).toBe(max + 1);
    await db.close();
  });

  it('continues where an interrupted copy stopped and still verifies', async () => {
    const C = join(dir, 'c');
    const from = await openDb({ dataDir: A });
    const full = await openDb({ dataDir: join(dir, 'full') });
    const fullRows = (await copyArchive(from, full)).rows;
    await full.close();
    const to = await openDb({ dataDir: C });
    let calls = 0;
    await expect(
      copyArchive(from, to, (table) => {
        if (table === 'chapters' && ++calls === 1) throw new Error('simulated crash');
      }),
    ).rejects.toThrow('simulated crash');
    const partial = Number((await to.kysely.selectFrom('chapters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const total = Number((await from.kysely.selectFrom('chapters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(partial).toBeLessThanOrEqual(total);
    const report = await copyArchive(from, to);
    expect(report.ok).toBe(true);
    // Tables finished before the crash were not copied again.
    expect(report.rows).toBeLessThan(fullRows);
    await from.close();
    await to.close();
    expect((await runCli(['--data', C, 'export'])).stdout).toBe((await runCli(['--data', A, 'export'])).stdout);
  });

  it('refuses to copy an archive onto itself', async () => {
    const res = await runCli(['copy', '--from', A, '--to', A]);
    expect(res.code).toBe(2);
  });
});
