import { applyAuthor, applySubject, applyTitle } from './apply-names.js';
import { extractContacts } from './contacts.js';
import { lookupMap } from './import-map.js';
import { parseDate } from './dates.js';
import { pushUnique, type Draft } from './draft.js';
import type { Field } from './label-line.js';
import type { LabelKind } from './labels.js';
import { languageTag } from './language.js';
import { isNone, isPairing, splitCharacters, splitList, splitPairings } from './lists.js';
import { containsGradeCode } from './rating.js';
import { CATEGORIES, type Category } from './record-schema.js';
import { relationOf, seriesName, toNumber, unquote } from './title.js';

/** Kinds whose whole line (label as written + value) is kept in notes. */
const NOTE_LINES: LabelKind[] = ['dedication', 'beta', 'thanks', 'archive', 'challenge', 'timeframe', 'pov', 'feedback'];

const PROSE: LabelKind[] = [...NOTE_LINES, 'summary', 'notes', 'disclaimer', 'spoilers', 'title', 'contact'];

/** Puts one labelled header field where it belongs in the draft. */
export function applyField(d: Draft, f: Field): void {
  const { text: extracted, contacts } = extractContacts(f.value);
  // Hand-wrapped prose lines are one sentence; list values keep line breaks as separators.
  const value = PROSE.includes(f.kinds[0] as LabelKind) ? extracted.replace(/\s*\n\s*/g, ' ') : extracted;
  pushUnique(d.contacts, ...contacts);
  const kinds = f.kinds;
  if (kinds.includes('rating') && kinds.includes('warnings')) return applyRatingAndWarnings(d, f, value);
  if (kinds.includes('characters') && kinds.includes('pairing')) return applyCharactersAndPairings(d, value);
  const kind = kinds[0] as LabelKind;
  if (NOTE_LINES.includes(kind) || (kind === 'contact' && kinds.length > 1)) {
    if (value !== '' && !isNone(value)) d.notes.push(`${f.label}: ${value}`);
    return;
  }
  applyOne(d, kind, f, value);
}

function applyOne(d: Draft, kind: LabelKind, f: Field, value: string): void {
  const v = value.trim();
  switch (kind) {
    case 'title': return applyTitle(d, v, f.line, true);
    case 'subject': return applySubject(d, v, f.line);
    case 'author': return applyAuthor(d, v);
    case 'rating': {
      if (v === '') return;
      // "Code: MSR, VRA" is an X-Files classification, not a grade: keep it as tags.
      if (/^code$/i.test(f.label) && !containsGradeCode(v)) return void pushUnique(d.tags, ...splitList(v));
      d.ratingTexts.push({ text: f.value.trim(), line: f.line, field: f.label });
      return;
    }
    case 'warnings': if (f.value.trim() !== '') d.warningTexts.push({ text: f.value.trim(), line: f.line }); return;
    case 'pairing': return void pushUnique(d.relationships, ...splitPairings(v));
    case 'characters': return void pushUnique(d.characters, ...splitCharacters(v));
    case 'fandom': return void pushUnique(d.fandoms, ...splitList(v));
    case 'series': return applySeries(d, v);
    case 'category': return applyCategories(d, v);
    case 'tags': return void pushUnique(d.tags, ...splitList(v));
    case 'spoilers': if (v !== '' && !isNone(v)) d.spoilers.push(v); return;
    case 'disclaimer': if (v !== '') d.disclaimer.push(v); return;
    case 'summary': if (v !== '') d.summary.push(v); return;
    case 'notes': if (v !== '' && !isNone(v)) d.notes.push(v); return;
    case 'contact': if (v !== '') d.notes.push(`${f.label}: ${v}`); return;
    case 'status': return applyStatus(d, v, f);
    case 'parts': return applyParts(d, v, f);
    case 'date': return applyDate(d, v, f);
    case 'language': d.language = languageTag(v) ?? d.language; if (!languageTag(v)) problem(d, f, `language "${v}" not recognised`); return;
    case 'sequel': case 'prequel': case 'companion': case 'inspired': case 'translation':
      if (v !== '' && !isNone(v)) d.related.push({ relation: relationOf(kind === 'inspired' ? 'inspired' : kind), title: unquote(v) });
      return;
    case 'wordcount': case 'updated': case 'stats': case 'ignore':
      // Counts and dates the archive recomputes or that only described the old site.
      return;
    default: d.notes.push(`${f.label}: ${v}`);
  }
}


