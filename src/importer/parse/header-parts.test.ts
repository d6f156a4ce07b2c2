import { describe, expect, it } from 'vitest';
import { parseDate } from './dates.js';
import { parseLabelLine } from './label-line.js';
import { parseTitle } from './title.js';
import { parseImportMap } from './index.js';
import { detectLanguage, languageTag } from './language.js';

const line = (t: string, allowNoSeparator = true) =>
  parseLabelLine(t, 1, { allowNoSeparator })?.map((f) => [f.kinds.join('+'), f.value]) ?? null;

describe('label lines: separators and spellings', () => {
  it.each([
    ['Title: Salt', [['title', 'Salt']]],
    ['Title : Salt', [['title', 'Salt']]],
    ['Title- Salt', [['title', 'Salt']]],
    ['Title - Salt', [['title', 'Salt']]],
    ['Title. Salt', [['title', 'Salt']]],
    ['TITLE\u00a0:\u00a0Salt'.replace(/\u00a0/g, ' '), [['title', 'Salt']]],
    ['**Title:** Salt', [['title', 'Salt']]],
    ['Written by: Ann', [['author', 'Ann']]],
    ['Rated: R', [['rating', 'R']]],
    ['Rated R for language', [['rating', 'R for language']]],
    ['Code: PG', [['rating', 'PG']]],
    ['Couple: A/B', [['pairing', 'A/B']]],
    ['Ship: A/B', [['pairing', 'A/B']]],
    ['Classification: V, A', [['tags', 'V, A']]],
    ['Keywords: angst', [['tags', 'angst']]],
    ['About: a thing', [['summary', 'a thing']]],
    ["Author's Notes: hi", [['notes', 'hi']]],
    ['A/N: hi', [['notes', 'hi']]],
    ['Dedication: for Pat', [['dedication', 'for Pat']]],
    ['Beta: Jo', [['beta', 'Jo']]],
    ['Thanks: Jo', [['thanks', 'Jo']]],
    ['Email: a@b.c', [['contact', 'a@b.c']]],
    ['Distribution: ask first', [['archive', 'ask first']]],
    ['Challenge: winter', [['challenge', 'winter']]],
    ['Word count: 1,000', [['wordcount', '1,000']]],
    ['Length: 3 parts', [['wordcount', '3 parts']]],
    ['Parts: 1/3', [['parts', '1/3']]],
    ['Status: WIP', [['status', 'WIP']]],
    ['Date: 2001-02-03', [['date', '2001-02-03']]],
    ['Timeframe: after the war', [['timeframe', 'after the war']]],
    ['Spoilers through the last season', [['spoilers', 'through the last season']]],
    ['Pairing(s): A/B, C/D', [['pairing', 'A/B, C/D']]],
    ['Rating | PG', [['rating', 'PG']]],
    ['Rating: PG-13 | Warnings: none | Pairing: A/B', [['rating', 'PG-13'], ['warnings', 'none'], ['pairing', 'A/B']]],
    ['Genre(s): Angst Character(s): A, B', [['tags', 'Angst'], ['characters', 'A, B']]],
    ['Titel: Der Fluss', [['title', 'Der Fluss']]],
    ['Autorin: Jule', [['author', 'Jule']]],
    ['Zusammenfassung: Ein Tag.', [['summary', 'Ein Tag.']]],
    ['Résumé : Une journée.', [['summary', 'Une journée.']]],
    ['Personajes: Ana, Luis', [['characters', 'Ana, Luis']]],
  ])('%s', (text, want) => expect(line(text)).toEqual(want));

  it('reads combined labels as several kinds', () => {
    expect(line('Rating and Warnings: R, violence')).toEqual([['rating+warnings', 'R, violence']]);
    expect(line('Characters/Pairings: A, B, A/B')).toEqual([['characters+pairing', 'A, B, A/B']]);
    expect(line('Contact/Feedback: a@b.c')).toEqual([['contact+feedback', 'a@b.c']]);
  });

  it('splits several fields on one line, only at capitalised labels with a colon', () => {
    expect(line('Rating: PG  Pairing: A/B Spoilers: none')).toEqual([['rating', 'PG'], ['pairing', 'A/B'], ['spoilers', 'none']]);
    expect(line('Summary: She had one rule: never look back, and the author: unknown')).toEqual([
      ['summary', 'She had one rule: never look back, and the author: unknown'],
    ]);
  });

  it('does not read prose as labels', () => {
    for (const t of ['By the river she waited.', 'For ever and ever.', 'It was a dark night.', 'Notes of a song drifted up.']) {
      expect(line(t, false)).toBeNull();
    }
  });
});

