import { parse as parseYaml } from 'yaml';
import { labelKind } from './labels.js';
import type { Field } from './label-line.js';

export interface FrontMatter {
  fields: Field[];
  /** Keys that name no known field, kept as "key: value" lines. */
  unknown: { line: number; text: string }[];
  /** Series given as a mapping ({title, part}). */
  series: { title: string; part: number | null }[];
  body: string;
  bodyLine: number;
  error: string | null;
}

/**
 * Reads Markdown YAML front matter into the same labelled fields a text header gives, so
 * one set of rules places them. List values become one field per item, keeping each as
 * written even when it contains a comma.
 */
export function readFrontMatter(text: string): FrontMatter | null {
  const m = /^(?:\ufeff)?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return null;
  const yamlText = m[1] ?? '';
  const yamlLines = yamlText.split(/\r?\n/);
  const bodyLine = yamlLines.length + 3;
  const lineOf = (key: string): number => {
    const i = yamlLines.findIndex((l) => l.startsWith(`${key}:`));
    return i === -1 ? 1 : i + 2;
  };
  const out: FrontMatter = { fields: [], unknown: [], series: [], body: text.slice(m[0].length), bodyLine, error: null };
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (e) {
    out.error = e instanceof Error ? e.message : String(e);
    return out;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return out;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const line = lineOf(key);
    const label = key.replace(/[_-]+/g, ' ');
    const kind = labelKind(label);
    if (kind === 'series' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const s = value as Record<string, unknown>;
      out.series.push({ title: String(s.title ?? s.name ?? ''), part: typeof s.part === 'number' ? s.part : null });
      continue;
    }
    const values = Array.isArray(value) ? value.map(scalar) : [scalar(value)];
    if (!kind) {
      out.unknown.push({ line, text: `${key}: ${values.join(', ')}` });
      continue;
    }
    for (const v of values) out.fields.push({ kinds: [kind], label, value: v, line });
  }
  return out;
}

function scalar(v: unknown): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
