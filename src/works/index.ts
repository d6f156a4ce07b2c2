import type { Db } from '../db/connect.js';
import type { Viewer } from '../accounts/viewer.js';
import { findLegacyAuthor, findPseud, pseudPath } from '../accounts/creator-store.js';
import { findTagsByName } from '../tags/tag-store.js';
import { exportWorks, restoreWorks } from './export-restore.js';
import { fandomCounts, listWorkIds } from './listing.js';
import type { ListingFilter, ListingPage } from './listing.js';
import { getBlurbs, getProvenance, getWork } from './read-work.js';
import { saveWork } from './save-work.js';
import { getCollection, getSeries, listCollections, seriesEntries } from './groups.js';
import type { WorkInput } from './model.js';
import { recordChange } from './changes.js';
import { createPostingService } from './posting.js';
import { createAccountService } from '../accounts/service.js';

/**
 * The works capability as the web and CLI see it: no SQL leaves this folder. Every read that
 * lists works takes a Viewer and goes through the one visibility rule.
 */
export function createWorkService(db: Db) {
  const k = db.kysely;
  // Reads that may lag a moment go to the replica when there is one (DATABASE_READ_URL).
  const r = db.reader;
  return {
    save: (input: WorkInput) => saveWork(k, db.dialect, input),
    /** A work just saved may not have reached the replica yet: then it is read from the primary. */
    get: async (id: number) => (await getWork(r, id)) ?? (r === k ? null : getWork(k, id)),
    provenance: (id: number) => getProvenance(k, id),
    blurbs: (ids: readonly number[]) => getBlurbs(r, ids),
    list: (viewer: Viewer, filter: ListingFilter, page: ListingPage) => listWorkIds(r, viewer, filter, page),
    fandomCounts: (viewer: Viewer) => fandomCounts(r, viewer),
    findTags: (name: string) => findTagsByName(r, name),
    findLegacyAuthor: (name: string) => findLegacyAuthor(r, name),
    findPseud: (user: string, pseud: string) => findPseud(r, user, pseud),
    series: (id: number) => getSeries(r, id),
    seriesEntries: (id: number, viewer: Viewer) => seriesEntries(r, id, viewer),
    collection: (name: string) => getCollection(r, name),
    collections: () => listCollections(r),
    /** Number of works stored, whatever their state (is this archive empty?). */
    async countAll(): Promise<number> {
      const r = await k.selectFrom('works').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async recordHit(id: number): Promise<void> {
      await k.updateTable('works').set((eb) => ({ hits: eb('hits', '+', 1) })).where('id', '=', id).execute();
    },
    /** The work an imported file's old path (`/archive-path/PATH`) now lives at. */
    async findByArchivePath(path: string): Promise<number | null> {
      const r = await k.selectFrom('archive_paths').select('work_id').where('path', '=', path).executeTakeFirst();
      return r?.work_id ?? null;
    },
    /**
     * A moderator's take-down: hides works (one, or all of a legacy author's) from everyone but
     * staff, with a reason; `restore` lifts it. Returns the ids changed.
     */
    async takeDown(target: { workId: number } | { legacyAuthor: string }, reason: string, restore = false): Promise<number[]> {
      let ids: number[];
      if ('workId' in target) ids = [target.workId];
      else {
        const author = await findLegacyAuthor(k, target.legacyAuthor);
        if (!author) return [];
        ids = (await k.selectFrom('creatorships').select('work_id').where('legacy_author_id', '=', author.id).execute()).map((r) => r.work_id);
      }
      if (ids.length === 0) return [];
      return k.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('works')
          .set(restore ? { hidden_at: null, hidden_reason: null } : { hidden_at: new Date().toISOString(), hidden_reason: reason })
          .where('id', 'in', ids)
          .where('deleted_at', 'is', null)
          .returning('id')
          .execute();
        for (const r of res) await recordChange(trx, db.dialect, 'work', r.id);
        return res.map((r) => r.id);
      });
    },
    /** Posting, editing and chapter operations (src/works/posting.ts); each checks the viewer. */
    posting: createPostingService(k, db.dialect),
    /** Accounts, sessions, pseuds, claims and preferences (src/accounts/service.ts), on the same database. */
    accounts: createAccountService(db),
    /** The /users/U/pseuds/P address of a pseud (claimed legacy authors redirect there). */
    async pseudPath(pseudId: number): Promise<string | null> {
      const p = await k.selectFrom('pseuds as p').innerJoin('users as u', 'u.id', 'p.user_id').select(['p.name', 'u.name as user']).where('p.id', '=', pseudId).executeTakeFirst();
      return p ? pseudPath(p.user, p.name) : null;
    },
    exportAll: exportWorks.bind(null, db),
    restore: restoreWorks.bind(null, db),
  };
}

export type WorkService = ReturnType<typeof createWorkService>;
export type { ListingFilter, ListingPage, ListingSort } from './listing.js';
export type { Work, WorkBlurb, WorkInput, CreatorView } from './model.js';
