import { AsyncLocalStorage } from 'node:async_hooks';
import type { SessionUser } from '../../accounts/sessions.js';
import type { Preferences } from '../../accounts/preferences.js';
import { DEFAULT_PREFERENCES } from '../../accounts/preferences.js';

/**
 * Per-request account state the page shell needs (who is signed in, the CSRF token for forms,
 * the reader's display preferences), kept in AsyncLocalStorage so views deep in the tree can
 * read it without every route passing it down.
 */
export interface RequestState {
  user: SessionUser | null;
  csrfToken: string;
  prefs: Preferences;
}

const storage = new AsyncLocalStorage<RequestState>();
const NONE: RequestState = { user: null, csrfToken: '', prefs: DEFAULT_PREFERENCES };

export function runWithState<T>(state: RequestState, fn: () => Promise<T>): Promise<T> {
  return storage.run(state, fn);
}

export function requestState(): RequestState {
  return storage.getStore() ?? NONE;
}
