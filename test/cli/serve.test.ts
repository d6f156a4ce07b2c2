import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    // The first server wrote its search index at stop; a change made while no server runs is
    // replayed from the change log on top of the snapshot at the next start.
    expect(existsSync(join(data, 'search-index.bin'))).toBe(true);
    const lines = (await runCli(['--data', data, 'export'])).stdout.trim().split('\n');
    const line = lines[0]!;
    const untouched = (JSON.parse(lines[lines.length - 1]!) as { title: string }).title;
    const record = JSON.parse(line) as { fandoms: string[]; title: string };
    record.fandoms = ['Snapshot Replay Fandom'];
    const file = join(dir, 'changed.ndjson');
    writeFileSync(file, JSON.stringify(record) + '\n');
    expect((await runCli(['--data', data, 'import', file])).code).toBe(0);
    const second = await startServer(['--data', data]);
    try {
      expect(second.stderr()).not.toContain('sample works');
      expect(second.stderr()).toMatch(/Search index: 14 works read from .*search-index\.bin/);
      expect(await (await fetch(second.url + '/')).text()).toContain('works in 4 fandoms');
      const found = (await (await fetch(second.url + '/api/v1/works?fandom=Snapshot%20Replay%20Fandom')).json()) as { total: number };
      expect(found.total).toBe(1);
      // The metadata's words came back with the snapshot, and the replayed work's with the change log.
      const word = encodeURIComponent(`title:"${record.title}"`);
      const titled = (await (await fetch(`${second.url}/api/v1/works?q=${word}&fandom=Snapshot%20Replay%20Fandom`)).json()) as { total: number };
      expect(titled.total).toBe(1);
      const kept = (await (await fetch(`${second.url}/api/v1/works?q=${encodeURIComponent(`title:"${untouched}"`)}`)).json()) as { total: number };
      expect(kept.total).toBeGreaterThanOrEqual(1);
      const none = (await (await fetch(`${second.url}/api/v1/works?q=zyzzyvaquux`)).json()) as { total: number };
      expect(none.total).toBe(0);
    } finally {
      await second.stop();
    }
    // A snapshot of another archive is not used: the index is built instead.
    const other = join(dir, 'other');
    const third = await startServer(['--data', other], ['--no-samples']);
    await third.stop();
    copyFileSync(join(data, 'search-index.bin'), join(other, 'search-index.bin'));
    const fourth = await startServer(['--data', other], ['--no-samples', '--no-index-file']);
    try {
      expect(fourth.stderr()).toContain('Search index: 0 works built from the database');
    } finally {
      await fourth.stop();
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

  it('reads the site settings set with `fanfold settings`', async () => {
    const data = join(dir, 'settings');
    expect((await runCli(['--data', data, 'settings', 'set', 'gatedRatings', 'Explicit'])).code).toBe(0);
    expect((await runCli(['--data', data, 'settings', 'set', 'name', 'Harbour Lights'])).code).toBe(0);
    const bad = await runCli(['--data', data, 'settings', 'set', 'gatedRatings', 'PG-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('gatedRatings');
    const bogus = await runCli(['--data', data, 'settings', 'set', 'colour', 'red']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('unknown setting "colour"');
    const listed = JSON.parse((await runCli(['--data', data, 'settings'])).stdout) as { gatedRatings: string[]; name: string; perPage: number };
    expect(listed).toEqual({ name: 'Harbour Lights', gatedRatings: ['Explicit'], perPage: 20 });
    const s = await startServer(['--data', data]);
    try {
      const home = await (await fetch(s.url + '/')).text();
      expect(home).toContain('<title>Home | Harbour Lights</title>');
      // Mature samples are no longer gated; Explicit ones still are.
      const exported = (await runCli(['--data', data, 'export'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; rating: string });
      const mature = exported.find((w) => w.rating === 'Mature');
      const explicit = exported.find((w) => w.rating === 'Explicit');
      expect(await (await fetch(`${s.url}/works/${mature?.id}`)).text()).not.toContain('could have adult content');
      expect(await (await fetch(`${s.url}/works/${explicit?.id}`)).text()).toContain('could have adult content');
    } finally {
      await s.stop();
    }
  });

  it('--workers N serves from N processes sharing the port and the archive', async () => {
    const s = await startServer(['--data', join(dir, 'workers')], ['--workers', '2']);
    try {
      expect(s.stderr()).toContain('loaded 14 sample works');
      expect(s.stderr()).toContain('serving with 2 workers');
      const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(s.url + '/works').then((r) => r.status)));
      expect(answers.every((st) => st === 200)).toBe(true);
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
