import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/connect.js';
import type { Db } from '../../db/connect.js';
import { createWorkService } from '../../works/index.js';
import { generateEfictionDump, readEfictionArchive } from './index.js';

// The works are meant for the store as they are: save them all and read some back.
describe('eFiction works in the store', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fanfold-efiction-'));
    db = await openDb({ dataDir: dir });
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves every work of a generated site and reads it back faithfully', async () => {
    const gen = generateEfictionDump({ stories: 12, withCreateTable: false, unixDates: true, textInFiles: true, seed: 5 });
    const site = readEfictionArchive(gen.sql, { readFile: (p) => gen.files.get(p) ?? null });
    const works = createWorkService(db);
    const ids = new Map<number, number>();
    for (const w of site.works) ids.set(w.sourceId, await works.save(w));
    expect(await works.countAll()).toBe(12);

    const first = await works.get(ids.get(1) as number);
    const src = site.works[0];
    expect(first?.title).toBe(src?.title);
    expect(first?.creators.map((c) => c.name)).toEqual(src?.creators.map((c) => (c.kind === 'legacy' ? c.name : '')));
    expect(first?.rating).toBe(src?.rating);
    expect(first?.relationships).toEqual(src?.relationships);
    expect(first?.chapters.map((c) => c.title)).toEqual(src?.chapters.map((c) => c.title));
    expect(first?.series.map((s) => [s.title, s.part])).toEqual([
      ['Lantern: Early Days', 1],
      ['The Lantern Cycle', 1],
    ]);
    expect(first?.sourcePath).toBe('efiction:story/1');
    const draft = await works.get(ids.get(2) as number);
    expect(draft?.posted).toBe(false);
  });
});
