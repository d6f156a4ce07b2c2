import { layoutsOf } from './known-columns.js';
import type { SqlValue } from './parse-dump.js';
import { writeEfictionBackup, writeMysqldump } from './sql-writer.js';
import type { TableData } from './sql-writer.js';
import { categoryRows, characterRows, classRows, classTypeRows, ratingRows, storyTraits } from './generate-traits.js';
import { seededRandom } from '../prng.js';

export interface GenerateEfictionOptions {
  stories: number;
  /** mysqldump shape (CREATE TABLE, column lists) or eFiction's own backup shape (neither). */
  withCreateTable: boolean;
  /** Full table prefix, e.g. "fanfiction_" or "mysite_fanfiction_". */
  prefix?: string;
  /** Unix seconds (eFiction 3.4+ layout) or DATETIME strings (3.0–3.3 layout). */
  unixDates: boolean;
  /** Chapter text in `stories/<uid>/<chapid>.txt` files (plain text) instead of the table (HTML). */
  textInFiles: boolean;
  seed?: number;
}

export interface GeneratedDump {
  sql: string;
  /** Files beside the dump, by relative path. */
  files: Map<string, string>;
}

type Row = Record<string, SqlValue>;

/**
 * A synthetic eFiction site, deterministic for a seed: authors, nested categories (one shaped
 * like a pairing), characters, genre and warning classes, ratings with warning flags, a nested
 * series, reviews, favourites, coauthors, an unvalidated story, and strings full of quotes,
 * backslashes and newlines. All text is invented filler. Story traits follow the sid (see
 * generate-traits.ts) so tests can predict them.
 */
