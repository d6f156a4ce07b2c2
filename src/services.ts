import type { Db } from './db/connect.js';
import { createWorkService } from './works/index.js';
import { createTagService } from './tags/index.js';
import { createSearchService } from './search/index.js';
import type { SearchService } from './search/index.js';
import { followChanges, latestChange } from './search/follow-changes.js';
import type { ChangeFollower } from './search/follow-changes.js';
import { loadSettings } from './site-settings.js';
import type { SiteSettings } from './site-settings.js';
import type { WebServices } from './web/context.js';

export interface ArchiveServices extends WebServices {
  follower: ChangeFollower;
  /** Stops background work (the change follower); the caller closes the database. */
  stop(): Promise<void>;
}

/**
 * The one place the capabilities are wired together, for `serve` and for tests: works (with
 * accounts), tags, and search with its in-memory index, kept in step with every write to the
 * archive — this process's, other processes', the CLI's — by following the change log.
 */
export async function createServices(db: Db, o: { settings?: Partial<SiteSettings>; pollMs?: number; listenUrl?: string } = {}): Promise<ArchiveServices> {
  const settings = { ...(await loadSettings(db.kysely)), ...o.settings };
  const works = createWorkService(db);
  const tags = createTagService(db);
  // The log position is read before the index is built, so nothing committed meanwhile is lost.
  const since = await latestChange(db.kysely);
  const search = await createSearchService(db, { rebuildTextIfEmpty: true });
  const follower = await followChanges(db, search, { since, pollMs: o.pollMs, listenUrl: o.listenUrl });
  // Every search first applies what the change log holds beyond the index (usually nothing:
  // one indexed range read), so a reader sees their own write at once, from any process.
  const synced: SearchService = Object.assign(Object.create(search) as SearchService, {
    search: async (...args: Parameters<SearchService['search']>) => {
      await follower.syncNow();
      return search.search(...args);
    },
  });
  return {
    works,
    tags,
    search: synced,
    settings,
    follower,
    stop: () => follower.stop(),
  };
}
