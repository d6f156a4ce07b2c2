import { describe, expect, it } from 'vitest';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.js';
import { COMMON_PASSWORDS } from './common-passwords.js';
import type { AccountError } from './errors.js';

const code = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as AccountError).code;
  }
};

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('lanterns over the river');
    expect(h).toMatch(/^\$argon2id\$v=19\$/);
    expect(await verifyPassword(h, 'lanterns over the river')).toBe(true);
    expect(await verifyPassword(h, 'lanterns over the rivet')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('ships a list of a few thousand common passwords', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThan(3000);
    for (const p of ['123456', 'password', 'qwerty', 'iloveyou', 'letmein', 'dragon', 'monkey', 'football']) expect(COMMON_PASSWORDS).toContain(p);
  });

  it('refuses short, common and name-containing passwords', () => {
    expect(code(() => checkNewPassword('short'))).toBe('password_too_short');
    expect(code(() => checkNewPassword('1234567'))).toBe('password_too_short');
    expect(code(() => checkNewPassword('password'))).toBe('password_common');
    expect(code(() => checkNewPassword('Password123!'))).toBe('password_common');
    expect(code(() => checkNewPassword('SUNSHINE2024'))).toBe('password_common');
    expect(code(() => checkNewPassword('12345678'))).toBe('password_common');
    expect(code(() => checkNewPassword('quillpen-secret', 'quillpen'))).toBe('password_has_name');
    expect(code(() => checkNewPassword('x'.repeat(1025)))).toBe('password_too_long');
    expect(code(() => checkNewPassword('lanterns over the river', 'quillpen'))).toBeNull();
    expect(code(() => checkNewPassword('Tr0ub4dor&3x'))).toBeNull();
  });
});
