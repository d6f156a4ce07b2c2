import type { Role, Viewer } from './viewer.js';
import { ForbiddenError } from './errors.js';

/**
 * Named permission checks, called at the top of each action. Each throws ForbiddenError
 * (403, a stable code) when the viewer may not act. Roles are separate duties: a wrangler
 * wrangles tags, a moderator hides and restores works; neither edits other people's works.
 * Admins may do everything staff may do, but not edit someone else's work either.
 */
export function hasRole(v: Viewer, role: Role): boolean {
  return v.roles.includes(role);
}

export function assertSignedIn(v: Viewer): asserts v is Viewer & { userId: number } {
  if (v.userId === null) throw new ForbiddenError('sign_in_required', 'Please log in first.');
}

/** Posting a new work: any signed-in account with the creator role. */
export function assertCanPost(v: Viewer): void {
  assertSignedIn(v);
  if (!hasRole(v, 'creator')) throw new ForbiddenError('not_creator', 'Your account cannot post works.');
}

/** Editing, deleting, orphaning a work or its chapters: only its own creators. */
export function assertCanEditWork(v: Viewer, work: { creatorPseudIds: readonly number[] }): void {
  assertSignedIn(v);
  if (!work.creatorPseudIds.some((id) => v.pseudIds.includes(id))) {
    throw new ForbiddenError('not_creator_of_work', 'Sorry, only the creators of this work can change it.');
  }
}

export function assertCanWrangle(v: Viewer): void {
  assertSignedIn(v);
  if (!hasRole(v, 'wrangler') && !hasRole(v, 'admin')) throw new ForbiddenError('not_wrangler', 'Only tag wranglers can do this.');
}

export function assertCanModerate(v: Viewer): void {
  assertSignedIn(v);
  if (!hasRole(v, 'moderator') && !hasRole(v, 'admin')) throw new ForbiddenError('not_moderator', 'Only moderators can do this.');
}

export function assertAdmin(v: Viewer): void {
  assertSignedIn(v);
  if (!hasRole(v, 'admin')) throw new ForbiddenError('not_admin', 'Only administrators can do this.');
}
