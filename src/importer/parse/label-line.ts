import { parseFfnInfoLine } from './ffn-line.js';
import { LABEL_PHRASE, phraseKinds, type LabelKind } from './labels.js';

/** One labelled value as found in a header line. */
export interface Field {
  kinds: LabelKind[];
  /** The label as written, e.g. "Rating and Warnings". */
  label: string;
  value: string;
  line: number;
}

const LEAD = String.raw`^[\s*_~#>\[(•·-]*?`;
// "Pairing(s):", "Genre(s):" — the optional plural is part of the label.
const AFTER_LABEL = String.raw`(?:\((?:e?s)\))?(?![\p{L}\p{N}'’])[*_\])]*`;
const SEP = String.raw`\s*(?::+|=|>|[-–—]+|\.(?=\s)|(?<=\s)[~|](?=\s))[*_]*\s*`;
const LINE_RE = new RegExp(`${LEAD}(${LABEL_PHRASE})${AFTER_LABEL}(?:${SEP}(.*)|\\s*$)`, 'iu');

// Labels people write without any separator: "Spoilers through season 3", "Rated R".
const NO_SEP_RE = /^[\s*_~#>-]*(spoilers?|rated|rating|warnings?|pairings?|disclaimer)\s+(\S.*)$/iu;

// Inside a value, a further label starts a new field only if it is capitalised and has a
// colon, so ordinary prose ("the author: a tale") is not cut into fields.
const INLINE_RE = new RegExp(`(?<=^|[\\s.;,|)\\]])[*_\\[(]*(${LABEL_PHRASE})(?:\\((?:e?s)\\))?[*_\\])]*\\s*:(?!\\/\\/)`, 'giu');

// Bare label lines ("Summary" alone, as AO3 downloads write them) only for these kinds.
const BARE_OK: LabelKind[] = ['summary', 'notes', 'disclaimer', 'dedication'];

export interface LabelLineOptions {
  /** Accept "Spoilers through season 3" style labels without separator. */
  allowNoSeparator: boolean;
}

/** Reads a header line's labelled fields, or returns null if it does not start with a label. */
export function parseLabelLine(text: string, line: number, opts: LabelLineOptions): Field[] | null {
  const ffn = parseFfnInfoLine(text, line);
  if (ffn) return ffn;
  const m = LINE_RE.exec(text);
  let label: string | undefined;
  let rest: string;
  if (m && (m[2] !== undefined || /:\s*$/.test(text) || isBareOk(m[1] ?? ''))) {
    label = m[1] ?? '';
    rest = m[2] ?? '';
    // "By the river…" or "For ever" are prose, not labels: those need a real separator.
    if (m[2] !== undefined && /^(?:by|for|an|re|about|setting|season|date|written|posted|type|class|show|code)$/i.test(label)) {
      if (!new RegExp(`^[\\s*_~#>\\[(•·-]*${escapeRe(label)}[*_\\])]*\\s*(?::|=|\\s[-–—]\\s)`, 'i').test(text)) return null;
    }
  } else {
    const n = opts.allowNoSeparator ? NO_SEP_RE.exec(text) : null;
    if (!n) return null;
    label = n[1] ?? '';
    rest = n[2] ?? '';
  }
  const kinds = phraseKinds(label);
  if (kinds.length === 0) return null;
  return splitInline({ kinds, label: label.trim(), value: '', line }, rest);
}

function isBareOk(label: string): boolean {
  const k = phraseKinds(label);
  return k.length === 1 && BARE_OK.includes(k[0] as LabelKind);
}

/** Splits "Rating: PG Pairing: A/B Spoilers: none" into its fields. */
function splitInline(first: Field, rest: string): Field[] {
  const fields: Field[] = [];
  let current = first;
  let from = 0;
  INLINE_RE.lastIndex = 0;
  // A further label needs its colon: a value without one (most summaries) skips the regex,
  // which tries every position of a long value.
  for (let m = rest.includes(':') ? INLINE_RE.exec(rest) : null; m !== null; m = INLINE_RE.exec(rest)) {
    const label = m[1] ?? '';
    if (!/^\p{Lu}/u.test(label)) continue;
    const kinds = phraseKinds(label);
    if (kinds.length === 0) continue;
    current.value = rest.slice(from, m.index).trim();
    fields.push(current);
    current = { kinds, label, value: '', line: first.line };
    from = m.index + m[0].length;
  }
  current.value = rest.slice(from).trim();
  fields.push(current);
  // "Rating: PG | Pairing: A/B": the bar or bullet between fields belongs to neither.
  return fields.map((f) => ({ ...f, value: f.value.replace(/^[*_]+|[*_]+$/g, '').replace(/[\s|;,·•]+$/, '').trim() }));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