describe('FanFiction.net info line', () => {
  it('reads its positional parts', () => {
    expect(line('Rated: Fiction T - English - Romance/Drama - [Ada, Tom] Jo - Chapters: 3 - Words: 1,234 - Reviews: 5 - Published: 3/4/2008 - Status: Complete - id: 42')).toEqual([
      ['rating', 'Fiction T'], ['language', 'English'], ['tags', 'Romance, Drama'], ['pairing', 'Ada/Tom'], ['characters', 'Ada, Tom, Jo'],
      ['ignore', '3'], ['wordcount', '1,234'], ['ignore', '5'], ['date', '3/4/2008'], ['status', 'Complete'], ['ignore', '42'],
    ]);
  });
});

describe('titles', () => {
  it.each([
    ['Harvest Moon (2/5)', 'Harvest Moon', { number: 2, of: 5 }],
    ['Harvest Moon (7/?)', 'Harvest Moon', { number: 7, of: null }],
    ['Harvest Moon, Part 3', 'Harvest Moon', { number: 3, of: null }],
    ['Harvest Moon - Part Three of Five', 'Harvest Moon', { number: 3, of: 5 }],
    ['Harvest Moon 1/2', 'Harvest Moon', { number: 1, of: 2 }],
    ['Part of Me', 'Part of Me', null],
    ['Catch-22', 'Catch-22', null],
  ])('%s', (raw, title, part) => {
    const t = parseTitle(raw);
    expect(t.title).toBe(title);
    expect(t.part).toEqual(part);
  });

  it('moves companion/sequel notes and bracketed grades out of the title', () => {
    expect(parseTitle('"Tidewrack" (A companion to "Saltwater Letters")')).toMatchObject({
      title: 'Tidewrack', related: [{ relation: 'companion', title: 'Saltwater Letters' }],
    });
    expect(parseTitle('Winter Roads (Sequel to The Lantern) [PG-13]')).toMatchObject({
      title: 'Winter Roads', related: [{ relation: 'sequel', title: 'The Lantern' }], gradeText: 'PG-13',
    });
    expect(parseTitle('Low Tide (WIP)')).toMatchObject({ title: 'Low Tide', complete: false });
    expect(parseTitle('Low Tide [Complete]')).toMatchObject({ title: 'Low Tide', complete: true });
    expect(parseTitle('Road North, Chapter 3: The Bridge')).toMatchObject({ title: 'Road North', chapterTitle: 'The Bridge', part: { number: 3, of: null } });
  });
});

describe('dates', () => {
  it.each([
    ['2003-04-05', '2003-04-05'], ['April 5, 2003', '2003-04-05'], ['5th April 2003', '2003-04-05'],
    ['Sat, 05 Apr 1997 21:14:09 -0500', '1997-04-05'], ['04/05/2003', '2003-04-05'], ['25/12/2003', '2003-12-25'],
    ['05.04.2003', '2003-04-05'], ['08/14/07', '2007-08-14'], ['Tue Mar 07, 2006 9:12 pm', '2006-03-07'],
    ['September 14th, 2006 at 8:02 pm', '2006-09-14'],
  ])('%s → %s', (text, want) => expect(parseDate(text)).toBe(want));
  it('does not invent a day', () => {
    expect(parseDate('Spring 2003')).toBeNull();
    expect(parseDate('March 2003')).toBeNull();
    expect(parseDate('31/02/2003')).toBeNull();
  });
});

describe('parseImportMap', () => {
  it('reads a map file', () => {
    expect(parseImportMap('ratings:\n  Level 3: Mature\ntags:\n  a/b: { type: relationship }\n')).toEqual({
      ratings: { 'Level 3': 'Mature' }, tags: { 'a/b': { type: 'relationship' } },
    });
    expect(parseImportMap('')).toEqual({});
  });
  it('rejects unknown sections and tag types', () => {
    expect(() => parseImportMap('rating:\n  x: y\n')).toThrow();
    expect(() => parseImportMap('tags:\n  x: { type: ship }\n')).toThrow();
  });
});

describe('language', () => {
  it('maps stated languages to BCP 47', () => {
    expect(languageTag('English')).toBe('en');
    expect(languageTag('Deutsch')).toBe('de');
    expect(languageTag('pt-br')).toBe('pt-BR');
    expect(languageTag('Klingon')).toBeNull();
  });
  it('detects the language of a long enough story, or says nothing', () => {
    const en = 'She walked along the harbour wall and the gulls followed her. It was late, and he had gone home with the nets. '.repeat(3);
    const fr = "Elle marchait le long du quai et les mouettes la suivaient. Il ne disait rien, mais elle savait qu'il était là. ".repeat(3);
    expect(detectLanguage(en)).toBe('en');
    expect(detectLanguage(fr)).toBe('fr');
    expect(detectLanguage('Too short to tell.')).toBeNull();
  });
});
