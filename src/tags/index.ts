import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { TagType } from './tag-types.js';
import { filterTagIds, filtersOfTags, loadTagClosure } from './closure.js';
import { makeCanonical, mergeTag, removeParent, setParent, makeUnwrangled } from './wrangle.js';
import { readLog, undoLogged } from './wrangle-log.js';
import type { Applied } from './wrangle-log.js';
import { parseDictionary } from './dictionary.js';
import { storeDictionary } from './dictionary-store.js';
import { wranglingQueue } from './queue.js';
import { suggestionsFor } from './suggestions.js';
import { applyMappingRows, exportMappingRows } from './mapping.js';
import { recordChange } from '../works/changes.js';
import type { MappingRow } from './mapping-format.js';
import { autocomplete, pickTag, tagInfo } from './tag-info.js';
import { findTag } from './tag-rows.js';
import { ChangeList } from './changes.js';
import { canonicalTagCounts } from './counts.js';
import type { Viewer } from '../accounts/viewer.js';
import type { Change } from './changes.js';

/** What a listener hears after a wrangling change commits: the tags whose meaning may have changed. */
export interface TagsChangedEvent {
  action: string;
  /** Tags touched (merged, made canonical, linked): recompute filterTagIds / filtersOf for these and their closure. */
  tagIds: number[];
  logIds: number[];
}
export type TagsChangedListener = (e: TagsChangedEvent) => void;

class DryRunRollback extends Error {}

/**
 * The tags capability: wrangling actions, the queue, dictionaries, bulk mapping, tag pages
 * and autocomplete. Every action takes the actor's name ('cli', 'system', a user name; a
 * viewer with `assertCanWrangle` once accounts exist), runs in one transaction, is logged,
 * and notifies `onTagsChanged` listeners after commit.
 */
