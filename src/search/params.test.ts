import { describe, expect, it } from 'vitest';
import { parseSearchParams, SearchParamError } from './params.js';
import { parseQuery, QuerySyntaxError } from './query-language.js';

const params = (s: string) => parseSearchParams(new URLSearchParams(s));
const fails = (s: string): SearchParamError => {
  try {
    params(s);
  } catch (e) {
    expect(e).toBeInstanceOf(SearchParamError);
    return e as SearchParamError;
  }
  throw new Error(`expected ${s} to fail`);
};

describe('search parameters', () => {
  it('has defaults', () => {
    expect(params('')).toMatchObject({ q: null, include: [], crossover: 'include', complete: null, sort: null, order: 'desc', page: 1, perPage: 20 });
  });

  it('takes repeated and comma-separated values', () => {
    const r = params('include=A,B&include=C&rating=General Audiences,Mature&fandom=X&fandom=Y&category=F/M');
    expect(r.include).toEqual(['A', 'B', 'C']);
    expect(r.rating).toEqual(['General Audiences', 'Mature']);
    expect(r.fandom).toEqual(['X', 'Y']);
    expect(r.category).toEqual(['F/M']);
  });

  it('parses numbers, dates, booleans, sorts', () => {
    const r = params('words_min=1000&words_max=5000&complete=true&posted_after=2024-01-31&posted_before=2024-02-01&sort=kudos&order=asc&page=3&per_page=100&crossover=only');
    expect(r).toMatchObject({ wordsMin: 1000, wordsMax: 5000, complete: true, sort: 'kudos', order: 'asc', page: 3, perPage: 100, crossover: 'only' });
    expect(r.postedFrom).toBe('2024-01-31T00:00:00.000Z');
    // "before" includes the day itself: the bound is the start of the next day.
    expect(r.postedUntil).toBe('2024-02-02T00:00:00.000Z');
  });

  it('rejects unknown parameters and bad values with a code', () => {
    expect(fails('colour=red').code).toBe('unknown_parameter');
    expect(fails('rating=PG').message).toContain('unknown rating');
    expect(fails('warning=Spiders').code).toBe('invalid_parameter');
    expect(fails('category=X/Y').code).toBe('invalid_parameter');
    expect(fails('words_min=ten').message).toMatch(/^words_min:/);
    expect(fails('words_min=10&words_max=5').message).toMatch(/words_min/);
    expect(fails('posted_after=2024-02-30').message).toMatch(/posted_after/);
    expect(fails('updated_before=yesterday').code).toBe('invalid_parameter');
    expect(fails('per_page=101').code).toBe('invalid_parameter');
    expect(fails('page=0').code).toBe('invalid_parameter');
    expect(fails('sort=random').code).toBe('invalid_parameter');
    expect(fails('order=up').code).toBe('invalid_parameter');
    expect(fails('complete=yes').code).toBe('invalid_parameter');
    expect(fails('crossover=maybe').code).toBe('invalid_parameter');
    expect(fails('language=en&language=fr').code).toBe('invalid_parameter');
    expect(fails('words_min=-1').toJSON()).toEqual({ error: { code: 'invalid_parameter', message: expect.any(String) } });
  });

  it('accepts a record of strings as a router gives them', () => {
    expect(parseSearchParams({ include: ['A', 'B,C'], sort: 'title' })).toMatchObject({ include: ['A', 'B', 'C'], sort: 'title' });
  });
});

describe('query language', () => {
  it('parses words, phrases, exclusions, OR, fields, ranges and sorts', () => {
    expect(parseQuery('dragon "Blue Sky" -angst tea OR coffee OR "hot milk" title:winter summary:"x y" creator:ada tag:fluff words>5000 kudos>=100 hits<10 comments<=3 bookmarks=2 chapters:4 sort:kudos')).toEqual({
      must: [
        [{ field: 'any', tokens: ['dragon'] }],
        [{ field: 'any', tokens: ['blue', 'sky'] }],
        [{ field: 'any', tokens: ['tea'] }, { field: 'any', tokens: ['coffee'] }, { field: 'any', tokens: ['hot', 'milk'] }],
        [{ field: 'title', tokens: ['winter'] }],
        [{ field: 'summary', tokens: ['x', 'y'] }],
        [{ field: 'creator', tokens: ['ada'] }],
        [{ field: 'tag', tokens: ['fluff'] }],
      ],
      mustNot: [{ field: 'any', tokens: ['angst'] }],
      ranges: [
        { field: 'words', min: 5001, max: null },
        { field: 'kudos', min: 100, max: null },
        { field: 'hits', min: null, max: 9 },
        { field: 'comments', min: null, max: 3 },
        { field: 'bookmarks', min: 2, max: 2 },
        { field: 'chapters', min: 4, max: 4 },
      ],
      sort: 'kudos',
    });
  });

  it('treats punctuation and unknown prefixes as text', () => {
    expect(parseQuery('hurt/comfort re:zero !!!').must).toEqual([[{ field: 'any', tokens: ['hurt', 'comfort'] }], [{ field: 'any', tokens: ['re', 'zero'] }]]);
    expect(parseQuery('-"major death"').mustNot).toEqual([{ field: 'any', tokens: ['major', 'death'] }]);
  });

  it.each([
    ['"unterminated', 0, 'unterminated quote'],
    ['dragon "open', 7, 'unterminated quote'],
    ['OR dragon', 0, 'OR needs'],
    ['dragon OR', 7, 'OR needs'],
    ['a OR OR b', 5, 'OR needs'],
    ['kudos>many', 0, 'needs a whole number'],
    ['sort:random', 0, 'unknown sort'],
    ['x -', 2, 'nothing follows'],
    ['title:', 0, 'nothing follows'],
    ['title:!!', 0, 'needs a word'],
    ['-kudos>5', 0, 'cannot be excluded'],
    ['dragon OR kudos>5', 10, 'OR can only join'],
    ['dragon OR -tea', 10, 'OR can only join'],
    ['sort:kudos sort:hits', 11, 'more than one sort'],
    ['title>5', 0, 'not a range field'],
  ])('rejects %j at character %i', (q, position, problem) => {
    let err: unknown;
    try {
      parseQuery(q);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuerySyntaxError);
    expect(err).toBeInstanceOf(SearchParamError);
    const e = err as QuerySyntaxError;
    expect(e.code).toBe('query_syntax');
    expect(e.position).toBe(position);
    expect(e.message).toContain(problem);
    expect(e.message).toContain(`character ${position + 1}`);
  });

  it('never throws anything else on arbitrary input', () => {
    const chars = ['a', 'b', ' ', '"', '-', ':', '>', '=', '<', 'OR', '1', 'title', 'sort', 'kudos', 'é', '(', ')', '\\', '*'];
    let seed = 1;
    for (let i = 0; i < 3000; i++) {
      let q = '';
      for (let j = 0; j < 12; j++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        q += chars[seed % chars.length];
      }
      try {
        parseQuery(q);
      } catch (e) {
        expect(e).toBeInstanceOf(QuerySyntaxError);
      }
    }
  });
});
