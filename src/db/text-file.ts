import { join } from 'node:path';
import type Sqlite from 'better-sqlite3';

/**
 * SQLite keeps the full-text index in a file of its own beside the archive, attached to every
 * connection as the schema `fts`: `DATA/fanfold-text.db`. SQLite lets one connection write a
 * file at a time, and the full-text index is about half of what an import writes; in its own
 * file a second connection (an import's text writer thread, importer/text-writer.ts) fills it
 * while the main connection stores the works. Queries name `search_work` unqualified and find
 * it there. The file holds derived data only: when it is missing (a backup of fanfold.db alone)
 * it is created empty and the server rebuilds the index from the works at start.
 * (An archive whose `search_work` still holds the story text is converted by migration 0009.)
 */
export const TEXT_FILE = 'fanfold-text.db';

/** The full-text tables, rowid = work id: every work's metadata, and the story text of works that have any (migration 0009). */
export const SEARCH_WORK_COLUMNS = "title, summary, notes, tags, creators, tokenize = 'unicode61 remove_diacritics 2'";
export const SEARCH_BODY_COLUMNS = "body, tokenize = 'unicode61 remove_diacritics 2'";

/** The page size of a new archive's files (db/connect.ts). */
export const PAGE_SIZE = 8192;

/** Attaches the archive's full-text file (creating it and its table when missing). */
export function attachTextFile(sqlite: Sqlite.Database, dir: string): void {
  sqlite.prepare('attach database ? as fts').run(join(dir, TEXT_FILE));
  sqlite.pragma(`fts.page_size = ${PAGE_SIZE}`);
  sqlite.pragma('fts.journal_mode = WAL');
  sqlite.pragma('fts.synchronous = NORMAL');
  sqlite.exec(`create virtual table if not exists fts.search_work using fts5(${SEARCH_WORK_COLUMNS})`);
  sqlite.exec(`create virtual table if not exists fts.search_body using fts5(${SEARCH_BODY_COLUMNS})`);
}
