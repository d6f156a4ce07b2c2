import { knownLayout } from './known-columns.js';
import { tableRows } from './parse-dump.js';
import type { DumpTable, MysqlDump, SqlValue } from './parse-dump.js';
import { flag, idList, int, optText, plainName, str, toIso } from './values.js';

export interface EfAuthor { uid: number; penname: string; email: string | null; website: string | null; bio: string | null; joinedAt: string | null }
export interface EfStory {
  sid: number; title: string; summary: string | null; storynotes: string | null;
  catids: number[]; classIds: number[]; charIds: number[];
  /** Rating ids; some sites stored the rating name itself in `rid` ("Mature"). */
  ratingRefs: (number | string)[];
  publishedAt: string | null; updatedAt: string | null; uid: number;
  /** The stories.coauthors cell: a 0/1 flag in 3.4+, an id list in older sites. */
  coauthorsCell: SqlValue; validated: boolean; completed: boolean; hits: number;
}
export interface EfChapter { chapid: number; sid: number; uid: number; title: string | null; inorder: number; notes: string | null; storytext: string | null; endnotes: string | null; validated: boolean }
export interface EfCategory { catid: number; parent: number; name: string; order: number }
export interface EfCharacter { charid: number; catid: number; name: string }
export interface EfClass { id: number; type: number; name: string }
export interface EfClassType { id: number; name: string; title: string }
export interface EfRating { rid: number; name: string; warningFlag: boolean; warningText: string | null }
export interface EfSeries { seriesid: number; title: string; summary: string | null; uid: number; isopen: boolean }
export interface EfInSeries { seriesid: number; sid: number; subseriesid: number; confirmed: boolean; inorder: number }
export interface EfReview { reviewid: number; item: number; chapid: number; reviewer: string; uid: number; review: string; date: string | null; type: string }
export interface EfFavorite { uid: number; item: number; type: string; comments: string | null }

export interface EfTables {
  prefix: string;
  siteName: string | null;
  language: string | null;
  /** Where a files-store site kept chapter text, relative to the dump ("stories"). */
  storiesPath: string;
  authors: EfAuthor[];
  stories: EfStory[];
  chapters: EfChapter[];
  categories: EfCategory[];
  characters: EfCharacter[];
  classes: EfClass[];
  classTypes: EfClassType[];
  ratings: EfRating[];
  series: EfSeries[];
  inSeries: EfInSeries[];
  reviews: EfReview[];
  favorites: EfFavorite[];
  /** null when the dump has no coauthors table (then the stories column holds the ids). */
  coauthors: { sid: number; uid: number }[] | null;
  problems: string[];
}

/**
 * Finds the eFiction tables in a dump (whatever the site prefix, e.g. `mysite_fanfiction_`)
 * and reads them into typed rows. `prefix` forces one when a database holds several sites.
 */
