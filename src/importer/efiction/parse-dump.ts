/**
 * A tolerant reader for MySQL dumps: mysqldump output, phpMyAdmin exports and eFiction's own
 * admin backup (which writes bare `INSERT INTO t VALUES("..")` lines with no CREATE TABLE and
 * no column list). It only understands what an importer needs — CREATE TABLE column order and
 * INSERT/REPLACE rows — and skips every other statement.
 *
 * One left-to-right pass over the string with indexOf-driven jumps, so a dump of hundreds of
 * MB is read in linear time; values are sliced out once and never re-concatenated.
 */

import { decodeLegacyBytes } from '../parse/decode.js';

export type SqlValue = string | number | null;

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

export class SqlSyntaxError extends Error {
  readonly code = 'sql_syntax';
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const WS = new Set([32, 9, 10, 13, 12, 11]);
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

class SqlReader {
  pos = 0;
  /**
   * Next backslash at or after some earlier position. Cached because a dump without
   * backslashes would otherwise rescan to its end for every string (quadratic).
   */
  private nextBackslash = -2;
  constructor(readonly s: string) {}

  private backslashFrom(i: number): number {
    if (this.nextBackslash === -1) return -1;
    if (this.nextBackslash < i) this.nextBackslash = this.s.indexOf('\\', i);
    return this.nextBackslash;
  }

  peekChar(): string {
    return this.s.charAt(this.pos);
  }

  expect(ch: string): void {
    if (this.s[this.pos] !== ch) {
      throw new SqlSyntaxError(`expected ${JSON.stringify(ch)} but found ${JSON.stringify(this.s.slice(this.pos, this.pos + 20))}`, this.pos);
    }
    this.pos++;
  }

  skipSpaceAndComments(): void {
    const s = this.s;
    for (;;) {
      while (this.pos < s.length && WS.has(s.charCodeAt(this.pos))) this.pos++;
      const c = s[this.pos];
      // "-- " starts a comment; a bare line of dashes is taken as one too (hand-made dumps).
      if (c === '#' || (c === '-' && s[this.pos + 1] === '-' && (this.pos + 2 >= s.length || WS.has(s.charCodeAt(this.pos + 2)) || s[this.pos + 2] === '-'))) {
        const nl = s.indexOf('\n', this.pos);
        this.pos = nl < 0 ? s.length : nl + 1;
      } else if (c === '/' && s[this.pos + 1] === '*') {
        // Includes /*!40101 … */ version comments: they only set session options.
        const end = s.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? s.length : end + 2;
      } else {
        return;
      }
    }
  }

  peekWord(): string {
    const m = /[A-Za-z_][A-Za-z0-9_$]*/y;
    m.lastIndex = this.pos;
    const hit = m.exec(this.s);
    return hit ? hit[0] : '';
  }

  readWord(): string {
    this.skipSpaceAndComments();
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }

  readQuotedIdent(): string {
    const q = this.s[this.pos] as string;
    let out = '';
    let i = this.pos + 1;
    for (;;) {
      const end = this.s.indexOf(q, i);
      if (end < 0) throw new SqlSyntaxError('unterminated identifier', this.pos);
      out += this.s.slice(i, end);
      // A doubled quote inside a quoted identifier stands for itself.
      if (this.s[end + 1] === q) {
        out += q;
        i = end + 2;
        continue;
      }
      this.pos = end + 1;
      return out;
    }
  }

  /** `name`, "name", name, or db.name (the database part is dropped). */
  readTableName(): string {
    this.skipSpaceAndComments();
    let name = this.readIdentPart();
    while (this.s[this.pos] === '.') {
      this.pos++;
      name = this.readIdentPart();
    }
    if (name === '') throw new SqlSyntaxError('expected a table name', this.pos);
    return name;
  }

  private readIdentPart(): string {
    const c = this.s[this.pos];
    if (c === '`' || c === '"') return this.readQuotedIdent();
    const m = /[A-Za-z0-9_$\u0080-\uffff]+/y;
    m.lastIndex = this.pos;
    const hit = m.exec(this.s);
    if (!hit) return '';
    this.pos += hit[0].length;
    return hit[0];
  }

