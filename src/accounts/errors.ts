/** Errors of the accounts capability: each has a stable `code`; callers never branch on message text. */
export class AccountError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A named permission check failed: the web answers 403 with the message. */
export class ForbiddenError extends Error {
  readonly status = 403 as const;
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Too many attempts: the web answers 429. */
export class RateLimitedError extends Error {
  readonly code = 'rate_limited';
  readonly status = 429 as const;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`);
  }
}
