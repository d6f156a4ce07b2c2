import { extractContacts } from './contacts.js';
import { pushUnique, type Draft } from './draft.js';
import { isNone, splitNames } from './lists.js';
import { containsGradeCode } from './rating.js';
import { parseTitle } from './title.js';

/*
 * Titles, subjects and names: the parts of a header that old files most often wrote
 * without labels, so they are read from titles, subject lines and "From:" headers too.
 */

export function applyTitle(d: Draft, raw: string, line: number | null, labelled = false): void {
  if (raw === '' || (labelled && d.titleFromLabel)) return;
  const { text, contacts } = extractContacts(raw);
  pushUnique(d.contacts, ...contacts);
  const t = parseTitle(text);
  if (d.title === null || labelled) d.title = t.title;
  if (labelled) d.titleFromLabel = true;
  d.part ??= t.part;
  d.chapterTitle ??= t.chapterTitle;
  for (const r of t.related) if (!d.related.some((x) => x.title === r.title)) d.related.push(r);
  for (const s of t.series) if (!d.series.some((x) => x.title === s.title)) d.series.push(s);
  pushUnique(d.relationships, ...t.relationships);
  d.complete ??= t.complete;
  if (t.gradeText && !d.subjectGrade) d.subjectGrade = { text: t.gradeText, line };
}

/** Usenet/forum subjects: "[XF] FIC: The Lantern (1/3) [PG-13] by Mia". */
export function applySubject(d: Draft, raw: string, line: number | null): void {
  let s = raw.replace(/^\s*(?:(?:re|fwd?|new|repost|fic|fanfic|story|ff)\s*:\s*)+/i, '');
  s = s.replace(/^\s*\[(?:fic|new|repost|fanfic)\]\s*/i, '');
  const lead = /^\s*\[([^\]]{1,30})\]\s*/.exec(s);
  if (lead && !containsGradeCode(lead[1] ?? '') && !/\d\s*\/\s*[\d?]/.test(lead[1] ?? '')) {
    // A leading "[XF]" names the newsgroup's fandom in its own shorthand; keep it as written.
    d.unplaced.push({ line: line ?? 0, text: `Subject tag: [${lead[1]}]` });
    s = s.slice(lead[0].length);
  }
  s = s.replace(/^\s*(?:(?:fic|new|repost)\s*:\s*)+/i, '');
  // "The Weathervane, PG" / "Fog Signal - NC-17": a grade after the title, unbracketed.
  const tail = /\s*[,;:–—-]\s*(?:rated\s+)?([^,;:–—]{1,12}?)\s*$/i.exec(s);
  if (tail && containsGradeCode(tail[1] ?? '') && !/\d\s*\/\s*[\d?]/.test(tail[1] ?? '')) {
    if (!d.subjectGrade) d.subjectGrade = { text: (tail[1] ?? '').trim(), line };
    s = s.slice(0, tail.index);
  }
  const saveTitle = d.title;
  applyTitle(d, s, line);
  // A Title: field, if there is one, wins over the subject; the subject still gives counters.
  if (saveTitle !== null) d.title = saveTitle;
}

/**
 * "Moonlit Crossing by Ivy Hart": a title line that also names its author. Only used when
 * the header named no author at all, and never for "Stand by Me"-style endings.
 */
export function splitTitleByline(d: Draft): void {
  if (d.creators.length > 0 || d.title === null) return;
  const m = /^(.+?)\s+(?:by|By|BY)(?::\s*|\s+)(\p{Lu}[^,;]{0,59}|[\p{Ll}\d_][\w.-]{2,30})$/u.exec(d.title);
  if (!m || /^(?:me|you|him|her|us|them|night|day|myself|yourself)$/i.test(m[2] ?? '')) return;
  d.title = (m[1] ?? '').trim();
  applyAuthor(d, m[2] ?? '');
}

/** RFC 822 "From:" forms: "Name <addr>", "addr (Name)", or a bare address (no name). */
export function applyFromHeader(d: Draft, raw: string): void {
  const { contacts } = extractContacts(raw);
  pushUnique(d.contacts, ...contacts);
  const angle = /^\s*"?([^"<]+?)"?\s*<[^>]*>\s*$/.exec(raw);
  const paren = /^\s*\S+@\S+\s*\(([^)]+)\)\s*$/.exec(raw);
  const name = angle?.[1] ?? paren?.[1] ?? null;
  if (name) pushUnique(d.creators, name.trim());
}

export function applyAuthor(d: Draft, raw: string): void {
  const { text, contacts } = extractContacts(raw);
  pushUnique(d.contacts, ...contacts);
  let aside = false;
  const bare = text.replace(/\(([^)]*)\)|\[([^\]]*)\]/g, (_m, a?: string, b?: string) => {
    aside ||= (a ?? b ?? '').trim() !== '';
    return ' ';
  });
  const names = splitNames(bare.replace(/^by\s+/i, '')).filter((n) => !isNone(n));
  // "Mia, with help from Jo" or "Mia (aka Miawrites)": the names are creators, and the
  // whole credit is kept in the notes so the aside is not lost.
  const prose = names.filter((n) => /^(?:with|from|for|feat\.?|featuring|aka|a\.k\.a\.|help)\b/i.test(n));
  pushUnique(d.creators, ...names.filter((n) => !prose.includes(n)));
  if (aside || prose.length > 0) d.notes.push(`Author: ${text.trim()}`);
}
