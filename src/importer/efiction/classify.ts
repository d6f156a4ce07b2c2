import { lookupMap } from '../parse/import-map.js';
import { mapRating, stricterRating } from '../parse/rating.js';
import { mapWarnings } from '../parse/warnings.js';
import { CATEGORIES, RATINGS, WARNINGS } from '../../tags/tag-types.js';
import type { Rating } from '../../tags/tag-types.js';
import type { WorkTagFields } from '../../works/model.js';
import type { EfCategory, EfStory, EfTables } from './load-tables.js';
import type { EfictionMap } from './map-schema.js';

export interface StoryTags extends WorkTagFields {
  problems: string[];
}

type TagKind = 'fandom' | 'relationship' | 'character' | 'freeform';
type Target = { type: TagKind | 'category' | 'drop'; name: string };

const NO_WARNINGS = 'No Archive Warnings Apply';
const CHOSE_NOT = 'Creator Chose Not To Use Archive Warnings';

/**
 * Turns eFiction's id-based classification (categories, characters, classes, ratings) into
 * archive tags. Built once per dump: lookups are maps, so a story costs only its own ids.
 */
export function createClassifier(t: EfTables, map: EfictionMap | undefined) {
  const cats = new Map(t.categories.map((c) => [c.catid, c]));
  const chars = new Map(t.characters.map((c) => [c.charid, c]));
  const classes = new Map(t.classes.map((c) => [c.id, c]));
  const types = new Map(t.classTypes.map((c) => [c.id, c]));
  const ratings = new Map(t.ratings.map((r) => [r.rid, r]));
  const ratingsByName = new Map(t.ratings.map((r) => [r.name.toLowerCase(), r]));
  // Thousands of stories share a handful of warning classes: each name is read once.
  const warningMemo: WarningMemo = new Map();
  const ratingMemo = new Map<string, ReturnType<typeof mapRating>>();

  const targetCache = new Map<number, Target>();
  const categoryTarget = (c: EfCategory): Target => {
    let hit = targetCache.get(c.catid);
    if (!hit) {
      hit = resolveCategory(c.name, map);
      targetCache.set(c.catid, hit);
    }
    return hit;
  };
  /** Nearest ancestor that is a fandom: the fandom a pairing category belongs to. */
  const fandomAncestor = (c: EfCategory): EfCategory | null => {
    const seen = new Set<number>([c.catid]);
    for (let p = cats.get(c.parent); p && !seen.has(p.catid); p = cats.get(p.parent)) {
      seen.add(p.catid);
      if (categoryTarget(p).type === 'fandom') return p;
    }
    return null;
  };

  const fandomParents: { child: string; parent: string }[] = [];
  const seenLinks = new Set<string>();
  for (const c of [...t.categories].sort((a, b) => a.catid - b.catid)) {
    if (categoryTarget(c).type !== 'fandom') continue;
    const p = fandomAncestor(c);
    if (!p) continue;
    const link = { child: categoryTarget(c).name, parent: categoryTarget(p).name };
    const key = `${link.child}\u0000${link.parent}`;
    if (link.child !== link.parent && !seenLinks.has(key)) {
      seenLinks.add(key);
      fandomParents.push(link);
    }
  }

  const classify = (s: EfStory): StoryTags => {
    const out: StoryTags = { rating: 'Not Rated', ratingText: null, warnings: [], warningText: null, categories: [], fandoms: [], relationships: [], characters: [], freeforms: [], problems: [] };
    const put = (tgt: Target): void => {
      if (tgt.type === 'drop' || tgt.name === '') return;
      const list = tgt.type === 'category' ? out.categories : tgt.type === 'fandom' ? out.fandoms : tgt.type === 'relationship' ? out.relationships : tgt.type === 'character' ? out.characters : out.freeforms;
      if (!list.includes(tgt.name)) list.push(tgt.name);
    };

    for (const id of s.catids) {
      const c = cats.get(id);
      if (!c) {
        out.problems.push(`category id ${id} is not in the categories table`);
        continue;
      }
      const tgt = categoryTarget(c);
      if (tgt.type !== 'fandom') {
        const p = fandomAncestor(c);
        if (p) put(categoryTarget(p));
      }
      put(tgt);
    }

    for (const id of s.charIds) {
      const c = chars.get(id);
      if (c) put(tagTarget(c.name, 'character', map));
      else out.problems.push(`character id ${id} is not in the characters table`);
    }

    const warningNames: string[] = [];
    const warnings: string[] = [];
    for (const id of s.classIds) {
      const cl = classes.get(id);
      if (!cl) {
        out.problems.push(`class id ${id} is not in the classes table`);
        continue;
      }
      const type = types.get(cl.type);
      if (type && /warn/i.test(`${type.name} ${type.title}`)) {
        warningNames.push(cl.name);
        mapWarningClass(cl.name, map, warningMemo, warnings, out.freeforms);
      } else {
        put(tagTarget(cl.name, 'freeform', map));
      }
    }
    out.warningText = warningNames.length > 0 ? warningNames.join(', ') : null;
    out.warnings = settleWarnings(warnings);

    const names: string[] = [];
    for (const ref of s.ratingRefs) {
      const r = typeof ref === 'number' ? ratings.get(ref) : (ratingsByName.get(ref.toLowerCase()) ?? { name: ref, warningFlag: false });
      if (!r) {
        out.problems.push(`rating id ${ref} is not in the ratings table`);
        continue;
      }
      names.push(r.name);
      const mapped = lookupMap(map?.ratings, r.name);
      if (mapped !== undefined && (RATINGS as readonly string[]).includes(mapped)) {
        out.rating = stricterRating(out.rating, mapped as Rating);
        continue;
      }
      if (mapped !== undefined) out.problems.push(`map gives rating "${r.name}" the unknown value "${mapped}"`);
      let read = ratingMemo.get(r.name);
      if (!read) {
        read = mapRating(r.name);
        ratingMemo.set(r.name, read);
      }
      if (!read.recognised) {
        out.problems.push(`unknown rating "${r.name}"${r.warningFlag ? ' (the site showed an age warning for it)' : ''}; left Not Rated`);
      }
      out.rating = stricterRating(out.rating, read.rating);
    }
    if (s.ratingRefs.length === 0) out.problems.push('story has no rating; left Not Rated');
    out.ratingText = names.length > 0 ? names.join(', ') : null;

    if (out.fandoms.length === 0) out.problems.push('no category became a fandom');
    return out;
  };

  // eFiction's ratingwarning flag put a rating behind an age warning; if the rating now reads
  // as one that is not behind the adult gate, the admin should decide (with --map).
  const problems: string[] = [];
  for (const r of t.ratings) {
    if (!r.warningFlag) continue;
    const mapped = lookupMap(map?.ratings, r.name);
    const rating = mapped !== undefined && (RATINGS as readonly string[]).includes(mapped) ? (mapped as Rating) : mapRating(r.name).rating;
    if (rating === 'General Audiences' || rating === 'Teen And Up Audiences') {
      problems.push(`rating "${r.name}" was behind an age warning on the old site but reads as ${rating}; map it if that is wrong`);
    }
  }

  return { classify, fandomParents, problems };
}

