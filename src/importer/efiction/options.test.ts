import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EfictionMapSchema, generateEfictionDump, readEfictionArchive } from './index.js';
import { decodeEntities, idList, toIso } from './values.js';

const gen = generateEfictionDump({ stories: 6, withCreateTable: false, unixDates: false, textInFiles: false, seed: 2 });
const work = (a: ReturnType<typeof readEfictionArchive>, sid: number) => a.works.find((w) => w.sourceId === sid);

describe('--map overrides', () => {
  const map = EfictionMapSchema.parse(
    parseYaml(`
ratings:
  r: Explicit
  G: Sometimes
warnings:
  Language: ""
  Character Death: Major Character Death
  None: Fluff Warning
categories:
  Gen: { type: freeform, name: General Fiction }
  starfall saga: { type: fandom, name: Starfall }
  Keeper/Wren: F/F
  Harbor Lights: { type: drop }
tags:
  Humor: { name: Humour }
  Wren: { type: relationship, name: Wren (Self-Love) }
`),
  );
  const a = readEfictionArchive(gen.sql, { map });

  it('maps ratings by name, case-insensitively, and reports map values that are no rating', () => {
    expect(work(a, 3)?.rating).toBe('Explicit');
    expect(work(a, 3)?.ratingText).toBe('R');
    expect(work(a, 1)?.rating).toBe('General Audiences');
    expect(a.problems).toContainEqual({ sid: 1, message: 'map gives rating "G" the unknown value "Sometimes"' });
  });

  it('maps warning classes to AO3 warnings, to tags, or drops them', () => {
    // Story 3: Graphic Violence + Language (dropped); story 2: None → a tag, so no AO3 warning stated.
    expect(work(a, 3)?.warnings).toEqual(['Graphic Depictions Of Violence']);
    expect(work(a, 3)?.freeforms).not.toContain('Language');
    expect(work(a, 2)?.warnings).toEqual(['Creator Chose Not To Use Archive Warnings']);
    expect(work(a, 2)?.freeforms).toContain('Fluff Warning');
  });

  it('re-types and renames categories, including AO3 categories and dropped ones', () => {
    expect(work(a, 2)?.freeforms).toContain('General Fiction');
    expect(work(a, 2)?.categories).toEqual([]);
    expect(work(a, 3)?.categories).toEqual(['F/F']);
    // Keeper/Wren went to categories, so the only relationship left is the re-typed character.
    expect(work(a, 3)?.relationships).toEqual(['Wren (Self-Love)']);
    expect(work(a, 3)?.fandoms).toEqual([]);
    expect(a.problems).toContainEqual({ sid: 3, message: 'no category became a fandom' });
    expect(a.fandomParents).toEqual([{ child: 'Starfall: Academy Years', parent: 'Starfall' }]);
  });

  it('renames and re-types genre and character tags', () => {
    expect(work(a, 1)?.freeforms).toEqual(['Humour']);
    expect(work(a, 3)?.characters).toEqual(['Keeper Ilse']);
    expect(work(a, 3)?.relationships).toEqual(['Wren (Self-Love)']);
  });

  it('rejects a malformed map with a message naming the key', () => {
    const bad = EfictionMapSchema.safeParse({ categories: { Gen: { type: 'genre' } } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues[0]?.path)).toContain('Gen');
    expect(EfictionMapSchema.safeParse({ rating: { R: 'Mature' } }).success).toBe(false);
  });
});

describe('table prefix', () => {
  it('detects a site prefix and ignores look-alike tables of other software', () => {
    const g = generateEfictionDump({ stories: 2, withCreateTable: true, prefix: 'tw_fanfiction_', unixDates: true, textInFiles: false });
    expect(readEfictionArchive(g.sql).works).toHaveLength(2);
  });

  it('reads the biggest site of a shared database and reports the others; prefix picks one', () => {
    const big = generateEfictionDump({ stories: 3, withCreateTable: false, prefix: 'big_fanfiction_', unixDates: true, textInFiles: false });
    const small = generateEfictionDump({ stories: 1, withCreateTable: false, prefix: 'small_fanfiction_', unixDates: true, textInFiles: false });
    const both = big.sql + small.sql;
    const a = readEfictionArchive(both);
    expect(a.works).toHaveLength(3);
    expect(a.problems[0]?.message).toBe('several eFiction sites in one dump; read prefix "big_fanfiction_", ignored "small_fanfiction_"');
    expect(readEfictionArchive(both, { prefix: 'small_fanfiction_' }).works).toHaveLength(1);
  });

  it('reads unprefixed tables (Open Doors working copies)', () => {
    const g = generateEfictionDump({ stories: 2, withCreateTable: true, prefix: '', unixDates: false, textInFiles: false });
    expect(readEfictionArchive(g.sql).works.map((w) => w.title)).toHaveLength(2);
  });

  it('says so when there is no eFiction data at all', () => {
    const a = readEfictionArchive('CREATE TABLE wp_posts (id int);');
    expect(a.works).toEqual([]);
    expect(a.problems).toEqual([{ sid: null, message: 'no eFiction stories table found in the dump' }]);
  });
});

