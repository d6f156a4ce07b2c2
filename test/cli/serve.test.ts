import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fanfold-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fanfold serve', () => {
  it('creates and migrates ./data, loads the samples on the first start only', async () => {
    const data = join(dir, 'first');
    const first = await startServer(['--data', data]);
    try {
      expect(first.stderr()).toContain('loaded 14 sample works');
      const home = await fetch(first.url + '/');
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('14 works in 3 fandoms');
      // A CLI command works on the archive while the server is using it (WAL + busy timeout).
      const exported = await runCli(['--data', data, 'export']);
      expect(exported.code).toBe(0);
      expect(exported.stdout.trim().split('\n')).toHaveLength(14);
    } finally {
      await first.stop();
    }
    const second = await startServer(['--data', data]);
    try {
      expect(second.stderr()).not.toContain('sample works');
      expect(await (await fetch(second.url + '/')).text()).toContain('14 works in 3 fandoms');
    } finally {
      await second.stop();
    }
  });

  it('--no-samples leaves an empty archive empty', async () => {
    const s = await startServer(['--data', join(dir, 'empty')], ['--no-samples']);
    try {
      expect(s.stderr()).not.toContain('sample works');
      expect(await (await fetch(s.url + '/')).text()).toContain('0 works in 0 fandoms');
    } finally {
      await s.stop();
    }
  });

  it('binds 127.0.0.1 by default', async () => {
    const s = await startServer(['--data', join(dir, 'bind')], ['--no-samples']);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await s.stop();
    }
  });
});
