import { extractContacts } from './contacts.js';
import { splitNames } from './lists.js';
import { parseLabelLine, type Field } from './label-line.js';
import type { LabelKind } from './labels.js';
import { isBlank, isSeparator, type SourceLine } from './source-line.js';

/** A header line in reading order: a labelled field, a "by Name" line, or an unlabelled line. */
export type HeaderItem =
  | { type: 'field'; field: Field }
  | { type: 'by'; line: number; names: string; text: string }
  | { type: 'loose'; line: number; text: string; banner: boolean };

export interface HeaderScan {
  items: HeaderItem[];
  /** Index into the lines where the story text begins. */
  bodyStart: number;
}

interface Block {
  start: number;
  end: number;
  sep: boolean;
}

// Values of these kinds are one short phrase; an unlabelled line after them is not more value.
const SHORT_KINDS: LabelKind[] = ['title', 'author', 'rating', 'date', 'updated', 'status', 'wordcount', 'parts', 'language', 'subject', 'stats', 'ignore'];

const BY_LINE = /^[\s*_~]*(?:by|written\s+by)[\s:]+(.{1,120}?)[\s*_~]*$/i;

/** "by Mia", "by A and B", "by Mia (mia@example.com)"; not "By the time she came, it was over." */
export function matchByLine(text: string): string | null {
  const m = BY_LINE.exec(text);
  if (!m) return null;
  const names = extractContacts(m[1] ?? '').text.replace(/\([^)]*\)|<[^>]*>/g, ' ').trim();
  if (names === '' || names.length > 60 || /[!?]$/.test(names) || /\p{Ll}{2,}\.$/u.test(names)) return null;
  return splitNames(names).every((n) => n.split(/\s+/).length <= 4) ? (m[1] ?? '').trim() : null;
}

/**
 * Finds where a hand-written header ends and the story begins. Blank-line blocks are read in
 * order; a block belongs to the header if it has labels, is the value of a label left empty,
 * or is a short unlabelled block (title, banner, epigraph, stray note) that more header
 * follows. The first block that is none of these is the story, so its first paragraph is
 * never eaten. A separator line ends the header unless more labels come after it.
 */
export function scanHeader(lines: SourceLine[]): HeaderScan {
  const blocks = toBlocks(lines);
  const items: HeaderItem[] = [];
  let seenField = false;
  // Computed on demand: the story body can be megabytes and is never label-scanned.
  const memo = new Map<number, LabelStrength>();
  const strength = (j: number): LabelStrength => {
    let v = memo.get(j);
    if (v === undefined) {
      const b = blocks[j] as Block;
      v = b.sep ? 'none' : blockLabels(lines, b);
      memo.set(j, v);
    }
    return v;
  };
  const labelled = (j: number): boolean => strength(j) !== 'none';
  const strong = (j: number): boolean => strength(j) === 'strong';
  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi] as Block;
    if (b.sep) {
      if (items.length === 0) continue;
      const next = nextContent(blocks, bi);
      if (next !== -1 && labelled(next)) continue;
      return { items, bodyStart: b.end };
    }
    const last = items.at(-1);
    // A label left empty ("Summary:" alone) takes the next block as its value, up to the size
    // of a long summary: a label the writer simply left blank must not swallow chapter one.
    const pendingEmpty = last?.type === 'field' && last.field.value === '' && blockChars(lines, b) <= 1500 && b.end - b.start <= 12;
    const short = isShort(lines, b);
    // Before any field, any label ahead means this block is a title/banner/epigraph; after
    // them, only a clearly-header block ahead makes a stray line header rather than story.
    const ahead = (n: number): boolean => laterLabelled(lines, blocks, seenField ? strong : labelled, bi, n, seenTitle(items));
    const firstTitle = items.length === 0 && bi === firstContent(blocks) && isTitleLine(lines, b) && nextIsProse(lines, blocks, bi);
    const headerLike =
      labelled(bi) || pendingEmpty || firstTitle || (short && ahead(seenField ? 2 : 3));
    if (!headerLike) return { items, bodyStart: b.start };
    for (let i = b.start; i < b.end; i++) {
      const l = lines[i] as SourceLine;
      const fields = parseLabelLine(l.text, l.line, { allowNoSeparator: seenField });
      const prev = items.at(-1);
      if (fields) {
        for (const f of fields) items.push({ type: 'field', field: f });
        seenField = true;
        continue;
      }
      const by = matchByLine(l.text);
      if (by !== null && (i > b.start || prev?.type === 'loose' || items.length === 0) && (prev?.type !== 'field' || prev.field.value !== '')) {
        items.push({ type: 'by', line: l.line, names: by, text: l.text.trim() });
        seenField = true;
        continue;
      }
      // A continuation line belongs to the open field: same block, or the block after a bare
      // label. Short fields (title, rating…) take one only when it is indented under them.
      const indented = /^\s{2,}/.test(l.text) && !/^\s{2,}/.test((lines[i - 1] as SourceLine | undefined)?.text ?? '');
      if (prev?.type === 'field' && (i > b.start || prev.field.value === '') && (prev.field.value === '' || !isShortKind(prev.field) || indented)) {
        prev.field.value = prev.field.value === '' ? l.text.trim() : `${prev.field.value}\n${l.text.trim()}`;
        continue;
      }
      items.push({ type: 'loose', line: l.line, text: l.text.trim(), banner: l.tag === 'banner' });
    }
  }
  return { items, bodyStart: lines.length };
}