export function loadEfictionTables(dump: MysqlDump, prefix?: string): EfTables {
  const problems: string[] = [];
  const byLower = new Map<string, DumpTable>();
  for (const [name, t] of dump.tables) byLower.set(name.toLowerCase(), t);
  const pfx = (prefix ?? detectPrefix(byLower, problems)).toLowerCase();

  const rows = (suffix: string): Record<string, SqlValue>[] => {
    const t = byLower.get(pfx + suffix);
    let warned = false;
    return tableRows(t, (width) => {
      const layout = knownLayout(suffix, width);
      if (layout && !layout.exact && !warned) {
        warned = true;
        problems.push(`table ${t?.name}: rows have ${width} values, no known eFiction layout has that many; read by position`);
      }
      return layout?.columns ?? null;
    });
  };

  const settings = pickSettings(byLower, pfx);
  const authorsRaw = rows('authors');
  const websites = websitesFromAuthorInfo(rows('authorfields'), rows('authorinfo'));
  const coauthorTable = byLower.get(`${pfx}coauthors`);

  return {
    prefix: pfx,
    siteName: settings ? optText(settings.sitename) : null,
    language: settings ? optText(settings.language) : null,
    storiesPath: (settings && optText(settings.storiespath)) || 'stories',
    authors: authorsRaw.map((r) => ({
      uid: int(r.uid),
      penname: plainName(r.penname),
      email: optText(r.email),
      website: optText(r.website) ?? websites.get(int(r.uid)) ?? null,
      bio: optText(r.bio),
      joinedAt: toIso(r.date),
    })),
    stories: rows('stories').map((r) => ({
      sid: int(r.sid),
      title: plainName(r.title),
      summary: optText(r.summary),
      storynotes: optText(r.storynotes),
      catids: idList(r.catid),
      classIds: idList(r.classes),
      charIds: idList(r.charid),
      ratingRefs: ratingRefs(r.rid),
      publishedAt: toIso(r.date),
      updatedAt: toIso(r.updated),
      uid: int(r.uid),
      coauthorsCell: r.coauthors ?? null,
      validated: flag(r.validated),
      completed: flag(r.completed),
      hits: int(r.count),
    })),
    chapters: rows('chapters').map((r) => ({
      chapid: int(r.chapid),
      sid: int(r.sid),
      uid: int(r.uid),
      title: optText(plainName(r.title)),
      inorder: int(r.inorder),
      notes: optText(r.notes),
      storytext: r.storytext === null || r.storytext === undefined ? null : str(r.storytext),
      endnotes: optText(r.endnotes),
      validated: flag(r.validated),
    })),
    categories: rows('categories').map((r) => ({ catid: int(r.catid), parent: int(r.parentcatid), name: plainName(r.category), order: int(r.displayorder) })),
    characters: rows('characters').map((r) => ({ charid: int(r.charid), catid: int(r.catid), name: plainName(r.charname) })),
    classes: rows('classes').map((r) => ({ id: int(r.class_id), type: int(r.class_type), name: plainName(r.class_name) })),
    classTypes: rows('classtypes').map((r) => ({ id: int(r.classtype_id), name: str(r.classtype_name).trim(), title: plainName(r.classtype_title) })),
    ratings: rows('ratings').map((r) => ({ rid: int(r.rid), name: plainName(r.rating), warningFlag: flag(r.ratingwarning), warningText: optText(r.warningtext) })),
    series: rows('series').map((r) => ({ seriesid: int(r.seriesid), title: plainName(r.title), summary: optText(r.summary), uid: int(r.uid), isopen: flag(r.isopen) })),
    inSeries: rows('inseries').map((r) => ({
      seriesid: int(r.seriesid),
      sid: int(r.sid),
      subseriesid: int(r.subseriesid),
      // Rows from before the confirmation step existed count as confirmed.
      confirmed: r.confirmed === undefined || r.confirmed === null || str(r.confirmed) === '' ? true : flag(r.confirmed),
      inorder: int(r.inorder),
    })),
    reviews: rows('reviews').map((r) => ({
      reviewid: int(r.reviewid),
      item: int(r.item),
      chapid: int(r.chapid),
      reviewer: plainName(r.reviewer),
      uid: int(r.uid),
      review: str(r.review),
      date: toIso(r.date),
      // eFiction 1.x/2.x reviews had no type: they were all story reviews.
      type: str(r.type).trim().toUpperCase() || 'ST',
    })),
    favorites: rows('favorites').map((r) => ({ uid: int(r.uid), item: int(r.item), type: str(r.type).trim().toUpperCase(), comments: optText(r.comments) })),
    coauthors: coauthorTable ? rows('coauthors').map((r) => ({ sid: int(r.sid), uid: int(r.uid) })) : null,
    problems,
  };
}

function ratingRefs(v: SqlValue | undefined): (number | string)[] {
  const s = plainName(v);
  if (s === '' || s === '0') return [];
  if (/^[\d,\s]+$/.test(s)) return idList(s);
  return [s];
}

/**
 * The prefix is whatever precedes `stories` on the table that has a matching `chapters`
 * table; `fanfiction_` names win over look-alikes from other software in the same database,
 * and the site with the most stories wins when one database holds several.
 */
function detectPrefix(tables: Map<string, DumpTable>, problems: string[]): string {
  const candidates: { prefix: string; score: number; rows: number }[] = [];
  for (const [name, t] of tables) {
    if (!name.endsWith('stories')) continue;
    const prefix = name.slice(0, -'stories'.length);
    const score = (tables.has(`${prefix}chapters`) ? 2 : 0) + (prefix.endsWith('fanfiction_') ? 1 : 0);
    candidates.push({ prefix, score, rows: t.inserts.reduce((n, b) => n + b.rows.length, 0) });
  }
  candidates.sort((a, b) => b.score - a.score || b.rows - a.rows);
  const best = candidates[0];
  if (!best) {
    problems.push('no eFiction stories table found in the dump');
    return 'fanfiction_';
  }
  const others = candidates.filter((c) => c !== best && c.score >= 2).map((c) => c.prefix);
  if (others.length > 0) problems.push(`several eFiction sites in one dump; read prefix "${best.prefix}", ignored ${others.map((o) => `"${o}"`).join(', ')}`);
  return best.prefix;
}

/** Settings may live under a different prefix than the site's tables ($settingsprefix). */
function pickSettings(tables: Map<string, DumpTable>, prefix: string): Record<string, SqlValue> | null {
  const table = tables.get(`${prefix}settings`) ?? [...tables.entries()].find(([n]) => n.endsWith('fanfiction_settings'))?.[1];
  const all = tableRows(table, (w) => knownLayout('settings', w)?.columns ?? null);
  const sitePrefix = prefix.replace(/fanfiction_$/, '');
  return all.find((r) => str(r.tableprefix) === sitePrefix) ?? all[0] ?? null;
}

/** eFiction 3.4+ keeps the author's website as a profile field, not on the authors row. */
function websitesFromAuthorInfo(fields: Record<string, SqlValue>[], info: Record<string, SqlValue>[]): Map<number, string> {
  const out = new Map<number, string>();
  const siteField = fields.find((f) => str(f.field_name).toLowerCase() === 'website');
  if (!siteField) return out;
  const fid = int(siteField.field_id);
  for (const row of info) {
    const v = optText(row.info);
    if (int(row.field) === fid && v) out.set(int(row.uid), v);
  }
  return out;
}
