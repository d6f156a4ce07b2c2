import { repairMojibake } from '../parse/decode.js';
import type { SqlValue } from './parse-dump.js';

/**
 * Text of a cell; eFiction's backup writes NULL as "" so both read as "". Many eFiction
 * databases kept UTF-8 bytes in latin1 tables, so dumps show "Ã©" for "é": repaired here,
 * once per cell (the repair only touches runs that decode as valid UTF-8).
 */
export function str(v: SqlValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return v.length > 1 && /[\u00c2-\u00f4]/.test(v) ? repairMojibake(v) : v;
}

/** A cell as written, for numbers, flags and dates: no text repair needed there. */
function raw(v: SqlValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? String(v) : v;
}

/** Trimmed text or null when empty: optional fields are null in WorkInput, never "". */
export function optText(v: SqlValue | undefined): string | null {
  const s = str(v).trim();
  return s === '' ? null : s;
}

/** Integer cell (the backup quotes numbers: "12"); NaN-free, 0 when unreadable. */
export function int(v: SqlValue | undefined): number {
  if (typeof v === 'number') return Math.trunc(v);
  const n = parseInt(raw(v).trim(), 10);
  return Number.isFinite(n) ? n : 0;
}

/** eFiction flags are char(1) '0'/'1' (sometimes 'Y'/'N' in hand-edited rows). */
export function flag(v: SqlValue | undefined): boolean {
  const s = raw(v).trim().toUpperCase();
  return s === '1' || s === 'Y' || s === 'YES' || s === 'TRUE';
}

/** A comma-separated id list ("3,10, 16"); blanks, zeros and junk dropped, order and uniqueness kept. */
export function idList(v: SqlValue | undefined): number[] {
  const out: number[] = [];
  for (const part of raw(v).split(/[,;|\s]+/)) {
    const n = parseInt(part, 10);
    if (Number.isFinite(n) && n > 0 && !out.includes(n)) out.push(n);
  }
  return out;
}

/**
 * eFiction 3.0 stored DATETIME ("2006-02-09 22:21:35", server local time, taken as UTC since
 * the dump does not say), 3.4+ stored unix seconds; the backup quotes both. Zero dates
 * ("0000-00-00", 0) mean "never set" and give null.
 */
export function toIso(v: SqlValue | undefined): string | null {
  if (typeof v === 'number') return unixToIso(v);
  const s = raw(v).trim();
  if (s === '') return null;
  if (/^\d+$/.test(s)) return unixToIso(Number(s));
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  if (!y || !mo || !d) return null;
  const t = Date.UTC(y, mo - 1, d, h ?? 0, mi ?? 0, se ?? 0);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function unixToIso(n: number): string | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  // Very large values are milliseconds written by hand-migrated rows.
  const ms = n > 1e11 ? n : n * 1000;
  return ms < 8.64e15 ? new Date(ms).toISOString() : null;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#039': "'" };

/**
 * Plain fields (titles, pen names, category names) were often saved through htmlspecialchars,
 * so "Tobin&#039;s Day" must read as "Tobin's Day" before it becomes a title or tag.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    const named = NAMED[e.toLowerCase()];
    if (named !== undefined) return named;
    if (e[0] !== '#') return whole;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
  });
}

/** A plain name field: entities decoded, whitespace collapsed. */
export function plainName(v: SqlValue | undefined): string {
  return decodeEntities(str(v)).replace(/\s+/g, ' ').trim();
}
