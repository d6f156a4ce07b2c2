import type { SqlValue } from './parse-dump.js';

type Row = Record<string, SqlValue>;

/**
 * The generated site's fixed classification tables and the per-story pattern, kept apart
 * from the SQL writing so tests can state what each story should become.
 */
export function categoryRows(): Row[] {
  return [
    { catid: 1, parentcatid: -1, category: 'Starfall Saga', description: 'A made-up saga.', image: '', locked: '0', leveldown: 0, displayorder: 1, numitems: 0 },
    { catid: 2, parentcatid: 1, category: 'Starfall: Academy Years', description: '', image: '', locked: '0', leveldown: 1, displayorder: 1, numitems: 0 },
    { catid: 3, parentcatid: 2, category: 'Mira/Tobin', description: 'Pairing.', image: '', locked: '0', leveldown: 2, displayorder: 1, numitems: 0 },
    { catid: 4, parentcatid: -1, category: 'Harbor Lights', description: '', image: '', locked: '0', leveldown: 0, displayorder: 2, numitems: 0 },
    { catid: 5, parentcatid: 4, category: 'Keeper/Wren', description: '', image: '', locked: '0', leveldown: 1, displayorder: 1, numitems: 0 },
    { catid: 6, parentcatid: -1, category: 'Gen', description: 'No romance.', image: '', locked: '0', leveldown: 0, displayorder: 3, numitems: 0 },
  ];
}

export function characterRows(): Row[] {
  return [
    { charid: 1, catid: 1, charname: 'Mira Solenne', bio: '', image: '' },
    { charid: 2, catid: 1, charname: 'Tobin Ashgrove', bio: '', image: '' },
    { charid: 3, catid: 4, charname: 'Keeper Ilse', bio: '', image: '' },
    { charid: 4, catid: 4, charname: 'Wren', bio: '', image: '' },
    { charid: 5, catid: 2, charname: 'Professor Dalca', bio: '', image: '' },
  ];
}

export function classTypeRows(): Row[] {
  return [
    { classtype_id: 1, classtype_name: 'genres', classtype_title: 'Genres' },
    { classtype_id: 2, classtype_name: 'warnings', classtype_title: 'Warnings' },
  ];
}

export const GENRES = ['Adventure', 'Humor', 'Angst', 'Hurt/Comfort'];
export const WARNING_CLASSES = ['Character Death', 'Non-Con', 'Graphic Violence', 'Underage', 'None', 'Language'];

export function classRows(): Row[] {
  return [
    ...GENRES.map((name, i) => ({ class_id: i + 1, class_type: 1, class_name: name })),
    ...WARNING_CLASSES.map((name, i) => ({ class_id: i + 5, class_type: 2, class_name: name })),
  ];
}

export const RATING_NAMES = ['G', 'PG-13', 'R', 'NC-17'];

export function ratingRows(): Row[] {
  return [
    { rid: 1, rating: 'G', ratingwarning: '0', warningtext: '' },
    { rid: 2, rating: 'PG-13', ratingwarning: '0', warningtext: '' },
    { rid: 3, rating: 'R', ratingwarning: '1', warningtext: 'Mature themes: readers should be 17 or older.' },
    { rid: 4, rating: 'NC-17', ratingwarning: '1', warningtext: 'Adults only. Are you 18?' },
  ];
}

export interface StoryTraits {
  uid: number;
  coauthor: number | null;
  chapters: number;
  /** The last chapter awaits validation although the story is posted. */
  heldChapter: boolean;
  validated: boolean;
  complete: boolean;
  rid: number;
  catids: number[];
  charIds: number[];
  classIds: number[];
  expected: {
    rating: string;
    warnings: string[];
    fandoms: string[];
    relationships: string[];
    categories: string[];
    characters: string[];
    freeforms: string[];
  };
}

/** What story `sid` is, as a pure function of its id. */
export function storyTraits(sid: number, authorCount: number): StoryTraits {
  const uid = ((sid - 1) % authorCount) + 1;
  const chapters = 1 + (sid % 3);
  const shape = sid % 3;
  const catids = shape === 1 ? [3] : shape === 2 ? [2, 6] : [4, 5];
  const charIds = shape === 1 ? [1, 2] : shape === 2 ? [5] : [3, 4];
  const genre = (sid % 4) + 1;
  const warn = sid % 5;
  const warningIds = warn === 0 ? [] : warn === 1 ? [5] : warn === 2 ? [9] : warn === 3 ? [7, 10] : [6];
  const rid = ((sid - 1) % 4) + 1;
  return {
    uid,
    coauthor: sid % 5 === 1 ? (uid % authorCount) + 1 : null,
    chapters,
    heldChapter: sid % 11 === 4 && chapters > 1,
    validated: sid % 7 !== 2,
    complete: sid % 3 !== 0,
    rid,
    catids,
    charIds,
    classIds: [genre, ...warningIds],
    expected: {
      rating: ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'][rid - 1] as string,
      warnings:
        warn === 0 ? ['Creator Chose Not To Use Archive Warnings']
        : warn === 1 ? ['Major Character Death']
        : warn === 2 ? ['No Archive Warnings Apply']
        : warn === 3 ? ['Graphic Depictions Of Violence']
        : ['Rape/Non-Con'],
      fandoms: shape === 1 ? ['Starfall: Academy Years'] : shape === 2 ? ['Starfall: Academy Years'] : ['Harbor Lights'],
      relationships: shape === 1 ? ['Mira/Tobin'] : shape === 2 ? [] : ['Keeper/Wren'],
      categories: shape === 2 ? ['Gen'] : [],
      characters: shape === 1 ? ['Mira Solenne', 'Tobin Ashgrove'] : shape === 2 ? ['Professor Dalca'] : ['Keeper Ilse', 'Wren'],
      freeforms: [GENRES[genre - 1] as string, ...(warn === 3 ? ['Language'] : [])],
    },
  };
}
