import type { Relation } from './record-schema.js';
import { containsGradeCode } from './rating.js';

export interface TitleParts {
  title: string | null;
  part: { number: number; of: number | null } | null;
  related: { relation: Relation; title: string }[];
  /** A rating grade found in brackets in the title or subject ("(PG-13)", "[NC-17]"). */
  gradeText: string | null;
  /** "Chapter 3: The Bridge" gives "The Bridge". */
  chapterTitle: string | null;
  /** "(Part 2 of the Summer series)" */
  series: { title: string; part: number | null }[];
  /** Bracketed pairings in subjects: "[Ada/Tom]". */
  relationships: string[];
  /** "(WIP)" / "[complete]" in the title. */
  complete: boolean | null;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
/** A part or chapter number: digits, a number word, or a roman numeral. */
export const NUM = String.raw`(\d+|${NUMBER_WORDS.slice(1).join('|')}|[ivxlc]+)`;
const OF = String.raw`(\d+|\?+|${NUMBER_WORDS.slice(1).join('|')})`;

// Built once (they were built on every call); none is global or sticky, so none keeps state.
const BRACKETED_COUNTER = new RegExp(String.raw`[([]\s*(?:part|pt\.?|chapter|ch\.?)?\s*${NUM}\s*(?:\/|of)\s*${OF}\s*[)\]]`, 'i');
const PART_COUNTER = new RegExp(String.raw`(?:^|[\s,:;–—-])\s*(?:part|pt\.?)\s+${NUM}(?:\s*(?:\/|of)\s*${OF})?\s*(?=$|[\s,:;–—-])`, 'i');
const CHAPTER_COUNTER = new RegExp(String.raw`(?:^|[\s,:;–—-])\s*(?:chapter|ch\.)\s*${NUM}(?:\s*(?:\/|of)\s*${OF})?(?:\s*[:.–—-]\s*(.+))?$`, 'i');
const TRAILING_COUNTER = /(?:^|\s)[([]?\s*(\d+)\s*\/\s*(\d+|\?+)\s*[)\]]?\s*$/;
const SERIES_PART = new RegExp(String.raw`[([]\s*(?:part|book|no\.?|#)\s*${NUM}\s+(?:of|in)\s+([^)\]]+?)\s*[)\]]`, 'i');

const RELATED = /[([]\s*(?:(?:this\s+is\s+)?(?:an?|the)\s+)?(companion(?:\s+(?:piece|story|fic))?|sequel|prequel|follow-?\s*up|translation|inspired)\s*(?:to|of|by|for)?\s*:?\s*([^)\]]+?)\s*[)\]]/gi;

/**
 * Takes a title as written and separates what old archives packed into it: part counters,
 * chapter headings, companion/sequel notes and a bracketed rating, leaving the bare title.
 */
