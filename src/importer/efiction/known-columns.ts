/**
 * Column orders of eFiction 3.x tables, for dumps that carry neither CREATE TABLE nor column
 * lists (eFiction's own admin backup writes `INSERT INTO t VALUES(...)` only). Versions differ,
 * so each table lists the layouts seen in the wild and the one whose width matches the row
 * wins. Sources: eFiction 3.5 install/install.php and the 3.0-era layouts preserved by the
 * Open Doors eFiction tooling.
 */
const LAYOUTS: Record<string, string[][]> = {
  authors: [
    // 3.0–3.3: website still on the authors row.
    ['uid', 'penname', 'realname', 'email', 'website', 'bio', 'image', 'date', 'admincreated', 'password'],
    // 3.4+: website moved to authorinfo.
    ['uid', 'penname', 'realname', 'email', 'bio', 'image', 'date', 'admincreated', 'password'],
  ],
  authorfields: [['field_id', 'field_type', 'field_name', 'field_title', 'field_options', 'field_code_in', 'field_code_out', 'field_on']],
  authorinfo: [['uid', 'field', 'info']],
  stories: [
    // With the challenges module installed.
    ['sid', 'title', 'summary', 'storynotes', 'catid', 'classes', 'charid', 'rid', 'date', 'updated', 'uid', 'coauthors', 'featured', 'validated', 'completed', 'rr', 'wordcount', 'rating', 'reviews', 'count', 'challenges'],
    ['sid', 'title', 'summary', 'storynotes', 'catid', 'classes', 'charid', 'rid', 'date', 'updated', 'uid', 'coauthors', 'featured', 'validated', 'completed', 'rr', 'wordcount', 'rating', 'reviews', 'count'],
  ],
  chapters: [['chapid', 'title', 'inorder', 'notes', 'storytext', 'endnotes', 'validated', 'wordcount', 'rating', 'reviews', 'sid', 'uid', 'count']],
  categories: [['catid', 'parentcatid', 'category', 'description', 'image', 'locked', 'leveldown', 'displayorder', 'numitems']],
  characters: [['charid', 'catid', 'charname', 'bio', 'image']],
  classes: [['class_id', 'class_type', 'class_name']],
  classtypes: [['classtype_id', 'classtype_name', 'classtype_title']],
  coauthors: [['sid', 'uid']],
  ratings: [['rid', 'rating', 'ratingwarning', 'warningtext']],
  series: [
    // 3.0-era layout with denormalised warning/genre names.
    ['seriesid', 'title', 'summary', 'uid', 'isopen', 'catid', 'classes', 'rating', 'warnings', 'genres', 'characters', 'reviews', 'challenges', 'numstories'],
    ['seriesid', 'title', 'summary', 'uid', 'isopen', 'catid', 'rating', 'classes', 'characters', 'reviews', 'numstories', 'challenges'],
  ],
  inseries: [['seriesid', 'sid', 'subseriesid', 'confirmed', 'inorder']],
  reviews: [['reviewid', 'item', 'chapid', 'reviewer', 'uid', 'review', 'date', 'rating', 'respond', 'type']],
  favorites: [['uid', 'item', 'type', 'comments']],
};

/**
 * Settings rows grew a column almost every release, but the leading columns never moved, so
 * this is matched as a prefix rather than by width.
 */
const SETTINGS_PREFIX = ['sitekey', 'sitename', 'slogan', 'url', 'siteemail', 'tableprefix', 'skin', 'hiddenskins', 'language', 'submissionsoff', 'storiespath', 'store'];

export interface LayoutChoice {
  columns: string[];
  /** False when no known layout has this width and the closest one was used positionally. */
  exact: boolean;
}

/** The known column order for a table (by eFiction suffix, e.g. "stories") and row width. */
export function knownLayout(suffix: string, width: number): LayoutChoice | null {
  if (suffix === 'settings') return { columns: SETTINGS_PREFIX, exact: width >= SETTINGS_PREFIX.length };
  const layouts = LAYOUTS[suffix];
  if (!layouts) return null;
  const exact = layouts.find((l) => l.length === width);
  if (exact) return { columns: exact, exact: true };
  // Unknown width: the widest layout not wider than the row keeps the most columns in place.
  const fits = layouts.filter((l) => l.length <= width).sort((a, b) => b.length - a.length)[0];
  return { columns: fits ?? (layouts[0] as string[]), exact: false };
}

export const EFICTION_TABLES = [...Object.keys(LAYOUTS), 'settings'];

/** The layouts of one table, oldest first (used by the dump generator to write either era). */
export function layoutsOf(suffix: string): string[][] {
  return suffix === 'settings' ? [SETTINGS_PREFIX] : (LAYOUTS[suffix] ?? []);
}