function applyRatingAndWarnings(d: Draft, f: Field, value: string): void {
  // One value carries both: grade pieces are the rating, the rest are warnings. Both keep
  // the whole value as their verbatim text.
  const pieces = value.split(/\s*[,;/]\s*|\s+-\s+/).filter((p) => p.trim() !== '');
  const grades = pieces.filter((p) => containsGradeCode(p));
  const rest = pieces.filter((p) => !containsGradeCode(p));
  const text = f.value.trim();
  if (grades.length > 0) d.ratingTexts.push({ text, line: f.line, field: f.label, only: grades.join(', ') });
  if (rest.length > 0 || grades.length === 0) d.warningTexts.push({ text, line: f.line, only: rest.join(', ') });
}

function applyCharactersAndPairings(d: Draft, value: string): void {
  for (const p of splitPairings(value)) {
    if (isPairing(p)) pushUnique(d.relationships, p);
    else pushUnique(d.characters, ...splitCharacters(p));
  }
}

function applySeries(d: Draft, v: string): void {
  if (v === '' || isNone(v)) return;
  const patterns: [RegExp, number, number][] = [
    [/^part\s+(\w+)\s+(?:of|in)\s+(.+)$/i, 2, 1],
    [/^(.+?)[,:\s-]+(?:part|book|#|no\.?)\s*(\w+)$/i, 1, 2],
    [/^(.+?)\s*\((?:part\s+)?(\w+)\)$/i, 1, 2],
  ];
  for (const [re, ti, pi] of patterns) {
    const m = re.exec(v);
    const n = m ? toNumber(m[pi] ?? '') : null;
    if (m && n !== null) return void d.series.push({ title: seriesName(m[ti] ?? ''), part: n });
  }
  d.series.push({ title: seriesName(v), part: null });
}

const CATEGORY_NAMES: Record<string, Category> = Object.fromEntries([
  ...CATEGORIES.map((c) => [c.toLowerCase(), c] as const),
  ['m/f', 'F/M'], ['general', 'Gen'], ['multiple', 'Multi'],
]);

function applyCategories(d: Draft, v: string): void {
  for (const written of splitList(v)) {
    // A --map entry renames a legacy category; an AO3 name then becomes that category.
    const c = lookupMap(d.map?.categories, written) ?? written;
    // eFiction categories are the site's fandom tree ("Original > Fantasy").
    if (d.shape === 'efiction') pushUnique(d.fandoms, c.replace(/\s*>\s*/g, ' > '));
    else if (CATEGORY_NAMES[c.toLowerCase()]) pushUnique(d.categories, CATEGORY_NAMES[c.toLowerCase()] as Category);
    else pushUnique(d.tags, c);
  }
}

function applyStatus(d: Draft, v: string, f: Field): void {
  if (v === '') return;
  if (/\b(?:in\s*complete|incomplete|not\s+(?:yet\s+)?(?:complete|finished)|wip|w\.i\.p|in\s+progress|ongoing|unfinished|continuing|abandoned|hiatus|no)\b/i.test(v)) d.complete = false;
  else if (/\b(?:complete[d]?|finished|done|yes|one-?\s*shot|oneshot|the end)\b/i.test(v) || parseDate(v)) d.complete = true;
  else {
    problem(d, f, `status "${v}" not understood`);
    d.notes.push(`${f.label}: ${v}`);
  }
}

function applyParts(d: Draft, v: string, f: Field): void {
  const m = /^(\w+)\s*(?:\/|of)\s*(\w+|\?)$/i.exec(v);
  if (m) {
    const n = toNumber(m[1] ?? '');
    const of = m[2] === '?' ? null : toNumber(m[2] ?? '');
    // AO3 "Chapters: 3/3" is a chapter count, not which part this file is.
    if (/chapters?/i.test(f.label)) {
      if (n !== null) d.complete = of !== null && n === of;
    } else if (n !== null) d.part ??= { number: n, of };
    return;
  }
  const total = toNumber(v);
  if (total !== null) {
    if (d.part && d.part.of === null) d.part.of = total;
    // eFiction "Chapters: 3" and "Parts: 1" only count what the file itself shows.
    return;
  }
  if (!isNone(v)) d.notes.push(`${f.label}: ${v}`);
}

function applyDate(d: Draft, v: string, f: Field): void {
  if (v === '') return;
  const date = parseDate(v);
  if (date) {
    d.published ??= date;
    return;
  }
  problem(d, f, `date "${v}" is not one exact day; kept in notes`);
  d.notes.push(`${f.label}: ${v}`);
}

function problem(d: Draft, f: Field, message: string): void {
  d.problems.push({ line: f.line, field: f.label, message });
}
