import { applyField } from './apply-field.js';
import { applyFromHeader, applySubject, applyTitle, splitTitleByline } from './apply-names.js';
import { buildWork } from './build-work.js';
import { splitAtNextHeader } from './collection.js';
import { extractContacts } from './contacts.js';
import { parseDate } from './dates.js';
import { decodeLegacyBytes } from './decode.js';
import { emptyDraft, pushUnique, type Draft } from './draft.js';
import { readFrontMatter } from './front-matter.js';
import { scanHeader, type HeaderItem } from './header-scan.js';
import { htmlToLines } from './html-lines.js';
import type { ImportMap } from './import-map.js';
import { languageTag } from './language.js';
import { markdownInline } from './markdown.js';
import { readHeader } from './read-header.js';
import { textToLines, type SourceLine } from './source-line.js';
import type { ParsedWork } from './types.js';
import { stripPostWrapper, takeUsenetHeader, type WrapperInfo } from './wrapper.js';

export interface ParseOptions {
  map?: ImportMap;
  /** Also make chapter bodies ready to store (`ParsedChapter.prepared`), as an import does. */
  prepare?: boolean;
  /** With `prepare`: also their plain text for the full-text index (default true). */
  plainText?: boolean;
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
  const chapterPrep = { prepare: options.prepare === true, plainText: options.plainText !== false };
  const works = [buildWork(d, next.body, path, chapterPrep)];
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
    works.push(buildWork(dn, next.body, path, chapterPrep));
  }
  return works;
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
  for (const u of fm.unknown) {
    const { text: clean, contacts } = extractContacts(u.text);
    pushUnique(d.contacts, ...contacts);
    d.unplaced.push({ line: u.line, text: clean });
  }
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
  if (items.some((i) => i.type === 'field' && i.field.label === 'Rated' && /^Fiction\s/.test(i.field.value))) return 'ffn';
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
