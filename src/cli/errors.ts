/** Exit codes: 0 done, 1 some input failed (the rest still done), 2 usage error. */
export const EXIT_CODES = { ok: 0, someFailed: 1, usage: 2 } as const;

/** A mistake in how a command was called: reported in one line, exit code 2. */
export class UsageError extends Error {
  readonly code = 'usage';
}
