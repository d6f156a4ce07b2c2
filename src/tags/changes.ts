import type { Applied } from './wrangle-log.js';

/** One line of what a bulk action did (or, in a dry run, would do); logId null when nothing was logged. */
export interface Change {
  logId: number | null;
  text: string;
}

/** Collects changes and the tags they touched, for reports and the after-commit event. */
export class ChangeList {
  readonly changes: Change[] = [];
  readonly tagIds = new Set<number>();

  add(applied: Applied | null, text: string): boolean {
    if (!applied) return false;
    this.changes.push({ logId: applied.logId, text });
    for (const id of applied.tagIds) this.tagIds.add(id);
    return true;
  }

  note(text: string, tagId?: number): void {
    this.changes.push({ logId: null, text });
    if (tagId !== undefined) this.tagIds.add(tagId);
  }
}
