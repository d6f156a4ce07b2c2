import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { availableKinds, makeStore } from '../support/databases.js';
import type { TestStore } from '../support/databases.js';
import { generateLegacySite } from '../../src/importer/generate-site.js';
import type { GeneratedSite } from '../../src/importer/generate-site.js';
import { runLegacyImport } from '../../src/importer/run-import.js';
import type { LegacyImportOptions } from '../../src/importer/run-import.js';
import { ImportRecordSchema } from '../../src/importer/parse/index.js';
import type { ImportRecord } from '../../src/importer/parse/index.js';
import { createWorkService } from '../../src/works/index.js';
import type { WorkService } from '../../src/works/index.js';
import { GUEST } from '../../src/accounts/viewer.js';
import { testApp } from '../support/app.js';

const root = mkdtempSync(join(tmpdir(), 'fanfold-site-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeSite(site: GeneratedSite, dir: string): void {
  for (const [rel, bytes] of site.files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  }
}

const opts = (o: Partial<LegacyImportOptions> = {}): LegacyImportOptions => ({ archive: 'Harbour Lights Archive', mapYaml: null, dryRun: false, ...o });

describe('a generated legacy site (dry run)', () => {
  it('finds every work, prints valid import records and stores nothing', async () => {
    const site = generateLegacySite({ works: 60, wordsPerFile: 120, seed: 3 });
    const dir = join(root, 'dry');
    writeSite(site, dir);
    const records: ImportRecord[] = [];
    const report = await runLegacyImport(null, [dir], opts({ dryRun: true, onRecord: (r) => records.push(r) }));
    expect(report.found).toBe(site.expected.length);
    expect(report.failed).toBe(0);
    expect(report.skipped).toBe(site.indexPages.length);
    expect(records).toHaveLength(site.expected.length);
    for (const r of records) expect(ImportRecordSchema.safeParse(r).success).toBe(true);
    const bySource = new Map(records.map((r) => [r.source, r]));
    for (const w of site.expected) {
      const r = bySource.get(w.path);
      expect(r, w.path).toBeDefined();
      expect(r?.title, `${w.path} (${w.encoding})`).toBe(w.title);
      expect(r?.creators, w.path).toEqual([w.author]);
      expect(r?.rating, w.path).toBe(w.rating);
      expect(r?.chapters.length, w.path).toBe(w.chapters);
    }
  });
});

describe.each(await availableKinds())('legacy import into %s', (kind) => {
  let store: TestStore;
  let db: Db;
  let works: WorkService;
  const site = generateLegacySite({ works: 150, wordsPerFile: 150, seed: 11 });
  const dir = join(root, `site-${kind}`);

  beforeAll(async () => {
    store = await makeStore(kind);
    db = await store.open();
    works = createWorkService(db);
    writeSite(site, dir);
  });
  afterAll(() => store.cleanup());

  it('imports hundreds of files of mixed encodings and multi-part stories end to end', async () => {
    expect(site.files.size).toBeGreaterThan(200);
    const report = await runLegacyImport(db, [dir], opts());
    expect(report.failed).toBe(0);
    expect(report.imported).toBe(site.expected.length);
    expect(report.skipped).toBe(site.indexPages.length);
    const col = await works.collection('harbour-lights-archive');
    expect(col?.title).toBe('Harbour Lights Archive');
    const listed = await works.list(GUEST, { collectionId: col?.id ?? -1 }, { page: 1, perPage: 1000 });
    expect(listed.total).toBe(site.expected.length);
    const blurbs = await works.blurbs(listed.ids);
    const byTitle = new Map(blurbs.map((b) => [b.title, b]));
    for (const w of site.expected) {
      const b = byTitle.get(w.title);
      expect(b, w.title).toBeDefined();
      expect(b?.rating, w.title).toBe(w.rating);
      expect(b?.creators.map((c) => c.name), w.title).toEqual([w.author]);
      expect(b?.chapterCount, w.title).toBe(w.chapters);
    }
    // No mojibake survives in stored text.
    for (const b of blurbs) expect(b.summary ?? '', b.title).not.toMatch(/Ã|â€/);
  });

  it('keeps each work\'s original bytes, its old path, and private contacts out of public fields', async () => {
    const usenet = site.expected.find((w) => w.path.endsWith('.txt') && w.encoding === 'utf8');
    const id = await works.findByArchivePath(site.expected[0]?.path as string);
    expect(id).not.toBeNull();
    const p = await works.provenance(id as number);
    expect(p?.original.length).toBeGreaterThan(0);
    expect(Buffer.from(p?.original ?? []).equals(Buffer.from(site.files.get(site.expected[0]?.path as string) ?? []))).toBe(true);
    const all = await works.list(GUEST, {}, { page: 1, perPage: 1000 });
    for (const b of await works.blurbs(all.ids)) expect(b.summary ?? '').not.toMatch(/@example\.(org|net)/);
    expect(usenet).toBeDefined();
    // The old path redirects to the work.
    const { app } = await testApp(db);
    const res = await app.request(`/archive-path/${site.expected[0]?.path}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/works/${id}`);
    expect((await app.request('/archive-path/no/such/file.txt')).status).toBe(404);
  });

  it('changes nothing on a re-run, and updates the work of a changed file', async () => {
    const again = await runLegacyImport(db, [dir], opts());
    expect(again.unchanged).toBe(site.expected.length);
    expect(again.imported + again.updated + again.failed).toBe(0);
    const target = site.expected.find((w) => w.chapters === 1 && w.path.endsWith('.txt') && w.encoding === 'utf8');
    expect(target).toBeDefined();
    const path = join(dir, target?.path as string);
    writeFileSync(path, `Title: ${target?.title}\nAuthor: ${target?.author}\nRating: NC-17\n\nA rewritten opening line for the changed file.\n`);
    const id = await works.findByArchivePath(target?.path as string);
    const changed = await runLegacyImport(db, [dir], opts());
    expect(changed.updated).toBe(1);
    expect(changed.unchanged).toBe(site.expected.length - 1);
    const w = await works.get(id as number);
    expect(w?.id).toBe(id);
    expect(w?.rating).toBe('Explicit');
    expect(w?.chapters[0]?.body).toContain('A rewritten opening line');
  });

  it('imports the same site from a .zip', async () => {
    const zipped = zipSync(Object.fromEntries([...site.files].map(([rel, bytes]) => [`harbour/${rel}`, bytes])));
    const zipPath = join(root, `site-${kind}.zip`);
    writeFileSync(zipPath, zipped);
    const report = await runLegacyImport(db, [zipPath], opts({ archive: 'Harbour Zip' }));
    expect(report.failed).toBe(0);
    expect(report.imported).toBe(site.expected.length);
  });

  it('one bad file never stops the batch', async () => {
    const bad = join(root, `bad-${kind}`);
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'good.txt'), 'Title: Good One\nAuthor: Someone\nRating: G\n\nA fine little story about a kettle.\n');
    writeFileSync(join(bad, 'empty.txt'), '');
    writeFileSync(join(bad, 'binary.txt'), new Uint8Array([0, 159, 146, 150, 0, 255, 0, 1]));
    const report = await runLegacyImport(db, [bad], opts({ archive: 'Bad Batch' }));
    expect(report.imported + report.failed).toBe(3);
    expect(report.entries.find((e) => e.source.endsWith('good.txt'))?.status).toBe('imported');
  });
});

