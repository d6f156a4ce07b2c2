import type { Kysely } from 'kysely';
import { marked } from 'marked';
import type { Database } from '../db/schema.js';
import type { DialectInfo } from '../db/dialect.js';
import type { Viewer } from '../accounts/viewer.js';
import { assertCanEditWork, assertCanModerate, assertCanPost, assertSignedIn } from '../accounts/permissions.js';
import { findPseudByLabel } from '../accounts/pseuds.js';
import { orphanPseudId } from '../accounts/account-store.js';
import { ForbiddenError } from '../accounts/errors.js';
import type { Rating } from '../tags/tag-types.js';
import { getProvenance, getWork } from './read-work.js';
import { saveWork } from './save-work.js';
import { recordChange } from './changes.js';
import type { CreatorRef, Relation, Work, WorkInput } from './model.js';
import { WorkValidationError } from './model.js';

/** Limits on works posted or edited through the web or the API (imports keep everything). */
export const POSTING_LIMITS = { title: 255, summary: 1250, notes: 5000, chapter: 500_000, userTags: 75 } as const;

export interface ChapterForm {
  title: string | null;
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  body: string;
  /** Markdown is turned into HTML; HTML (typed or pasted from a word processor) is kept. Both are sanitized on store. */
  format: 'html' | 'markdown';
}

export interface WorkForm {
  title: string;
  pseudIds: number[];
  /** Other accounts' pseuds ("name" or "pseud (account)"): invited, creators once they accept. */
  coCreators: string[];
  rating: Rating;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  summary: string | null;
  notes: string | null;
  endNotes: string | null;
  language: string;
  series: { title: string; part: number | null } | null;
  related: { relation: Relation; workId: number | null; url: string | null; title: string }[];
  gifts: string[];
  restricted: boolean;
  expectedChapters: number | null;
}

