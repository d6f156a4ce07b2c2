import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { AccountError } from './errors.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

/** argon2id with the library's defaults (OWASP's minimum: 19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */ });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

const COMMON = new Set(COMMON_PASSWORDS);

/**
 * Length and the common-password list. A password is refused when it, or it with trailing
 * digits and punctuation removed ("password123!"), or the user name, is on the list.
 */
export function checkNewPassword(password: string, userName?: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AccountError('password_too_short', `Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new AccountError('password_too_long', `Password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (COMMON.has(lower) || (stem.length >= 4 && COMMON.has(stem))) {
    throw new AccountError('password_common', 'That password is one of the most commonly used passwords. Please choose another.');
  }
  if (userName !== undefined && lower.includes(userName.toLowerCase()) && userName.length >= 4) {
    throw new AccountError('password_has_name', 'Password must not contain your user name.');
  }
}
