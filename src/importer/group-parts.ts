import { posix } from 'node:path';
import type { ParsedWork } from './parse/index.js';
import type { SourceFile } from './sources.js';

export interface ParsedFile {
  src: SourceFile;
  bytes: Uint8Array;
  parsed: ParsedWork;
}

/** One work to store: a single file, or the parts of one story spread over several files. */
export interface WorkUnit {
  files: ParsedFile[];
}

const NUMBERED = /^(.*?)[\s._-]*(?:part|pt|chapter|chap|ch)?[\s._-]*0*(\d{1,3})$/i;
const norm = (s: string | null) => (s ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const creatorsKey = (p: ParsedWork) => p.record.creators.map(norm).sort().join('|');

/**
 * Groups the story files of one folder into works. Files named like `story1.html`,
 * `story2.html` (or `…part2`, `…ch02`) become chapters of one work when their headers agree on
 * title and author (or do not say); files whose headers carry part counters ("Part 2 of 5",
 * "(3/?)") join the other parts with the same title and author. Everything else stays alone.
 */
export function groupParts(files: ParsedFile[]): WorkUnit[] {
  const byDir = new Map<string, ParsedFile[]>();
  for (const f of files) {
    const dir = posix.dirname(f.src.rel);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const units: WorkUnit[] = [];
  for (const inDir of byDir.values()) units.push(...groupDir(inDir));
  return units.sort((a, b) => (a.files[0]?.src.rel ?? '').localeCompare(b.files[0]?.src.rel ?? ''));
}

function groupDir(files: ParsedFile[]): WorkUnit[] {
  const used = new Set<ParsedFile>();
  const units: WorkUnit[] = [];

  const numbered = new Map<string, { f: ParsedFile; n: number }[]>();
  for (const f of files) {
    const ext = posix.extname(f.src.rel).toLowerCase();
    const m = NUMBERED.exec(posix.basename(f.src.rel, posix.extname(f.src.rel)));
    if (!m) continue;
    const key = `${(m[1] ?? '').toLowerCase()}${ext}`;
    numbered.set(key, [...(numbered.get(key) ?? []), { f, n: Number(m[2]) }]);
  }
  for (const members of numbered.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => a.n - b.n);
    if (!agree(members.map((m) => m.f.parsed))) continue;
    units.push({ files: members.map((m) => m.f) });
    for (const m of members) used.add(m.f);
  }

  const byPart = new Map<string, ParsedFile[]>();
  for (const f of files) {
    if (used.has(f) || f.parsed.part === null || !f.parsed.record.title) continue;
    const key = `${norm(f.parsed.record.title)}#${creatorsKey(f.parsed)}`;
    byPart.set(key, [...(byPart.get(key) ?? []), f]);
  }
  for (const members of byPart.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => (a.parsed.part?.number ?? 0) - (b.parsed.part?.number ?? 0) || a.src.rel.localeCompare(b.src.rel));
    units.push({ files: members });
    for (const m of members) used.add(m);
  }

  for (const f of files) if (!used.has(f)) units.push({ files: [f] });
  return units;
}

/** Parts agree when every stated title (without counters) and author list is the same. */
function agree(parts: ParsedWork[]): boolean {
  const titles = new Set(parts.map((p) => norm(p.record.title)).filter((t) => t !== ''));
  const creators = new Set(parts.map(creatorsKey).filter((c) => c !== ''));
  return titles.size <= 1 && creators.size <= 1;
}

/**
 * Merges the parts of a unit into one parsed work: the first part's header, every part's
 * chapters in order (later parts' notes and end notes become their chapters' notes), the
 * highest part count seen.
 */
export function mergeParts(unit: WorkUnit): { parsed: ParsedWork; chapterNotes: { notes: string | null; endNotes: string | null }[] } {
  const [first, ...rest] = unit.files;
  if (!first) throw new Error('empty work unit');
  if (rest.length === 0) return { parsed: first.parsed, chapterNotes: first.parsed.chapters.map(() => ({ notes: null, endNotes: null })) };
  const chapters: ParsedWork['chapters'] = [];
  const chapterNotes: { notes: string | null; endNotes: string | null }[] = [];
  unit.files.forEach((f, i) => {
    const p = f.parsed;
    p.chapters.forEach((c, j) => {
      chapters.push({ ...c, title: c.title ?? (p.chapters.length === 1 ? partTitle(p, i) : null) });
      const last = j === p.chapters.length - 1;
      chapterNotes.push({ notes: i > 0 && j === 0 ? p.record.notes : null, endNotes: last && i < unit.files.length - 1 ? p.endNotes : null });
    });
  });
  const of = unit.files.reduce<number | null>((m, f) => (f.parsed.part?.of != null ? Math.max(m ?? 0, f.parsed.part.of) : m), null);
  const last = unit.files[unit.files.length - 1]?.parsed ?? first.parsed;
  const fp = first.parsed;
  return {
    parsed: {
      ...fp,
      record: {
        ...fp.record,
        chapters: chapters.map((c) => ({ title: c.title, words: c.words })),
        words: chapters.reduce((n, c) => n + c.words, 0),
        complete: last.record.complete ?? fp.record.complete,
      },
      chapters,
      endNotes: last.endNotes,
      contacts: [...new Set(unit.files.flatMap((f) => f.parsed.contacts))],
      part: of !== null || unit.files.some((f) => f.parsed.part !== null) ? { number: 1, of } : null,
      unplaced: unit.files.flatMap((f) => f.parsed.unplaced),
      problems: unit.files.flatMap((f) => f.parsed.problems),
    },
    chapterNotes,
  };
}

function partTitle(p: ParsedWork, index: number): string | null {
  return p.part ? `Part ${p.part.number}` : `Part ${index + 1}`;
}
