/**
 * A tolerant reader for MySQL dumps: mysqldump output, phpMyAdmin exports and eFiction's own
 * admin backup (which writes bare `INSERT INTO t VALUES("..")` lines with no CREATE TABLE and
 * no column list). It only understands what an importer needs — CREATE TABLE column order and
 * INSERT/REPLACE rows — and skips every other statement.
 *
 * One left-to-right pass over the string with indexOf-driven jumps, so a dump of hundreds of
 * MB is read in linear time; values are sliced out once and never re-concatenated.
 */

import { SqlReader, SqlSyntaxError } from './sql-reader.js';
import type { SqlValue } from './sql-reader.js';

export { SqlSyntaxError };
export type { SqlValue };

/** One INSERT statement's rows; `columns` is null when the statement named none. */
export interface InsertBatch {
  columns: string[] | null;
  rows: SqlValue[][];
}

export interface DumpTable {
  name: string;
  /** Column order from CREATE TABLE, when the dump had one. */
  columns: string[] | null;
  inserts: InsertBatch[];
}

export interface DumpProblem {
  line: number;
  message: string;
}

export interface MysqlDump {
  /** Keyed by table name exactly as written (without backquotes). */
  tables: Map<string, DumpTable>;
  problems: DumpProblem[];
}

const KEY_WORDS = new Set(['PRIMARY', 'KEY', 'UNIQUE', 'INDEX', 'CONSTRAINT', 'FULLTEXT', 'FOREIGN', 'CHECK', 'SPATIAL', 'PERIOD']);

/** Parses a whole dump. Statements it cannot read are skipped and reported by line. */
export function parseMysqlDump(sql: string): MysqlDump {
  const tables = new Map<string, DumpTable>();
  const problems: DumpProblem[] = [];
  const table = (name: string): DumpTable => {
    let t = tables.get(name);
    if (!t) {
      t = { name, columns: null, inserts: [] };
      tables.set(name, t);
    }
    return t;
  };
  const r = new SqlReader(sql);
  const lineAt = lineCounter(sql);
  // Dumps sometimes begin with a UTF-8 byte order mark.
  if (sql.charCodeAt(0) === 0xfeff) r.pos = 1;
  for (;;) {
    r.skipSpaceAndComments();
    if (r.pos >= sql.length) break;
    const start = r.pos;
    try {
      const word = r.peekWord().toUpperCase();
      if (word === 'INSERT' || word === 'REPLACE') {
        readInsert(r, table);
      } else if (word === 'CREATE' && /^CREATE\s+(?:TEMPORARY\s+)?TABLE\b/i.test(sql.slice(r.pos, r.pos + 40))) {
        const { name, columns } = readCreateTable(r);
        table(name).columns = columns;
      } else if (word === 'DELIMITER') {
        // Only used around triggers/procedures, which an importer never needs.
        const nl = sql.indexOf('\n', r.pos);
        r.pos = nl < 0 ? sql.length : nl + 1;
      } else if (!r.skipUnknownStatement()) {
        const firstLine = sql.slice(start, Math.min(r.pos, start + 200)).split('\n')[0] ?? '';
        problems.push({ line: lineAt(start), message: `skipped text that is not an SQL statement: ${JSON.stringify(firstLine.trim().slice(0, 60))}` });
      }
    } catch (e) {
      const at = e instanceof SqlSyntaxError ? e.pos : start;
      problems.push({ line: lineAt(at), message: e instanceof Error ? e.message : String(e) });
      r.pos = recoverFrom(sql, Math.max(at, start + 1));
    }
  }
  return { tables, problems };
}

/**
 * Rows of one table as objects. Batches with their own column list use it; others fall back to
 * the CREATE TABLE order, then to `fallback(valueCount)` (known eFiction layouts). Values past
 * the known columns are kept as `col<N>` so nothing silently disappears.
 */
export function tableRows(
  table: DumpTable | undefined,
  fallback?: (valueCount: number) => string[] | null,
): Record<string, SqlValue>[] {
  if (!table) return [];
  const out: Record<string, SqlValue>[] = [];
  // Key lists are resolved once per column list and row width, not per cell.
  const byWidth = new Map<number, string[]>();
  const keysFor = (given: string[] | null, width: number): string[] => {
    if (given) return keysOf(given, width);
    let keys = byWidth.get(width);
    if (!keys) {
      keys = keysOf(fallback?.(width) ?? [], width);
      byWidth.set(width, keys);
    }
    return keys;
  };
  for (const batch of table.inserts) {
    const given = batch.columns ?? table.columns;
    let keys: string[] = [];
    let width = -1;
    for (const row of batch.rows) {
      if (row.length !== width) {
        width = row.length;
        keys = keysFor(given, width);
      }
      const rec: Record<string, SqlValue> = {};
      for (let i = 0; i < width; i++) rec[keys[i] as string] = row[i] ?? null;
      out.push(rec);
    }
  }
  return out;
}