describe('odd rows', () => {
  const sql = [
    'INSERT INTO fanfiction_authors VALUES ("1","A&amp;B","","","","","","0","0","x");',
    'INSERT INTO fanfiction_ratings VALUES ("1","Pre-Teen","0","");',
    // Extra trailing column from a site plugin; unknown ids; no chapters; coauthor list without a coauthors table.
    'INSERT INTO fanfiction_stories VALUES ("5","T","","","9","77","88","1,42","1136073600","","1","1,3","0","1","0","0","0","0","0","0","","plugin");',
  ].join('\n');
  const a = readEfictionArchive(sql);

  it('keeps going and reports each thing it could not place', () => {
    const w = a.works[0];
    expect(w?.creators).toEqual([
      { kind: 'legacy', name: 'A&B' },
      { kind: 'legacy', name: 'Author 3' },
    ]);
    expect(w?.rating).toBe('Teen And Up Audiences');
    expect(w?.publishedAt).toBe('2006-01-01T00:00:00.000Z');
    expect(w?.problems.map((p) => p.message)).toEqual([
      'author uid 3 is not in the authors table',
      'story has no chapters',
      'category id 9 is not in the categories table',
      'character id 88 is not in the characters table',
      'class id 77 is not in the classes table',
      'rating id 42 is not in the ratings table',
      'no category became a fandom',
    ]);
    expect(a.problems[0]?.message).toBe('table fanfiction_stories: rows have 22 values, no known eFiction layout has that many; read by position');
  });
});

describe('value helpers', () => {
  it('reads unix seconds, DATETIME and zero dates', () => {
    expect(toIso('1136073600')).toBe('2006-01-01T00:00:00.000Z');
    expect(toIso(1136073600)).toBe('2006-01-01T00:00:00.000Z');
    expect(toIso('2006-01-01 13:14:15')).toBe('2006-01-01T13:14:15.000Z');
    expect(toIso('2006-01-01')).toBe('2006-01-01T00:00:00.000Z');
    expect(toIso('0000-00-00 00:00:00')).toBeNull();
    expect(toIso('0')).toBeNull();
    expect(toIso(null)).toBeNull();
    expect(toIso(1136073600000)).toBe('2006-01-01T00:00:00.000Z');
    expect(toIso('99999999999999999999')).toBeNull();
    expect(toIso('yesterday')).toBeNull();
  });

  it('reads id lists and entities', () => {
    expect(idList('3,10, 16,,0,3')).toEqual([3, 10, 16]);
    expect(idList(7)).toEqual([7]);
    expect(idList(null)).toEqual([]);
    expect(decodeEntities('Ada&#039;s &quot;Lamp&quot; &amp; &#x263A; &bogus;')).toBe('Ada\'s "Lamp" & ☺ &bogus;');
  });
});

describe('category names', () => {
  const sql = [
    'INSERT INTO fanfiction_categories VALUES ("1","-1","Other","","","0","0","1","0"),("2","-1","M/M","","","0","0","2","0"),("3","-1","Multi","","","0","0","3","0"),("4","1","Ann/Bea/Cy","","","0","1","1","0");',
    'INSERT INTO fanfiction_stories VALUES ("1","T","","","1,2,3,4","","","","","","0","","0","1","0","0","0","0","0","0","");',
  ].join('\n');
  const w = readEfictionArchive(sql).works[0];

  it('reads exact AO3 relationship categories, pairings of any size, and keeps "Other"/"Multi" as fandoms', () => {
    expect(w?.categories).toEqual(['M/M']);
    expect(w?.fandoms).toEqual(['Other', 'Multi']);
    expect(w?.relationships).toEqual(['Ann/Bea/Cy']);
  });
});

describe('reviews', () => {
  it('finds the story of a review that names only its chapter', () => {
    const sql = [
      'INSERT INTO fanfiction_stories VALUES ("3","T","","","","","","","","","0","","0","1","0","0","0","0","0","0","");',
      'INSERT INTO fanfiction_chapters VALUES ("7","One","1","","<p>x</p>","","1","1","0","0","3","0","0");',
      'INSERT INTO fanfiction_reviews VALUES ("1","0","7","Old Reader","0","Still here.","1136073600","0","0","ST");',
    ].join('\n');
    const a = readEfictionArchive(sql);
    expect(a.comments).toEqual([{ workSourceId: 3, chapterPosition: 1, reviewerName: 'Old Reader', reviewerUid: null, text: 'Still here.', date: '2006-01-01T00:00:00.000Z' }]);
    expect(a.works[0]?.stats.comments).toBe(1);
  });
});

describe('rating warning flags', () => {
  it('reports age-gated ratings that read as ungated ones', () => {
    const sql = 'INSERT INTO fanfiction_ratings VALUES ("1","Teen","1","Some swearing."),("2","Adult","1","18+ only"),("3","G","0","");';
    expect(readEfictionArchive(sql).problems).toContainEqual({
      sid: null,
      message: 'rating "Teen" was behind an age warning on the old site but reads as Teen And Up Audiences; map it if that is wrong',
    });
    expect(readEfictionArchive(sql, { map: { ratings: { teen: 'Mature' } } }).problems.map((p) => p.message).join()).not.toMatch(/Teen/);
  });
});

describe('repeated rows', () => {
  it('keeps the first copy of a story that appears twice', () => {
    const row = 'INSERT INTO fanfiction_stories VALUES ("4","First","","","","","","","","","0","","0","1","0","0","0","0","0","0","");';
    const a = readEfictionArchive(row + row.replace('First', 'Second'));
    expect(a.works.map((w) => w.title)).toEqual(['First']);
    expect(a.problems).toContainEqual({ sid: 4, message: 'story 4 appears more than once in the dump; kept the first copy' });
  });
});