/**
 * AO3 categories an eFiction category name can state unambiguously. "Other" and "Multi" are
 * left out: on eFiction sites they usually mean "other fandoms" and "multi-fandom".
 */
const RELATIONSHIP_CATEGORIES = CATEGORIES.filter((c) => c !== 'Other' && c !== 'Multi');

const PAIRING = /^[^/]*\p{L}[^/]*(?:\/[^/]*\p{L}[^/]*)+$/u;

function resolveCategory(name: string, map: EfictionMap | undefined): Target {
  const mapped = lookupMap(map?.categories, name);
  if (typeof mapped === 'string') return { type: 'category', name: mapped };
  if (mapped) return { type: mapped.type, name: mapped.name ?? name };
  const ao3 = RELATIONSHIP_CATEGORIES.find((c) => c.toLowerCase() === name.toLowerCase());
  if (ao3) return { type: 'category', name: ao3 };
  // "Mira/Tobin", "Bill/Bob/Other Male": a pairing filed as a category.
  if (PAIRING.test(name)) return { type: 'relationship', name };
  return { type: 'fandom', name };
}

function tagTarget(name: string, type: TagKind, map: EfictionMap | undefined): Target {
  const mapped = lookupMap(map?.tags, name);
  return { type: mapped?.type ?? type, name: mapped?.name ?? name };
}

/** One warning class: the map first, then the same rules as header "Warnings:" lines. */
function mapWarningClass(name: string, map: EfictionMap | undefined, memo: WarningMemo, warnings: string[], freeforms: string[]): void {
  let hit = memo.get(name);
  if (!hit) {
    hit = { warnings: [], freeforms: [] };
    readWarningClass(name, map, hit.warnings, hit.freeforms);
    memo.set(name, hit);
  }
  for (const w of hit.warnings) if (!warnings.includes(w)) warnings.push(w);
  for (const f of hit.freeforms) if (!freeforms.includes(f)) freeforms.push(f);
}

type WarningMemo = Map<string, { warnings: string[]; freeforms: string[] }>;

function readWarningClass(name: string, map: EfictionMap | undefined, warnings: string[], freeforms: string[]): void {
  const mapped = lookupMap(map?.warnings, name);
  if (mapped !== undefined) {
    if (mapped === '') return;
    const list = (WARNINGS as readonly string[]).includes(mapped) ? warnings : freeforms;
    if (!list.includes(mapped)) list.push(mapped);
    return;
  }
  const read = mapWarnings(name);
  for (const w of read.warnings) if (w !== CHOSE_NOT && !warnings.includes(w)) warnings.push(w);
  for (const tag of read.extraTags) if (!freeforms.includes(tag)) freeforms.push(tag);
}

/** A real warning beats "none"; no warning class at all means the creator did not warn. */
function settleWarnings(found: string[]): string[] {
  const real = found.filter((w) => w !== NO_WARNINGS && w !== CHOSE_NOT);
  if (real.length > 0) return real;
  if (found.includes(NO_WARNINGS)) return [NO_WARNINGS];
  return [CHOSE_NOT];
}
