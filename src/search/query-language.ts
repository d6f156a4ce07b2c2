import { SORTS } from './params.js';
import type { SortKey } from './params.js';
import { SearchParamError } from './params.js';

/**
 * The search box's small query language:
 *
 *   dragon "blue sky"            words and exact phrases, all required
 *   -angst  -"major death"       excluded words and phrases
 *   tea OR coffee OR "hot milk"  any of them (OR binds tighter than the implicit AND)
 *   title:dragon summary:"x y"   field qualifiers: title, summary, creator, tag
 *   words>5000 kudos>=100        ranges on words, kudos, hits, comments, bookmarks, chapters
 *   sort:kudos                   a sort (the `sort` parameter, when given, wins)
 *
 * `parseQuery` returns the query in conjunctive form or throws `QuerySyntaxError` naming the
 * position and the problem; it never throws anything else.
 */
export const TEXT_FIELDS = ['any', 'title', 'summary', 'creator', 'tag'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export const RANGE_FIELDS = ['words', 'kudos', 'hits', 'comments', 'bookmarks', 'chapters'] as const;
export type RangeField = (typeof RANGE_FIELDS)[number];

/** One word or phrase. `tokens` are lower-cased letter/number runs; more than one is a phrase. */
export interface TextTerm {
  field: TextField;
  tokens: string[];
}
export interface RangeClause {
  field: RangeField;
  /** Inclusive bounds. */
  min: number | null;
  max: number | null;
}
export interface ParsedQuery {
  /** Every clause is required; a clause is satisfied by any of its terms. */
  must: TextTerm[][];
  mustNot: TextTerm[];
  ranges: RangeClause[];
  sort: SortKey | null;
}

export class QuerySyntaxError extends SearchParamError {
  constructor(
    readonly position: number,
    readonly problem: string,
  ) {
    super('query_syntax', `q: ${problem} at character ${position + 1}`);
  }
}

/** Splits text into index tokens the way both full-text indexes do (letters and digits). */
export function textTokens(s: string): string[] {
  return (s.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []).slice(0, 32);
}

type Lexeme =
  | { kind: 'or'; pos: number }
  | { kind: 'item'; pos: number; neg: boolean; field: string | null; value: string; quoted: boolean; op: string | null };

function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  const n = q.length;
  const ws = (c: string | undefined) => c !== undefined && /\s/.test(c);
  while (i < n) {
    if (ws(q[i])) {
      i++;
      continue;
    }
    const start = i;
    let neg = false;
    if (q[i] === '-') {
      neg = true;
      i++;
      if (i >= n || ws(q[i])) throw new QuerySyntaxError(start, 'nothing follows "-"');
    }
    if (q[i] === '"') {
      const end = q.indexOf('"', i + 1);
      if (end < 0) throw new QuerySyntaxError(i, 'unterminated quote');
      out.push({ kind: 'item', pos: start, neg, field: null, value: q.slice(i + 1, end), quoted: true, op: null });
      i = end + 1;
      continue;
    }
    const m = /^([A-Za-z_]+)(>=|<=|>|<|=|:)/.exec(q.slice(i));
    if (m) {
      const field = (m[1] as string).toLowerCase();
      const op = m[2] as string;
      i += m[0].length;
      if (i >= n || ws(q[i])) throw new QuerySyntaxError(start, `nothing follows "${m[0]}"`);
      if (q[i] === '"') {
        const end = q.indexOf('"', i + 1);
        if (end < 0) throw new QuerySyntaxError(i, 'unterminated quote');
        out.push({ kind: 'item', pos: start, neg, field, value: q.slice(i + 1, end), quoted: true, op });
        i = end + 1;
        continue;
      }
      let j = i;
      while (j < n && !ws(q[j])) j++;
      out.push({ kind: 'item', pos: start, neg, field, value: q.slice(i, j), quoted: false, op });
      i = j;
      continue;
    }
    let j = i;
    while (j < n && !ws(q[j])) j++;
    const word = q.slice(i, j);
    if (word === 'OR' && !neg) out.push({ kind: 'or', pos: start });
    else out.push({ kind: 'item', pos: start, neg, field: null, value: word, quoted: false, op: null });
    i = j;
  }
  return out;
}

type Clause = { kind: 'text'; term: TextTerm; neg: boolean; pos: number } | { kind: 'range'; range: RangeClause; pos: number } | { kind: 'sort'; sort: SortKey; pos: number } | { kind: 'empty'; pos: number };