function keysOf(cols: string[], width: number): string[] {
  return Array.from({ length: width }, (_, i) => (cols[i] ?? `col${i + 1}`).toLowerCase());
}

/**
 * Reads one INSERT into its table. The batch is registered before its rows are read, so when
 * one row is broken the rows before it are kept and only the rest of the statement is lost.
 */
function readInsert(r: SqlReader, table: (name: string) => DumpTable): void {
  r.readWord(); // INSERT / REPLACE
  // Modifiers such as LOW_PRIORITY, DELAYED, IGNORE, then INTO.
  for (;;) {
    r.skipSpaceAndComments();
    const w = r.peekWord().toUpperCase();
    if (w === 'INTO') {
      r.readWord();
      break;
    }
    if (w === 'LOW_PRIORITY' || w === 'DELAYED' || w === 'HIGH_PRIORITY' || w === 'IGNORE') r.readWord();
    else break;
  }
  const name = r.readTableName();
  r.skipSpaceAndComments();
  let columns: string[] | null = null;
  if (r.peekChar() === '(') columns = r.readColumnList();
  r.skipSpaceAndComments();
  const kw = r.peekWord().toUpperCase();
  if (kw !== 'VALUES' && kw !== 'VALUE') {
    // INSERT … SELECT / SET: not row data we can read from a dump.
    const at = r.pos;
    r.skipStatement();
    throw new SqlSyntaxError(`skipped INSERT INTO ${name} without VALUES`, at);
  }
  r.readWord();
  const batch: InsertBatch = { columns, rows: [] };
  table(name).inserts.push(batch);
  try {
    for (;;) {
      r.skipSpaceAndComments();
      r.expect('(');
      batch.rows.push(r.readTuple());
      r.skipSpaceAndComments();
      const c = r.peekChar();
      if (c === ',') {
        r.pos++;
        continue;
      }
      break;
    }
  } catch (e) {
    if (e instanceof SqlSyntaxError && batch.rows.length > 0) {
      throw new SqlSyntaxError(`${e.message}; kept the ${batch.rows.length} rows of INSERT INTO ${name} before it, skipped the rest of the statement`, e.pos);
    }
    throw e;
  }
  // ON DUPLICATE KEY UPDATE … and the terminating semicolon.
  r.skipStatement();
}

function readCreateTable(r: SqlReader): { name: string; columns: string[] } {
  r.readWord(); // CREATE
  r.skipSpaceAndComments();
  if (r.peekWord().toUpperCase() === 'TEMPORARY') r.readWord();
  r.readWord(); // TABLE
  r.skipSpaceAndComments();
  if (r.peekWord().toUpperCase() === 'IF') {
    r.readWord();
    r.readWord(); // NOT
    r.readWord(); // EXISTS
  }
  const name = r.readTableName();
  r.skipSpaceAndComments();
  r.expect('(');
  const columns: string[] = [];
  // Each definition starts at depth 1 after "(" or ","; the first token names the column
  // unless it is an index/constraint keyword.
  for (;;) {
    r.skipSpaceAndComments();
    const c = r.peekChar();
    if (c === ')') {
      r.pos++;
      break;
    }
    if (c === '`' || c === '"') {
      columns.push(r.readQuotedIdent());
    } else {
      const w = r.readWord();
      if (w === '') throw new SqlSyntaxError(`unexpected ${JSON.stringify(c)} in CREATE TABLE ${name}`, r.pos);
      if (!KEY_WORDS.has(w.toUpperCase())) columns.push(w);
    }
    const end = r.skipDefinition();
    if (end === ')') break;
  }
  r.skipStatement();
  return { name, columns };
}

/** Line numbers for problems; errors arrive in order, so counting resumes where it stopped. */
function lineCounter(s: string): (pos: number) => number {
  let at = 0;
  let line = 1;
  return (pos) => {
    if (pos < at) {
      at = 0;
      line = 1;
    }
    for (let i = s.indexOf('\n', at); i >= 0 && i < pos; i = s.indexOf('\n', i + 1)) {
      line++;
      at = i + 1;
    }
    return line;
  };
}

/** After a syntax error, resume at the next line that starts a statement. */
function recoverFrom(s: string, pos: number): number {
  const m = /;[ \t]*\r?\n/g;
  m.lastIndex = pos;
  const hit = m.exec(s);
  return hit ? hit.index + hit[0].length : s.length;
}