function isShortKind(f: Field): boolean {
  return f.kinds.length === 1 && SHORT_KINDS.includes(f.kinds[0] as LabelKind);
}

function toBlocks(lines: SourceLine[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i] as SourceLine;
    if (isBlank(l)) {
      i++;
      continue;
    }
    if (isSeparator(l)) {
      blocks.push({ start: i, end: i + 1, sep: true });
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && !isBlank(lines[i]) && !isSeparator(lines[i] as SourceLine)) i++;
    blocks.push({ start, end: i, sep: false });
  }
  return blocks;
}

type LabelStrength = 'none' | 'weak' | 'strong';

// Labels that only ever open a story header; "Note:" or "Thanks:" also turn up in stories.
const CORE: LabelKind[] = ['title', 'author', 'rating', 'warnings', 'pairing', 'characters', 'fandom', 'category', 'tags', 'spoilers', 'summary', 'disclaimer', 'series', 'status', 'wordcount', 'subject'];

function blockLabels(lines: SourceLine[], b: Block): LabelStrength {
  let count = 0;
  let core = false;
  for (let i = b.start; i < b.end; i++) {
    const l = lines[i] as SourceLine;
    const fields = parseLabelLine(l.text, l.line, { allowNoSeparator: false });
    if (fields) {
      count += fields.length;
      core ||= fields.some((f) => f.kinds.some((k) => CORE.includes(k)));
      continue;
    }
    // "by Name" under a title, or alone as its own block under a title block.
    if ((i > b.start || b.end - b.start === 1) && matchByLine(l.text) !== null) {
      count++;
      core = true;
    }
  }
  return count === 0 ? 'none' : count >= 2 || core ? 'strong' : 'weak';
}

function blockChars(lines: SourceLine[], b: Block): number {
  let n = 0;
  for (let i = b.start; i < b.end; i++) n += (lines[i] as SourceLine).text.length;
  return n;
}

function isShort(lines: SourceLine[], b: Block): boolean {
  if (b.end - b.start > 4) return false;
  let total = 0;
  for (let i = b.start; i < b.end; i++) {
    const n = (lines[i] as SourceLine).text.trim().length;
    if (n > 160) return false;
    total += n;
  }
  return total <= 320;
}

/** The first block may be a bare title: one short line that does not read as a sentence. */
function isTitleLine(lines: SourceLine[], b: Block): boolean {
  if (b.end - b.start !== 1) return false;
  const t = (lines[b.start] as SourceLine).text.trim();
  return t.length <= 100 && !/[.,;:!?"”']$/.test(t.replace(/\s*\(.*\)$/, 'x'));
}

function nextIsProse(lines: SourceLine[], blocks: Block[], bi: number): boolean {
  const n = nextContent(blocks, bi);
  if (n === -1) return false;
  const b = blocks[n] as Block;
  return b.sep || !isShort(lines, b) || /[.!?"”]$/.test((lines[b.end - 1] as SourceLine).text.trim());
}

/**
 * Whether more header follows within n blocks. A separator or a second "Title:" stops the
 * look-ahead: past them is a story's scene or the next work of a collection, and a short
 * first paragraph before them is story, not a stray header line.
 */
function laterLabelled(lines: SourceLine[], blocks: Block[], labelled: (j: number) => boolean, bi: number, n: number, titled: boolean): boolean {
  let seen = 0;
  for (let j = bi + 1; j < blocks.length && seen < n; j++) {
    const b = blocks[j] as Block;
    if (b.sep) return titled ? false : laterLabelled(lines, blocks, labelled, j, n - seen, titled);
    if (titled && TITLE_LINE.test((lines[b.start] as SourceLine).text)) return false;
    if (labelled(j)) return true;
    seen++;
  }
  return false;
}

const TITLE_LINE = /^[\s*_~#>[(•·-]*(?:story\s+|fic\s+)?title\s*(?::|\s-|\.)/i;

function seenTitle(items: HeaderItem[]): boolean {
  return items.some((i) => (i.type === 'field' && i.field.kinds[0] === 'title') || i.type === 'by');
}

function nextContent(blocks: Block[], bi: number): number {
  for (let j = bi + 1; j < blocks.length; j++) if (!blocks[j]?.sep) return j;
  return -1;
}

function firstContent(blocks: Block[]): number {
  return blocks.findIndex((b) => !b.sep);
}
