import type { ChapterInput, WorkInput } from '../../works/model.js';
import { decodeLegacyBytes } from '../parse/decode.js';
import { chapterText } from './chapter-body.js';
import type { ReadFile } from './chapter-body.js';
import { createClassifier } from './classify.js';
import { loadEfictionTables } from './load-tables.js';
import type { EfChapter, EfStory, EfTables } from './load-tables.js';
import type { EfictionMap } from './map-schema.js';
import { parseMysqlDump } from './parse-dump.js';
import type { MysqlDump } from './parse-dump.js';
import { readCommunity, selectCommunity } from './community.js';
import type { EfictionProblem } from './problem.js';
import type { EfictionBookmark, EfictionComment } from './community.js';
import { indexSeries } from './series.js';
import type { EfictionSeries } from './series.js';
import { idList } from './values.js';

export type { EfictionProblem };

/** A work ready for the store, plus what the importer needs to report and link it. */
export interface EfictionWork extends WorkInput {
  sourceId: number;
  /** Creators' emails: private provenance, never shown. */
  contacts: string[];
  problems: EfictionProblem[];
}

export type { EfictionBookmark, EfictionComment };

export interface EfictionAuthor {
  uid: number;
  penname: string;
  /** Private: for contacting the author about their works, never published. */
  email: string | null;
  website: string | null;
  bio: string | null;
  joinedAt: string | null;
}

export interface EfictionArchive {
  siteName: string | null;
  works: EfictionWork[];
  comments: EfictionComment[];
  bookmarks: EfictionBookmark[];
  authors: EfictionAuthor[];
  fandomParents: { child: string; parent: string }[];
  series: EfictionSeries[];
  problems: EfictionProblem[];
}

