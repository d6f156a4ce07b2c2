import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { availableKinds, makeStore } from '../support/databases.js';
import { generateEfictionDump, storyTraits } from '../../src/importer/efiction/index.js';
import { runLegacyImport } from '../../src/importer/run-import.js';
import { createWorkService } from '../../src/works/index.js';
import { GUEST } from '../../src/accounts/viewer.js';
import type { Viewer } from '../../src/accounts/viewer.js';

const root = mkdtempSync(join(tmpdir(), 'fanfold-efiction-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const STAFF: Viewer = { userId: 1, roles: ['admin'], pseudIds: [] };
const STORIES = 12;

const shapes = [
  { name: 'mysqldump with CREATE TABLE, DATETIME dates, text in the table', withCreateTable: true, unixDates: false, textInFiles: false },
  { name: "eFiction's own backup without CREATE TABLE, unix dates, text in files", withCreateTable: false, unixDates: true, textInFiles: true },
];

describe.each(await availableKinds())('eFiction import into %s', (kind) => {
  it.each(shapes)('$name', async (shape) => {
    const store = await makeStore(kind);
    try {
      const db = await store.open();
      const works = createWorkService(db);
      const dump = generateEfictionDump({ stories: STORIES, prefix: 'oldsite_fanfiction_', seed: 5, ...shape });
      const dir = join(root, `${kind}-${shape.withCreateTable ? 'a' : 'b'}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'backup.sql'), dump.sql);
      for (const [rel, text] of dump.files) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), text);
      }
      const report = await runLegacyImport(db, [dir], { archive: 'Old eFiction Site', mapYaml: null, dryRun: false });
      expect(report.failed).toBe(0);
      expect(report.imported).toBe(STORIES);

      const all = await works.list(STAFF, {}, { page: 1, perPage: 100 });
      // Unvalidated stories stay unpublished drafts: staff can open them, nobody lists them.
      const unvalidated = Array.from({ length: STORIES }, (_, i) => i + 1).filter((sid) => !storyTraits(sid, 4).validated);
      expect(unvalidated.length).toBeGreaterThan(0);
      expect(all.total).toBe(STORIES - unvalidated.length);
      expect((await works.list(GUEST, {}, { page: 1, perPage: 100 })).total).toBe(STORIES - unvalidated.length);

      let comments = 0;
      let bookmarks = 0;
      for (let sid = 1; sid <= STORIES; sid++) {
        const id = await works.findByArchivePath(`viewstory.php?sid=${sid}`);
        expect(id, `story ${sid}`).not.toBeNull();
        const w = await works.get(id as number);
        const t = storyTraits(sid, Math.max(4, Math.ceil(STORIES / 3)));
        expect(w?.rating, `story ${sid}`).toBe(t.expected.rating);
        expect(w?.warnings, `story ${sid}`).toEqual(t.expected.warnings);
        expect(w?.posted, `story ${sid}`).toBe(t.validated);
        expect(w?.chapters.length, `story ${sid}`).toBe(t.heldChapter ? t.chapters - 1 : t.chapters);
        expect(w?.creators.length, `story ${sid}`).toBe(t.coauthor ? 2 : 1);
        for (const c of w?.chapters ?? []) expect(c.words).toBeGreaterThan(0);
        comments += w?.stats.comments ?? 0;
        bookmarks += w?.stats.bookmarks ?? 0;
      }
      expect(comments).toBeGreaterThan(0);
      expect(bookmarks).toBeGreaterThan(0);

      // Series, nested through inseries: story 1 is part of "Lantern: Early Days".
      const first = await works.get((await works.findByArchivePath('viewstory.php?sid=1')) as number);
      expect(first?.series.map((s) => s.title)).toContain('Lantern: Early Days');
      // Authors are legacy authors with their private email kept for claims, never shown.
      expect(await works.findLegacyAuthor("Quill O'Marren")).toBeDefined();
      const contacts = await db.kysely.selectFrom('legacy_author_contacts').select('contact').execute();
      expect(contacts.map((c) => c.contact)).toContain('writer1@example.org');

      // Re-running changes nothing and adds no second copy of any comment.
      const again = await runLegacyImport(db, [dir], { archive: 'Old eFiction Site', mapYaml: null, dryRun: false });
      expect(again.unchanged).toBe(STORIES);
      const count = await db.kysely.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(comments);
    } finally {
      await store.cleanup();
    }
  });
});
