import { describe, expect, it } from 'vitest';
import { ImportRecordSchema } from '../parse/record-schema.js';
import { htmlToText } from '../../works/word-count.js';
import { generateEfictionDump, readEfictionArchive, storyTraits, toImportRecord } from './index.js';
import { RATING_NAMES } from './generate-traits.js';

const N = 24;
const AUTHORS = Math.max(4, Math.ceil(N / 3));

const shapes = [true, false].flatMap((withCreateTable) =>
  [true, false].flatMap((unixDates) => [true, false].map((textInFiles) => ({ withCreateTable, unixDates, textInFiles }))),
);

describe.each(shapes)('generated dump: CREATE TABLE $withCreateTable, unix dates $unixDates, text in files $textInFiles', (shape) => {
  const gen = generateEfictionDump({ stories: N, prefix: 'mysite_fanfiction_', seed: 7, ...shape });
  const archive = readEfictionArchive(gen.sql, { readFile: (p) => gen.files.get(p) ?? null });

  it('reads the site and its authors (email private, website from either era)', () => {
    expect(archive.siteName).toBe('Lantern Archive');
    expect(archive.authors).toHaveLength(AUTHORS);
    expect(archive.authors[0]).toEqual({
      uid: 1,
      penname: "Quill O'Marren",
      email: 'writer1@example.org',
      website: 'https://example.org/~writer1',
      bio: 'Writes "small" stories.\nLives by the sea \\ mostly.',
      joinedAt: '2006-01-31T09:00:00.000Z',
    });
    expect(archive.authors[1]?.website).toBeNull();
  });

  it('maps every story as its traits say', () => {
    expect(archive.works.map((w) => w.sourceId)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    for (const w of archive.works) {
      const tr = storyTraits(w.sourceId, AUTHORS);
      const ctx = `story ${w.sourceId}`;
      expect(w.rating, ctx).toBe(tr.expected.rating);
      expect(w.ratingText, ctx).toBe(RATING_NAMES[tr.rid - 1]);
      expect(w.warnings, ctx).toEqual(tr.expected.warnings);
      expect(w.fandoms, ctx).toEqual(tr.expected.fandoms);
      expect(w.relationships, ctx).toEqual(tr.expected.relationships);
      expect(w.categories, ctx).toEqual(tr.expected.categories);
      expect(w.characters, ctx).toEqual(tr.expected.characters);
      expect(w.freeforms, ctx).toEqual(tr.expected.freeforms);
      expect(w.posted, ctx).toBe(tr.validated);
      expect(w.complete, ctx).toBe(tr.complete);
      const kept = tr.chapters - (tr.validated && tr.heldChapter ? 1 : 0);
      expect(w.chapters.map((c) => c.title?.replace(/:.*/, '')), ctx).toEqual(Array.from({ length: kept }, (_, i) => `Chapter ${i + 1}`));
      expect(w.expectedChapters, ctx).toBe(tr.complete ? kept : null);
      const pen = (uid: number) => archive.authors.find((a) => a.uid === uid)?.penname;
      expect(w.creators, ctx).toEqual([tr.uid, ...(tr.coauthor ? [tr.coauthor] : [])].map((uid) => ({ kind: 'legacy', name: pen(uid) })));
      expect(w.contacts, ctx).toContain(`writer${tr.uid}@example.org`);
      expect(w.publishedAt, ctx).toBe(new Date(Date.UTC(2006, 2, 1, 10) + w.sourceId * 3 * 86_400_000).toISOString());
      expect(w.sourcePath).toBe(`efiction:story/${w.sourceId}`);
      expect(htmlToText(w.chapters[0]?.body ?? ''), ctx).toMatch(new RegExp(`^"Don't," she said \\\\ softly\\. It's chapter 1 of story ${w.sourceId}\\.`));
      expect(w.chapters[0]?.body, ctx).toMatch(/^<p>/);
    }
  });

  it('keeps quotes, backslashes and newlines in strings', () => {
    const first = archive.works[0];
    expect(first?.title).toBe('Tobin\'s "Lucky" Day \\ Part One');
    expect(first?.summary).toBe('A summary with "quotes",\nnewlines and a back\\slash.');
    expect(archive.works[1]?.notes).toBe('Thanks to my beta.\nWritten for a prompt.');
  });

  it('turns nested series into flat memberships with reading order, and keeps the tree', () => {
    const series = (sid: number) => archive.works.find((w) => w.sourceId === sid)?.series;
    expect(series(1)).toEqual([
      { title: 'Lantern: Early Days', part: 1 },
      { title: 'The Lantern Cycle', part: 1 },
    ]);
    expect(series(4)).toEqual([
      { title: 'Lantern: Early Days', part: 2 },
      { title: 'The Lantern Cycle', part: 2 },
    ]);
    expect(series(7)).toEqual([{ title: 'The Lantern Cycle', part: 3 }]);
    expect(series(2)).toEqual([]);
    expect(archive.series.map((s) => [s.sourceId, s.parentSourceId, s.part, s.workSourceIds])).toEqual([
      [1, null, null, [7]],
      [2, 1, 1, [1, 4]],
    ]);
  });

  it('turns story reviews into comments and story favourites into bookmarks', () => {
    const expected = archive.works.flatMap((w) => {
      const tr = storyTraits(w.sourceId, AUTHORS);
      if (!tr.validated) return [];
      const out: { workSourceId: number; chapterPosition: number | null; reviewerUid: number | null }[] = [];
      if (w.sourceId % 2 === 0) out.push({ workSourceId: w.sourceId, chapterPosition: 1, reviewerUid: (tr.uid % AUTHORS) + 1 });
      if (w.sourceId % 3 === 0) out.push({ workSourceId: w.sourceId, chapterPosition: null, reviewerUid: null });
      return out;
    });
    expect(archive.comments.map(({ workSourceId, chapterPosition, reviewerUid }) => ({ workSourceId, chapterPosition, reviewerUid }))).toEqual(expected);
    const anon = archive.comments.find((c) => c.reviewerUid === null);
    expect(anon).toMatchObject({ reviewerName: 'Passing Reader', text: 'A lovely read.' });
    const member = archive.comments.find((c) => c.workSourceId === 4);
    expect(member).toMatchObject({ reviewerUid: 5, text: 'Loved it!<br>Can\'t wait for more of "4".' });
    expect(member?.reviewerName).toBe(archive.authors.find((a) => a.uid === 5)?.penname);
    expect(member?.date).toBe(new Date(Date.UTC(2006, 2, 1, 12) + 13 * 86_400_000).toISOString());
    expect(archive.bookmarks).toHaveLength(AUTHORS);
    expect(archive.bookmarks[0]).toEqual({ uid: 1, penname: "Quill O'Marren", workSourceId: 3, notes: 'Re-read every "winter".' });
  });

  it('links sub-fandoms to their parents and reports only what it could not place', () => {
    expect(archive.fandomParents).toEqual([{ child: 'Starfall: Academy Years', parent: 'Starfall Saga' }]);
    const held = archive.works.filter((w) => w.posted && storyTraits(w.sourceId, AUTHORS).heldChapter).map((w) => w.sourceId);
    expect(held.length).toBeGreaterThan(0);
    expect(archive.problems.filter((p) => p.sid !== null).map((p) => p.sid)).toEqual(held);
    expect(archive.problems.filter((p) => p.sid === null).map((p) => p.message)).toEqual([
      '1 reviews of series or other items were not imported (only story reviews become comments)',
      '2 favourite authors/series were not imported (only favourite stories become bookmarks)',
    ]);
  });

  it('gives a valid import record per work', () => {
    for (const w of archive.works) {
      const rec = ImportRecordSchema.parse(toImportRecord(w, 'site.sql'));
      expect(rec.source).toBe('site.sql');
      expect(rec.words).toBeGreaterThan(0);
      expect(rec.published).toBe(w.publishedAt.slice(0, 10));
    }
  });
});

describe('generateEfictionDump', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateEfictionDump({ stories: 5, withCreateTable: false, unixDates: true, textInFiles: true, seed: 3 });
    const b = generateEfictionDump({ stories: 5, withCreateTable: false, unixDates: true, textInFiles: true, seed: 3 });
    const c = generateEfictionDump({ stories: 5, withCreateTable: false, unixDates: true, textInFiles: true, seed: 4 });
    expect(a.sql).toBe(b.sql);
    expect([...a.files]).toEqual([...b.files]);
    expect(c.sql).not.toBe(a.sql);
  });

  it('writes backups without CREATE TABLE or column lists, and dumps with them', () => {
    const backup = generateEfictionDump({ stories: 3, withCreateTable: false, unixDates: false, textInFiles: false });
    expect(backup.sql).not.toMatch(/CREATE TABLE/);
    expect(backup.sql).toMatch(/^INSERT INTO fanfiction_stories VALUES\("1", /m);
    const dump = generateEfictionDump({ stories: 3, withCreateTable: true, unixDates: false, textInFiles: false });
    expect(dump.sql).toMatch(/CREATE TABLE `fanfiction_stories`/);
  });

  it('scales: a few thousand stories read in seconds', () => {
    const gen = generateEfictionDump({ stories: 3000, withCreateTable: true, unixDates: true, textInFiles: false, seed: 1 });
    const t0 = performance.now();
    const archive = readEfictionArchive(gen.sql);
    expect(archive.works).toHaveLength(3000);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
