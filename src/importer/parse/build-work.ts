import type { ChapterPrep } from './body.js';
import { splitChapters, splitFooter } from './body.js';
import { extractContacts } from './contacts.js';
import { pushUnique, type Draft } from './draft.js';
import { applyTagMap, joinText, resolveRating, resolveWarningsField } from './resolve-draft.js';
import { detectLanguage } from './language.js';
import { ImportRecordSchema } from './record-schema.js';
import { isSeparator, type SourceLine } from './source-line.js';
import type { ParsedWork } from './types.js';

/** Turns a finished header draft and the story lines after it into one parsed work. */
export function buildWork(d: Draft, lines: SourceLine[], path: string, prepare: ChapterPrep = { prepare: false, plainText: true }): ParsedWork {
  const body = dropRepeatedTitle(lines, d);
  const { story, footer } = splitFooter(body);
  const { chapters, text, chapterNotes } = splitChapters(story, d.chapterTitle, prepare);
  // Notes printed inside chapters join the work's notes and end notes, labelled by chapter.
  const chapterEnd: string[] = [];
  for (const n of chapterNotes) {
    const name = chapters.length > 1 ? `Chapter ${n.chapter + 1} notes` : 'Chapter notes';
    if (n.notes) d.notes.push(`${name}: ${n.notes}`);
    if (n.endNotes) chapterEnd.push(`${chapters.length > 1 ? `Chapter ${n.chapter + 1} end notes` : 'Chapter end notes'}: ${n.endNotes}`);
  }
  d.language ??= detectLanguage(text);
  const { rating, ratingText } = resolveRating(d);
  const { warnings, warningText } = resolveWarningsField(d);
  applyTagMap(d);
  reportOverlong(d);
  for (const u of d.unplaced) d.problems.push({ line: u.line, field: null, message: `header line not understood, kept in notes: ${u.text}` });
  const foot = extractContacts([...chapterEnd, paragraphs(footer)].filter((t) => t !== '').join('\n\n'));
  pushUnique(d.contacts, ...foot.contacts);
  const words = chapters.reduce((n, c) => n + c.words, 0);
  const start = storyStart(text);
  const record = ImportRecordSchema.parse({
    source: path,
    title: d.title,
    creators: d.creators,
    rating,
    ratingText,
    warnings,
    warningText,
    categories: d.categories,
    fandoms: d.fandoms,
    relationships: d.relationships,
    characters: d.characters,
    tags: d.tags,
    summary: joinText(d.summary),
    notes: joinText([...d.notes, ...d.unplaced.map((u) => u.text)]),
    spoilers: joinText(d.spoilers),
    disclaimer: joinText(d.disclaimer),
    series: d.series,
    related: d.related,
    archive: d.archive,
    chapters: chapters.map((c) => ({ title: c.title, words: c.words })),
    words,
    complete: d.complete,
    published: d.published,
    bodyStart: start === '' ? null : start.slice(0, 60),
  });
  return {
    record,
    chapters,
    endNotes: foot.text.trim() === '' ? null : foot.text.trim(),
    contacts: d.contacts,
    language: d.language,
    part: d.part,
    unplaced: d.unplaced,
    problems: d.problems,
  };
}

/**
 * Many files repeat the title (and "by Name") as a heading right above the story, after the
 * header already gave them. That heading is not story text.
 */
function dropRepeatedTitle(lines: SourceLine[], d: Draft): SourceLine[] {
  if (d.title === null) return lines;
  // Decoration and quotes differ between header and heading; "!" or "?" make it a sentence.
  const norm = (t: string): string => t.toLowerCase().replace(/[\s~*=_#<>|:\-–—"'“”‘’]+/g, '');
  const wanted = new Set([norm(d.title), ...d.creators.map((c) => norm(`${d.title} by ${c}`))]);
  const byline = new Set(d.creators.map((c) => norm(`by ${c}`)));
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && (lines[i]?.text === '' || isSeparator(lines[i] as SourceLine))) i++;
  };
  skipBlank();
  const single = (k: number): boolean => lines[k + 1] === undefined || lines[k + 1]?.text === '' || lines[k + 1]?.tag !== lines[k]?.tag;
  if (i < lines.length && wanted.has(norm(lines[i]?.text ?? '')) && (single(i) || byline.has(norm(lines[i + 1]?.text ?? '')))) {
    i++;
    skipBlank();
    if (byline.has(norm(lines[i]?.text ?? ''))) i++;
    return lines.slice(i);
  }
  return lines;
}

// AO3's posting limits. Imports keep overlong values whole; they are only reported.
const LIMITS = { summary: 1250, notes: 5000, tags: 75 };

function reportOverlong(d: Draft): void {
  const summary = joinText(d.summary) ?? '';
  if (summary.length > LIMITS.summary) d.problems.push({ line: null, field: 'summary', message: `summary is ${summary.length} characters (posting limit ${LIMITS.summary}); kept whole` });
  const notes = joinText(d.notes) ?? '';
  if (notes.length > LIMITS.notes) d.problems.push({ line: null, field: 'notes', message: `notes are ${notes.length} characters (posting limit ${LIMITS.notes}); kept whole` });
  const tags = d.fandoms.length + d.relationships.length + d.characters.length + d.tags.length;
  if (tags > LIMITS.tags) d.problems.push({ line: null, field: 'tags', message: `${tags} tags (posting limit ${LIMITS.tags}); all kept` });
}

/** First 60 characters with whitespace collapsed, without collapsing a whole novel first. */
function storyStart(text: string): string {
  for (let n = 400; ; n *= 4) {
    const s = text.slice(0, n).replace(/\s+/g, ' ').trim();
    if (s.length >= 60 || n >= text.length) return s.slice(0, 60);
  }
}

function paragraphs(lines: SourceLine[]): string {
  return lines
    .map((l) => l.text.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

