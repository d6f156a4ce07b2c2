import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEfictionArchive } from './index.js';

const sql = readFileSync(new URL('../../../test/fixtures/efiction/mysqldump-35.sql', import.meta.url), 'utf8');

describe('hand-written mysqldump of an eFiction 3.5 site', () => {
  const a = readEfictionArchive(sql);
  const work = (sid: number) => a.works.find((w) => w.sourceId === sid);

  it('uses the INSERT column list over the CREATE TABLE order', () => {
    expect(a.authors.map((x) => [x.uid, x.penname, x.email])).toEqual([
      [1, 'North Wind', 'north@example.com'],
      [2, 'Second Mate', 'mate@example.com'],
      [3, 'Third Hand', 'hand@example.com'],
    ]);
    expect(a.authors[0]?.joinedAt).toBe('2009-01-01T00:00:00.000Z');
  });

  it('reads unix dates, coauthors from their table, and a rating stored by name', () => {
    expect(work(1)?.publishedAt).toBe(new Date(1230800000 * 1000).toISOString());
    expect(work(1)?.creators.map((c) => (c.kind === 'legacy' ? c.name : ''))).toEqual(['North Wind', 'Third Hand']);
    expect(work(1)?.rating).toBe('Mature');
    expect(work(1)?.ratingText).toBe('Mature');
    expect(work(2)?.rating).toBe('General Audiences');
    expect(work(2)?.creators).toHaveLength(1);
  });

  it('expands a sub-series inside its parent and leaves unconfirmed entries out', () => {
    expect(work(3)?.series).toEqual([{ title: 'Tides', part: 1 }]);
    expect(work(2)?.series).toEqual([
      { title: 'Daily Tides', part: 1 },
      { title: 'Tides', part: 2 },
    ]);
    expect(work(1)?.series).toEqual([
      { title: 'Daily Tides', part: 2 },
      { title: 'Tides', part: 3 },
    ]);
    expect(a.series.find((s) => s.sourceId === 2)).toMatchObject({ parentSourceId: 1, part: 2, workSourceIds: [2, 1] });
    expect(a.problems.map((p) => p.message)).toContain('series 3: entry for story 3 was never confirmed by the series owner; left out');
  });
});