function toClause(l: Extract<Lexeme, { kind: 'item' }>): Clause {
  if (l.field !== null && (RANGE_FIELDS as readonly string[]).includes(l.field)) {
    if (l.neg) throw new QuerySyntaxError(l.pos, `a range cannot be excluded with "-"; use the opposite comparison`);
    if (!/^\d{1,10}$/.test(l.value)) throw new QuerySyntaxError(l.pos, `"${l.field}${l.op}" needs a whole number, not "${l.value}"`);
    const v = Number(l.value);
    const field = l.field as RangeField;
    const range: RangeClause =
      l.op === '>' ? { field, min: v + 1, max: null }
      : l.op === '>=' ? { field, min: v, max: null }
      : l.op === '<' ? { field, min: null, max: v - 1 }
      : l.op === '<=' ? { field, min: null, max: v }
      : { field, min: v, max: v };
    return { kind: 'range', range, pos: l.pos };
  }
  if (l.field === 'sort') {
    if (l.op !== ':' && l.op !== '=') throw new QuerySyntaxError(l.pos, 'write sort:KEY');
    if (l.neg) throw new QuerySyntaxError(l.pos, 'a sort cannot be excluded');
    const key = l.value.toLowerCase();
    if (!(SORTS as readonly string[]).includes(key)) throw new QuerySyntaxError(l.pos, `unknown sort "${l.value}" (expected one of: ${SORTS.join(', ')})`);
    return { kind: 'sort', sort: key as SortKey, pos: l.pos };
  }
  if (l.field !== null && l.op === ':' && (TEXT_FIELDS as readonly string[]).includes(l.field) && l.field !== 'any') {
    const tokens = textTokens(l.value);
    if (tokens.length === 0) throw new QuerySyntaxError(l.pos, `"${l.field}:" needs a word or a "phrase"`);
    return { kind: 'text', term: { field: l.field as TextField, tokens }, neg: l.neg, pos: l.pos };
  }
  if (l.field !== null && l.op !== ':') {
    throw new QuerySyntaxError(l.pos, `"${l.field}" is not a range field (ranges: ${RANGE_FIELDS.join(', ')})`);
  }
  // An unknown "x:" prefix is ordinary text ("re:zero").
  const raw = l.field !== null ? `${l.field}${l.op ?? ''}${l.value}` : l.value;
  const tokens = textTokens(raw);
  if (tokens.length === 0) return { kind: 'empty', pos: l.pos };
  return { kind: 'text', term: { field: 'any', tokens }, neg: l.neg, pos: l.pos };
}

export function parseQuery(q: string): ParsedQuery {
  const lexemes = lex(q);
  const result: ParsedQuery = { must: [], mustNot: [], ranges: [], sort: null };
  let group: Clause[] = [];
  let pendingOr: number | null = null;
  const flush = () => {
    const items = group.filter((c) => c.kind !== 'empty');
    group = [];
    if (items.length === 0) return;
    if (items.length > 1) {
      const bad = items.find((c) => c.kind !== 'text' || c.neg);
      if (bad) throw new QuerySyntaxError(bad.pos, 'OR can only join words and phrases (without "-")');
    }
    const only = items[0] as Clause;
    if (items.length === 1 && only.kind === 'range') result.ranges.push(only.range);
    else if (items.length === 1 && only.kind === 'sort') {
      if (result.sort !== null && result.sort !== only.sort) throw new QuerySyntaxError(only.pos, 'more than one sort');
      result.sort = only.sort;
    } else if (items.length === 1 && only.kind === 'text' && only.neg) result.mustNot.push(only.term);
    else result.must.push(items.flatMap((c) => (c.kind === 'text' ? [c.term] : [])));
  };
  for (const l of lexemes) {
    if (l.kind === 'or') {
      if (group.length === 0 || pendingOr !== null) throw new QuerySyntaxError(l.pos, 'OR needs a word or phrase on each side');
      pendingOr = l.pos;
      continue;
    }
    const c = toClause(l);
    if (pendingOr === null) flush();
    pendingOr = null;
    group.push(c);
  }
  if (pendingOr !== null) throw new QuerySyntaxError(pendingOr, 'OR needs a word or phrase on each side');
  flush();
  return result;
}

/** Whether the query asks for text at all (best match is the default sort then). */
export function hasText(p: ParsedQuery): boolean {
  return p.must.length > 0 || p.mustNot.length > 0;
}
