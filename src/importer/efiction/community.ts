import type { EfictionProblem } from './problem.js';
import type { EfReview, EfFavorite, EfTables } from './load-tables.js';

export interface EfictionComment {
  workSourceId: number;
  /** 1-based position among the work's chapters; null for a whole-story review. */
  chapterPosition: number | null;
  reviewerName: string;
  reviewerUid: number | null;
  text: string;
  date: string | null;
}

export interface EfictionBookmark {
  uid: number;
  penname: string | null;
  workSourceId: number;
  notes: string | null;
}

/** Story reviews and story favourites, the only ones with a home in the archive. */
export function selectCommunity(t: EfTables) {
  const storyReviews = t.reviews.filter((r) => r.type === 'ST');
  // uid 0 rows are leftovers of deleted or guest accounts: a bookmark needs an owner.
  const storyFavs = t.favorites.filter((f) => f.type === 'ST' && f.uid > 0);
  // Rows carried over from eFiction 2 may name only the chapter, not the story.
  const sidOfChapter = new Map(t.chapters.map((c) => [c.chapid, c.sid]));
  const reviewSid = (r: EfReview): number => (r.item > 0 ? r.item : (sidOfChapter.get(r.chapid) ?? 0));
  return {
    storyReviews,
    storyFavs,
    reviewSid,
    reviewCount: countBy(storyReviews, reviewSid),
    favCount: countBy(storyFavs, (f: EfFavorite) => f.item),
  };
}

/**
 * Reviews become comments (placed on their chapter by its position in the imported work) and
 * favourites become bookmarks; what has no home is counted in problems.
 */
export function readCommunity(
  c: ReturnType<typeof selectCommunity>,
  chapterIds: Map<number, number[]>,
  t: EfTables,
  pennames: Map<number, string>,
): { comments: EfictionComment[]; bookmarks: EfictionBookmark[]; problems: EfictionProblem[] } {
  const problems: EfictionProblem[] = [];
  const authorsByUid = new Map(t.authors.map((a) => [a.uid, a]));
  const comments: EfictionComment[] = [];
  for (const r of c.storyReviews) {
    const sid = c.reviewSid(r);
    const ids = chapterIds.get(sid);
    if (!ids) {
      problems.push({ sid: sid || null, message: `review ${r.reviewid} is for a story not in the dump` });
      continue;
    }
    const pos = r.chapid > 0 ? ids.indexOf(r.chapid) : -1;
    const member = r.uid > 0 ? authorsByUid.get(r.uid) : undefined;
    const written = r.reviewer && r.reviewer !== '0' ? r.reviewer : null;
    comments.push({
      workSourceId: sid,
      chapterPosition: pos < 0 ? null : pos + 1,
      reviewerName: member?.penname || written || 'Anonymous',
      reviewerUid: r.uid > 0 ? r.uid : null,
      text: r.review,
      date: r.date,
    });
  }
  const otherReviews = t.reviews.length - c.storyReviews.length;
  if (otherReviews > 0) problems.push({ sid: null, message: `${otherReviews} reviews of series or other items were not imported (only story reviews become comments)` });

  const bookmarks: EfictionBookmark[] = [];
  for (const f of c.storyFavs) {
    if (!chapterIds.has(f.item)) {
      problems.push({ sid: f.item, message: `favourite of uid ${f.uid} is for a story not in the dump` });
      continue;
    }
    bookmarks.push({ uid: f.uid, penname: pennames.get(f.uid) ?? null, workSourceId: f.item, notes: f.comments });
  }
  const otherFavs = t.favorites.filter((f) => f.type !== 'ST').length;
  if (otherFavs > 0) problems.push({ sid: null, message: `${otherFavs} favourite authors/series were not imported (only favourite stories become bookmarks)` });
  const ownerless = t.favorites.length - c.storyFavs.length - otherFavs;
  if (ownerless > 0) problems.push({ sid: null, message: `${ownerless} favourite stories without an owner (uid 0) were not imported` });
  return { comments, bookmarks, problems };
}

function countBy<T>(items: T[], key: (t: T) => number): Map<number, number> {
  const out = new Map<number, number>();
  for (const it of items) out.set(key(it), (out.get(key(it)) ?? 0) + 1);
  return out;
}
