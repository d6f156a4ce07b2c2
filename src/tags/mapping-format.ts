import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { TAG_TYPES } from './tag-types.js';

/**
 * The wrangling mapping file (`fanfold tags apply` / `tags export`): one row per tag with its
 * type, its canonical tag ("" = leave its status as it is; its own name = canonical; another
 * name = a synonym of that tag) and a fandom parent ("" = none; several fandoms = several rows).
 * YAML (a list of {tag, type, canonical, fandom}) or CSV with the header tag,type,canonical,fandom.
 */
export const MappingRowSchema = z
  .object({
    tag: z.string().trim().min(1, 'a row needs a tag name'),
    type: z.enum(TAG_TYPES),
    canonical: z.string().trim().nullish().transform((s) => s ?? ''),
    fandom: z.string().trim().nullish().transform((s) => s ?? ''),
  })
  .strict();
export type MappingRow = z.output<typeof MappingRowSchema>;

export type MappingFormat = 'yaml' | 'csv';
export const COLUMNS = ['tag', 'type', 'canonical', 'fandom'] as const;

export class MappingFormatError extends Error {
  readonly code = 'bad_mapping';
}

export const formatFor = (path: string): MappingFormat => (/\.csv$/i.test(path) ? 'csv' : 'yaml');

export interface ParsedMapping {
  rows: { line: number; row: MappingRow }[];
  errors: { line: number; message: string }[];
}

/** Reads a mapping; bad rows are reported (with their line or item number) and left out. */
export function parseMapping(text: string, format: MappingFormat): ParsedMapping {
  const raw: { line: number; value: unknown }[] = [];
  if (format === 'csv') {
    const records = parseCsv(text);
    const header = records.shift();
    if (!header) return { rows: [], errors: [] };
    const names = header.fields.map((h) => h.trim().toLowerCase());
    if (!COLUMNS.every((c, i) => names[i] === c) || names.length !== COLUMNS.length) {
      throw new MappingFormatError(`the first CSV line must be the header ${COLUMNS.join(',')}`);
    }
    for (const r of records) {
      if (r.fields.length === 1 && r.fields[0] === '') continue;
      raw.push({ line: r.line, value: Object.fromEntries(COLUMNS.map((c, i) => [c, r.fields[i] ?? ''])) });
    }
  } else {
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (e) {
      throw new MappingFormatError(`not YAML: ${(e as Error).message}`);
    }
    if (data === null || data === undefined) data = [];
    if (!Array.isArray(data)) throw new MappingFormatError('a YAML mapping is a list of {tag, type, canonical, fandom}');
    data.forEach((value, i) => raw.push({ line: i + 1, value }));
  }
  const out: ParsedMapping = { rows: [], errors: [] };
  for (const { line, value } of raw) {
    const r = MappingRowSchema.safeParse(value);
    if (r.success) out.rows.push({ line, row: r.data });
    else out.errors.push({ line, message: r.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
  }
  return out;
}

export function formatMapping(rows: readonly MappingRow[], format: MappingFormat): string {
  if (format === 'yaml') {
    if (rows.length === 0) return '[]\n';
    return stringifyYaml(rows.map((r) => ({ tag: r.tag, type: r.type, canonical: r.canonical, fandom: r.fandom })), { lineWidth: 0 });
  }
  const cell = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
  return [COLUMNS.join(','), ...rows.map((r) => [r.tag, r.type, r.canonical, r.fandom].map(cell).join(','))].join('\n') + '\n';
}

/** RFC 4180 CSV: quoted fields with "" escapes and line breaks; CRLF or LF. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out;
}
