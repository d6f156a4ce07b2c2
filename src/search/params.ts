import { z } from 'zod';
import { CATEGORIES, RATINGS, WARNINGS } from '../tags/tag-types.js';
import type { Category, Rating, Warning } from '../tags/tag-types.js';

/**
 * The search request, parsed from URL query parameters exactly as issue 5's API table names
 * them. Every parameter may repeat (`?include=a&include=b`) or hold a comma-separated list
 * (`?include=a,b`). Unknown parameters are rejected so a typo never silently widens a search.
 */
export const SORTS = ['best_match', 'updated', 'posted', 'creator', 'title', 'words', 'hits', 'kudos', 'comments', 'bookmarks'] as const;
export type SortKey = (typeof SORTS)[number];

export interface SearchRequest {
  q: string | null;
  include: string[];
  exclude: string[];
  rating: Rating[];
  warning: Warning[];
  category: Category[];
  fandom: string[];
  relationship: string[];
  character: string[];
  freeform: string[];
  crossover: 'include' | 'exclude' | 'only';
  complete: boolean | null;
  wordsMin: number | null;
  wordsMax: number | null;
  /** ISO date-times: inclusive lower bounds and exclusive upper bounds (the day after `*_before`). */
  postedFrom: string | null;
  postedUntil: string | null;
  updatedFrom: string | null;
  updatedUntil: string | null;
  language: string | null;
  collection: string | null;
  creator: string | null;
  /** null: best_match with a text query, updated otherwise. */
  sort: SortKey | null;
  order: 'asc' | 'desc';
  page: number;
  perPage: number;
}

/** A bad parameter: the web layer answers 400 with `{"error": {code, message}}`. */
export class SearchParamError extends Error {
  constructor(
    readonly code: 'unknown_parameter' | 'invalid_parameter' | 'query_syntax',
    message: string,
  ) {
    super(message);
  }
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const MAX_PER_PAGE = 100;

const list = z.array(z.string()).transform((vs) => vs.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''));
const one = (name: string) =>
  z.array(z.string()).refine((vs) => vs.length <= 1, { message: `${name} may be given once` }).transform((vs) => (vs[0] ?? '').trim());
const enumList = <T extends string>(name: string, values: readonly T[]) =>
  list.pipe(z.array(z.enum(values as unknown as [T, ...T[]], { error: (i) => `unknown ${name} ${JSON.stringify(i.input)} (expected one of: ${values.join(', ')})` })));
const int = (name: string, min: number, max: number) =>
  one(name).pipe(
    z.string().transform((v, ctx) => {
      if (v === '') return null;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return Number(v);
    }),
  );
const day = (name: string, shift: number) =>
  one(name).pipe(
    z.string().transform((v, ctx) => {
      if (v === '') return null;
      const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00.000Z`) : null;
      if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a date like 2024-05-01` });
        return z.NEVER;
      }
      return new Date(d.getTime() + shift * 86_400_000).toISOString();
    }),
  );
const choice = <T extends string>(name: string, values: readonly T[]) =>
  one(name).pipe(
    z.string().transform((v, ctx) => {
      if (v === '') return null;
      if (!(values as readonly string[]).includes(v)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be one of: ${values.join(', ')}` });
        return z.NEVER;
      }
      return v as T;
    }),
  );

const Schema = z
  .object({
    q: one('q'),
    include: list,
    exclude: list,
    rating: enumList('rating', RATINGS),
    warning: enumList('warning', WARNINGS),
    category: enumList('category', CATEGORIES),
    fandom: list,
    relationship: list,
    character: list,
    freeform: list,
    crossover: choice('crossover', ['include', 'exclude', 'only'] as const),
    complete: choice('complete', ['true', 'false'] as const),
    words_min: int('words_min', 0, 2_000_000_000),
    words_max: int('words_max', 0, 2_000_000_000),
    posted_after: day('posted_after', 0),
    posted_before: day('posted_before', 1),
    updated_after: day('updated_after', 0),
    updated_before: day('updated_before', 1),
    language: one('language'),
    collection: one('collection'),
    creator: one('creator'),
    sort: choice('sort', SORTS),
    order: choice('order', ['asc', 'desc'] as const),
    page: int('page', 1, 1_000_000),
    per_page: int('per_page', 1, MAX_PER_PAGE),
  })
  .partial()
  .strict();

export const PARAMETER_NAMES = Object.keys(Schema.shape) as (keyof typeof Schema.shape)[];

/**
 * Parses query parameters (a URLSearchParams, or a record of string / string[] values as a
 * router gives them) into a SearchRequest, or throws SearchParamError. The `q` text is only
 * checked for length here; its syntax is checked by `parseQuery`.
 */
export function parseSearchParams(input: URLSearchParams | Record<string, string | string[] | undefined>): SearchRequest {
  const grouped: Record<string, string[]> = {};
  const entries: [string, string][] =
    input instanceof URLSearchParams
      ? [...input.entries()]
      : Object.entries(input).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])));
  for (const [k, v] of entries) (grouped[k] ??= []).push(v);
  const unknown = Object.keys(grouped).filter((k) => !(PARAMETER_NAMES as string[]).includes(k));
  if (unknown.length > 0) {
    throw new SearchParamError('unknown_parameter', `unknown parameter ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: ${PARAMETER_NAMES.join(', ')})`);
  }
  const r = Schema.safeParse(grouped);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new SearchParamError('invalid_parameter', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  const p = r.data;
  const q = p.q ?? '';
  if (q.length > 1000) throw new SearchParamError('invalid_parameter', 'q: at most 1000 characters');
  if (p.words_min != null && p.words_max != null && p.words_min > p.words_max) {
    throw new SearchParamError('invalid_parameter', 'words_min: must not be larger than words_max');
  }
  return {
    q: q === '' ? null : q,
    include: p.include ?? [],
    exclude: p.exclude ?? [],
    rating: p.rating ?? [],
    warning: p.warning ?? [],
    category: p.category ?? [],
    fandom: p.fandom ?? [],
    relationship: p.relationship ?? [],
    character: p.character ?? [],
    freeform: p.freeform ?? [],
    crossover: p.crossover ?? 'include',
    complete: p.complete == null ? null : p.complete === 'true',
    wordsMin: p.words_min ?? null,
    wordsMax: p.words_max ?? null,
    postedFrom: p.posted_after ?? null,
    postedUntil: p.posted_before ?? null,
    updatedFrom: p.updated_after ?? null,
    updatedUntil: p.updated_before ?? null,
    language: p.language || null,
    collection: p.collection || null,
    creator: p.creator || null,
    sort: p.sort ?? null,
    order: p.order ?? 'desc',
    page: p.page ?? 1,
    perPage: p.per_page ?? 20,
  };
}

/** A request with every filter empty: handy for callers building one in code (tag pages, tests). */
export function searchRequest(over: Partial<SearchRequest> = {}): SearchRequest {
  return { ...parseSearchParams({}), ...over };
}
