import { applyField } from './apply-field.js';
import { applyAuthor, applySubject, applyTitle } from './apply-names.js';
import { extractContacts } from './contacts.js';
import { pushUnique, type Draft } from './draft.js';
import type { HeaderItem } from './header-scan.js';

// A first line naming where the file came from: "~ The Lantern Hollow Archive ~",
// "From the Moonlit Meadows Fiction Library", "Posted originally on the Archive of Our Own at …".
const BANNER = /\b(?:archives?|library|collection|fanfic(?:tion)?|fic(?:tion)?\s+site|presents|hosted|taken\s+from|found\s+at|(?:originally\s+(?:posted|published)|posted\s+originally)\s+(?:on|at)|www\.|https?:\/\/|\.(?:com|net|org)\b)/i;
const POV = /\b(?:\p{L}+['’]s\s+)?(?:POV|P\.O\.V\.?|point\s+of\s+view)\b/iu;
const FEEDBACK = /\b(?:feedback|comments?|reviews?|concrit|let\s+me\s+know|flames)\b/i;
const PERMISSION = /\b(?:archiv(?:e|ing)|distribut\w*|permission|repost)\b/i;
const DISCLAIMING = /\b(?:(?:do\s+not|don['’]t)\s+own|belongs?\s+to|no\s+money|not\s+mine|no\s+profit|no\s+infringement|property\s+of)\b/i;
const FIC_SUBJECT = /^\s*(?:\[(?:fic|fanfic|new\s+fic)\]|(?:new\s+)?fic\s*:|fanfic\s*:)/i;

/**
 * Turns header items into the draft. Labelled fields go straight to their place. Unlabelled
 * lines are read by position, the way a person reads a header: the line above "by Name" is
 * the title; a first line naming an archive is the banner; lines before the title are
 * epigraphs or author's notes; lines after the fields that fit nowhere are kept as unplaced.
 */
export function readHeader(d: Draft, items: HeaderItem[]): void {
  const firstField = items.findIndex((i) => i.type !== 'loose');
  const hasTitleField = items.some((i) => i.type === 'field' && i.field.kinds[0] === 'title');
  const firstBy = items.findIndex((i) => i.type === 'by');
  let titleIdx = -1;
  if (!hasTitleField) {
    if (firstBy > 0 && items[firstBy - 1]?.type === 'loose') titleIdx = firstBy - 1;
    else {
      const leading = items.slice(0, firstField === -1 ? items.length : firstField);
      const l0 = leading[0];
      const bannerFirst = leading.length > 1 && l0?.type === 'loose' && (l0.banner || BANNER.test(l0.text));
      const cand = bannerFirst ? 1 : 0;
      const c = leading[cand];
      if (c?.type === 'loose' && c.text.length <= 120) titleIdx = cand;
    }
  }
  const titleItem = titleIdx >= 0 ? items[titleIdx] : undefined;
  const titleText = titleItem?.type === 'loose' ? titleItem.text : null;
  const firstTitleField = items.findIndex((i) => i.type === 'field' && i.field.kinds[0] === 'title');
  // Loose lines before this index come before the title and are banner/epigraph/notes.
  const preEnd = titleIdx >= 0 ? titleIdx : firstTitleField >= 0 ? Math.min(firstTitleField, firstField) : firstField;

  let prevLine = -2;
  items.forEach((item, idx) => {
    if (item.type === 'field') return applyField(d, item.field);
    if (item.type === 'by') return applyAuthor(d, item.names);
    if (idx === titleIdx) return applyTitle(d, item.text, item.line);
    if (titleText !== null && sameText(item.text, titleText)) return;
    // Lines of one unlabelled paragraph (an epigraph and its attribution) stay one note.
    const joined = item.line === prevLine + 1;
    prevLine = item.line;
    if (idx < preEnd) return readPreTitle(d, item.text, idx === 0, item.banner, joined);
    readLoose(d, item.line, item.text);
  });
}

function readPreTitle(d: Draft, text: string, first: boolean, banner: boolean, joined: boolean): void {
  const postedOn = /(?:originally\s+(?:posted|published)|posted\s+originally)\s+(?:on|at)\b/i.test(text);
  if ((first || postedOn) && (banner || BANNER.test(text)) && d.archive === null) {
    d.archive = bannerName(text, d);
    return;
  }
  if (FIC_SUBJECT.test(text)) return applySubject(d, text, null);
  const { text: clean, contacts } = extractContacts(text);
  pushUnique(d.contacts, ...contacts);
  if (clean === '') return;
  if (joined && d.notes.length > 0) d.notes[d.notes.length - 1] += `\n${clean}`;
  else d.notes.push(clean);
}

function readLoose(d: Draft, line: number, text: string): void {
  if (FIC_SUBJECT.test(text)) return applySubject(d, text, line);
  const { text: clean, contacts } = extractContacts(text);
  pushUnique(d.contacts, ...contacts);
  if (clean === '' || /^[\W_]*$/.test(clean)) return;
  if (POV.test(clean) || FEEDBACK.test(clean) || PERMISSION.test(clean)) return void d.notes.push(clean);
  if (DISCLAIMING.test(clean)) return void d.disclaimer.push(clean);
  // FanFiction.net pages give the summary unlabelled, between the byline and the info line.
  if (d.shape === 'ffn' && d.summary.length === 0) return void d.summary.push(clean);
  d.unplaced.push({ line, text: clean });
}

/** "~ From the Lantern Hollow Archive (www.example.net) ~" → "Lantern Hollow Archive". */
function bannerName(text: string, d: Draft): string {
  const posted = /(?:originally\s+(?:posted|published)|posted\s+originally)\s+(?:on|at)\s+(?:the\s+)?(.+?)\s+at\b/i.exec(text);
  const { text: clean, contacts } = extractContacts(text);
  pushUnique(d.contacts, ...contacts);
  if (posted) return posted[1]?.trim() ?? text;
  const name = clean
    .replace(/^[\W_]+|[\W_]+$/g, '')
    .replace(/^(?:(?:archived|found|taken|downloaded)\s+(?:at|from)|from|welcome\s+to)\s+(?:the\s+)?/i, '')
    .replace(/\s+presents$/i, '')
    .trim();
  if (name !== '') return name;
  const host = /^(?:https?:\/\/)?(?:www\.)?([^/]+)/i.exec(contacts[0] ?? '');
  return host?.[1] ?? text.trim();
}

function sameText(a: string, b: string): boolean {
  const n = (s: string): string => s.toLowerCase().replace(/[\W_]+/g, '');
  return n(a) === n(b);
}
