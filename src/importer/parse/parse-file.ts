import { applyField, applyFromHeader, applySubject, applyTitle, splitTitleByline } from './apply-field.js';
import { splitChapters, splitFooter } from './body.js';
import { extractContacts } from './contacts.js';
import { parseDate } from './dates.js';
import { decodeLegacyBytes } from './decode.js';
import { emptyDraft, pushUnique, type Draft } from './draft.js';
import { applyTagMap, joinText, resolveRating, resolveWarningsField } from './finish.js';
import { readFrontMatter } from './front-matter.js';
import { scanHeader, type HeaderItem } from './header-scan.js';
import { htmlToLines } from './html-lines.js';
import type { ImportMap } from './import-map.js';
import { detectLanguage, languageTag } from './language.js';
import { markdownInline } from './markdown.js';
import { readHeader } from './read-header.js';
import { ImportRecordSchema } from './record-schema.js';
import { isSeparator, textToLines, type SourceLine } from './source-line.js';
import { parseLabelLine } from './label-line.js';
import type { ParsedWork } from './types.js';
import { stripPostWrapper, takeUsenetHeader, type WrapperInfo } from './wrapper.js';

export interface ParseOptions {
  map?: ImportMap;
}

interface Prepared {
  lines: SourceLine[];
  items: HeaderItem[] | null;
  pageTitle: string | null;
  lang: string | null;
}

/**
 * Parses one legacy story file into works (one per file today; the array leaves room for
 * files that hold several). Pure: bytes and path in, records out, no I/O.
 */
export function parseLegacyFile(bytes: Uint8Array, path: string, options: ParseOptions = {}): ParsedWork[] {
  const { text } = decodeLegacyBytes(bytes, path);
  const d = emptyDraft(options.map);
  const info: WrapperInfo = { from: null, date: null, subject: null, fields: [] };
  const prep = prepare(text, path, d);
  const usenet = takeUsenetHeader(prep.lines);
  let lines = prep.lines;
  if (usenet) {
    Object.assign(info, usenet.info);
    lines = usenet.rest;
  }
  lines = stripPostWrapper(lines, info);
  let items = prep.items ?? [];
  let body = lines;
  if (prep.items === null) {
    const scan = scanHeader(lines);
    items = scan.items;
    body = lines.slice(scan.bodyStart);
  }
  d.shape = detectShape(items);
  readHeader(d, items);
  applyWrapper(d, info, prep.pageTitle);
  d.language ??= languageTag(prep.lang);
  let next = splitAtNextHeader(body);
  const works = [finish(d, next.body, path)];
  // Collections (a drabble file, a digest) hold further works, each with its own header.
  while (next.rest) {
    const dn = emptyDraft(options.map);
    const scan = scanHeader(next.rest);
    dn.shape = detectShape(scan.items);
    readHeader(dn, scan.items);
    splitTitleByline(dn);
    // A collection file by one author names the author, archive and language once.
    if (dn.creators.length === 0) dn.creators.push(...d.creators);
    dn.archive ??= d.archive;
    dn.language ??= d.language;
    next = splitAtNextHeader(next.rest.slice(scan.bodyStart));
    works.push(finish(dn, next.body, path));
  }
  return works;
}

const TITLE_START = /^[\s*_~#>[(•·-]*(?:story\s+|fic\s+)?title\s*(?::|\s-|\.)\s*\S/i;

/** Finds a second "Title:" header (with more labels under it) after some story text. */
function splitAtNextHeader(lines: SourceLine[]): { body: SourceLine[]; rest: SourceLine[] | null } {
  let seenStory = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as SourceLine;
    if (l.text === '') continue;
    const paraStart = i === 0 || lines[i - 1]?.text === '' || isSeparator(lines[i - 1] as SourceLine);
    if (seenStory && paraStart && TITLE_START.test(l.text)) {
      const below = lines.slice(i + 1, i + 5).filter((x) => x.text !== '');
      if (below.some((x) => (parseLabelLine(x.text, x.line, { allowNoSeparator: false }) ?? []).some((f) => f.kinds[0] !== 'title'))) {
        return { body: lines.slice(0, i), rest: lines.slice(i) };
      }
    }
    if (!isSeparator(l)) seenStory = true;
  }
  return { body: lines, rest: null };
}

