import type { PreparedChapter } from '../../works/prepare-chapter.js';
import type { ImportRecord } from './record-schema.js';

/** Something the parser could not place or map, reported by source line (1-based) when known. */
export interface ImportProblem {
  line: number | null;
  field: string | null;
  message: string;
}

/** One chapter's body; `html` is not sanitized here because the caller sanitizes once on store. */
export interface ParsedChapter {
  title: string | null;
  html: string;
  words: number;
  /**
   * The body made ready to store (sanitized, counted, plain text), when the parse was asked
   * for it (`ParseOptions.prepare`); then `words` is the stored count.
   */
  prepared?: PreparedChapter;
}

export interface ParsedWork {
  record: ImportRecord;
  chapters: ParsedChapter[];
  endNotes: string | null;
  /** Emails and URLs from the header: private provenance, never copied into public fields. */
  contacts: string[];
  language: string | null;
  part: { number: number; of: number | null } | null;
  /** Header lines not understood; also appended to record.notes so nothing is lost. */
  unplaced: { line: number; text: string }[];
  problems: ImportProblem[];
}
