import { prepareChapter } from '../../works/prepare-chapter.js';
import { countWords } from '../../works/word-count.js';
import { isBlank, isSeparator, type SourceLine } from './source-line.js';
import { NUM } from './title.js';
import type { ParsedChapter } from './types.js';

const END_MARK = /^[\s~*=_.()[\]<>-]*(?:the\s+end|fin|finis|finite|owari|end|end\s+of\s+(?:part|chapter|story)\b.*|to\s+be\s+continued\b.*|tbc\b.*|continued\s+in\s+(?:part|chapter)\b.*)[\s~*=_.!()[\]<>-]*$/i;
const FOOTER_START = /^[\s*_~]*(?:feedback|comments?|reviews?|please\s+(?:review|comment|leave|send|drop\s+by)|a\s*\/\s*n|a\.n\.|author['’]?s?\s+notes?|end\s+notes?|notes?\s*:|thanks\s+for\s+reading|let\s+me\s+know|concrit|flames)\b/i;
const CHAPTER_HEADING = new RegExp(String.raw`^[\s*_~#=-]*(?:chapter|ch\.|part)\s+${NUM}\s*(?:[:.–—-]\s*(.+?))?[\s*_~#=-]*$`, 'i');

/**
 * Splits off end notes: everything from a closing mark ("The End", "fin", "TBC") near the
 * end, plus trailing paragraphs that are feedback requests or author's notes.
 */
export function splitFooter(lines: SourceLine[]): { story: SourceLine[]; footer: SourceLine[] } {
  const paras = paragraphStarts(lines);
  const lastParas = paras.slice(-8);
  let cut = lines.length;
  for (const p of lastParas) {
    if (END_MARK.test((lines[p] as SourceLine).text) && isSingleLine(lines, p)) {
      cut = p;
      break;
    }
  }
  // A Usenet signature ("-- " then a name) closes the post.
  for (const p of lastParas.slice(-3)) {
    const t = (lines[p] as SourceLine).text;
    if (p < cut && (/^--\s?$/.test(t) || (/^--\s*\p{L}[\p{L} .'’-]{0,40}$/u.test(t) && isSingleLine(lines, p)))) {
      cut = p;
      break;
    }
  }
  // Feedback requests and author's notes near the end, with whatever short paragraphs follow
  // them (the note's text under an "End Notes" label), go too; the earliest one wins.
  for (let k = Math.max(1, paras.length - 6); k < paras.length; k++) {
    const p = paras[k] as number;
    if (p >= cut) break;
    if (!FOOTER_START.test((lines[p] as SourceLine).text)) continue;
    const after = paras.slice(k + 1).filter((q) => q < cut);
    if (after.every((q) => paraLength(lines, q) <= 400)) {
      cut = p;
      break;
    }
  }
  // Separators between the story and its footer belong to neither.
  let end = cut;
  while (end > 0 && (isBlank(lines[end - 1]) || isSeparator(lines[end - 1] as SourceLine))) end--;
  return { story: lines.slice(0, end), footer: cut < lines.length ? lines.slice(cut) : [] };
}

export interface BodyResult {
  chapters: ParsedChapter[];
  text: string;
  /** Per-chapter notes that AO3 downloads print inside the chapter ("Chapter Notes"). */
  chapterNotes: { chapter: number; notes: string | null; endNotes: string | null }[];
}

const NOTES_LABEL = /^(?:chapter\s+)?notes:?$/i;
const END_NOTES_LABEL = /^chapter\s+end\s+notes:?$/i;
const SEE_END = /^\(?see the end of the chapter for\s+more notes\.?\)?$/i;

/**
 * Takes AO3's "Chapter Notes" / "Chapter End Notes" (a label line and the quoted block under
 * it) out of a chapter, so they are not counted as story words yet are kept.
 */
function takeChapterNotes(slice: SourceLine[]): { rest: SourceLine[]; notes: string | null; endNotes: string | null } {
  let rest = slice.filter((l) => !SEE_END.test(l.text.trim()));
  const grab = (label: RegExp): string | null => {
    const at = rest.findIndex((l) => label.test(l.text.trim()));
    if (at === -1) return null;
    let end = at + 1;
    while (end < rest.length && (rest[end]?.text === '' || rest[end]?.tag === 'blockquote')) end++;
    const text = rest.slice(at + 1, end).map((l) => l.text).join('\n').replace(/\n{3,}/g, '\n\n').trim();
    if (text === '' || !rest.slice(at + 1, end).some((l) => l.tag === 'blockquote')) return null;
    rest = [...rest.slice(0, at), ...rest.slice(end)];
    return text;
  };
  const notes = grab(NOTES_LABEL);
  const endNotes = grab(END_NOTES_LABEL);
  return { rest, notes, endNotes };
}

/** Splits the story into chapters at "Chapter N" headings that stand alone as paragraphs. */
/**
 * With `prepare`, each chapter's body is also made ready to store, and its word count is the
 * stored one (counted once, on the sanitized body, instead of once here and again on store).
 */
/** What `splitChapters` makes of each chapter besides its HTML: see `ParseOptions`. */
export interface ChapterPrep {
  prepare: boolean;
  plainText: boolean;
}

export function splitChapters(lines: SourceLine[], firstTitle: string | null, prep: ChapterPrep = { prepare: false, plainText: true }): BodyResult {
  const starts = trimSeparators(lines);
  const body = lines.slice(starts.from, starts.to);
  const headings = paragraphStarts(body).filter((p) => isSingleLine(body, p) && CHAPTER_HEADING.test((body[p] as SourceLine).text));
  const cuts: { at: number; title: string | null }[] = [];
  const firstPara = paragraphStarts(body)[0] ?? 0;
  if (headings.length >= 2 || (headings.length === 1 && headings[0] === firstPara)) {
    if ((headings[0] as number) > firstPara) cuts.push({ at: 0, title: firstTitle });
    for (const h of headings) {
      const m = CHAPTER_HEADING.exec((body[h] as SourceLine).text);
      cuts.push({ at: h, title: m?.[2]?.trim() || (cuts.length === 0 ? firstTitle : null) });
    }
  } else cuts.push({ at: 0, title: firstTitle });
  const chapters: ParsedChapter[] = [];
  const texts: string[] = [];
  const chapterNotes: BodyResult['chapterNotes'] = [];
  cuts.forEach((c, i) => {
    const isHeading = headings.includes(c.at);
    const taken = takeChapterNotes(body.slice(isHeading ? c.at + 1 : c.at, cuts[i + 1]?.at ?? body.length));
    const slice = taken.rest;
    if (taken.notes !== null || taken.endNotes !== null) chapterNotes.push({ chapter: i, notes: taken.notes, endNotes: taken.endNotes });
    const text = slice.map((l) => l.text).join('\n').trim();
    texts.push(text);
    const html = linesToHtml(slice);
    if (prep.prepare) {
      const prepared = prepareChapter(html, prep.plainText);
      chapters.push({ title: c.title, html, words: prepared.words, prepared });
    } else chapters.push({ title: c.title, html, words: countWords(text) });
  });
  return { chapters, text: texts.join('\n\n'), chapterNotes };
}

/** Paragraph HTML: consecutive lines form one block, joined by <br>, in their source block tag. */
export function linesToHtml(lines: SourceLine[]): string {
  const out: string[] = [];
  let para: SourceLine[] = [];
  const flush = (): void => {
    if (para.length === 0) return;
    const first = para[0] as SourceLine;
    const tag = first.tag;
    const style = first.align ? ` style="text-align: ${first.align}"` : '';
    const inner = para.map((l) => l.html).join(isHardWrapped(para) ? ' ' : '<br>');
    if (tag === 'hr') out.push('<hr>');
    else if (tag === 'blockquote') out.push(`<blockquote><p${style}>${inner}</p></blockquote>`);
    else out.push(`<${tag}${style}>${inner}</${tag}>`);
    para = [];
  };
  for (const l of lines) {
    if (isBlank(l)) flush();
    else {
      if (para.length > 0 && ((para[0] as SourceLine).tag !== l.tag || (para[0] as SourceLine).align !== l.align || l.tag === 'hr')) flush();
      para.push(l);
    }
  }
  flush();
  return out.join('\n');
}

/**
 * Plain-text stories were often hard-wrapped at about 70 columns for mail and Usenet. Such a
 * paragraph is prose and is reflowed; short lines (verse, letters, lists) keep their breaks.
 */
function isHardWrapped(para: SourceLine[]): boolean {
  if (para.length < 2) return false;
  return para.slice(0, -1).every((l) => l.text.length >= 45 && l.text.length <= 100 && !/^\s/.test(l.text));
}

function trimSeparators(lines: SourceLine[]): { from: number; to: number } {
  let from = 0;
  let to = lines.length;
  while (from < to && (isBlank(lines[from]) || isSeparator(lines[from] as SourceLine))) from++;
  while (to > from && (isBlank(lines[to - 1]) || isSeparator(lines[to - 1] as SourceLine))) to--;
  return { from, to };
}

function paragraphStarts(lines: SourceLine[]): number[] {
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (!isBlank(l) && (i === 0 || isBlank(lines[i - 1]) || lines[i - 1]?.tag !== l.tag)) out.push(i);
  });
  return out;
}

function paraLength(lines: SourceLine[], p: number): number {
  let n = 0;
  for (let i = p; i < lines.length && !isBlank(lines[i]); i++) n += (lines[i] as SourceLine).text.length;
  return n;
}

function isSingleLine(lines: SourceLine[], p: number): boolean {
  return isBlank(lines[p + 1]) || lines[p + 1]?.tag !== lines[p]?.tag;
}