  readColumnList(): string[] {
    this.expect('(');
    const cols: string[] = [];
    for (;;) {
      this.skipSpaceAndComments();
      const c = this.s[this.pos];
      if (c === ')') {
        this.pos++;
        return cols;
      }
      if (c === ',') {
        this.pos++;
        continue;
      }
      const name = this.readIdentPart();
      if (name === '') throw new SqlSyntaxError('bad column list', this.pos);
      cols.push(name);
    }
  }

  readTuple(): SqlValue[] {
    const values: SqlValue[] = [];
    for (;;) {
      this.skipSpaceAndComments();
      if (this.s[this.pos] === ')' && values.length === 0) {
        this.pos++;
        return values;
      }
      values.push(this.readValue());
      this.skipSpaceAndComments();
      const c = this.s[this.pos];
      this.pos++;
      if (c === ',') continue;
      if (c === ')') return values;
      throw new SqlSyntaxError(`expected "," or ")" in VALUES but found ${JSON.stringify(c ?? 'end of input')}`, this.pos - 1);
    }
  }

  readValue(): SqlValue {
    const s = this.s;
    let c = s[this.pos];
    // Charset introducers: _utf8'…', _latin1"…", N'…'.
    if (c === '_' || c === 'N' || c === 'n') {
      const m = /(?:_[A-Za-z0-9]+|[Nn])(?=['"])/y;
      m.lastIndex = this.pos;
      const hit = m.exec(s);
      if (hit) {
        this.pos += hit[0].length;
        c = s[this.pos];
      }
    }
    if (c === "'" || c === '"') return this.readString(c);
    if ((c === 'x' || c === 'X') && s[this.pos + 1] === "'") {
      this.pos++;
      return hexToText(this.readString("'"));
    }
    if (c === '0' && (s[this.pos + 1] === 'x' || s[this.pos + 1] === 'X')) {
      const m = /0[xX]([0-9A-Fa-f]*)/y;
      m.lastIndex = this.pos;
      const hit = m.exec(s) as RegExpExecArray;
      this.pos += hit[0].length;
      return hexToText(hit[1] as string);
    }
    const num = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
    num.lastIndex = this.pos;
    const n = num.exec(s);
    if (n) {
      this.pos += n[0].length;
      const v = Number(n[0]);
      // Keep digits that do not survive as a double (big ids, long decimals) as text.
      return Number.isSafeInteger(v) || !/^[-+]?\d+$/.test(n[0]) ? v : n[0];
    }
    const w = this.peekWord();
    if (w === '') throw new SqlSyntaxError(`unreadable value ${JSON.stringify(s.slice(this.pos, this.pos + 20))}`, this.pos);
    this.pos += w.length;
    const up = w.toUpperCase();
    if (up === 'NULL') return null;
    if (up === 'TRUE') return 1;
    if (up === 'FALSE') return 0;
    // Functions such as NOW() or CURRENT_TIMESTAMP: keep the text, skip any argument list.
    if (s[this.pos] === '(') {
      const close = s.indexOf(')', this.pos);
      this.pos = close < 0 ? s.length : close + 1;
      return `${w}()`;
    }
    return w;
  }

  /** A quoted string with MySQL escapes; the fast path slices runs without escapes. */
  readString(q: string): string {
    const s = this.s;
    const start = this.pos;
    let i = start + 1;
    let out = '';
    for (;;) {
      const qi = s.indexOf(q, i);
      if (qi < 0) throw new SqlSyntaxError('unterminated string', start);
      let bi = this.backslashFrom(i);
      if (bi < 0 || bi > qi) {
        out += s.slice(i, qi);
        if (s[qi + 1] === q) {
          // '' inside '…' is one quote.
          out += q;
          i = qi + 2;
          continue;
        }
        this.pos = qi + 1;
        return out;
      }
      // Decode backslash escapes up to the quote that ends the string.
      while (bi >= 0 && bi < qi) {
        out += s.slice(i, bi);
        const e = s[bi + 1];
        out += ESCAPES[e as string] ?? (e === '%' || e === '_' ? `\\${e}` : (e ?? ''));
        i = bi + 2;
        bi = this.backslashFrom(i);
        // The escaped character may itself have been the quote we found.
        if (i > qi) break;
      }
    }
  }

  /** Skips to just past the `;` ending the current statement, minding strings and comments. */
  skipStatement(): void {
    const s = this.s;
    for (;;) {
      const m = STATEMENT_STOPS;
      m.lastIndex = this.pos;
      const hit = m.exec(s);
      if (!hit) {
        this.pos = s.length;
        return;
      }
      this.pos = hit.index;
      const c = hit[0];
      if (c === ';') {
        this.pos++;
        return;
      }
      if (c === "'" || c === '"') this.readString(c);
      else if (c === '`') this.readQuotedIdent();
      else {
        const before = this.pos;
        this.skipSpaceAndComments();
        if (this.pos === before) this.pos++;
      }
    }
  }

  /**
   * Skips a statement the reader does not need (SET, DROP, ALTER…). Hand-edited dumps and old
   * backups carry stray text lines, so a line that starts a statement we do read ends the
   * skip even without a semicolon, and a quote whose "string" would run over such a line is
   * taken as a stray apostrophe. Returns false when it skipped text that had no semicolon.
   */
  skipUnknownStatement(): boolean {
    const s = this.s;
    for (;;) {
      const m = UNKNOWN_STOPS;
      m.lastIndex = this.pos;
      const hit = m.exec(s);
      if (!hit) {
        this.pos = s.length;
        return false;
      }
      this.pos = hit.index;
      const c = hit[0];
      if (c === ';') {
        this.pos++;
        return true;
      }
      if (c === '\n') {
        STATEMENT_START.lastIndex = this.pos + 1;
        if (STATEMENT_START.test(s)) {
          this.pos++;
          return false;
        }
        this.pos++;
      } else if (c === "'" || c === '"' || c === '`') {
        const quote = this.pos;
        try {
          if (c === '`') this.readQuotedIdent();
          else this.readString(c);
          if (NEXT_STATEMENT.test(s.slice(quote, this.pos))) this.pos = quote + 1;
        } catch {
          this.pos = quote + 1;
        }
      } else {
        const before = this.pos;
        this.skipSpaceAndComments();
        if (this.pos === before) this.pos++;
        else if (s[this.pos - 1] === '\n') {
          // A line comment ended at a line that may start a statement.
          STATEMENT_START.lastIndex = this.pos;
          if (STATEMENT_START.test(s)) return false;
        }
      }
    }
  }

  /** Skips one CREATE TABLE definition; returns the delimiter that ended it. */
  skipDefinition(): ',' | ')' {
    const s = this.s;
    let depth = 0;
    for (;;) {
      const m = DEFINITION_STOPS;
      m.lastIndex = this.pos;
      const hit = m.exec(s);
      if (!hit) throw new SqlSyntaxError('unterminated CREATE TABLE', this.pos);
      this.pos = hit.index;
      const c = hit[0];
      if (c === '(') {
        depth++;
        this.pos++;
      } else if (c === ')') {
        this.pos++;
        if (depth === 0) return ')';
        depth--;
      } else if (c === ',') {
        this.pos++;
        if (depth === 0) return ',';
      } else if (c === "'" || c === '"') this.readString(c);
      else if (c === '`') this.readQuotedIdent();
      else {
        const before = this.pos;
        this.skipSpaceAndComments();
        if (this.pos === before) this.pos++;
      }
    }
  }
}

const STATEMENT_STOPS = /[;'"`#\-/]/g;
const UNKNOWN_STOPS = /[;'"`#\-/\n]/g;
const STATEMENT_START = /[ \t\r]*(?:INSERT|REPLACE|CREATE\s+TABLE|DROP\s+TABLE|LOCK\s+TABLES|UNLOCK\s+TABLES)\b/iy;
const NEXT_STATEMENT = /\n[ \t\r]*(?:INSERT|REPLACE|CREATE\s+TABLE|DROP\s+TABLE|LOCK\s+TABLES|UNLOCK\s+TABLES)\b/i;
const DEFINITION_STOPS = /[(),'"`#\-/]/g;

const ESCAPES: Record<string, string> = {
  '0': '\0',
  "'": "'",
  '"': '"',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
};

/** phpMyAdmin writes BLOB/TEXT-as-binary columns as hex; latin1 sites' bytes are not UTF-8. */
function hexToText(hex: string): string {
  return decodeLegacyBytes(Buffer.from(hex, 'hex'), 'column.bin').text;
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
