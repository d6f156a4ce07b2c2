import { posix } from 'node:path';
import type { ParsedWork } from './parse/index.js';
import type { SourceFile } from './sources.js';
import type { PreparedChapter } from '../works/prepare-chapter.js';

export interface ParsedFile {
  src: SourceFile;
  bytes: Uint8Array;
  parsed: ParsedWork;
  /** Its chapters made ready to store (`prepareChapter`), when the parsing workers did that. */
  prepared?: PreparedChapter[];
  /** SHA-256 of `bytes`, when already computed. */
  sha?: string;
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

/** What a folder's grouping hands on, in order: a work to store, or a file that failed to parse. */
export type GroupedItem = { kind: 'unit'; unit: WorkUnit } | { kind: 'failed'; file: SourceFile; message: string };

/** `done`: handed on (or held for the end): its results are no longer kept here, so a folder never sits in memory. */
type FileState = { status: 'waiting' } | { status: 'failed'; message: string } | { status: 'parsed'; parsed: ParsedFile[] } | { status: 'done' };
const DONE: FileState = { status: 'done' };

/**
 * `groupParts` for one folder, streaming: files are added as they are parsed, and every work
 * whose grouping can no longer change is handed on at once (the same works as `groupParts`),
 * so a folder is never held in memory and its works are stored while the rest of it is still
 * being parsed. Files named as numbered parts wait for their siblings; files with part
 * counters that no numbered group took wait for the end of the folder (they may join others by
 * title and author); everything else goes on at once. Works come out in the order they are
 * settled, each call's by first file: the same order on every run, not always file order (a
 * part file held to the end of its folder comes after the files behind it — waiting for it
 * made an import store each folder only at its end, its parser idle meanwhile).
 * `files` must be the folder's files sorted by path (localeCompare); add each by its index.
 */
export class FolderGrouper {
  private readonly state: FileState[];
  private readonly index = new Map<SourceFile, number>();
  /** Per file, the files sharing its numbered-name key (itself included). */
  private readonly siblings: number[][];
  private readonly nameNumber: (number | null)[];
  private readonly held = new Set<ParsedFile>();
  private buffer: { first: number; seq: number; item: GroupedItem }[] = [];
  private seq = 0;

  constructor(private readonly files: readonly SourceFile[]) {
    this.state = files.map(() => ({ status: 'waiting' }));
    const byKey = new Map<string, number[]>();
    this.nameNumber = files.map((f, i) => {
      this.index.set(f, i);
      const ext = posix.extname(f.rel).toLowerCase();
      const m = NUMBERED.exec(posix.basename(f.rel, posix.extname(f.rel)));
      if (!m) return null;
      const key = `${(m[1] ?? '').toLowerCase()}${ext}`;
      const members = byKey.get(key);
      if (members) members.push(i);
      else byKey.set(key, [i]);
      return Number(m[2]);
    });
    this.siblings = files.map(() => []);
    for (const members of byKey.values()) for (const i of members) this.siblings[i] = members;
  }

  /** File `i` parsed (its works) or failed (the message); returns what is now ready, in order. */
  add(i: number, result: ParsedFile[] | { failed: string }): GroupedItem[] {
    const file = this.files[i] as SourceFile;
    if (Array.isArray(result)) this.state[i] = { status: 'parsed', parsed: result };
    else {
      this.state[i] = { status: 'failed', message: result.failed };
      this.push(i, { kind: 'failed', file, message: result.failed });
    }
    const sib = this.siblings[i] as number[];
    if (sib.length === 0) {
      if (Array.isArray(result)) for (const pf of result) this.leftover(pf);
      this.state[i] = DONE;
    } else if (sib.every((j) => this.state[j]?.status !== 'waiting')) {
      this.resolveNumbered(sib);
      for (const j of sib) this.state[j] = DONE;
    }
    return this.drain();
  }

  /** Parsed files whose results this grouper still keeps: those waiting for siblings or for the folder's end. */
  keptFiles(): number {
    let n = this.held.size;
    for (const st of this.state) if (st.status === 'parsed') n += st.parsed.length;
    return n;
  }

  /** The end of the folder: the waiting part files group by title and author; the rest is handed on. */
  finish(): GroupedItem[] {
    const held = [...this.held];
    this.held.clear();
    const byPart = new Map<string, ParsedFile[]>();
    for (const f of held) {
      const key = `${norm(f.parsed.record.title)}#${creatorsKey(f.parsed)}`;
      byPart.set(key, [...(byPart.get(key) ?? []), f]);
    }
    const alone: ParsedFile[] = [];
    for (const members of byPart.values()) {
      if (members.length < 2) {
        alone.push(...members);
        continue;
      }
      members.sort((a, b) => (a.parsed.part?.number ?? 0) - (b.parsed.part?.number ?? 0) || a.src.rel.localeCompare(b.src.rel));
      this.push(this.index.get((members[0] as ParsedFile).src) ?? 0, { kind: 'unit', unit: { files: members } });
    }
    for (const f of held) if (alone.includes(f)) this.push(this.index.get(f.src) ?? 0, { kind: 'unit', unit: { files: [f] } });
    return this.drain();
  }

  private resolveNumbered(sib: number[]): void {
    const members: { f: ParsedFile; n: number }[] = [];
    for (const j of sib) {
      const st = this.state[j] as FileState;
      if (st.status === 'parsed') for (const f of st.parsed) members.push({ f, n: this.nameNumber[j] as number });
    }
    members.sort((a, b) => a.n - b.n);
    if (members.length >= 2 && agree(members.map((m) => m.f.parsed))) {
      this.push(this.index.get((members[0] as { f: ParsedFile }).f.src) ?? 0, { kind: 'unit', unit: { files: members.map((m) => m.f) } });
      return;
    }
    // Not one story after all: each file goes on its own way, in file order.
    for (const j of sib) {
      const st = this.state[j] as FileState;
      if (st.status === 'parsed') for (const f of st.parsed) this.leftover(f);
    }
  }

  /** A file no numbered group took: alone now, or held for the end when it has a part counter. */
  private leftover(f: ParsedFile): void {
    const i = this.index.get(f.src) ?? 0;
    if (f.parsed.part !== null && f.parsed.record.title) this.held.add(f);
    else this.push(i, { kind: 'unit', unit: { files: [f] } });
  }

  private push(first: number, item: GroupedItem): void {
    this.buffer.push({ first, seq: this.seq++, item });
  }

  /** Hands on what is settled, by first file. */
  private drain(): GroupedItem[] {
    const ready = this.buffer;
    this.buffer = [];
    return ready.sort((a, b) => a.first - b.first || a.seq - b.seq).map((b) => b.item);
  }
}