export interface ReadEfictionOptions {
  /** Reads a file beside the dump (chapter text of files-store sites); null when missing. */
  readFile?: ReadFile;
  map?: EfictionMap;
  /** Table prefix to read ("mysite_fanfiction_") when the dump holds several sites. */
  prefix?: string;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

/** Reads an eFiction 3.x dump into archive records. Pure: no database, files only via readFile. */
export function readEfictionArchive(sql: string | Uint8Array | MysqlDump, opts: ReadEfictionOptions = {}): EfictionArchive {
  const { t, dumpProblems } = loadTables(sql, opts.prefix);
  const problems: EfictionProblem[] = [
    ...dumpProblems.map((p) => ({ sid: null, message: `dump line ${p.line}: ${p.message}` })),
    ...t.problems.map((message) => ({ sid: null, message })),
  ];

  const authors = new Map(t.authors.map((a) => [a.uid, a]));
  const pennames = new Map(t.authors.map((a) => [a.uid, a.penname]));
  const { classify, fandomParents, problems: ratingProblems } = createClassifier(t, opts.map);
  problems.push(...ratingProblems.map((message) => ({ sid: null, message })));
  const seriesIndex = indexSeries(t, pennames);
  problems.push(...seriesIndex.problems.map((message) => ({ sid: null, message })));

  const chaptersBySid = groupBy(t.chapters, (c) => c.sid);
  const coauthorsBySid = t.coauthors ? groupBy(t.coauthors, (c) => c.sid) : null;
  const community = selectCommunity(t);

  const works: EfictionWork[] = [];
  const chapterIds = new Map<number, number[]>();
  for (const story of [...t.stories].sort((a, b) => a.sid - b.sid)) {
    // A dump restored twice, or appended to, repeats rows: the first copy of a story wins.
    if (chapterIds.has(story.sid)) {
      problems.push({ sid: story.sid, message: `story ${story.sid} appears more than once in the dump; kept the first copy` });
      continue;
    }
    const wp: string[] = [];
    // 3.4+ keeps coauthors in their own table and only a 0/1 flag on the story; older sites
    // list the ids on the story ("3,5"). Both are read; a bare flag is not taken for uid 1.
    const cell = idList(story.coauthorsCell);
    const fromCell = coauthorsBySid && cell.length === 1 && cell[0] === 1 ? [] : cell;
    const uids = [...new Set([story.uid, ...(coauthorsBySid?.get(story.sid) ?? []).map((c) => c.uid), ...fromCell])];
    const creators: string[] = [];
    const contacts: string[] = [];
    for (const uid of uids) {
      const a = authors.get(uid);
      if (!a) wp.push(`author uid ${uid} is not in the authors table`);
      const name = a?.penname || `Author ${uid}`;
      if (!creators.includes(name)) creators.push(name);
      if (a?.email && !contacts.includes(a.email)) contacts.push(a.email);
    }

    const { chapters, ids, posted } = storyChapters(story, chaptersBySid.get(story.sid) ?? [], t, opts.readFile, wp);
    chapterIds.set(story.sid, ids);
    const tags = classify(story);
    wp.push(...tags.problems);

    const publishedAt = story.publishedAt ?? story.updatedAt;
    if (!publishedAt) wp.push('story has no readable date; dated 1970-01-01');
    else if (!story.publishedAt) wp.push('story has no publication date; used its last update date');
    const title = story.title || 'Untitled';
    if (!story.title) wp.push('story has no title');

    works.push({
      title,
      creators: creators.map((name) => ({ kind: 'legacy' as const, name })),
      summary: story.summary,
      notes: story.storynotes,
      endNotes: null,
      spoilers: null,
      disclaimer: null,
      language: t.language ?? 'en',
      rating: tags.rating,
      ratingText: tags.ratingText,
      warnings: tags.warnings,
      warningText: tags.warningText,
      categories: tags.categories,
      fandoms: tags.fandoms,
      relationships: tags.relationships,
      characters: tags.characters,
      freeforms: tags.freeforms,
      chapters,
      expectedChapters: story.completed ? chapters.length : null,
      complete: story.completed,
      posted,
      restricted: false,
      hidden: false,
      publishedAt: publishedAt ?? EPOCH,
      updatedAt: story.updatedAt ?? publishedAt ?? EPOCH,
      series: seriesIndex.byStory.get(story.sid) ?? [],
      related: [],
      collections: [],
      stats: { hits: story.hits, kudos: 0, comments: community.reviewCount.get(story.sid) ?? 0, bookmarks: community.favCount.get(story.sid) ?? 0 },
      sourcePath: `efiction:story/${story.sid}`,
      archive: t.siteName,
      provenance: null,
      sourceId: story.sid,
      contacts,
      problems: wp.map((message) => ({ sid: story.sid, message })),
    });
  }
  for (const w of works) problems.push(...w.problems);

  const { comments, bookmarks, problems: communityProblems } = readCommunity(community, chapterIds, t, pennames);
  problems.push(...communityProblems);

  return {
    siteName: t.siteName,
    works,
    comments,
    bookmarks,
    authors: t.authors.map((a) => ({ uid: a.uid, penname: a.penname, email: a.email, website: a.website, bio: a.bio, joinedAt: a.joinedAt })),
    fandomParents,
    series: seriesIndex.series,
    problems,
  };
}

/**
 * Parses and types the tables in a helper of its own so the raw parse result is garbage as
 * soon as the typed rows exist, which lowers peak memory on a dump of hundreds of MB.
 */
function loadTables(sql: string | Uint8Array | MysqlDump, prefix: string | undefined): { t: EfTables; dumpProblems: MysqlDump['problems'] } {
  // Bytes: UTF-8 when valid, else Windows-1252 (latin1 sites), as for any legacy file.
  const text = sql instanceof Uint8Array ? decodeLegacyBytes(sql, 'dump.sql').text : sql;
  const dump = typeof text === 'string' ? parseMysqlDump(text) : text;
  return { t: loadEfictionTables(dump, prefix), dumpProblems: dump.problems };
}

/**
 * Chapters in reading order. An unvalidated story, or one whose chapters all await
 * validation, becomes a draft; single unvalidated chapters of a posted story are held back
 * (they were never public) and reported.
 */
function storyChapters(story: EfStory, rows: EfChapter[], t: EfTables, readFile: ReadFile | undefined, wp: string[]): { chapters: ChapterInput[]; ids: number[]; posted: boolean } {
  const ordered = [...rows].sort((a, b) => a.inorder - b.inorder || a.chapid - b.chapid);
  const anyValid = ordered.some((c) => c.validated);
  const posted = story.validated && anyValid;
  if (ordered.length === 0) wp.push('story has no chapters');
  const keep = posted ? ordered.filter((c) => c.validated) : ordered;
  for (const c of ordered) if (!keep.includes(c)) wp.push(`chapter ${c.chapid} ("${c.title ?? ''}") was never validated; left out of the posted work`);
  const chapters = keep.map((c) => {
    const text = chapterText(c, story.uid, t.storiesPath, readFile);
    if (text.problem) wp.push(text.problem);
    return { title: c.title, summary: null, notes: c.notes, endNotes: c.endnotes, body: text.body };
  });
  return { chapters, ids: keep.map((c) => c.chapid), posted };
}

function groupBy<T>(items: T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
