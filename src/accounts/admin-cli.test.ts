import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { openDb } from '../db/connect.js';
import { createAccountService } from './service.js';

describe('fanfold admin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanfold-admin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the first admin from a password on stdin, refuses weak passwords and bad roles, prints invitation codes', async () => {
    const ok = await runCli(['--data', dir, 'admin', 'create', 'firstadmin', '--email', 'admin@example.org', '--password-stdin'], { input: 'a long admin passphrase\n' });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('created admin account "firstadmin"');
    const weak = await runCli(['--data', dir, 'admin', 'create', 'second', '--password-stdin'], { input: 'password1\n' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('most commonly used');
    expect((await runCli(['--data', dir, 'admin', 'create', 'third'], { env: { FANFOLD_ADMIN_PASSWORD: '' } })).code).toBe(2);
    expect((await runCli(['--data', dir, 'admin', 'roles', 'firstadmin', 'reader,wizard'])).code).toBe(2);
    const invites = await runCli(['--data', dir, 'admin', 'invite', '--count', '3']);
    expect(invites.stdout.trim().split('\n')).toHaveLength(3);
    expect((await runCli(['--data', dir, 'admin', 'set', 'signup', 'invite'])).code).toBe(0);

    const db = await openDb({ dataDir: dir });
    try {
      const acc = createAccountService(db);
      expect((await acc.findUser('firstadmin'))?.roles).toContain('admin');
      expect((await acc.settings()).signup).toBe('invite');
      const s = await acc.logIn('admin@example.org', 'a long admin passphrase', 'cli-test');
      expect(s.token.length).toBeGreaterThan(20);
    } finally {
      await db.close();
    }
  });
});
