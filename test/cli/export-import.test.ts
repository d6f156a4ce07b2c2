import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connect.js';
import { loadSamples } from '../../src/samples/load-samples.js';
import { createWorkService } from '../../src/works/index.js';
import { workInput } from '../support/work-input.js';
import { runCli } from '../support/cli.js';
import { makeStore, postgresAvailable } from '../support/databases.js';

const dir = mkdtempSync(join(tmpdir(), 'fanfold-cli-'));
const A = join(dir, 'a');
const B = join(dir, 'b');

beforeAll(async () => {
  // An archive with the samples plus works in every state a restore must keep.
  const db = await openDb({ dataDir: A });
  await loadSamples(db);
  const works = createWorkService(db);
  await works.save(workInput({ title: 'Draft Work', posted: false }));
  await works.save(workInput({ title: 'Hidden Work', hidden: true, restricted: true }));
  await works.save(
    workInput({
      title: 'Imported Work',
      sourcePath: 'old-site/stories/imported.txt',
      archive: 'The Old Site',
      ratingText: 'PG-13 for language',
      spoilers: 'Season 6',
      disclaimer: 'Not mine.',
      provenance: { archive: 'The Old Site', importedAt: '2024-02-03T04:05:06.000Z', sha256: 'b'.repeat(64), original: new TextEncoder().encode('Title: Imported Work\n\nÉté.'), contacts: ['someone@example.org'] },
    }),
  );
  await db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fanfold export / import', () => {
  it('export → import into a new data dir → export again is byte-identical', async () => {
    const first = await runCli(['--data', A, 'export']);
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines.length).toBe(17);
    expect(first.stderr).toContain('exported 17 works');
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, first.stdout);

    const imported = await runCli(['--data', B, 'import', file]);
    expect(imported.stderr).toContain('restored 17 works, 0 failed');
    expect(imported.code).toBe(0);

    const out = join(dir, 'again.ndjson');
    const second = await runCli(['--data', B, 'export', '--out', out]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(first.stdout);

    // Restoring the same file again changes nothing.
    const again = await runCli(['--data', B, 'import', file]);
    expect(again.code).toBe(0);
    expect((await runCli(['--data', B, 'export'])).stdout).toBe(first.stdout);
  });

  it('writes records with the fields of export-record.md in a fixed order', async () => {
    const { stdout } = await runCli(['--data', A, 'export']);
    const rec = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(Object.keys(rec)).toEqual([
      'format', 'id', 'source', 'title', 'creators', 'rating', 'ratingText', 'warnings', 'warningText', 'categories', 'fandoms',
      'relationships', 'characters', 'tags', 'summary', 'notes', 'endNotes', 'spoilers', 'disclaimer', 'series', 'related',
      'archive', 'language', 'restricted', 'posted', 'hidden', 'complete', 'expectedChapters', 'published', 'updated', 'words',
      'bodyStart', 'chapters', 'stats', 'collections', 'provenance',
    ]);
    expect(rec).toMatchObject({ format: 1, title: 'Imported Work', source: 'old-site/stories/imported.txt', ratingText: 'PG-13 for language', bodyStart: 'One two three four.' });
    expect(rec.provenance).toMatchObject({ archive: 'The Old Site', contacts: ['someone@example.org'] });
    expect(Buffer.from((rec.provenance as { original: string }).original, 'base64').toString('utf8')).toBe('Title: Imported Work\n\nÉté.');
  });

  it('names the line and the problem of bad input, imports the rest, and exits 1', async () => {
    const { stdout } = await runCli(['--data', A, 'export']);
    const [l1, l2] = stdout.trim().split('\n') as [string, string];
    const noTitle = JSON.parse(l2) as Record<string, unknown>;
    delete noTitle.title;
    const badRating = { ...(JSON.parse(l2) as Record<string, unknown>), id: 900, rating: 'PG-13' };
    const good = { ...(JSON.parse(l2) as Record<string, unknown>), id: 901 };
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, [l1, '{"format": 1, "id": 5,', JSON.stringify(noTitle), JSON.stringify(badRating), JSON.stringify(good)].join('\n') + '\n');
    const C = join(dir, 'c');
    const res = await runCli(['--data', C, 'import', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/bad\.ndjson:2: bad JSON/);
    expect(res.stderr).toMatch(/bad\.ndjson:3: title: /);
    expect(res.stderr).toMatch(/bad\.ndjson:4: rating: unknown rating "PG-13"/);
    expect(res.stderr).toContain('restored 2 works, 3 failed');
    const ids = (await runCli(['--data', C, 'export'])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toEqual([1, 901]);
  });

  it('restores the same file into PostgreSQL and exports it byte-identically', async () => {
    if (!(await postgresAvailable())) return;
    const store = await makeStore('postgres');
    try {
      const { stdout } = await runCli(['--data', A, 'export']);
      const file = join(dir, 'pg.ndjson');
      writeFileSync(file, stdout);
      const url = store.target.databaseUrl as string;
      expect((await runCli(['--database', url, 'import', file])).code).toBe(0);
      expect((await runCli(['export'], { env: { DATABASE_URL: url } })).stdout).toBe(stdout);
    } finally {
      await store.cleanup();
    }
  });
});

describe('fanfold usage', () => {
  it('exits 2 on usage errors with a clear message', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const port = await runCli(['--data', join(dir, 'p'), 'serve', '--port', 'abc']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a number');
    const missing = await runCli(['--data', join(dir, 'm'), 'import', join(dir, 'nope.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('has --help with examples on every command', async () => {
    for (const cmd of ['serve', 'migrate', 'export', 'import']) {
      const res = await runCli([cmd, '--help']);
      expect(res.code).toBe(0);
      expect(res.stderr).toContain('Examples:');
      expect(res.stderr).toContain('--data');
    }
  });

  it('migrate creates the schema and loads nothing', async () => {
    const M = join(dir, 'migrated');
    const res = await runCli(['--data', M, 'migrate']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('applied 0001-core');
    expect((await runCli(['--data', M, 'migrate'])).stderr).toContain('already up to date');
    const exported = await runCli(['--data', M, 'export']);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain('exported 0 works');
  });
});
