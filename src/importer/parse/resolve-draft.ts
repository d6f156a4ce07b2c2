import { lookupMap } from './import-map.js';
import { pushUnique, type Draft } from './draft.js';
import { mapRating, stricterRating } from './rating.js';
import { ARCHIVE_WARNINGS, RATINGS, type ArchiveWarning, type ImportRecord, type Rating } from './record-schema.js';
import { mapWarnings, resolveWarnings, splitWarnings } from './warnings.js';

/** Resolves the draft's rating, warnings and map overrides into import-record fields. */
export function resolveRating(d: Draft): Pick<ImportRecord, 'rating' | 'ratingText'> {
  if (d.ratingTexts.length > 0) {
    let rating: Rating = 'Not Rated';
    let anyRecognised = false;
    for (const r of d.ratingTexts) {
      const res = mapOneRating(d, r.only ?? r.text);
      if (res.recognised) {
        anyRecognised = true;
        rating = stricterRating(rating, res.rating);
      } else {
        d.problems.push({ line: r.line, field: r.field, message: `rating "${r.text}" not recognised; Not Rated` });
      }
    }
    if (!anyRecognised) rating = 'Not Rated';
    return { rating, ratingText: d.ratingTexts.map((r) => r.text).join('\n') };
  }
  if (d.subjectGrade) {
    const res = mapOneRating(d, d.subjectGrade.text);
    if (res.recognised) return { rating: res.rating, ratingText: d.subjectGrade.text };
  }
  d.problems.push({ line: null, field: 'rating', message: 'no rating stated; Not Rated' });
  return { rating: 'Not Rated', ratingText: null };
}

function mapOneRating(d: Draft, text: string): { rating: Rating; recognised: boolean } {
  const mapped = lookupMap(d.map?.ratings, text);
  if (mapped !== undefined) {
    const canonical = RATINGS.find((r) => r.toLowerCase() === mapped.trim().toLowerCase());
    return canonical ? { rating: canonical, recognised: true } : mapRating(mapped);
  }
  return mapRating(text);
}

export function resolveWarningsField(d: Draft): Pick<ImportRecord, 'warnings' | 'warningText'> {
  const found: ArchiveWarning[] = [];
  for (const w of d.warningTexts) {
    for (const piece of splitWarnings(w.only ?? w.text)) {
      const mapped = lookupMap(d.map?.warnings, piece);
      if (mapped !== undefined) {
        const canonical = ARCHIVE_WARNINGS.find((a) => a.toLowerCase() === mapped.trim().toLowerCase());
        if (canonical) found.push(canonical);
        else pushUnique(d.tags, mapped);
        continue;
      }
      const res = mapWarnings(piece);
      // mapWarnings answers "chose not to warn" for a piece it could not map; only real hits count.
      if (res.extraTags.length === 0) found.push(...res.warnings);
      pushUnique(d.tags, ...res.extraTags);
    }
  }
  return {
    warnings: resolveWarnings(found),
    warningText: d.warningTexts.length > 0 ? d.warningTexts.map((w) => w.text).join('\n') : null,
  };
}

/** `--map` tag entries move a value to another tag type and/or rename it. */
export function applyTagMap(d: Draft): void {
  const table = d.map?.tags;
  if (!table) return;
  const lists = { fandom: d.fandoms, relationship: d.relationships, character: d.characters, freeform: d.tags } as const;
  for (const [type, list] of Object.entries(lists) as [keyof typeof lists, string[]][]) {
    for (const value of [...list]) {
      const target = lookupMap(table, value);
      if (!target) continue;
      list.splice(list.indexOf(value), 1);
      pushUnique(lists[target.type ?? type], target.name ?? value);
    }
  }
}

export function joinText(parts: string[]): string | null {
  const kept = parts.map((p) => p.trim()).filter((p) => p !== '');
  return kept.length > 0 ? kept.join('\n\n') : null;
}
