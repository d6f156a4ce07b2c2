import type { Viewer } from '../accounts/viewer.js';
import { WranglingError } from './errors.js';

/**
 * Who may wrangle: the check each wrangling action will start with once accounts exist (the
 * web UI for the queue and merges waits for them). Until then actions take an actor name.
 */
export function canWrangle(viewer: Viewer): boolean {
  return viewer.userId !== null && (viewer.roles.includes('wrangler') || viewer.roles.includes('admin'));
}

export function assertCanWrangle(viewer: Viewer): void {
  if (!canWrangle(viewer)) throw new WranglingError('not_allowed', 'only tag wranglers and admins can wrangle tags');
}
