import { describe, expect, it } from 'vitest';
import { mapRating } from './index.js';

// The ratings table from the legacy-import issue, row by row, plus its tricky cases.
const TABLE: [string, string][] = [
  ['G', 'General Audiences'], ['PG', 'General Audiences'], ['K', 'General Audiences'], ['K+', 'General Audiences'],
  ['FR7', 'General Audiences'], ['all ages', 'General Audiences'], ['general', 'General Audiences'],
  ['PG-13', 'Teen And Up Audiences'], ['T', 'Teen And Up Audiences'], ['FR13', 'Teen And Up Audiences'], ['teen', 'Teen And Up Audiences'],
  ['R', 'Mature'], ['M', 'Mature'], ['FR15', 'Mature'], ['PG-15', 'Mature'], ['PG-16', 'Mature'], ['mature', 'Mature'],
  ['NC-17', 'Explicit'], ['NC17', 'Explicit'], ['NC 17', 'Explicit'], ['NC-18', 'Explicit'], ['X', 'Explicit'], ['XXX', 'Explicit'],
  ['MA', 'Explicit'], ['FR18', 'Explicit'], ['FR21', 'Explicit'], ['adult', 'Explicit'], ['explicit', 'Explicit'],
];

describe('mapRating: every row of the ratings table', () => {
  for (const [text, rating] of TABLE) {
    it(`${text} → ${rating}`, () => expect(mapRating(text)).toEqual({ rating, recognised: true }));
  }
});

describe('mapRating: spelling and case', () => {
  it.each([
    ['pg-13', 'Teen And Up Audiences'], ['PG13', 'Teen And Up Audiences'], ['Pg 13', 'Teen And Up Audiences'],
    ['nc-17', 'Explicit'], ['Nc17', 'Explicit'], ['r', 'Mature'], ['g', 'General Audiences'], ['k+', 'General Audiences'],
    ['FR-13', 'Teen And Up Audiences'], ['fr 18', 'Explicit'], ['[R]', 'Mature'], ['(PG-13)', 'Teen And Up Audiences'],
    ['R.', 'Mature'], ['ALL AGES', 'General Audiences'], ['Teen And Up Audiences', 'Teen And Up Audiences'],
    ['General Audiences', 'General Audiences'], ['Explicit', 'Explicit'], ['Mature', 'Mature'],
  ])('%s → %s', (text, rating) => expect(mapRating(text).rating).toBe(rating));
});

describe('mapRating: words around the grade do not change it', () => {
  it.each([
    ['R for language', 'Mature'],
    ['NC-17, for a reason', 'Explicit'],
    ["I'd call it PG-13", 'Teen And Up Audiences'],
    ['PG-13 for mature themes', 'Teen And Up Audiences'],
    ['R for adult language', 'Mature'],
    ['PG, maybe a light PG-13 for one word', 'Teen And Up Audiences'],
    ["T, don't worry", 'Teen And Up Audiences'],
    ['Rated R', 'Mature'],
    ['PG-13ish', 'Teen And Up Audiences'],
    ['R-ish', 'Mature'],
  ])('%s → %s', (text, rating) => expect(mapRating(text)).toEqual({ rating, recognised: true }));
});

describe('mapRating: the stricter of two grades wins', () => {
  it.each([
    ['K+/PG', 'General Audiences'],
    ['PG-13/R', 'Mature'],
    ['PG-13 to R', 'Mature'],
    ['R (NC-17 in later parts)', 'Explicit'],
    ['T / M', 'Mature'],
  ])('%s → %s', (text, rating) => expect(mapRating(text).rating).toBe(rating));
});

describe('mapRating: look-alikes', () => {
  it('"mature" is Mature, not MA', () => expect(mapRating('mature').rating).toBe('Mature'));
  it('"Mature Audiences" is Mature', () => expect(mapRating('Mature Audiences').rating).toBe('Mature'));
  it('"M/M" in a combined value is a category, not an M grade', () => expect(mapRating('PG, M/M').rating).toBe('General Audiences'));
  it('the t of "don\'t" is no grade', () => expect(mapRating("don't know").recognised).toBe(false));
  it('lower-case one-letter words inside a sentence are not grades', () => expect(mapRating('a story for me').recognised).toBe(false));
});

describe('mapRating: not rated', () => {
  it('nothing stated → Not Rated, not recognised', () => {
    expect(mapRating(null)).toEqual({ rating: 'Not Rated', recognised: false });
    expect(mapRating('  ')).toEqual({ rating: 'Not Rated', recognised: false });
  });
  it('nothing recognisable → Not Rated, not recognised', () => {
    expect(mapRating('see part one')).toEqual({ rating: 'Not Rated', recognised: false });
    expect(mapRating('Level 3')).toEqual({ rating: 'Not Rated', recognised: false });
  });
  it('an explicit "Not Rated" is recognised', () => {
    expect(mapRating('Not Rated')).toEqual({ rating: 'Not Rated', recognised: true });
    expect(mapRating('unrated')).toEqual({ rating: 'Not Rated', recognised: true });
  });
});

describe('mapRating: age grades (German archives, R18, film-board ages)', () => {
  it.each([
    ['P6', 'General Audiences'], ['P12', 'Teen And Up Audiences'], ['P16', 'Mature'], ['P18', 'Explicit'],
    ['FSK 16', 'Mature'], ['P18-AVL', 'Explicit'], ['R18', 'Explicit'], ['R-15', 'Mature'],
    ['U', 'General Audiences'], ['12', 'Teen And Up Audiences'], ['15', 'Mature'], ['18', 'Explicit'],
  ])('%s → %s', (text, rating) => expect(mapRating(text).rating).toBe(rating));
});
