/** Wrangling refusals, each with a stable code (never branch on the message). */
export type WranglingErrorCode =
  | 'tag_not_found'
  | 'type_mismatch'
  | 'fixed_tag'
  | 'same_tag'
  | 'not_canonical'
  | 'bad_parent'
  | 'cycle'
  | 'log_not_found'
  | 'already_undone'
  | 'undo_conflict'
  | 'not_allowed';

export class WranglingError extends Error {
  constructor(readonly code: WranglingErrorCode, message: string) {
    super(message);
  }
}