export function parseTitle(raw: string): TitleParts {
  const related: TitleParts['related'] = [];
  let part: TitleParts['part'] = null;
  let gradeText: string | null = null;
  let chapterTitle: string | null = null;
  const series: TitleParts['series'] = [];
  const relationships: string[] = [];
  let complete: boolean | null = null;
  let t = raw.replace(/\s+/g, ' ').trim();
  t = t.replace(/[([]\s*(wip|w\.i\.p\.?|work\s+in\s+progress|in\s+progress|incomplete|unfinished|abandoned|on\s+hiatus|complete[d]?|finished)\s*[)\]]/gi, (_m, s: string) => {
    complete = /^(?:complete|finished)/i.test(s);
    return ' ';
  });

  t = t.replace(RELATED, (_m, kind: string, other: string) => {
    related.push({ relation: relationOf(kind), title: unquote(other) });
    return ' ';
  });

  // Bracketed rating: "(PG-13)", "[R]"; only short groups, so "(a story about R)" stays.
  t = t.replace(/[([]\s*(?:rated\s+)?([^()[\]]{1,24}?)\s*[)\]]/gi, (m, inner: string) => {
    if (gradeText === null && containsGradeCode(inner) && !/\d\s*(?:\/|of)\s*[\d?]/.test(inner)) {
      gradeText = inner.trim();
      return ' ';
    }
    return m;
  });

  const counters: [RegExp, (m: RegExpExecArray) => void][] = [
    [BRACKETED_COUNTER, (m) => (part = counter(m[1], m[2]))],
    [PART_COUNTER, (m) => (part = counter(m[1], m[2]))],
    [CHAPTER_COUNTER, (m) => {
      part = counter(m[1], m[2]);
      chapterTitle = m[3]?.trim() || null;
    }],
    [TRAILING_COUNTER, (m) => (part = counter(m[1], m[2]))],
  ];
  // "(Part 2 of the Summer series)": a series membership, once numeric "(2 of 5)" is gone.
  t = t.replace(SERIES_PART, (m, n: string, name: string) => {
    if (toNumber(name) !== null || /^\?+$/.test(name)) return m;
    series.push({ title: seriesName(name), part: toNumber(n) });
    return ' ';
  });
  // "[Ada/Tom]": a pairing named in a subject line.
  t = t.replace(/[([]\s*([\p{L}][\p{L} .'’-]*(?:\s*\/\s*[\p{L}][\p{L} .'’-]*)+)\s*[)\]]/gu, (_m, p: string) => {
    relationships.push(p.trim());
    return ' ';
  });
  // Each kind of counter is removed wherever found; the first one found names the part.
  for (const [re, take] of counters) {
    const m = re.exec(t);
    if (!m) continue;
    const before: TitleParts['part'] = part;
    take(m);
    if (before !== null && part !== before) part = before;
    t = `${t.slice(0, m.index)} ${t.slice(m.index + m[0].length)}`;
  }
  t = t.replace(/\s+/g, ' ').replace(/^[\s,:;–—-]+|[\s,:;–—-]+$/g, '').trim();
  t = unquote(t.replace(/^[*_~=#<>|]+|[*_~=#<>|]+$/g, '').trim());
  return { title: t === '' ? null : t, part, related, gradeText, chapterTitle, series, relationships, complete };
}

function counter(n: string | undefined, of: string | undefined): TitleParts['part'] {
  const number = toNumber(n ?? '');
  if (number === null) return null;
  const total = of === undefined || /^\?+$/.test(of) ? null : toNumber(of);
  return { number, of: total };
}

/** "the Summer series" names the series "Summer"; "The Salt Trilogy" is kept as written. */
export function seriesName(s: string): string {
  const m = /^(?:the\s+)?(.+?)\s+series$/i.exec(s.trim());
  return unquote(m ? (m[1] ?? s) : s.trim());
}

export function toNumber(s: string): number | null {
  const t = s.trim().toLowerCase();
  if (/^\d+$/.test(t)) return parseInt(t, 10);
  const w = NUMBER_WORDS.indexOf(t);
  if (w > 0) return w;
  if (/^[ivxlc]+$/.test(t)) return roman(t);
  return null;
}

function roman(s: string): number | null {
  const v: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const a = v[s[i] as string] ?? 0;
    const b = v[s[i + 1] as string] ?? 0;
    n += a < b ? -a : a;
  }
  return n > 0 && n < 200 ? n : null;
}

export function relationOf(kind: string): Relation {
  const k = kind.toLowerCase();
  if (k.startsWith('companion')) return 'companion';
  if (k.startsWith('prequel')) return 'prequel';
  if (k.startsWith('translation') || k.startsWith('translated') || k.startsWith('original')) return 'translation';
  if (k.startsWith('inspired')) return 'inspired by';
  return 'sequel';
}

/** Strips quotes that wrap the whole title; the quotes are decoration, not part of it. */
export function unquote(s: string): string {
  const m = /^["“”'‘’«](.*)["“”'‘’»]$/.exec(s.trim());
  return m && !/["“”]/.test(m[1] ?? '') ? (m[1] ?? '').trim() : s.trim();
}
