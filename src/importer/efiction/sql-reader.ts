import { decodeLegacyBytes } from '../parse/decode.js';

/**
 * The character-level reader under parse-dump.ts: whitespace and comments, identifiers,
 * values with every MySQL escape, and the skips that find where a statement ends while
 * minding strings. Every scan is indexOf/sticky-regex driven, so a dump is read in one pass.
 */

export type SqlValue = string | number | null;

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

export class SqlReader {
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
