/**
 * The one set of tag type keys, used by the database, facets, export and the API.
 * `freeform` is shown to readers as "Additional Tags".
 */
export const TAG_TYPES = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'] as const;
export type TagType = (typeof TAG_TYPES)[number];

export const TAG_TYPE_LABELS: Record<TagType, { one: string; many: string }> = {
  rating: { one: 'Rating', many: 'Ratings' },
  warning: { one: 'Archive Warning', many: 'Archive Warnings' },
  category: { one: 'Category', many: 'Categories' },
  fandom: { one: 'Fandom', many: 'Fandoms' },
  relationship: { one: 'Relationship', many: 'Relationships' },
  character: { one: 'Character', many: 'Characters' },
  freeform: { one: 'Additional Tag', many: 'Additional Tags' },
};

export const RATINGS = ['Not Rated', 'General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'] as const;
export type Rating = (typeof RATINGS)[number];

export const WARNINGS = [
  'Creator Chose Not To Use Archive Warnings',
  'Graphic Depictions Of Violence',
  'Major Character Death',
  'No Archive Warnings Apply',
  'Rape/Non-Con',
  'Underage Sex',
] as const;
export type Warning = (typeof WARNINGS)[number];

export const CATEGORIES = ['Gen', 'F/F', 'F/M', 'M/M', 'Multi', 'Other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The fixed, always-canonical tags every archive starts with. */
export const FIXED_TAGS: { type: TagType; name: string }[] = [
  ...RATINGS.map((name) => ({ type: 'rating' as const, name })),
  ...WARNINGS.map((name) => ({ type: 'warning' as const, name })),
  ...CATEGORIES.map((name) => ({ type: 'category' as const, name })),
];

/** AO3-style symbol keys for blurbs: which square to show for a rating/warning/category. */
export const RATING_SYMBOL: Record<Rating, { key: string; letter: string }> = {
  'Not Rated': { key: 'notrated', letter: '' },
  'General Audiences': { key: 'general', letter: 'G' },
  'Teen And Up Audiences': { key: 'teen', letter: 'T' },
  Mature: { key: 'mature', letter: 'M' },
  Explicit: { key: 'explicit', letter: 'E' },
};
