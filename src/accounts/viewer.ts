/** Who is looking. Every listing, count, page, feed, download and API answer is for a viewer. */
export const ROLES = ['reader', 'creator', 'wrangler', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  /** null for a guest (not signed in). */
  userId: number | null;
  roles: readonly Role[];
  /** Pseuds of the signed-in account: their works are theirs to see even as drafts. */
  pseudIds: readonly number[];
}

export const GUEST: Viewer = Object.freeze({ userId: null, roles: [], pseudIds: [] });

export function isStaff(v: Viewer): boolean {
  return v.roles.includes('admin') || v.roles.includes('moderator');
}
