import type { Db } from './db/connect.js';
import { createWorkService } from './works/index.js';
import { createTagService } from './tags/index.js';
import { createSearchService } from './search/index.js';
import type { SearchService } from './search/index.js';
import { followChanges } from './search/follow-changes.js';
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
export async function createServices(db: Db, o: { settings?: Partial<SiteSettings>; pollMs?: number; listenUrl?: string; snapshot?: string } = {}): Promise<ArchiveServices> {
  const settings = { ...(await loadSettings(db.kysely)), ...o.settings };
  const works = createWorkService(db);
  const tags = createTagService(db);
  // The index is built (or read from its snapshot) as of a change-log position; the follower
  // applies everything committed after it, now and from then on.
  const search = await createSearchService(db, { rebuildTextIfEmpty: true, snapshot: o.snapshot });
  const follower = await followChanges(db, search, { since: search.since, pollMs: o.pollMs, listenUrl: o.listenUrl });
  await follower.syncNow();
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
    async stop() {
      await follower.stop();
      // The next start reads the index back instead of building it.
      if (o.snapshot) await search.saveSnapshot(follower.seq).catch((e: Error) => process.stderr.write(`search index snapshot not written: ${e.message}\n`));
    },
  };
}