export function generateEfictionDump(opts: GenerateEfictionOptions): GeneratedDump {
  const prefix = opts.prefix ?? 'fanfiction_';
  const modern = opts.unixDates;
  const rnd = seededRandom(opts.seed ?? 1);
  const files = new Map<string, string>();
  const date = (day: number, hour: number): SqlValue => {
    const ms = Date.UTC(2006, 2, 1) + day * 86_400_000 + hour * 3_600_000;
    return modern ? ms / 1000 : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  };

  const n = Math.max(1, opts.stories);
  const authorCount = Math.max(4, Math.ceil(n / 3));
  const authors: Row[] = [];
  const authorInfo: Row[] = [];
  for (let uid = 1; uid <= authorCount; uid++) {
    const website = uid % 2 === 1 ? `https://example.org/~writer${uid}` : '';
    authors.push({
      uid,
      penname: uid === 1 ? "Quill O'Marren" : `${pick(rnd, FIRST)} ${pick(rnd, LAST)} ${uid}`,
      realname: '',
      email: `writer${uid}@example.org`,
      website,
      bio: uid === 1 ? 'Writes "small" stories.\nLives by the sea \\ mostly.' : `Writer number ${uid}.`,
      image: '',
      date: date(-30 + uid, 9),
      admincreated: '0',
      password: '0',
    });
    if (website) authorInfo.push({ uid, field: 1, info: website });
  }

  const stories: Row[] = [];
  const chapters: Row[] = [];
  const coauthors: Row[] = [];
  const reviews: Row[] = [];
  let chapid = 0;
  for (let sid = 1; sid <= n; sid++) {
    const tr = storyTraits(sid, authorCount);
    const day = sid * 3;
    const rows: Row[] = [];
    for (let k = 1; k <= tr.chapters; k++) {
      chapid++;
      const paras = [1, 2, 3].map(() => sentence(rnd, 12) + ' ' + sentence(rnd, 9));
      if (k === 1) paras[0] = `"Don't," she said \\ softly. It's chapter ${k} of story ${sid}.`;
      let storytext = paras.map((p) => `<p>${p.replace(/"/g, '&quot;')}</p>`).join('\n');
      if (opts.textInFiles) {
        files.set(`stories/${tr.uid}/${chapid}.txt`, paras.join('\n\n') + '\n');
        storytext = '';
      }
      rows.push({
        chapid,
        title: `Chapter ${k}: ${pick(rnd, NOUNS)}`,
        inorder: k,
        notes: k === 1 ? `Notes for chapter ${k}.` : '',
        storytext,
        endnotes: k === tr.chapters ? 'Thanks for reading!' : null,
        validated: tr.validated && !(tr.heldChapter && k === tr.chapters) ? '1' : '0',
        wordcount: 40,
        rating: 0,
        reviews: 0,
        sid,
        uid: tr.uid,
        count: sid * 3,
      });
      if (tr.validated && sid % 2 === 0 && k === 1) {
        const reviewer = (tr.uid % authorCount) + 1;
        reviews.push({ reviewid: reviews.length + 1, item: sid, chapid, reviewer: '0', uid: reviewer, review: `Loved it!<br>Can't wait for more of "${sid}".`, date: date(day + 1, 12), rating: 0, respond: '0', type: 'ST' });
      }
    }
    // Reverse insertion order on even stories: readers must sort by inorder, not by row order.
    chapters.push(...(sid % 2 === 0 ? rows.reverse() : rows));
    if (tr.validated && sid % 3 === 0) {
      reviews.push({ reviewid: reviews.length + 1, item: sid, chapid: 0, reviewer: 'Passing Reader', uid: 0, review: 'A lovely read.', date: date(day + 2, 8), rating: 0, respond: '0', type: 'ST' });
    }
    if (tr.coauthor) coauthors.push({ sid, uid: tr.coauthor });
    stories.push({
      sid,
      title: sid === 1 ? 'Tobin\'s "Lucky" Day \\ Part One' : `${pick(rnd, ADJ)} ${pick(rnd, NOUNS)} ${sid}`,
      summary: sid === 1 ? 'A summary with "quotes",\nnewlines and a back\\slash.' : `${sentence(rnd, 10)}.`,
      storynotes: sid % 2 === 0 ? 'Thanks to my beta.\nWritten for a prompt.' : null,
      catid: tr.catids.join(','),
      classes: tr.classIds.join(','),
      charid: tr.charIds.join(','),
      rid: String(tr.rid),
      date: date(day, 10),
      updated: date(day + tr.chapters - 1, 18),
      uid: tr.uid,
      coauthors: tr.coauthor ? (modern ? 1 : String(tr.coauthor)) : modern ? 0 : null,
      featured: '0',
      validated: tr.validated ? '1' : '0',
      completed: tr.complete ? '1' : '0',
      rr: '0',
      wordcount: tr.chapters * 40,
      rating: 0,
      reviews: 0,
      count: sid * 7,
      challenges: '',
    });
  }
  reviews.push({ reviewid: reviews.length + 1, item: 1, chapid: 0, reviewer: 'Series Fan', uid: 0, review: 'Great series.', date: date(5, 5), rating: 0, respond: '0', type: 'SE' });

  const favorites: Row[] = [];
  for (let uid = 1; uid <= authorCount; uid++) {
    favorites.push({ uid, item: ((uid * 2) % n) + 1, type: 'ST', comments: uid === 1 ? 'Re-read every "winter".' : '' });
  }
  favorites.push({ uid: 2, item: 1, type: 'AU', comments: '' }, { uid: 3, item: 1, type: 'SE', comments: '' });

  const series: Row[] = [
    { seriesid: 1, title: 'The Lantern Cycle', summary: 'Everything about the lanterns.', uid: 1, isopen: 0, catid: '1', classes: '', rating: 0, warnings: '', genres: '', characters: '', reviews: 0, challenges: '', numstories: 3 },
    { seriesid: 2, title: 'Lantern: Early Days', summary: 'Before the cycle.', uid: 1, isopen: 0, catid: '1', classes: '', rating: 0, warnings: '', genres: '', characters: '', reviews: 0, challenges: '', numstories: 2 },
  ];
  const inseries: Row[] = [{ seriesid: 1, sid: 0, subseriesid: 2, confirmed: 1, inorder: 1 }];
  // Story 4 is filed before story 1 on purpose: order comes from inorder.
  if (n >= 4) inseries.push({ seriesid: 2, sid: 4, subseriesid: 0, confirmed: 1, inorder: 2 });
  inseries.push({ seriesid: 2, sid: 1, subseriesid: 0, confirmed: 1, inorder: 1 });
  if (n >= 7) inseries.push({ seriesid: 1, sid: 7, subseriesid: 0, confirmed: 1, inorder: 2 });

  const settings: Row = {
    sitekey: 'gen1', sitename: 'Lantern Archive', slogan: "It's a test site", url: 'http://archive.example.org', siteemail: 'admin@example.org',
    tableprefix: prefix.replace(/fanfiction_$/, ''), skin: 'default', hiddenskins: '', language: 'en', submissionsoff: 0,
    storiespath: 'stories', store: opts.textInFiles ? 'files' : 'mysql', autovalidate: 0, coauthallowed: 1,
  };

  const era = (suffix: string): string[] => {
    const all = layoutsOf(suffix);
    return (modern ? all[all.length - 1] : all[0]) as string[];
  };
  const table = (suffix: string, rows: Row[], columns = era(suffix)): TableData => ({
    name: prefix + suffix,
    columns,
    rows: rows.map((r) => columns.map((c) => r[c] ?? null)),
  });
  const tables: TableData[] = [
    // Another application's table in the same database: the prefix must not be taken from it.
    { name: 'otherapp_stories', columns: ['id', 'headline'], rows: [[1, 'Not fan fiction']] },
    table('authors', authors),
    ...(modern ? [table('authorfields', [{ field_id: 1, field_type: 1, field_name: 'website', field_title: 'Web Site', field_on: 1 }]), table('authorinfo', authorInfo)] : []),
    table('categories', categoryRows()),
    table('chapters', chapters),
    table('characters', characterRows()),
    table('classes', classRows()),
    table('classtypes', classTypeRows()),
    table('coauthors', coauthors),
    table('favorites', favorites),
    table('inseries', inseries),
    table('ratings', ratingRows()),
    table('reviews', reviews),
    table('series', series),
    table('settings', [settings], [...era('settings'), 'autovalidate', 'coauthallowed']),
    table('stories', stories),
  ];
  const sql = opts.withCreateTable ? writeMysqldump(tables) : writeEfictionBackup(tables, '01-Jan-2010');
  return { sql, files };
}

const FIRST = ['Ash', 'Bramble', 'Cinder', 'Dove', 'Ember', 'Fern', 'Gale', 'Hollis', 'Ivy', 'Juniper'];
const LAST = ['Reed', 'Vale', 'Thorne', 'Marsh', 'Brook', 'Hale', 'Finch', 'Lark'];
const ADJ = ['Quiet', 'Bright', 'Hidden', 'Late', 'Small', 'Distant', 'Silver', 'Second'];
const NOUNS = ['Harbor', 'Lantern', 'Crossing', 'Letter', 'Winter', 'Garden', 'Promise', 'Tide'];
const WORDS = ['the', 'lantern', 'glowed', 'over', 'a', 'harbor', 'while', 'gulls', 'circled', 'and', 'she', 'laughed', 'at', 'tide', 'maps', 'quietly', 'under', 'rain'];

function sentence(rnd: () => number, words: number): string {
  const w = Array.from({ length: words }, () => pick(rnd, WORDS));
  const s = w.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function pick<T>(rnd: () => number, list: T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