function prepare(text: string, path: string, d: Draft): Prepared {
  if (/\.x?html?$/i.test(path) || /^\s*(?:<!doctype html|<html|<head|<body)/i.test(text)) {
    const h = htmlToLines(text);
    return { lines: h.lines, items: null, pageTitle: h.pageTitle, lang: h.lang };
  }
  const fm = /\.(?:md|markdown)$/i.test(path) ? readFrontMatter(text) : null;
  if (!fm) {
    const lines = textToLines(text);
    return { lines: /\.(?:md|markdown)$/i.test(path) ? markdownLines(lines) : lines, items: null, pageTitle: null, lang: null };
  }
  if (fm.error) d.problems.push({ line: 1, field: null, message: `front matter is not valid YAML: ${fm.error}` });
  for (const f of fm.fields) applyField(d, f);
  d.series.push(...fm.series);
  d.unplaced.push(...fm.unknown);
  let lines = markdownLines(textToLines(fm.body, fm.bodyLine));
  // A leading "# Title" repeating the front-matter title is a heading, not story text.
  const first = lines.findIndex((l) => l.text !== '');
  const heading = lines[first];
  if (heading?.tag === 'h1' && d.title !== null && heading.text.trim() === d.title) lines = lines.slice(first + 1);
  return { lines, items: [], pageTitle: null, lang: null };
}

function markdownLines(lines: SourceLine[]): SourceLine[] {
  return lines.map((l) => {
    const h = /^(#{1,6})\s+(.*)$/.exec(l.text);
    if (h) return { ...l, text: h[2] ?? '', html: markdownInline(h[2] ?? ''), tag: `h${(h[1] ?? '#').length}` };
    if (/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/.test(l.text)) return { ...l, text: '----', html: '<hr>', tag: 'hr' };
    return { ...l, html: markdownInline(l.text.trim()) };
  });
}

// eFiction story pages and AO3 downloads name fields with their own fixed vocabulary.
function detectShape(items: HeaderItem[]): Draft['shape'] {
  const labels = new Set(items.flatMap((i) => (i.type === 'field' ? [i.field.label.toLowerCase()] : [])));
  if (labels.has('archive warning') || labels.has('additional tags')) return 'ao3';
  const efiction = ['rated', 'categories', 'completed', 'word count', 'read count', 'published', 'updated', 'chapters'];
  return efiction.filter((l) => labels.has(l)).length >= 3 ? 'efiction' : 'plain';
}

/** The post wrapper only fills what the story header itself left unsaid. */
function applyWrapper(d: Draft, info: WrapperInfo, pageTitle: string | null): void {
  for (const f of info.fields) applyField(d, f);
  if (info.subject) applySubject(d, info.subject.text, info.subject.line);
  splitTitleByline(d);
  if (info.from && d.creators.length === 0) applyFromHeader(d, info.from);
  else if (info.from) pushUnique(d.contacts, ...extractContacts(info.from).contacts);
  if (info.date && d.published === null) d.published = parseDate(info.date);
  if (d.title === null && pageTitle) {
    const parts = pageTitle.split(/\s+(?:::|\||»|–|—|-)\s+/);
    applyTitle(d, parts.at(-1) ?? pageTitle, null);
  }
}

function finish(d: Draft, lines: SourceLine[], path: string): ParsedWork {
  const body = dropRepeatedTitle(lines, d);
  const { story, footer } = splitFooter(body);
  const { chapters, text } = splitChapters(story, d.chapterTitle);
  d.language ??= detectLanguage(text);
  const { rating, ratingText } = resolveRating(d);
  const { warnings, warningText } = resolveWarningsField(d);
  applyTagMap(d);
  reportOverlong(d);
  for (const u of d.unplaced) d.problems.push({ line: u.line, field: null, message: `header line not understood, kept in notes: ${u.text}` });
  const foot = extractContacts(paragraphs(footer));
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