describe.each(await availableKinds())('staff tools for imported works on %s', (kind) => {
  it('an admin downloads the original; a moderator takes down and restores all of an author\'s works; others cannot', async () => {
    const store = await makeStore(kind);
    try {
      const db = await store.open();
      const dir = join(root, `staff-${kind}`);
      mkdirSync(dir, { recursive: true });
      const original = 'Title: The Kettle Song\nAuthor: Wren Hollis\nRating: PG\nEmail: wren@example.org\n\nThe kettle sang before anyone was awake.\n';
      writeFileSync(join(dir, 'kettle.txt'), original);
      writeFileSync(join(dir, 'second.txt'), 'Title: Second Kettle\nAuthor: Wren Hollis\nRating: PG\n\nAnother morning, another kettle.\n');
      await runLegacyImport(db, [dir], opts({ archive: 'Kettle Archive' }));
      const { app, services } = await testApp(db);
      const id = (await services.works.findByArchivePath('kettle.txt')) as number;
      const { Client } = await import('../http/accounts-client.js');
      const { createAdmin } = await import('../../src/accounts/account-store.js');
      await createAdmin(db.kysely, 'boss', 'boss@example.org', 'correct horse battery');
      const admin = new Client(app);
      await admin.logIn('boss');
      const work = await admin.get(`/works/${id}`);
      expect(work.body_).toContain(`href="/works/${id}/original"`);
      const file = await admin.get(`/works/${id}/original`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toContain('kettle.txt');
      expect(file.body_).toBe(original);
      const reader = new Client(app, '10.0.0.9');
      await reader.signUp('plainreader');
      expect((await reader.get(`/works/${id}/original`)).status).toBe(403);
      expect((await reader.get(`/works/${id}`)).body_).not.toContain('/original');

      await admin.get('/creators/Wren%20Hollis');
      const down = await admin.post('/creators/Wren%20Hollis/takedown', { action: 'takedown', reason: 'asked by email' });
      expect(down.status).toBe(303);
      const guest = new Client(app, '10.0.0.10');
      expect((await guest.get(`/works/${id}`)).status).toBe(404);
      expect((await guest.get('/creators/Wren%20Hollis')).body_).toContain('0 Works in Wren Hollis');
      await reader.get('/creators/Wren%20Hollis');
      expect((await reader.post('/creators/Wren%20Hollis/takedown', { action: 'restore' })).status).toBe(403);
      await admin.post('/creators/Wren%20Hollis/takedown', { action: 'restore' });
      expect((await guest.get(`/works/${id}`)).status).toBe(200);
      await services.stop();
    } finally {
      await store.cleanup();
    }
  });
});
