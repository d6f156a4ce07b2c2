import type { ImportMap } from './import-map.js';
import type { Category, Relation } from './record-schema.js';
import type { ImportProblem } from './types.js';

/**
 * Everything read from a header before it becomes an import record. Fields fill this in
 * reading order; `finishDraft` then resolves ratings, warnings and the map overrides.
 */
export interface Draft {
  title: string | null;
  /** A Title: label beats a title guessed from a subject, page title or unlabelled line. */
  titleFromLabel: boolean;
  creators: string[];
  /** `only` is the part to map when one value held several fields ("Rating and Warnings"). */
  ratingTexts: { text: string; line: number; field: string; only?: string }[];
  /** Rating grade seen only in a subject or title line. */
  subjectGrade: { text: string; line: number | null } | null;
  warningTexts: { text: string; line: number; only?: string }[];
  categories: Category[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  tags: string[];
  summary: string[];
  notes: string[];
  spoilers: string[];
  disclaimer: string[];
  series: { title: string; part: number | null }[];
  related: { relation: Relation; title: string }[];
  archive: string | null;
  complete: boolean | null;
  published: string | null;
  contacts: string[];
  language: string | null;
  part: { number: number; of: number | null } | null;
  chapterTitle: string | null;
  unplaced: { line: number; text: string }[];
  problems: ImportProblem[];
  /** Header shape, which changes a few meanings (eFiction "Categories" are fandoms). */
  shape: 'plain' | 'efiction' | 'ao3' | 'ffn';
  map: ImportMap | undefined;
}

export function emptyDraft(map: ImportMap | undefined): Draft {
  return {
    title: null, titleFromLabel: false, creators: [], ratingTexts: [], subjectGrade: null, warningTexts: [], categories: [],
    fandoms: [], relationships: [], characters: [], tags: [], summary: [], notes: [], spoilers: [],
    disclaimer: [], series: [], related: [], archive: null, complete: null, published: null,
    contacts: [], language: null, part: null, chapterTitle: null, unplaced: [], problems: [],
    shape: 'plain', map,
  };
}

export function pushUnique<T>(list: T[], ...values: T[]): void {
  for (const v of values) if (!list.includes(v)) list.push(v);
}
