import type { Rating } from './record-schema.js';

export interface RatingResult {
  rating: Rating;
  recognised: boolean;
}

const STRICTNESS: Record<Rating, number> = {
  'Not Rated': 0,
  'General Audiences': 1,
  'Teen And Up Audiences': 2,
  Mature: 3,
  Explicit: 4,
};

// Boundaries that treat apostrophes as part of a word, so the "t" of "don't" is no grade.
const B = String.raw`(?<![\p{L}\p{N}'’])`;
// "PG-13ish" and "R-ish" still name their grade.
const E = String.raw`(?:(?![\p{L}\p{N}'’])|(?=-?ish\b))`;

interface Grade {
  re: RegExp;
  rating: Rating;
}

/**
 * Grade codes, in any case and spelling. One-letter grades and "MA" must be capitals when
 * they stand inside a sentence ("R for language"), because lower-case they are ordinary
 * words or letters; a value that is nothing but the grade may be any case (see mapRating).
 */
const CODES: Grade[] = [
  { re: new RegExp(`${B}NC\\s*-?\\s*(?:17|18|21)${E}`, 'giu'), rating: 'Explicit' },
  { re: new RegExp(`${B}FR\\s*-?\\s*(?:18|21)${E}`, 'giu'), rating: 'Explicit' },
  { re: new RegExp(`${B}FR\\s*-?\\s*15${E}`, 'giu'), rating: 'Mature' },
  { re: new RegExp(`${B}FR\\s*-?\\s*13${E}`, 'giu'), rating: 'Teen And Up Audiences' },
  { re: new RegExp(`${B}FR\\s*-?\\s*7${E}`, 'giu'), rating: 'General Audiences' },
  { re: new RegExp(`${B}PG\\s*-?\\s*13${E}`, 'giu'), rating: 'Teen And Up Audiences' },
  // German archives grade by age: fanfiction.de "P6"…"P18", and FSK labels.
  { re: new RegExp(`${B}(?:P|FSK\\s*)(?:0|6)${E}`, 'gu'), rating: 'General Audiences' },
  { re: new RegExp(`${B}(?:P|FSK\\s*)12${E}`, 'gu'), rating: 'Teen And Up Audiences' },
  { re: new RegExp(`${B}(?:P|FSK\\s*)16${E}`, 'gu'), rating: 'Mature' },
  { re: new RegExp(`${B}(?:P|FSK\\s*)18${E}`, 'gu'), rating: 'Explicit' },
  // In-between grades (PG-14 … PG-16) sit above PG-13, so they read as Mature.
  { re: new RegExp(`${B}PG\\s*-?\\s*1[4-6]${E}`, 'giu'), rating: 'Mature' },
  { re: new RegExp(`${B}PG(?!\\s*-?\\s*\\d)${E}`, 'giu'), rating: 'General Audiences' },
  { re: new RegExp(`${B}X{1,3}${E}`, 'gu'), rating: 'Explicit' },
  { re: new RegExp(`${B}XXX${E}`, 'giu'), rating: 'Explicit' },
  { re: new RegExp(`${B}MA${E}`, 'gu'), rating: 'Explicit' },
  { re: new RegExp(`${B}K\\+(?![\\p{L}\\p{N}])`, 'gu'), rating: 'General Audiences' },
  { re: new RegExp(`${B}[GK]${E}`, 'gu'), rating: 'General Audiences' },
  { re: new RegExp(`${B}T${E}`, 'gu'), rating: 'Teen And Up Audiences' },
  { re: new RegExp(`${B}[RM]${E}`, 'gu'), rating: 'Mature' },
  { re: new RegExp(`${B}R\\s*-?\\s*1[5-7]${E}`, 'giu'), rating: 'Mature' },
  { re: new RegExp(`${B}R\\s*-?\\s*18\\+?${E}`, 'giu'), rating: 'Explicit' },
];

/** Rating words; they count only when no grade code is present ("R for adult themes" is R). */
const WORDS: Grade[] = [
  { re: /\b(?:all\s+ages|general(?:\s+audiences?)?|everyone|g-rated)\b/giu, rating: 'General Audiences' },
  { re: /\b(?:teens?(?:\s+and\s+up)?|teenagers?)\b/giu, rating: 'Teen And Up Audiences' },
  { re: /\bmature\b/giu, rating: 'Mature' },
  { re: /\b(?:adults?(?:\s+only)?|explicit)\b/giu, rating: 'Explicit' },
  { re: /(?<![\d.])(?:17|18|21)\s*\+/gu, rating: 'Explicit' },
  { re: /(?<![\d.])(?:15|16)\s*\+/gu, rating: 'Mature' },
  { re: /(?<![\d.])13\s*\+/gu, rating: 'Teen And Up Audiences' },
];

const NOT_RATED = /^\s*(?:not\s+rated|unrated|no\s+rating|none)\s*\.?\s*$/i;

// A value that is only a film-board age (BBFC "U", "12", "15", "18") is that age's grade.
const BARE_AGES: Record<string, Rating> = { U: 'General Audiences', '12': 'Teen And Up Audiences', '12A': 'Teen And Up Audiences', '15': 'Mature', '18': 'Explicit' };

/**
 * Maps a legacy rating value to the canonical rating. Words around the grade do not change it,
 * and when several grades are given ("K+/PG", "PG-13 to R") the strictest wins, because
 * under-rating a work is the harmful direction. An explicit "Not Rated" is recognised;
 * anything unreadable becomes Not Rated with recognised=false so the importer reports it.
 */
export function mapRating(text: string | null): RatingResult {
  if (text === null || text.trim() === '') return { rating: 'Not Rated', recognised: false };
  const value = text.replace(/\u00a0/g, ' ');
  if (NOT_RATED.test(value)) return { rating: 'Not Rated', recognised: true };
  const bare = value.replace(/^[\s[(.:"'“]+|[\s\]).,;:!"'”]+$/g, '');
  // A bare value is unambiguous, so its case does not matter ("r", "nc17", "ma").
  const age = BARE_AGES[bare.toUpperCase()];
  if (age) return { rating: age, recognised: true };
  const candidate = /^[a-z+\-\s\d]{1,6}$/i.test(bare) ? bare.toUpperCase() : value;
  const code = strictest(CODES, stripCategories(candidate));
  if (code) return { rating: code, recognised: true };
  const word = strictest(WORDS, value);
  if (word) return { rating: word, recognised: true };
  return { rating: 'Not Rated', recognised: false };
}

/** True when the text contains a grade code (not just a rating word); used on subject lines. */
export function containsGradeCode(text: string): boolean {
  return strictest(CODES, stripCategories(text)) !== null;
}

// "M/M" and "F/M" are categories, not an M grade.
function stripCategories(s: string): string {
  return s.replace(/\b[MF]\s*\/\s*[MF]\b/g, ' ');
}

function strictest(grades: Grade[], text: string): Rating | null {
  let best: Rating | null = null;
  for (const g of grades) {
    g.re.lastIndex = 0;
    if (g.re.test(text) && (best === null || STRICTNESS[g.rating] > STRICTNESS[best])) best = g.rating;
  }
  return best;
}

export function stricterRating(a: Rating, b: Rating): Rating {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}