/** A posting problem a writer can fix; `field` names the form field. */
export class PostingError extends WorkValidationError {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const count = (s: string | null) => (s === null ? 0 : [...s].length);
const fmt = (n: number) => n.toLocaleString('en-US');

export function checkWorkLimits(f: WorkForm): void {
  if (f.title.trim() === '') throw new PostingError('title', 'Title: a work needs a title.');
  if (count(f.title) > POSTING_LIMITS.title) throw new PostingError('title', `Title must be at most ${POSTING_LIMITS.title} characters long.`);
  if (f.fandoms.length === 0) throw new PostingError('fandoms', 'Fandom: please add at least one fandom.');
  if (f.warnings.length === 0) throw new PostingError('warnings', 'Archive Warning: please choose at least one warning.');
  const s = count(f.summary);
  if (s > POSTING_LIMITS.summary) throw new PostingError('summary', `Summary must be at most ${fmt(POSTING_LIMITS.summary)} characters long (it is ${fmt(s)}).`);
  for (const [field, label, v] of [['notes', 'Notes', f.notes], ['endNotes', 'End notes', f.endNotes]] as const) {
    const n = count(v);
    if (n > POSTING_LIMITS.notes) throw new PostingError(field, `${label} must be at most ${fmt(POSTING_LIMITS.notes)} characters long (they are ${fmt(n)}).`);
  }
  const tags = f.fandoms.length + f.relationships.length + f.characters.length + f.freeforms.length;
  if (tags > POSTING_LIMITS.userTags) throw new PostingError('freeforms', `You have ${tags} fandom, relationship, character and additional tags; a work may have at most ${POSTING_LIMITS.userTags}.`);
}

export function checkChapterLimits(c: ChapterForm): void {
  if (c.body.trim() === '') throw new PostingError('body', 'Chapter text: a chapter needs some text.');
  const n = count(c.body);
  if (n > POSTING_LIMITS.chapter) throw new PostingError('body', `Chapter text must be at most ${fmt(POSTING_LIMITS.chapter)} characters long (it is ${fmt(n)}).`);
  const s = count(c.summary);
  if (s > POSTING_LIMITS.summary) throw new PostingError('chapterSummary', `Chapter summary must be at most ${fmt(POSTING_LIMITS.summary)} characters long.`);
  if (count(c.notes) > POSTING_LIMITS.notes || count(c.endNotes) > POSTING_LIMITS.notes) throw new PostingError('chapterNotes', `Chapter notes must be at most ${fmt(POSTING_LIMITS.notes)} characters long.`);
}

/** Chapter text as HTML (the store sanitizes it). */
export function chapterHtml(c: ChapterForm): string {
  return c.format === 'markdown' ? (marked.parse(c.body, { async: false, gfm: true, breaks: false }) as string) : c.body;
}

function toChapterInput(c: ChapterForm) {
  return { title: c.title, summary: c.summary, notes: c.notes, endNotes: c.endNotes, body: chapterHtml(c) };
}

/** The stored work back as a WorkInput, so an edit re-saves the whole aggregate in one transaction. */
async function currentInput(k: Kysely<Database>, w: Work): Promise<WorkInput> {
  const rows = await k
    .selectFrom('creatorships as c')
    .leftJoin('legacy_authors as l', 'l.id', 'c.legacy_author_id')
    .select(['c.pseud_id', 'l.name as legacy'])
    .where('c.work_id', '=', w.id)
    .orderBy('c.position')
    .execute();
  const creators: CreatorRef[] = rows.flatMap((r): CreatorRef[] => (r.pseud_id !== null ? [{ kind: 'pseud', pseudId: r.pseud_id }] : r.legacy !== null ? [{ kind: 'legacy', name: r.legacy }] : []));
  const p = await getProvenance(k, w.id);
  return {
    id: w.id, title: w.title, creators, summary: w.summary, notes: w.notes, endNotes: w.endNotes, spoilers: w.spoilers, disclaimer: w.disclaimer,
    language: w.language, rating: w.rating, ratingText: w.ratingText, warnings: w.warnings, warningText: w.warningText, categories: w.categories,
    fandoms: w.fandoms, relationships: w.relationships, characters: w.characters, freeforms: w.freeforms,
    chapters: w.chapters.map((c) => ({ title: c.title, summary: c.summary, notes: c.notes, endNotes: c.endNotes, body: c.body })),
    expectedChapters: w.expectedChapters, complete: w.complete, posted: w.posted, restricted: w.restricted, hidden: w.hiddenAt !== null,
    publishedAt: w.publishedAt, updatedAt: w.updatedAt,
    series: w.series.map((s) => ({ title: s.title, part: s.part })), related: w.related, collections: w.collections.map((c) => c.name),
    stats: w.stats, sourcePath: w.sourcePath, archive: w.archive,
    provenance: p ? { archive: p.archive, importedAt: p.importedAt, sha256: p.sha256, original: p.original, contacts: p.contacts } : null,
  };
}

function applyForm(input: WorkInput, f: WorkForm): WorkInput {
  const complete = f.expectedChapters !== null && input.chapters.length >= f.expectedChapters;
  return {
    ...input, title: f.title.trim(), rating: f.rating, warnings: f.warnings, categories: f.categories, fandoms: f.fandoms,
    relationships: f.relationships, characters: f.characters, freeforms: f.freeforms, summary: f.summary, notes: f.notes, endNotes: f.endNotes,
    language: f.language, series: f.series ? [f.series] : [], related: f.related, restricted: f.restricted, expectedChapters: f.expectedChapters, complete,
  };
}

/** The posting operations: every one checks the viewer first, then writes the whole work. */
export function createPostingService(k: Kysely<Database>, dialect: DialectInfo) {
  async function editable(viewer: Viewer, id: number): Promise<Work> {
    const w = await getWork(k, id);
    if (!w || w.deletedAt !== null) throw new PostingError('work', `Work ${id} not found.`);
    assertCanEditWork(viewer, w);
    return w;
  }

  async function resave(input: WorkInput, f?: WorkForm, viewer?: Viewer): Promise<number> {
    const id = await saveWork(k, dialect, input, async (trx, workId) => {
      if (!f || !viewer) return;
      await trx.deleteFrom('gift_recipients').where('work_id', '=', workId).execute();
      const gifts = [...new Set(f.gifts.map((g) => g.trim()).filter(Boolean))];
      if (gifts.length > 0) await trx.insertInto('gift_recipients').values(gifts.map((recipient, position) => ({ work_id: workId, position, recipient }))).execute();
      for (const label of f.coCreators) {
        const p = await findPseudByLabel(trx, label);
        if (!p) throw new PostingError('coCreators', `Co-creators: there is no account or pseud “${label}”.`);
        if (viewer.pseudIds.includes(p.id) || input.creators.some((c) => c.kind === 'pseud' && c.pseudId === p.id)) continue;
        await trx
          .insertInto('creatorship_invites')
          .values({ work_id: workId, pseud_id: p.id, invited_by: viewer.userId, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['work_id', 'pseud_id']).doNothing())
          .execute();
      }
    });
    return id;
  }

  function ownPseuds(viewer: Viewer, ids: number[]): number[] {
    const chosen = ids.filter((id) => viewer.pseudIds.includes(id));
    if (ids.length > 0 && chosen.length !== ids.length) throw new ForbiddenError('not_your_pseud', 'You can only post as your own pseuds.');
    const first = viewer.pseudIds[0];
    if (chosen.length === 0 && first !== undefined) chosen.push(first);
    return chosen;
  }

  return {
    editable,
    limits: POSTING_LIMITS,

    /** A new work with its first chapter; a draft (private) unless `post`. */
    async create(viewer: Viewer, f: WorkForm, chapter: ChapterForm, post: boolean): Promise<number> {
      assertCanPost(viewer);
      checkWorkLimits(f);
      checkChapterLimits(chapter);
      const now = new Date().toISOString();
      const base: WorkInput = {
        title: f.title, creators: ownPseuds(viewer, f.pseudIds).map((pseudId) => ({ kind: 'pseud' as const, pseudId })),
        summary: null, notes: null, endNotes: null, spoilers: null, disclaimer: null, language: 'en', rating: f.rating, ratingText: null,
        warnings: [], warningText: null, categories: [], fandoms: [], relationships: [], characters: [], freeforms: [],
        chapters: [toChapterInput(chapter)], expectedChapters: null, complete: false, posted: post, restricted: false, hidden: false,
        publishedAt: now, updatedAt: now, series: [], related: [], collections: [], stats: { hits: 0, kudos: 0, comments: 0, bookmarks: 0 },
        sourcePath: null, archive: null, provenance: null,
      };
      return resave(applyForm(base, f), f, viewer);
    },

    /** Edits a work's fields (not its chapters). */
    async update(viewer: Viewer, id: number, f: WorkForm): Promise<void> {
      const w = await editable(viewer, id);
      checkWorkLimits(f);
      const input = applyForm(await currentInput(k, w), f);
      const mine = ownPseuds(viewer, f.pseudIds);
      // The viewer's own pseuds are replaced by the chosen ones; co-creators stay.
      input.creators = [
        ...mine.map((pseudId) => ({ kind: 'pseud' as const, pseudId })),
        ...input.creators.filter((c) => c.kind === 'legacy' || !viewer.pseudIds.includes(c.pseudId)),
      ];
      input.updatedAt = new Date().toISOString();
      await resave(input, f, viewer);
    },

    /** Posts a draft: it becomes visible, dated now. */
    async post(viewer: Viewer, id: number): Promise<void> {
      const w = await editable(viewer, id);
      if (w.posted) return;
      const now = new Date().toISOString();
      await k.transaction().execute(async (trx) => {
        await trx.updateTable('works').set({ posted: 1, published_at: now, updated_at: now }).where('id', '=', id).execute();
        await recordChange(trx, dialect, 'work', id);
      });
    },

    async addChapter(viewer: Viewer, id: number, c: ChapterForm): Promise<number> {
      const w = await editable(viewer, id);
      checkChapterLimits(c);
      const input = await currentInput(k, w);
      input.chapters.push(toChapterInput(c));
      input.updatedAt = new Date().toISOString();
      input.complete = input.expectedChapters !== null && input.chapters.length >= input.expectedChapters;
      await resave(input);
      return input.chapters.length;
    },

    async updateChapter(viewer: Viewer, id: number, position: number, c: ChapterForm): Promise<void> {
      const w = await editable(viewer, id);
      checkChapterLimits(c);
      const input = await currentInput(k, w);
      if (position < 1 || position > input.chapters.length) throw new PostingError('chapter', `Chapter ${position} not found.`);
      input.chapters[position - 1] = toChapterInput(c);
      input.updatedAt = new Date().toISOString();
      await resave(input);
    },

    async deleteChapter(viewer: Viewer, id: number, position: number): Promise<void> {
      const w = await editable(viewer, id);
      const input = await currentInput(k, w);
      if (input.chapters.length <= 1) throw new PostingError('chapter', 'A work needs at least one chapter: delete the work instead.');
      if (position < 1 || position > input.chapters.length) throw new PostingError('chapter', `Chapter ${position} not found.`);
      input.chapters.splice(position - 1, 1);
      await resave(input);
    },

    /** `order` lists the current chapter positions in their new order (a permutation). */
    async reorderChapters(viewer: Viewer, id: number, order: number[]): Promise<void> {
      const w = await editable(viewer, id);
      const input = await currentInput(k, w);
      const n = input.chapters.length;
      const sorted = [...order].sort((a, b) => a - b);
      if (sorted.length !== n || sorted.some((p, i) => p !== i + 1)) throw new PostingError('order', `Give each chapter from 1 to ${n} exactly one new place.`);
      input.chapters = order.map((p) => input.chapters[p - 1] as WorkInput['chapters'][number]);
      await resave(input);
    },

    /** A creator's delete: the work is gone for everyone (kept in the table, marked deleted). */
    async remove(viewer: Viewer, id: number): Promise<void> {
      await editable(viewer, id);
      await k.transaction().execute(async (trx) => {
        await trx.updateTable('works').set({ deleted_at: new Date().toISOString() }).where('id', '=', id).execute();
        await recordChange(trx, dialect, 'work', id);
      });
    },

    /** Orphaning: the viewer's credit on the work moves to orphan_account; the work stays. */
    async orphan(viewer: Viewer, id: number): Promise<void> {
      await editable(viewer, id);
      await k.transaction().execute(async (trx) => {
        const orphan = await orphanPseudId(trx);
        await trx.updateTable('creatorships').set({ pseud_id: orphan }).where('work_id', '=', id).where('pseud_id', 'in', [...viewer.pseudIds]).execute();
        await recordChange(trx, dialect, 'work', id);
      });
    },

    /** A moderator hides a work (or restores it), with a reason. Not a creator's action. */
    async moderate(viewer: Viewer, id: number, hide: boolean, reason: string): Promise<void> {
      assertCanModerate(viewer);
      await k.transaction().execute(async (trx) => {
        await trx
          .updateTable('works')
          .set(hide ? { hidden_at: new Date().toISOString(), hidden_reason: reason || 'hidden by a moderator' } : { hidden_at: null, hidden_reason: null })
          .where('id', '=', id)
          .execute();
        await recordChange(trx, dialect, 'work', id);
      });
    },

    async invitations(viewer: Viewer) {
      assertSignedIn(viewer);
      if (viewer.pseudIds.length === 0) return [];
      return k
        .selectFrom('creatorship_invites as i')
        .innerJoin('works as w', 'w.id', 'i.work_id')
        .innerJoin('pseuds as p', 'p.id', 'i.pseud_id')
        .select(['i.work_id', 'i.pseud_id', 'w.title', 'p.name as pseud'])
        .where('i.pseud_id', 'in', [...viewer.pseudIds])
        .where('w.deleted_at', 'is', null)
        .execute();
    },

    /** A co-creator accepts (becomes a creator, last in the byline) or declines an invitation. */
    async answerInvitation(viewer: Viewer, workId: number, pseudId: number, accept: boolean): Promise<void> {
      assertSignedIn(viewer);
      if (!viewer.pseudIds.includes(pseudId)) throw new ForbiddenError('not_your_pseud', 'That invitation is not for you.');
      await k.transaction().execute(async (trx) => {
        const inv = await trx.deleteFrom('creatorship_invites').where('work_id', '=', workId).where('pseud_id', '=', pseudId).returning('work_id').executeTakeFirst();
        if (!inv || !accept) return;
        const max = await trx.selectFrom('creatorships').select((eb) => eb.fn.max('position').as('m')).where('work_id', '=', workId).executeTakeFirst();
        await trx.insertInto('creatorships').values({ work_id: workId, position: Number(max?.m ?? -1) + 1, pseud_id: pseudId, legacy_author_id: null }).execute();
        await recordChange(trx, dialect, 'work', workId);
      });
    },

    async gifts(workId: number): Promise<string[]> {
      const rows = await k.selectFrom('gift_recipients').select('recipient').where('work_id', '=', workId).orderBy('position').execute();
      return rows.map((r) => r.recipient);
    },

    /** The viewer's works, drafts included, for the dashboard. */
    async mine(viewer: Viewer) {
      assertSignedIn(viewer);
      if (viewer.pseudIds.length === 0) return [];
      return k
        .selectFrom('works as w')
        .select(['w.id', 'w.title', 'w.posted', 'w.chapter_count', 'w.updated_at', 'w.rating'])
        .where('w.id', 'in', k.selectFrom('creatorships').select('work_id').where('pseud_id', 'in', [...viewer.pseudIds]))
        .where('w.deleted_at', 'is', null)
        .orderBy('w.updated_at', 'desc')
        .execute();
    },

    /** Series titles the viewer's works belong to (the "existing series" choices). */
    async mySeries(viewer: Viewer): Promise<string[]> {
      if (viewer.pseudIds.length === 0) return [];
      const rows = await k
        .selectFrom('series as s')
        .innerJoin('series_works as sw', 'sw.series_id', 's.id')
        .innerJoin('creatorships as c', 'c.work_id', 'sw.work_id')
        .select('s.title')
        .distinct()
        .where('c.pseud_id', 'in', [...viewer.pseudIds])
        .orderBy('s.title')
        .execute();
      return rows.map((r) => r.title);
    },
  };
}

export type PostingService = ReturnType<typeof createPostingService>;