export function createTagService(db: Db) {
  const k = db.kysely;
  const listeners = new Set<TagsChangedListener>();
  const emit = (action: string, tagIds: Iterable<number>, logIds: number[]) => {
    const ids = [...new Set(tagIds)].sort((a, b) => a - b);
    if (ids.length === 0 && logIds.length === 0) return;
    for (const l of listeners) {
      try {
        l({ action, tagIds: ids, logIds });
      } catch (e) {
        console.error('tags: a tags-changed listener failed', e);
      }
    }
  };
  /** Runs one action in a transaction and tells listeners after it committed. */
  const act = async (action: string, fn: (trx: Kysely<Database>) => Promise<Applied | null>): Promise<Applied | null> => {
    const applied = await k.transaction().execute(async (trx) => {
      const a = await fn(trx);
      // Other processes (web workers, a server while the CLI wrangles) follow the change log.
      if (a) await recordChange(trx, db.dialect, 'tags', null);
      return a;
    });
    if (applied) emit(action, applied.tagIds, [applied.logId]);
    return applied;
  };
  const bulk = async (action: string, dryRun: boolean, fn: (trx: Kysely<Database>, out: ChangeList) => Promise<void>): Promise<ChangeList> => {
    const out = new ChangeList();
    try {
      await k.transaction().execute(async (trx) => {
        await fn(trx, out);
        if (dryRun) throw new DryRunRollback();
        if (out.tagIds.size > 0 || out.changes.length > 0) await recordChange(trx, db.dialect, 'tags', null);
      });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
    if (!dryRun) emit(action, out.tagIds, out.changes.flatMap((c) => (c.logId === null ? [] : [c.logId])));
    return out;
  };

  return {
    /** The tag ids a filter on these tags matches (see closure.ts). */
    filterTagIds: (tagIds: readonly number[]) => filterTagIds(k, tagIds),
    /** The whole archive's closure, for an in-memory index. */
    loadTagClosure: () => loadTagClosure(k),
    /** The canonical filter tags a work carrying each tag counts under (every tag when omitted). */
    filtersOfTags: (tagIds?: readonly number[]) => filtersOfTags(k, tagIds),
    /** Find a tag by type and name (identity), whatever its status. */
    find: (type: TagType, name: string) => findTag(k, type, name),
    /** The tag a /tags/NAME page means (canonical or unwrangled first), optionally of one type. */
    pick: (name: string, type?: TagType) => pickTag(k, name, type),
    /** Merge `tagId` into `canonicalId` (O(tags affected): no work rows are touched). null when already so. */
    merge: (tagId: number, canonicalId: number, actor: string) => act('merge', (trx) => mergeTag(trx, tagId, canonicalId, actor)),
    makeCanonical: (tagId: number, actor: string) => act('make-canonical', (trx) => makeCanonical(trx, tagId, actor)),
    makeUnwrangled: (tagId: number, actor: string) => act('unwrangle', (trx) => makeUnwrangled(trx, tagId, actor)),
    setParent: (parentId: number, childId: number, actor: string) => act('set-parent', (trx) => setParent(trx, parentId, childId, actor)),
    removeParent: (parentId: number, childId: number, actor: string) => act('remove-parent', (trx) => removeParent(trx, parentId, childId, actor)),
    /** Revert one logged change (refused if its tags changed since). */
    undo: (logId: number, actor: string) => act('undo', (trx) => undoLogged(trx, logId, actor)),
    log: (opts: { tagId?: number; limit?: number } = {}) => readLog(k, opts),
    /** Unwrangled tags with counts and suggestions; null when the fandom does not exist. */
    queue: (opts: { fandom?: string; limit?: number } = {}) => wranglingQueue(k, opts),
    suggestions: (tagId: number) => suggestionsFor(k, tagId),
    /** Parse and load one fandom dictionary (YAML); returns what changed. Loading it again changes nothing. */
    async loadDictionary(yamlText: string, actor: string): Promise<Change[]> {
      const dict = parseDictionary(yamlText);
      return (await bulk('load-dictionary', false, async (trx, out) => void (await storeDictionary(trx, dict, actor, out)))).changes;
    },
    /** Apply mapping rows; with dryRun nothing is written and the changes that would be made are returned. */
    async applyMapping(rows: readonly { line: number; row: MappingRow }[] | readonly MappingRow[], opts: { dryRun?: boolean; actor: string }) {
      const numbered = rows.map((r, i) => ('row' in r ? r : { line: i + 1, row: r }));
      let errors: { line: number; message: string }[] = [];
      const out = await bulk('apply-mapping', opts.dryRun === true, async (trx, list) => {
        errors = (await applyMappingRows(trx, numbered, opts.actor, list)).errors;
      });
      return { changes: out.changes, errors };
    },
    exportMapping: () => exportMappingRows(k),
    /** Listed works per canonical tag of a type (synonyms folded in, sub tags inherited), for this viewer. */
    counts: (viewer: Viewer, type?: TagType) => canonicalTagCounts(k, viewer, type),
    autocomplete: (term: string, type?: TagType, limit?: number) => autocomplete(k, term, type, limit),
    tagInfo: (name: string, type?: TagType) => tagInfo(k, name, type),
    /** Called after every committed wrangling change of this service; returns an unsubscribe function. */
    onTagsChanged(listener: TagsChangedListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type TagService = ReturnType<typeof createTagService>;
export { filterTagIds, filtersOfTags, loadTagClosure } from './closure.js';
export type { TagClosure } from './closure.js';
export { linkAsMetaTag, mergeTag } from './wrangle.js';
// Who may wrangle is an accounts rule (one permission check for the web, the CLI and tests).
export { assertCanWrangle } from '../accounts/permissions.js';
export { WranglingError } from './errors.js';
export type { Change } from './changes.js';
export type { TagInfo, TagRef, AutocompleteResult } from './tag-info.js';
export type { QueueEntry } from './queue.js';
export type { Suggestion } from './suggestions.js';
export type { MappingRow, MappingFormat } from './mapping-format.js';
export { parseMapping, formatMapping, formatFor, MappingFormatError } from './mapping-format.js';
export { DictionaryError, parseDictionary } from './dictionary.js';
